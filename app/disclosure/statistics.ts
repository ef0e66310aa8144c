/**
 * Cell statistics and the one rounding rule of published figures. Computed in floating point on the
 * exact values, rounded once at the edge.
 */

/** Named rounding rules of a release (written into datapackage.json and the README). */
export const ROUNDING = {
  statistics: "6 significant digits (mean, median, quartiles)",
  shares: "4 decimal places (shares between 0 and 1)",
} as const;

function finite(x: number, what: string): number {
  if (!Number.isFinite(x)) throw new Error(`A ${what} is not a finite number; check the indicator values`);
  return x === 0 ? 0 : x; // no negative zero
}

export function roundStatistic(x: number): number {
  return finite(Number(finite(x, "statistic").toPrecision(6)), "statistic");
}

export function roundShare(x: number): number {
  return finite(Math.round(finite(x, "share") * 10_000) / 10_000, "share");
}

/** Quantile of sorted values, linear interpolation between order statistics (Hyndman-Fan type 7, R's default). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error("quantile of an empty cell");
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export type NumericSummary = { n: number; mean: number; median: number; q1: number; q3: number };

export function summarise(values: number[]): NumericSummary {
  return summariseSorted(Float64Array.from(values).sort());
}

/** The summary of values already sorted in ascending order (Float64Array order: -0 before 0). */
export function summariseSorted(sorted: Float64Array): NumericSummary {
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    n: sorted.length,
    mean: roundStatistic(sum / sorted.length),
    median: roundStatistic(quantileSorted(sorted, 0.5)),
    q1: roundStatistic(quantileSorted(sorted, 0.25)),
    q3: roundStatistic(quantileSorted(sorted, 0.75)),
  };
}
