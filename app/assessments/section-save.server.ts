import type { CompiledDefinition, Section } from "#app/questionnaires/index";
import type { AnswerInput } from "#app/models/assessments.server";
import { formRefusal } from "#app/utils/bad-request.server";
import { fieldName, noteFromForm, rawFromForm } from "./form-values";

/** The largest revision an answer can reach (the column is a 4-byte integer, and a save adds one). */
export const MAX_REVISION = 2_147_483_646;

/**
 * The revision a person edited from: null when they saw no answer (empty or absent). Anything
 * but a whole number from 0 to MAX_REVISION is no revision Bilan wrote into the page: a 400.
 */
export function revisionFromForm(form: FormData, questionId: string): number | null {
  const name = fieldName.revision(questionId);
  const raw = form.get(name);
  if (typeof raw !== "string" || raw === "") return null;
  const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(n <= MAX_REVISION)) throw formRefusal(form, 400, "common.request.badRevision", { field: name });
  return n > 0 ? n : null;
}

/** The answers of one section as posted by its form (without JavaScript, the whole section). */
export function sectionInputs(section: Section, form: FormData): AnswerInput[] {
  const inputs: AnswerInput[] = [];
  for (const question of section.questions) {
    const posted = form.has(fieldName.value(question.id)) || form.has(fieldName.present(question.id)) || form.has(fieldName.note(question.id));
    if (!posted) continue;
    inputs.push({
      questionId: question.id,
      raw: rawFromForm(form, question),
      note: noteFromForm(form, question.id),
      baseRevision: revisionFromForm(form, question.id),
    });
  }
  return inputs;
}

/** One answer as posted by the autosave script. */
export function singleInput(compiled: CompiledDefinition, form: FormData): AnswerInput | null {
  const questionId = form.get("questionId");
  if (typeof questionId !== "string" || questionId.length > 100) return null;
  const question = compiled.questionById.get(questionId)?.question;
  if (!question) return { questionId, raw: "", note: undefined, baseRevision: null };
  return {
    questionId,
    raw: rawFromForm(form, question),
    note: noteFromForm(form, questionId),
    baseRevision: revisionFromForm(form, questionId),
  };
}

/** What a form keeps for re-display after an error or an expired session: the typed values. */
export function typedValues(section: Section, form: FormData) {
  const typed: Record<string, { value: unknown; note?: string | null; revision?: number | null }> = {};
  for (const input of sectionInputs(section, form)) {
    typed[input.questionId] = { value: input.raw, note: input.note, revision: input.baseRevision };
  }
  return typed;
}
