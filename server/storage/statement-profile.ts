import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Statement } from 'better-sqlite3';

/**
 * A diagnostic for the benches (SWITCHBOARD_SQL_PROFILE=<file>): time spent in SQLite per statement
 * text, written when the process exits, slowest first. It records SQL texts with their placeholders and
 * never the bound values, so no customer data reaches the file.
 */
export class StatementProfile {
  private readonly byText = new Map<string, { runs: number; ms: number; slowest: number }>();

  constructor(file: string) {
    process.once('exit', () => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, this.report());
    });
  }

  /** Wraps a freshly prepared statement's run methods to time them. */
  watch(sql: string, statement: Statement): void {
    const timed = statement as unknown as Record<'all' | 'run' | 'get', (...args: unknown[]) => unknown>;
    for (const method of ['all', 'run', 'get'] as const) {
      const original = timed[method].bind(statement);
      timed[method] = (...args: unknown[]) => {
        const started = performance.now();
        try {
          return original(...args);
        } finally {
          const entry = this.byText.get(sql) ?? { runs: 0, ms: 0, slowest: 0 };
          const ms = performance.now() - started;
          entry.runs++;
          entry.ms += ms;
          entry.slowest = Math.max(entry.slowest, ms);
          this.byText.set(sql, entry);
        }
      };
    }
  }

  private report(): string {
    const rows = [...this.byText].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((sum, [, r]) => sum + r.ms, 0);
    return [`${total.toFixed(0)} ms in SQLite over ${rows.reduce((n, [, r]) => n + r.runs, 0)} runs`, ...rows.map(([sql, r]) => `${r.ms.toFixed(0).padStart(7)} ms ${String(r.runs).padStart(8)} runs, slowest ${r.slowest.toFixed(1).padStart(6)} ms  ${sql.slice(0, 300)}`)].join('\n') + '\n';
  }
}
