import type { CompiledDefinition, Section } from "#app/questionnaires/index";
import type { AnswerInput } from "#app/models/assessments.server";
import type { Locale } from "#app/i18n/locales";
import { fieldName, noteFromForm, rawFromForm, revisionFromForm } from "./form-values";

/**
 * The answers of one section as posted by its form (without JavaScript, the whole section).
 * Numbers are read in `locale`, the signed-in reader's language; without it they stay as typed.
 */
export function sectionInputs(section: Section, form: FormData, locale?: Locale): AnswerInput[] {
  const inputs: AnswerInput[] = [];
  for (const question of section.questions) {
    const posted = form.has(fieldName.value(question.id)) || form.has(fieldName.present(question.id)) || form.has(fieldName.note(question.id));
    if (!posted) continue;
    inputs.push({
      questionId: question.id,
      raw: rawFromForm(form, question, locale),
      note: noteFromForm(form, question.id),
      baseRevision: revisionFromForm(form, question.id),
    });
  }
  return inputs;
}

/** One answer as posted by the autosave script (numbers read in `locale`, as in sectionInputs). */
export function singleInput(compiled: CompiledDefinition, form: FormData, locale?: Locale): AnswerInput | null {
  const questionId = form.get("questionId");
  if (typeof questionId !== "string" || questionId.length > 100) return null;
  const question = compiled.questionById.get(questionId)?.question;
  if (!question) return { questionId, raw: "", note: undefined, baseRevision: null };
  return {
    questionId,
    raw: rawFromForm(form, question, locale),
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
