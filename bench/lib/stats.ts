/** Small timing, statistics and formatting helpers shared by the benchmark scenarios. */

/** The `p`th percentile by nearest rank (NaN for no values). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Milliseconds `fn` takes to settle. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The 50th percentile. */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** One line of a benchmark's result table. */
export interface BenchRow {
  readonly scenario: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. `< 180 s`. */
  readonly target?: string;
  /** Whether the value meets the target; undefined when there is none. */
  readonly met?: boolean;
}

/** A row, judged against `target` when there is one. */
export function row(
  scenario: string,
  metric: string,
  value: number,
  unit: string,
  target?: { readonly text: string; readonly met: (v: number) => boolean },
): BenchRow {
  return target
    ? { scenario, metric, value, unit, target: target.text, met: target.met(value) }
    : { scenario, metric, value, unit };
}

/** Target: strictly below `limit`. */
export const below = (limit: number, unit: string) => ({
  text: `< ${limit} ${unit}`,
  met: (v: number) => v < limit,
});
/** Target: `limit` or more. */
export const atLeast = (limit: number, unit = '') => ({
  text: `≥ ${limit}${unit ? ` ${unit}` : ''}`,
  met: (v: number) => v >= limit,
});

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return String(Math.round(value));
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The rows as a Markdown table. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| scenario | metric | value | target | met |',
    '|---|---|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.metric} | ${formatValue(r.value)} ${r.unit} | ${r.target ?? ''} | ${
          r.met === undefined ? '' : r.met ? 'yes' : '**no**'
        } |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
