import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Statement } from 'better-sqlite3';

/**
 * A diagnostic for the benches (SWITCHBOARD_SQL_PROFILE=<file>): time spent in SQLite per statement
 * text, slowest first, written when the process exits (to <file> with the pid before its extension). It
 * records SQL texts with their placeholders and never the bound values, so no customer data reaches it.
 */
export class StatementProfile {
  private readonly byText = new Map<string, { runs: number; ms: number; slowest: number }>();

  /** A bench starts several processes with the same setting: each writes its own file, named with its pid. */
  constructor(file: string) {
    const { dir, name, ext } = path.parse(file);
    const own = path.join(dir, `${name}.${process.pid}${ext}`);
    process.once('exit', () => {
      mkdirSync(dir || '.', { recursive: true });
      writeFileSync(own, this.report());
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
