/**
 * Norms from an earlier campaign, pure: from the values of one indicator over the organisations
 * that submitted in that campaign (with their category of the norm's `by` fact) to the frozen
 * norm, overall and per category. Quartiles and the median follow percentile_cont, like the
 * benchmarks. A category with fewer than k organisations gets no norm of its own (its
 * organisations use the overall one), and an overall of fewer than k gives none: a norm is a
 * published statistic in all but name, and follows the same threshold.
 */
import type { Norm } from "#app/questionnaires/schema";
import { MIN_K, percentileCont } from "#app/reports/stats";
import type { FrozenNorm } from "./score";

export interface NormSample {
  /** The indicator's value for one organisation (one current result per organisation). */
  value: number;
  /** The organisation's category of the norm's `by` fact (as frozen in its result), if any. */
  category: string | null;
}

function statistic(values: readonly number[], which: Norm["statistic"]): number | null {
  if (values.length === 0) return null;
  switch (which) {
    case "mean": {
      let s = 0;
      for (const v of values) s += v;
      return s / values.length;
    }
    case "median":
      return percentileCont(values, 0.5);
    case "q1":
      return percentileCont(values, 0.25);
    case "q3":
      return percentileCont(values, 0.75);
  }
}

export function computeNorm(norm: Norm, campaignYear: number, samples: readonly NormSample[], k: number): FrozenNorm {
  const threshold = Math.max(MIN_K, k);
  const finite = samples.filter((s) => Number.isFinite(s.value));
  const overall = finite.length >= threshold ? statistic(finite.map((s) => s.value), norm.statistic) : null;
  const frozen: FrozenNorm = { campaign: campaignYear, overall };
  if (norm.by) {
    const byCategory = new Map<string, number[]>();
    for (const s of finite) {
      if (s.category === null) continue;
      const list = byCategory.get(s.category) ?? [];
      list.push(s.value);
      byCategory.set(s.category, list);
    }
    const by: Record<string, number | null> = {};
    for (const [category, values] of [...byCategory].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (values.length >= threshold) by[category] = statistic(values, norm.statistic);
    }
    frozen.by = by;
  }
  return frozen;
}

/** The campaign a norm reads, given the campaign being opened and the years that exist. */
export function normSourceYear(norm: Norm, openingYear: number, years: readonly number[]): number | null {
  if (norm.campaign === "previous") {
    const earlier = years.filter((y) => y < openingYear);
    return earlier.length ? Math.max(...earlier) : null;
  }
  return years.includes(norm.campaign) ? norm.campaign : null;
}
