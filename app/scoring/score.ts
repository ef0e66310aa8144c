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
 *
 * A definition may choose another method (`scoring`, see method.ts and docs/methods.md): axes as
 * sums, the total as a sum or an expression, a 0-100 or points scale with a floor and a ceiling,
 * a pass rule, weights that are expressions, its own rounding. A definition that chooses nothing
 * is scored exactly as above, and its result has the same fields as before.
 */
import type { Answers } from "#app/questionnaires/schema";
import type { CompiledDefinition } from "./compile-definition";
import { fillAnswers, newContext } from "./context";
import { ORG_FACTS, type OrgFact } from "./expression/checker";
import type { EvalContext, EvalValue, Evaluator } from "./expression/compile";
import { roundNumber, ROUNDING_RULE, type RoundingSpec } from "./rounding";
import { pointsFor, scoreByRule, scoreLinear } from "./rules";
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
  /** The most the axis can score (points methods), for reports. */
  maximum?: number | null;
}

/** What scoring reads besides the answers, frozen with the assessment when it is submitted. */
export interface ScoringInput {
  /** The organisation's facts (org.legal_form...), as they were at submission. */
  facts?: Partial<Record<OrgFact, string | number | null>>;
  /** The norms frozen with the campaign, by the definition's norm name. */
  norms?: Readonly<Record<string, FrozenNorm>>;
}

/** A norm as computed when the campaign opened: overall, and per category of its `by` fact. */
export interface FrozenNorm {
  /** The campaign (year) whose results it was computed from. */
  campaign: number;
  overall: number | null;
  by?: Readonly<Record<string, number | null>>;
}

/** The method a result was scored by, recorded when the definition chose one. */
export interface MethodRecord {
  scale: { kind: string; floor: number | null; ceiling: number | null };
  axes: string;
  total: string;
  pass: "default" | "expression";
  precision: { values: RoundingSpec; scores: RoundingSpec; indicators?: Record<string, RoundingSpec> };
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
  /** The method, when the definition chose one. */
  method?: MethodRecord;
  /** The norms used, when the definition declares any: the value this organisation's score used. */
  norms?: Record<string, { campaign: number | null; value: number | null }>;
  /** The organisation facts the definition reads, as they were when scored. */
  facts?: Record<string, string | number | null>;
}

