/**
 * scoreAssessment: (compiled definition, answers) -> result. Pure and deterministic.
 *
 * 1. Answers are prepared (hidden questions blanked, wrong types blanked, choices ordered).
 * 2. Indicators are computed in dependency order. An indicator is not applicable when its
 *    applies_when is not true or its formula meets a missing answer, a non-applicable indicator,
 *    a division by zero or a non-finite number; the reason is kept.
 * 3. Each scored, applicable indicator gets 0..10 by its rule.
 * 4. Axis score: mean of its applicable scored indicators weighted by their weights (the
 *    weights of the others are renormalised: a non-applicable indicator neither helps nor hurts).
 *    An axis with none is not applicable and is dropped from the total the same way.
 * 5. Total: mean of the applicable axes weighted by axis weight.
 * 6. Rounding, once, here at the edge: values to VALUE_DECIMALS, scores to SCORE_DECIMALS, by
 *    ROUNDING_RULE. Aggregation uses the unrounded scores; the seal verdict uses the rounded
 *    total and axis scores, the numbers people see.
 */
import type { Answers } from "#app/questionnaires/schema";
import type { CompiledDefinition } from "./compile-definition";
import { fillAnswers, newContext } from "./context";
import type { EvalValue } from "./expression/compile";
import { roundHalfAwayFromZero, ROUNDING_RULE, SCORE_DECIMALS, VALUE_DECIMALS } from "./rounding";
import { pointsFor, scoreByRule } from "./rules";
import { ENGINE_VERSION } from "./version";

export const REASON_APPLIES_WHEN_FALSE = "applies_when_false";

export interface IndicatorResult {
  code: string;
  axis: string | null;
  /** The computed value (yes/no as 1/0; a points indicator's points), rounded; null when not applicable. */
  value: number | null;
  /** 0..10, rounded; null when not applicable or not scored. */
  score: number | null;
  applicable: boolean;
  /** Why it is not applicable, e.g. "no_answer:workers_total", "division_by_zero", "applies_when_false". */
  reason?: string;
  scored: boolean;
  /** For choice indicators: the choices selected. */
  choices?: string[];
}

export interface AxisResult {
  id: string;
  score: number | null;
  applicable: boolean;
  weight: number;
  /** The axis minimum for the seal. */
  minimum: number;
}

export interface AssessmentResult {
  engineVersion: string;
  definitionHash: string;
  questionnaire: string;
  version: string;
  rounding: typeof ROUNDING_RULE;
  indicators: IndicatorResult[];
  axes: AxisResult[];
  total: number | null;
  seal: { passed: boolean; failures: string[]; totalMinimum: number };
}

export function scoreAssessment(compiled: CompiledDefinition, answers: Answers): AssessmentResult {
  const ctx = newContext(compiled);
  fillAnswers(compiled, answers, ctx, null);
  const inds = compiled.indicators;
  const n = inds.length;
  const values = ctx.indicators;
  const reasons: (string | undefined)[] = new Array(n);
  const scores = new Float64Array(n);
  const selected: (readonly string[] | undefined)[] = new Array(n);

  const order = compiled.indicatorOrder;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const ci = inds[i];
    ctx.reason = undefined;
    let value: EvalValue = undefined;
    if (ci.appliesWhen !== null) {
      const a = ci.appliesWhen(ctx);
      if (a !== true) {
        values[i] = undefined;
        reasons[i] = a === false ? REASON_APPLIES_WHEN_FALSE : (ctx.reason ?? "not_applicable");
        continue;
      }
    }
    value = ci.formula(ctx);
    if (value === undefined) {
      values[i] = undefined;
      reasons[i] = ctx.reason ?? "not_applicable";
      continue;
    }
    const rule = ci.indicator.rule;
    if (ci.choiceOrder !== null && rule && rule.kind === "points") {
      const chosen = value as string | readonly string[];
      const p = pointsFor(chosen, ci.choiceOrder, rule.points);
      selected[i] = typeof chosen === "string" ? [chosen] : chosen;
      values[i] = p.value;
      scores[i] = p.score;
    } else {
      values[i] = value;
      if (ci.scored && rule) scores[i] = scoreByRule(rule, value as number | boolean);
    }
  }

  // aggregation, in definition order
  const axes = compiled.axes;
  const axisSum = new Float64Array(axes.length);
  const axisWeight = new Float64Array(axes.length);
  const indicators: IndicatorResult[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ci = inds[i];
    const ind = ci.indicator;
    const v = values[i];
    if (v === undefined) {
      indicators[i] = { code: ind.code, axis: ind.axis, value: null, score: null, applicable: false, reason: reasons[i], scored: ci.scored };
      continue;
    }
    let score: number | null = null;
    if (ci.scored) {
      const s = scores[i];
      axisSum[ci.axisIndex] += s * ind.weight;
      axisWeight[ci.axisIndex] += ind.weight;
      score = roundHalfAwayFromZero(s, SCORE_DECIMALS);
    }
    const out: IndicatorResult = {
      code: ind.code,
      axis: ind.axis,
      value: typeof v === "boolean" ? (v ? 1 : 0) : roundHalfAwayFromZero(v as number, VALUE_DECIMALS),
      score,
      applicable: true,
      scored: ci.scored,
    };
    const chosen = selected[i];
    if (chosen !== undefined) out.choices = [...chosen];
    indicators[i] = out;
  }

  let totalSum = 0;
  let totalWeight = 0;
  const axisResults: AxisResult[] = new Array(axes.length);
  const failures: string[] = [];
  for (let a = 0; a < axes.length; a++) {
    const axis = axes[a];
    if (axisWeight[a] === 0) {
      axisResults[a] = { id: axis.id, score: null, applicable: false, weight: axis.weight, minimum: axis.seal_minimum };
      continue;
    }
    const s = axisSum[a] / axisWeight[a];
    totalSum += s * axis.weight;
    totalWeight += axis.weight;
    const rounded = roundHalfAwayFromZero(s, SCORE_DECIMALS);
    if (rounded < axis.seal_minimum) failures.push(`axis_below_minimum:${axis.id}`);
    axisResults[a] = { id: axis.id, score: rounded, applicable: true, weight: axis.weight, minimum: axis.seal_minimum };
  }
  const totalMinimum = compiled.definition.seal.total_minimum;
  let total: number | null = null;
  if (totalWeight === 0) {
    failures.unshift("no_total");
  } else {
    total = roundHalfAwayFromZero(totalSum / totalWeight, SCORE_DECIMALS);
    if (total < totalMinimum) failures.unshift("total_below_minimum");
  }

  return {
    engineVersion: ENGINE_VERSION,
    definitionHash: compiled.contentHash,
    questionnaire: compiled.definition.questionnaire,
    version: compiled.definition.version,
    rounding: ROUNDING_RULE,
    indicators,
    axes: axisResults,
    total,
    seal: { passed: failures.length === 0, failures, totalMinimum },
  };
}
