/**
 * Answer validation: the same code checks a value as it is typed (in the browser) and on every
 * save and at submission (on the server). Pure.
 *
 * Error codes (with params for the message): unknown_question, wrong_type, not_a_number,
 * not_an_integer, not_finite, below_min {min}, above_max {max}, too_long {max}, unknown_choice
 * {choice}, bad_date, required.
 */
import type { CompiledDefinition, CompiledQuestion } from "#app/scoring/compile-definition";
import { prepareAnswers } from "#app/scoring/context";
import type { EvalContext, Evaluator } from "#app/scoring/expression/compile";
import type { AnswerValue, Answers } from "./schema";
import type { Locale } from "#app/i18n/locales";
import { parseLocaleNumber } from "#app/i18n/numbers";

export type AnswerErrorCode =
  | "unknown_question"
  | "wrong_type"
  | "not_a_number"
  | "not_an_integer"
  | "not_finite"
  | "below_min"
  | "above_max"
  | "too_long"
  | "unknown_choice"
  | "bad_date"
  | "required";

export interface AnswerError {
  code: AnswerErrorCode;
  params?: Record<string, string | number>;
}

export type ValidateResult = { ok: true; value: AnswerValue } | { ok: false; error: AnswerError };

const bad = (code: AnswerErrorCode, params?: Record<string, string | number>): ValidateResult =>
  params ? { ok: false, error: { code, params } } : { ok: false, error: { code } };

// Numbers typed in a form are read in the reader's language (app/i18n/numbers.ts).
export { parseLocaleNumber };

function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1];
}

function limitValue(limit: number | Evaluator | null, ctx: EvalContext | null): number | undefined {
  if (limit === null) return undefined;
  if (typeof limit === "number") return limit;
  if (!ctx) return undefined;
  ctx.reason = undefined;
  const v = limit(ctx);
  return typeof v === "number" ? v : undefined;
}

/**
 * Converts a raw value (form text or JSON) to the stored type of the question, or says why not.
 * Number text is read in `locale`, the language of the person who typed it; without one, only
 * plain "1234.5".
 */
function coerce(q: CompiledQuestion, raw: unknown, locale?: Locale): ValidateResult {
  const type = q.question.type;
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "" && type !== "multiple_choice")) {
    return { ok: true, value: null };
  }
  switch (q.valueType) {
    case "number": {
      let n: number;
      if (typeof raw === "number") n = raw;
      else if (typeof raw === "string") {
        const parsed = parseLocaleNumber(raw, locale);
        if (parsed === undefined) return bad("not_a_number");
        n = parsed;
      } else return bad("wrong_type");
      if (!Number.isFinite(n)) return bad("not_finite");
      if (type === "integer" && !Number.isInteger(n)) return bad("not_an_integer");
      return { ok: true, value: n === 0 ? 0 : n };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: raw };
      if (typeof raw === "string") {
        const s = raw.trim().toLowerCase();
        if (["true", "yes", "on", "1"].includes(s)) return { ok: true, value: true };
        if (["false", "no", "off", "0"].includes(s)) return { ok: true, value: false };
      }
      return bad("wrong_type");
    }
    case "choice": {
      if (typeof raw !== "string") return bad("wrong_type");
      return q.choiceIds.includes(raw) ? { ok: true, value: raw } : bad("unknown_choice", { choice: raw });
    }
    case "choices": {
      const list = typeof raw === "string" ? (raw === "" ? [] : [raw]) : raw;
      if (!Array.isArray(list)) return bad("wrong_type");
      for (const c of list) {
        if (typeof c !== "string") return bad("wrong_type");
        if (!q.choiceIds.includes(c)) return bad("unknown_choice", { choice: c });
      }
      return { ok: true, value: q.choiceIds.filter((c) => list.includes(c)) };
    }
    case "text": {
      if (typeof raw !== "string") return bad("wrong_type");
      const max = q.maxLength ?? Infinity;
      if ([...raw].length > max) return bad("too_long", { max });
      return { ok: true, value: raw };
    }
    case "date": {
      if (typeof raw !== "string") return bad("wrong_type");
      const s = raw.trim();
      return isValidDate(s) ? { ok: true, value: s } : bad("bad_date");
    }
    default:
      return bad("wrong_type");
  }
}

function checkLimits(q: CompiledQuestion, value: number, ctx: EvalContext | null): ValidateResult {
  const min = limitValue(q.min, ctx);
  if (min !== undefined && value < min) return bad("below_min", { min });
  const max = limitValue(q.max, ctx);
  if (max !== undefined && value > max) return bad("above_max", { max });
  return { ok: true, value };
}

/**
 * Validates one answer. `raw` is what a form posted (a string, or a list of strings for a
 * multiple choice) or a JSON value; an empty value means "no answer" and is valid here
 * (checkForSubmit reports required questions left empty). Limits that refer to other answers
 * are checked against `answers`; a limit whose answers are missing is not checked. Numbers typed
 * as text are read in `locale`, the reader's language (without it, only plain "1234.5").
 */
export function validateAnswer(
  compiled: CompiledDefinition,
  questionId: string,
  raw: unknown,
  answers: Answers,
  locale?: Locale,
): ValidateResult {
  const q = compiled.questionById.get(questionId);
  if (!q) return bad("unknown_question", { question: questionId });
  const coerced = coerce(q, raw, locale);
  if (!coerced.ok || typeof coerced.value !== "number") return coerced;
  const needsContext = typeof q.min === "function" || typeof q.max === "function";
  const ctx = needsContext ? prepareAnswers(compiled, answers).ctx : null;
  return checkLimits(q, coerced.value, ctx);
}

/** Whether a question is asked, given the other answers (its applies_when is true). */
export function isQuestionApplicable(compiled: CompiledDefinition, questionId: string, answers: Answers): boolean {
  const q = compiled.questionById.get(questionId);
  if (!q) return false;
  if (q.appliesWhen === null) return true;
  return prepareAnswers(compiled, answers).applies[q.index] === 1;
}

/** The ids of the questions asked given the answers, in definition order. */
export function applicableQuestions(compiled: CompiledDefinition, answers: Answers): string[] {
  const { applies } = prepareAnswers(compiled, answers);
  return compiled.questions.filter((q) => applies[q.index] === 1).map((q) => q.question.id);
}

export interface SubmitProblem {
  questionId: string;
  sectionId: string;
  error: AnswerError;
}

/**
 * What stands between the answers and a submission: every applicable required question left
 * empty (required, or optional but feeding a scored indicator with no `blank:` meaning), and every invalid value (type, choices, length, limits including cross-field limits),
 * in definition order. Answers to questions that do not apply are ignored.
 */
export function checkForSubmit(compiled: CompiledDefinition, answers: Answers): SubmitProblem[] {
  const { ctx, applies } = prepareAnswers(compiled, answers);
  const problems: SubmitProblem[] = [];
  for (const q of compiled.questions) {
    if (applies[q.index] !== 1) continue;
    const id = q.question.id;
    const raw = Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : null;
    const coerced = coerce(q, raw);
    if (!coerced.ok) {
      problems.push({ questionId: id, sectionId: q.sectionId, error: coerced.error });
      continue;
    }
    if (coerced.value === null) {
      if (q.requiredAtSubmit) problems.push({ questionId: id, sectionId: q.sectionId, error: { code: "required" } });
      continue;
    }
    if (typeof coerced.value === "number") {
      const limited = checkLimits(q, coerced.value, ctx);
      if (!limited.ok) problems.push({ questionId: id, sectionId: q.sectionId, error: limited.error });
    }
  }
  return problems;
}