export function scoreAssessment(compiled: CompiledDefinition, answers: Answers, input: ScoringInput = {}): AssessmentResult {
  const ctx = newContext(compiled);
  const method = compiled.method;
  const slots = ctx.slots;
  const facts = input.facts;
  if (facts) {
    for (let f = 0; f < ORG_FACTS.length; f++) {
      const v = facts[ORG_FACTS[f]];
      slots[f] = (ORG_FACTS[f] === "year_founded" ? typeof v === "number" && Number.isFinite(v) : typeof v === "string") ? v! : null;
    }
  }
  let normsUsed: AssessmentResult["norms"];
  if (compiled.norms.length) {
    normsUsed = {};
    for (const n of compiled.norms) {
      const frozen = input.norms?.[n.name];
      let v: number | null = null;
      if (frozen) {
        v = frozen.overall;
        if (n.norm.by && frozen.by) {
          const category = facts?.[n.norm.by];
          const own = typeof category === "string" ? frozen.by[category] : undefined;
          if (own !== undefined && own !== null) v = own;
        }
      }
      slots[n.slot] = typeof v === "number" && Number.isFinite(v) ? v : null;
      normsUsed[n.name] = { campaign: frozen?.campaign ?? null, value: slots[n.slot] as number | null };
    }
  }
  fillAnswers(compiled, answers, ctx, null);
  const inds = compiled.indicators;
  const n = inds.length;
  const values = ctx.indicators;
  const reasons: (string | undefined)[] = new Array(n);
  const scores = new Float64Array(n);
  const selected: (readonly string[] | undefined)[] = new Array(n);
  const factor = method.ruleFactor;
  const points = method.scale.kind === "points";

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
      scores[i] = p.score * factor;
    } else {
      const bounds = method.linearBounds[i];
      if (bounds !== null && ci.scored) {
        // a range from norms or facts: without it (or with from = to) the indicator cannot be scored
        const from = typeof bounds.from === "number" ? bounds.from : bounds.from(ctx);
        const to = typeof bounds.to === "number" ? bounds.to : bounds.to(ctx);
        if (typeof from !== "number" || typeof to !== "number" || from === to) {
          values[i] = undefined;
          reasons[i] = typeof from === "number" && typeof to === "number" ? "empty_range" : (ctx.reason ?? "no_range");
          continue;
        }
        values[i] = value;
        scores[i] = scoreLinear(value as number, from, to) * factor;
        continue;
      }
      values[i] = value;
      if (ci.scored && rule) scores[i] = rule.kind === "value" ? (value as number) : scoreByRule(rule, value as number | boolean) * factor;
    }
  }

  // aggregation, in definition order
  const axes = compiled.axes;
  const axisSum = new Float64Array(axes.length);
  const axisWeight = new Float64Array(axes.length);
  const axisCount = new Uint32Array(axes.length);
  const indicators: IndicatorResult[] = new Array(n);
  const valueSpec = method.values;
  const scoreSpec = method.scores;
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
      const w = weightOf(method.indicatorWeight[i], ctx);
      axisSum[ci.axisIndex] += s * w;
      axisWeight[ci.axisIndex] += w;
      axisCount[ci.axisIndex]++;
      score = roundNumber(s, scoreSpec.decimals, scoreSpec.rounding);
    }
    const own = method.indicatorValues[i] ?? valueSpec;
    const out: IndicatorResult = {
      code: ind.code,
      axis: ind.axis,
      value: typeof v === "boolean" ? (v ? 1 : 0) : roundNumber(v as number, own.decimals, own.rounding),
      score,
      applicable: true,
      scored: ci.scored,
    };
    const chosen = selected[i];
    if (chosen !== undefined) out.choices = [...chosen];
    indicators[i] = out;
  }

  // axis scores (full precision), in the order their expressions need
  const axisScore: (number | null)[] = new Array(axes.length).fill(null);
  const cap = method.declared && !points ? 10 * factor : null;
  for (const a of method.axisOrder) {
    const expr = method.axisScore[a];
    let s: number | null;
    if (expr !== null) {
      ctx.reason = undefined;
      const v = expr(ctx);
      s = typeof v === "number" ? v : null;
    } else if (method.axes === "sum") {
      s = axisCount[a] > 0 ? axisSum[a] : null;
    } else {
      s = axisWeight[a] === 0 ? null : axisSum[a] / axisWeight[a];
    }
    if (s !== null && cap !== null) s = s < 0 ? 0 : s > cap ? cap : s;
    axisScore[a] = s;
    slots[method.axisSlots[a]] = s;
  }

  let totalSum = 0;
  let totalWeight = 0;
  let axisApplicable = 0;
  const axisResults: AxisResult[] = new Array(axes.length);
  const failures: string[] = [];
  const axisWeights = new Float64Array(axes.length);
  for (let a = 0; a < axes.length; a++) {
    const axis = axes[a];
    const w = weightOf(method.axisWeight[a], ctx);
    axisWeights[a] = w;
    const s = axisScore[a];
    const r: AxisResult = { id: axis.id, score: null, applicable: false, weight: w, minimum: axis.seal_minimum };
    if (points) r.maximum = method.axisMaximum[a];
    axisResults[a] = r;
    if (s === null) continue;
    totalSum += s * w;
    totalWeight += w;
    axisApplicable++;
    const rounded = roundNumber(s, scoreSpec.decimals, scoreSpec.rounding);
    if (method.pass === null && rounded < axis.seal_minimum) failures.push(`axis_below_minimum:${axis.id}`);
    r.score = rounded;
    r.applicable = true;
  }

  let totalRaw: number | null;
  if (method.total === "expression") {
    ctx.reason = undefined;
    const v = method.totalExpression!(ctx);
    totalRaw = typeof v === "number" ? v : null;
  } else if (method.total === "sum") {
    totalRaw = axisApplicable > 0 ? totalSum : null;
  } else {
    totalRaw = totalWeight === 0 ? null : totalSum / totalWeight;
  }
  if (totalRaw !== null) {
    if (cap !== null) totalRaw = totalRaw < 0 ? 0 : totalRaw > cap ? cap : totalRaw;
    const { floor, ceiling } = method.scale;
    if (floor !== null && totalRaw < floor) totalRaw = floor;
    if (ceiling !== null && totalRaw > ceiling) totalRaw = ceiling;
  }
  const totalMinimum = compiled.definition.seal.total_minimum;
  let total: number | null = null;
  if (totalRaw === null) {
    failures.unshift("no_total");
  } else {
    total = roundNumber(totalRaw, scoreSpec.decimals, scoreSpec.rounding);
    if (method.pass === null && total < totalMinimum) failures.unshift("total_below_minimum");
  }
  if (method.pass !== null && total !== null) {
    // the pass rule reads the numbers people see: the rounded total and axis scores
    for (let a = 0; a < axes.length; a++) slots[method.axisSlots[a]] = axisResults[a].score;
    slots[method.totalSlot] = total;
    ctx.reason = undefined;
    const passed = method.pass(ctx);
    if (passed === false) failures.push("pass_rule_false");
    else if (passed !== true) failures.push(`pass_rule_not_applicable:${ctx.reason ?? "unknown"}`);
  }

  const result: AssessmentResult = {
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
  if (method.declared) result.method = methodRecord(compiled);
  if (normsUsed) result.norms = normsUsed;
  if (compiled.factsRead.length) {
    result.facts = {};
    for (const f of compiled.factsRead) result.facts[f] = slots[ORG_FACTS.indexOf(f)];
  }
  return result;
}

/** A weight: a number, or an expression that gives one; one that does not apply or is not positive counts 0. */
function weightOf(w: number | Evaluator, ctx: EvalContext): number {
  if (typeof w === "number") return w;
  ctx.reason = undefined;
  const v = w(ctx);
  return typeof v === "number" && v > 0 && v - v === 0 ? v : 0;
}

function methodRecord(compiled: CompiledDefinition): MethodRecord {
  const m = compiled.method;
  const own: Record<string, RoundingSpec> = {};
  m.indicatorValues.forEach((spec, i) => {
    if (spec) own[compiled.indicators[i].indicator.code] = spec;
  });
  return {
    scale: { ...m.scale },
    axes: m.axes,
    total: m.total,
    pass: m.pass === null ? "default" : "expression",
    precision: { values: { ...m.values }, scores: { ...m.scores }, ...(Object.keys(own).length ? { indicators: own } : {}) },
  };
}
