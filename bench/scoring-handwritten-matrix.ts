/**
 * A hand-written scorer for the common-good matrix (indicators/common-good-matrix/2026.1.yaml):
 * the same arithmetic as the engine, written out for this one definition, with the same result
 * shape. The benchmark's baseline for a points method: the engine must keep at least a third of
 * its speed. The definition is read once for codes and labels only; the method is coded here.
 */
import type { Answers } from "#app/questionnaires/schema";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { roundNumber } from "#app/scoring/rounding";
import type { AssessmentResult, AxisResult, IndicatorResult } from "#app/scoring/score";
import { ENGINE_VERSION } from "#app/scoring/version";

const GROUPS = ["workers", "customers", "community"] as const;
const THEMES = ["dignity", "solidarity", "environment"] as const;
const LEVEL: Record<string, number> = { low: 1, medium: 2, high: 3 };

export function makeHandwrittenMatrixScorer(compiled: CompiledDefinition): (a: Answers) => AssessmentResult {
  const { questionnaire, version } = compiled.definition;
  const hash = compiled.contentHash;
  const method = {
    scale: { kind: "points", floor: -200, ceiling: null },
    axes: "sum",
    total: "sum",
    pass: "expression" as const,
    precision: {
      values: { decimals: 4, rounding: "half_away_from_zero" as const },
      scores: { decimals: 1, rounding: "half_even" as const },
      indicators: { CGM_MEAN_RATING: { decimals: 1, rounding: "half_away_from_zero" as const } },
    },
  };
  const score = (x: number) => roundNumber(x, 1, "half_even");
  const num = (a: Answers, id: string): number | null => {
    const v = a[id];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  };
  const bool = (a: Answers, id: string): boolean | null => {
    const v = a[id];
    return typeof v === "boolean" ? v : null;
  };
  return (a) => {
    const indicators: IndicatorResult[] = [];
    const sums = [0, 0, 0];
    const counts = [0, 0, 0];
    let ratingSum = 0;
    let ratings = 0;
    for (const g of GROUPS) {
      const rel = a[`relevance_${g}`];
      const w = typeof rel === "string" ? (LEVEL[rel] ?? 0) : 0;
      THEMES.forEach((t, k) => {
        const code = `CGM_${g.toUpperCase()}_${t.toUpperCase()}`;
        const r = num(a, `${g}_${t}`);
        if (r === null) {
          indicators.push({ code, axis: t, value: null, score: null, applicable: false, reason: "not_applicable", scored: true });
          return;
        }
        const s = Math.min(10, Math.max(0, r));
        sums[k] += s * w;
        counts[k]++;
        ratingSum += r;
        ratings++;
        indicators.push({ code, axis: t, value: roundNumber(r, 4), score: score(s), applicable: true, scored: true });
      });
    }
    const penalty = (code: string, axis: number, v: number | null) => {
      if (v === null) {
        indicators.push({ code, axis: THEMES[axis], value: null, score: null, applicable: false, reason: "not_applicable", scored: true });
        return;
      }
      sums[axis] += v;
      counts[axis]++;
      indicators.push({ code, axis: THEMES[axis], value: v, score: score(v), applicable: true, scored: true });
    };
    const labour = bool(a, "labour_breach");
    penalty("CGM_NEG_LABOUR", 0, labour === null ? null : labour ? -100 : 0);
    const ratio = num(a, "pay_ratio");
    penalty("CGM_NEG_PAY", 1, ratio === null || ratio < 1 ? null : ratio < 5 ? 0 : ratio < 10 ? -20 : -60);
    const env = bool(a, "environmental_breach");
    penalty("CGM_NEG_ENVIRONMENT", 2, env === null ? null : env ? -100 : 0);
    indicators.push(
      ratings
        ? { code: "CGM_MEAN_RATING", axis: null, value: roundNumber(ratingSum / ratings, 1), score: null, applicable: true, scored: false }
        : { code: "CGM_MEAN_RATING", axis: null, value: null, score: null, applicable: false, reason: "not_applicable", scored: false },
    );
    const axes: AxisResult[] = THEMES.map((t, k) => ({
      id: t,
      score: counts[k] ? score(sums[k]) : null,
      applicable: counts[k] > 0,
      weight: 1,
      minimum: 0,
      maximum: 90,
    }));
    let total: number | null = null;
    let any = false;
    let sum = 0;
    for (let k = 0; k < 3; k++) {
      if (counts[k]) {
        any = true;
        sum += sums[k];
      }
    }
    const failures: string[] = [];
    if (any) total = score(Math.max(-200, sum));
    else failures.push("no_total");
    if (total !== null) {
      const s = axes.map((x) => x.score);
      const known = s.every((x) => x !== null);
      const passes = total >= 100 && s.every((x) => x === null || x >= 0);
      if (known ? !passes : total < 100 || s.some((x) => x !== null && x < 0)) failures.push("pass_rule_false");
      else if (!known) failures.push("pass_rule_not_applicable");
    }
    return {
      engineVersion: ENGINE_VERSION,
      definitionHash: hash,
      questionnaire,
      version,
      rounding: "half-away-from-zero",
      indicators,
      axes,
      total,
      seal: { passed: failures.length === 0, failures, totalMinimum: 0 },
      method,
    };
  };
}
