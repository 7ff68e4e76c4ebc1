/** One measured figure with its target and, where there is one, the raw limit measured in the same run. */
export interface Figure {
  readonly name: string;
  readonly unit: 'ms' | 'ops/s' | 'x';
  readonly samples: number;
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly target: string;
  readonly met: boolean | null;
  readonly raw?: { readonly name: string; readonly median: number; readonly p95: number };
  readonly note?: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarise(values: readonly number[]): { samples: number; median: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { samples: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

const fmt = (n: number) => (Number.isNaN(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));

export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.median)} ${f.unit}`,
    `${fmt(f.p95)} ${f.unit}`,
    f.raw ? `${fmt(f.raw.median)} / ${fmt(f.raw.p95)} ${f.unit} (${f.raw.name})` : '',
    f.target,
    f.met === null ? '' : f.met ? 'met' : 'MISSED',
  ]);
  const header = ['figure', 'median', 'p95', 'raw limit median / p95', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
