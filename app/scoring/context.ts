/**
 * From an organisation's answers (keyed by question id) to the evaluation context: one slot per
 * question holding a usable value or null, with the reason when null. Questions whose
 * `applies_when` is not true are blanked (a hidden question's stale answer never counts).
 * Values of the wrong type are blanked too (reason `invalid_answer:<id>`), so no formula ever
 * sees a string where it expects a number. Multiple choices are put in the definition's order,
 * without repeats, so the order of stored answers never changes a result.
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
    case "choices": {
      if (!Array.isArray(v)) return undefined;
      for (const c of v) if (typeof c !== "string" || !q.choiceIds.includes(c)) return undefined;
      return q.choiceIds.filter((c) => v.includes(c));
    }
    case "text":
      return typeof v === "string" ? v : undefined;
    case "date":
      return typeof v === "string" && DATE.test(v) ? v : undefined;
    default:
      return undefined;
  }
}

export interface PreparedAnswers {
  ctx: EvalContext;
  /** 1 when the question applies, 0 when it is hidden. */
  applies: Uint8Array;
}

export function prepareAnswers(compiled: CompiledDefinition, answers: Answers): PreparedAnswers {
  const questions = compiled.questions;
  const n = questions.length;
  const values: AnswerValue[] = new Array(n);
  const missing: (string | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = null;
    missing[i] = undefined;
  }
  const ctx: EvalContext = {
    answers: values,
    missing,
    indicators: new Array(compiled.indicators.length),
    reason: undefined,
  };
  const applies = new Uint8Array(n);
  const order = compiled.questionOrder;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const q = questions[i];
    if (q.appliesWhen !== null && q.appliesWhen(ctx) !== true) {
      missing[i] = q.reasons.notApplicable;
      continue;
    }
    applies[i] = 1;
    const raw = Object.prototype.hasOwnProperty.call(answers, q.question.id) ? answers[q.question.id] : undefined;
    if (raw === null || raw === undefined || raw === "") {
      missing[i] = q.reasons.noAnswer;
      continue;
    }
    const v = normalizeAnswer(q, raw);
    if (v === undefined || v === null) {
      missing[i] = q.reasons.invalid;
      continue;
    }
    values[i] = v;
  }
  ctx.reason = undefined;
  return { ctx, applies };
}
