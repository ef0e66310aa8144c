import type { AnswerValue, Question } from "#app/questionnaires/index";
import type { Locale } from "#app/i18n/locales";
import { formatDate, formatNumber } from "#app/i18n/translate";
import { parseLocaleNumber } from "#app/i18n/numbers";

/** Question types answered with a number, typed as text in the reader's language. */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(["integer", "number", "percent", "money"]);

/** Form field names of a question: its value, the revision it was edited from, its note. */
export const fieldName = {
  value: (questionId: string) => `q.${questionId}`,
  revision: (questionId: string) => `rev.${questionId}`,
  note: (questionId: string) => `note.${questionId}`,
  present: (questionId: string) => `present.${questionId}`,
  /** The field as the page loaded it (JSON of its raw value): what the person did not touch is not written. */
  orig: (questionId: string) => `orig.${questionId}`,
  origNote: (questionId: string) => `orignote.${questionId}`,
  /** After a conflict: the colleague's revision, and the person's choice between the two answers. */
  theirs: (questionId: string) => `theirs.${questionId}`,
  choice: (questionId: string) => `choice.${questionId}`,
};

/**
 * What a form posted for a question: a string, a list (multiple choice), or nothing. With the
 * reader's language, number text is read in it ("250.000" is 250000 in Catalan, 250 in English):
 * a number, or the text as typed when it is not one (validation then says so).
 */
export function rawFromForm(form: FormData, question: Pick<Question, "id" | "type">, locale?: Locale): unknown {
  const values = form.getAll(fieldName.value(question.id)).filter((v): v is string => typeof v === "string");
  if (question.type === "multiple_choice") return values;
  const text = values[0] ?? "";
  return locale ? readNumberInput(text, question, locale) : text;
}

/** A typed number read in the reader's language; other text (and other questions' text) as it is. */
export function readNumberInput(text: string, question: Pick<Question, "type">, locale: Locale): string | number {
  if (!NUMERIC_TYPES.has(question.type) || text.trim() === "") return text;
  return parseLocaleNumber(text, locale) ?? text;
}

/** The largest revision an answer can reach (the column is a 4-byte integer, and a save adds one). */
export const MAX_REVISION = 2_147_483_646;

/** The revision a person edited from: null when they saw no answer (refuseBadRevisions turns away the rest). */
export function revisionFromForm(form: FormData, questionId: string): number | null {
  const raw = form.get(fieldName.revision(questionId));
  const n = typeof raw === "string" && raw !== "" ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 && n <= MAX_REVISION ? n : null;
}

export function noteFromForm(form: FormData, questionId: string): string | null | undefined {
  const raw = form.get(fieldName.note(questionId));
  if (typeof raw !== "string") return undefined;
  return raw.trim() === "" ? null : raw;
}

/** A stored value as the text of an input, in the person's number format. */
export function valueToInput(value: AnswerValue | undefined, locale: Locale): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    return formatNumber(locale, value, { useGrouping: false, maximumFractionDigits: 10 });
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return value.join(",");
  return value;
}

/**
 * A stored value as the form posts it back untouched: the text of a text input, the value of the
 * checked radio ("" when none), the list of checked boxes.
 */
export function inputRaw(value: AnswerValue | string | string[] | undefined, question: Pick<Question, "type">, locale: Locale): string | string[] {
  if (question.type === "multiple_choice") return Array.isArray(value) ? value.map(String) : [];
  if (question.type === "boolean") return value === true || value === "true" ? "true" : value === false || value === "false" ? "false" : "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return "";
  return valueToInput(value, locale);
}

const normalised = (raw: unknown): string =>
  Array.isArray(raw) ? JSON.stringify(raw.map(String).sort()) : typeof raw === "string" ? raw.replace(/\r\n?/g, "\n") : raw === undefined || raw === null ? "" : String(raw);

/** Whether two raw form values are the same (line endings and the order of checked boxes aside). */
export function sameRaw(a: unknown, b: unknown): boolean {
  return normalised(a) === normalised(b);
}

/** A value for reading (last year's answer, a colleague's answer). */
export function displayValue(
  value: AnswerValue | undefined,
  question: Pick<Question, "type" | "choices">,
  locale: Locale,
  words: { yes: string; no: string; none: string },
): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return words.none;
  if (typeof value === "boolean") return value ? words.yes : words.no;
  if (typeof value === "number") return formatNumber(locale, value);
  const label = (id: string) => question.choices?.find((c) => c.id === id)?.label[locale] ?? id;
  if (Array.isArray(value)) return value.map(label).join(", ");
  if (question.type === "single_choice") return label(value);
  return value;
}

/**
 * When a colleague saved, in the reader's local time: the month in words ("1 Dec 2026, 10:05",
 * "Dec 1, 2026, 10:05 AM"), since "12/1/26" reads as the 12th of January in a British browser.
 */
export function savedAtText(locale: Locale, when: string | Date): string {
  return formatDate(locale, when, { dateStyle: "medium", timeStyle: "short", timeZone: undefined });
}
