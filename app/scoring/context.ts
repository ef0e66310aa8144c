/**
 * From an organisation's answers (keyed by question id) to the evaluation context: one slot per
 * question holding a usable value or null, with the reason when null. Questions whose
 * `applies_when` is not true are blanked (a hidden question's stale answer never counts).
 * Values of the wrong type are blanked too (reason `invalid_answer:<id>`), so no formula ever
 * sees a string where it expects a number. A blank answer is read as the question's blank value
 * when its definition gives one (`blank: { value }`). Multiple choices are put in the definition's order,
 * without repeats, so the order of stored answers never changes a result.
 *
 * This runs for every assessment scored: it avoids allocations and string switches.
 */
import type { AnswerValue, Answers } from "#app/questionnaires/schema";
import type { CompiledDefinition, CompiledQuestion } from "./compile-definition";
import type { EvalContext } from "./expression/compile";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The stored answer in the form the engine uses, or undefined when it is not usable. */
export function normalizeAnswer(q: CompiledQuestion, v: unknown): AnswerValue | undefined {
  switch (q.valueType) {
    case "number":
      return typeof v === "number" && v - v === 0 ? v : undefined;
    case "boolean":
      return typeof v === "boolean" ? v : undefined;
    case "choice":
      return typeof v === "string" && q.choiceIds.includes(v) ? v : undefined;
    case "choices":
      return normalizeChoices(q.choiceIds, v);
    case "text":
      return typeof v === "string" ? v : undefined;
    case "date":
      return typeof v === "string" && DATE.test(v) ? v : undefined;
    default:
      return undefined;
  }
}

function normalizeChoices(choiceIds: readonly string[], v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  // already in definition order without repeats (the usual case): keep the array as it is
  let last = -1;
  let ordered = true;
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (typeof c !== "string") return undefined;
    const at = choiceIds.indexOf(c);
    if (at < 0) return undefined;
    if (at <= last) ordered = false;
    last = at;
  }
  return ordered ? (v as string[]) : choiceIds.filter((c) => v.includes(c));
}

export interface PreparedAnswers {
  ctx: EvalContext;
  /** 1 when the question applies, 0 when it is hidden. */
  applies: Uint8Array;
}

/**
 * Fills `ctx.answers` and `ctx.missing` from the answers; when `applies` is given, records which
 * questions apply. Question ids are never names of Object.prototype properties (the definition
 * schema refuses `constructor`, the only lower-case one), so a plain property read is safe.
 */
export function fillAnswers(compiled: CompiledDefinition, answers: Answers, ctx: EvalContext, applies: Uint8Array | null) {
  const questions = compiled.questions;
  const values = ctx.answers;
  const missing = ctx.missing;
  const order = compiled.questionOrder;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const q = questions[i];
    if (q.appliesWhen !== null && q.appliesWhen(ctx) !== true) {
      values[i] = null;
      missing[i] = q.reasons.notApplicable;
      continue;
    }
    if (applies !== null) applies[i] = 1;
    const raw = (answers as Record<string, unknown>)[q.question.id];
    if (raw === null || raw === undefined || raw === "") {
      // an optional question whose definition says what a blank means (blank: { value })
      values[i] = q.blankValue;
      missing[i] = q.blankValue === null ? q.reasons.noAnswer : undefined;
      continue;
    }
    let v: AnswerValue | undefined;
    switch (q.kind) {
      case KIND_NUMBER:
        v = typeof raw === "number" && raw - raw === 0 ? raw : undefined;
        break;
      case KIND_BOOLEAN:
        v = typeof raw === "boolean" ? raw : undefined;
        break;
      default:
        v = normalizeAnswer(q, raw);
    }
    if (v === undefined || v === null) {
      values[i] = null;
      missing[i] = q.reasons.invalid;
      continue;
    }
    values[i] = v;
    missing[i] = undefined;
  }
  // survey aggregates (after the questions): a finite number under their name, or missing
  const aggregates = compiled.aggregates;
  for (let k = 0; k < aggregates.length; k++) {
    const a = aggregates[k];
    const raw = (answers as Record<string, unknown>)[a.name];
    if (typeof raw === "number" && raw - raw === 0) {
      values[a.index] = raw;
      missing[a.index] = undefined;
    } else {
      values[a.index] = null;
      missing[a.index] = a.missingReason;
    }
  }
  ctx.reason = undefined;
}

export const KIND_NUMBER = 1;
export const KIND_BOOLEAN = 2;
export const KIND_OTHER = 3;

export function newContext(compiled: CompiledDefinition): EvalContext {
  const n = compiled.questions.length + compiled.aggregates.length;
  const answers: AnswerValue[] = [];
  const missing: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    answers.push(null);
    missing.push(undefined);
  }
  const indicators: EvalContext["indicators"] = [];
  for (let i = 0; i < compiled.indicators.length; i++) indicators.push(undefined);
  const slots: EvalContext["slots"] = [];
  for (let i = 0; i < compiled.slotNames.length; i++) slots.push(null);
  return { answers, missing, indicators, slots, reason: undefined };
}

export function prepareAnswers(compiled: CompiledDefinition, answers: Answers): PreparedAnswers {
  const ctx = newContext(compiled);
  const applies = new Uint8Array(compiled.questions.length);
  fillAnswers(compiled, answers, ctx, applies);
  return { ctx, applies };
}
