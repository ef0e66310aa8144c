/**
 * Pure rules of running a survey: whether it takes answers today, how a respondent's form is
 * read, what a single-use code looks like. No database, no Remix.
 */
import type { Survey, SurveyQuestion } from "#app/questionnaires/schema";

/** Free text longer than this is refused (a survey question may set less). */
export const FREE_TEXT_MAX = 2000;
export const FREE_TEXT_DEFAULT = 1000;
/** The most single-use codes generated at once, and in all for one survey. */
export const CODES_PER_BATCH = 500;
export const CODES_PER_SURVEY = 5000;

export type SurveyState = "open" | "closed" | "past_closing_date" | "frozen";

/** Whether a survey takes answers on `today` (YYYY-MM-DD, UTC). */
export function surveyState(s: { status: "open" | "closed"; closesOn: string | null; frozenAt: Date | string | null }, today: string): SurveyState {
  if (s.frozenAt) return "frozen";
  if (s.status === "closed") return "closed";
  if (s.closesOn !== null && today > s.closesOn) return "past_closing_date";
  return "open";
}

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function maxLengthOf(q: SurveyQuestion): number {
  return Math.min(FREE_TEXT_MAX, q.max_length ?? FREE_TEXT_DEFAULT);
}

export interface ResponseFieldError {
  questionId: string;
  /** A message key of the surveys namespace. */
  code: "notOnScale" | "tooLong";
  params?: Record<string, string | number>;
}

/** Answers by question id; null: the field was sent blank (an earlier answer is taken back). */
export type ResponsePatch = Record<string, number | string | null>;
export type ParsedResponse = { ok: true; answers: ResponsePatch } | { ok: false; errors: ResponseFieldError[]; answers: ResponsePatch };

/**
 * Reads a respondent's form: for each question of the survey (never for other field names, so
 * the loop is bounded by the definition), a scale value must be one of the scale's points and a
 * text no longer than its limit. A field sent blank is null (no answer, taking back an earlier
 * one); a field not sent is left out. On an error nothing is stored; the
 * answers that were valid come back so the page keeps them.
 */
export function parseResponseForm(survey: Survey, read: (name: string) => string | null): ParsedResponse {
  const answers: ResponsePatch = {};
  const errors: ResponseFieldError[] = [];
  for (const q of survey.questions) {
    const raw = read(`q_${q.id}`);
    if (raw === null) continue;
    if (q.type === "scale") {
      const trimmed = raw.trim();
      if (trimmed === "") {
        answers[q.id] = null;
        continue;
      }
      const value = /^-?\d{1,3}$/.test(trimmed) ? Number(trimmed) : NaN;
      const points = q.scale ?? [];
      if (!points.some((p) => p.value === value)) {
        errors.push({ questionId: q.id, code: "notOnScale", params: { min: points[0]?.value ?? 0, max: points[points.length - 1]?.value ?? 0 } });
        continue;
      }
      answers[q.id] = value;
    } else {
      const text = raw.replace(/\r\n/g, "\n").trim();
      if (text === "") {
        answers[q.id] = null;
        continue;
      }
      const max = maxLengthOf(q);
      if (text.length > max) {
        errors.push({ questionId: q.id, code: "tooLong", params: { max } });
        continue;
      }
      answers[q.id] = text;
    }
  }
  return errors.length ? { ok: false, errors, answers } : { ok: true, answers };
}

/** Codes read aloud or typed from paper: no 0/O, 1/I/L. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A code from random bytes: 10 characters (about 50 bits), shown as XXXXX-XXXXX. */
export function codeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A typed code as stored (upper case, no spaces or dashes); null when it cannot be a code. */
export function normalizeCode(typed: string | null | undefined): string | null {
  if (typeof typed !== "string" || typed.length > 40) return null;
  const c = typed.toUpperCase().replace(/[\s-]/g, "");
  return c.length === 10 && [...c].every((ch) => CODE_ALPHABET.includes(ch)) ? c : null;
}

/** The declared survey of a group, or null (a forged or unknown group). */
export function surveyOfGroup(surveys: readonly Survey[] | undefined, group: string): Survey | null {
  return surveys?.find((s) => s.group === group) ?? null;
}
