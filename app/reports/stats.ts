/**
 * Benchmark statistics, pure. Quartiles follow PostgreSQL's percentile_cont (linear
 * interpolation between the two nearest ranks), so the SQL and this module agree; the tests
 * check the one against the other.
 */
import { MINIMUM_K } from "#app/disclosure/settings";

/** The smallest disclosure threshold the code accepts, whatever the setting says. */
export const MIN_K = MINIMUM_K;
export const DEFAULT_K = 10;

/** The threshold to apply: the setting when it is a whole number of at least MIN_K, else the default (never below MIN_K). */
export function effectiveK(setting: unknown): number {
  const n = typeof setting === "string" ? Number(setting) : setting;
  if (typeof n !== "number" || !Number.isFinite(n)) return DEFAULT_K;
  return Math.max(MIN_K, Math.floor(n));
}

/** percentile_cont(p) over the values: sorted, position p * (n - 1), linear between neighbours. */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  if (lower === upper) return sorted[lower];
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export interface Quartiles {
  /** Distinct organisations behind the numbers. */
  n: number;
  q1: number;
  median: number;
  q3: number;
}

export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null;
  return {
    n: values.length,
    q1: percentileCont(values, 0.25)!,
    median: percentileCont(values, 0.5)!,
    q3: percentileCont(values, 0.75)!,
  };
}

/** A benchmark cell as shown: the numbers only when at least k organisations stand behind them. */
export type Benchmark = { shown: true; n: number; q1: number; median: number; q3: number } | { shown: false };

export function disclose(stat: Quartiles | null | undefined, k: number): Benchmark {
  const threshold = Math.max(MIN_K, k);
  if (!stat || stat.n < threshold) return { shown: false };
  return { shown: true, n: stat.n, q1: stat.q1, median: stat.median, q3: stat.q3 };
}
