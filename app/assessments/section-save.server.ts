import type { CompiledDefinition, Section } from "#app/questionnaires/index";
import type { AnswerInput } from "#app/models/assessments.server";
import type { Locale } from "#app/i18n/locales";
import { formRefusal } from "#app/utils/bad-request.server";
import type { PendingValues } from "#app/models/pending-saves.server";
import { fieldName, MAX_REVISION, noteFromForm, rawFromForm, revisionFromForm } from "./form-values";
import { postedAnswers, touched } from "./section-plan";

/**
 * Refuses (400) a form whose revision field of any of these questions holds anything but a whole
 * number from 0 to MAX_REVISION: no revision Bilan wrote into the page.
 */
export function refuseBadRevisions(form: FormData, questionIds: Iterable<string>): void {
  for (const id of questionIds) {
    for (const name of [fieldName.revision(id), fieldName.theirs(id)]) {
      const raw = form.get(name);
      if (typeof raw !== "string" || raw === "") continue;
      const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!(n <= MAX_REVISION)) throw formRefusal(form, 400, "common.request.badRevision", { field: name });
    }
  }
}

const SAVE_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** One answer as posted by the autosave script, with the browser's id of this change (numbers read in `locale`, the reader's language). */
export function singleInput(compiled: CompiledDefinition, form: FormData, locale?: Locale): AnswerInput | null {
  const questionId = form.get("questionId");
  if (typeof questionId !== "string" || questionId.length > 100) return null;
  const question = compiled.questionById.get(questionId)?.question;
  if (!question) return { questionId, raw: "", note: undefined, baseRevision: null };
  refuseBadRevisions(form, [questionId]);
  const saveId = form.get("saveId");
  return {
    questionId,
    raw: rawFromForm(form, question, locale),
    note: noteFromForm(form, questionId),
    baseRevision: revisionFromForm(form, questionId),
    saveId: typeof saveId === "string" && SAVE_ID.test(saveId) ? saveId : undefined,
    unconfirmedSaveIds: form
      .getAll("unconfirmed")
      .filter((v): v is string => typeof v === "string" && SAVE_ID.test(v))
      .slice(0, 20),
  };
}

/**
 * What a signed-out post typed, to keep for after sign-in: the changed answers of the section
 * (untouched fields are not kept), each with the revision and value its page had loaded.
 */
export function typedAfterExpiry(section: Section | undefined, form: FormData, single: boolean): PendingValues {
  const values: PendingValues = {};
  if (single) {
    const questionId = form.get("questionId");
    if (typeof questionId !== "string" || questionId.length > 100 || !section) return values;
    const question = section.questions.find((q) => q.id === questionId);
    if (!question) return values;
    const [p] = postedAnswers({ ...section, questions: [question] }, form);
    if (p) values[p.questionId] = { value: p.raw, note: p.note, revision: p.baseRevision, orig: p.orig, origNote: p.origNote };
    return values;
  }
  if (!section) return values;
  refuseBadRevisions(form, section.questions.map((q) => q.id));
  for (const p of postedAnswers(section, form)) {
    const t = touched(p);
    if (!t.value && !t.note) continue;
    values[p.questionId] = { value: p.raw, note: p.note, revision: p.baseRevision, orig: p.orig, origNote: p.origNote };
  }
  return values;
}
