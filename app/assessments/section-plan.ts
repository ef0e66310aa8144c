import type { Locale } from "#app/i18n/locales";
import type { AnswerValue, Section } from "#app/questionnaires/index";
import type { AnswerInput, SaveOutcome } from "#app/models/assessments.server";
import { fieldName, noteFromForm, rawFromForm, revisionFromForm, sameRaw } from "./form-values";

/**
 * What a section form post means, and what it may write (docs/decisions/0640). Pure: the route
 * reads the form and the stored answers, this module decides, the model writes.
 *
 * The form posts every field, but only what the person changed is theirs to write: each field
 * carries the value and revision the page was loaded with (`orig.*`, `rev.*`), and a field whose
 * value equals its loaded value is not an edit. An untouched field is never written, so it can
 * neither overwrite a colleague's newer answer nor store an empty one. A conflict is resolved
 * per answer by an explicit choice (`choice.*`: mine or theirs), never by saving again.
 */

/** One question as posted by the section form. */
export interface PostedAnswer {
  questionId: string;
  /** The field's text as typed (compared with what the page loaded, shown back after an error). */
  raw: unknown;
  /** What is saved: numbers read in the reader's language. */
  value: unknown;
  /** As posted: undefined when the form had no note field, null when it was blank. */
  note: string | null | undefined;
  baseRevision: number | null;
  /** The raw value the page was loaded with; undefined when the form did not say (an old page). */
  orig: unknown;
  origNote: string | null | undefined;
  /** After a conflict: the colleague's revision the person chose against or for. */
  theirRevision: number | null;
  choice: "mine" | "theirs" | null;
}

function origFromForm(form: FormData, questionId: string): unknown {
  const raw = form.get(fieldName.orig(questionId));
  if (typeof raw !== "string" || raw.length > 100_000) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === "string" || (Array.isArray(parsed) && parsed.every((v) => typeof v === "string")) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function positiveInt(raw: FormDataEntryValue | null): number | null {
  const n = typeof raw === "string" && raw !== "" ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 && n < 2 ** 31 ? n : null;
}

/** The answers of one section as its form posted them. */
export function postedAnswers(section: Section, form: FormData, locale?: Locale): PostedAnswer[] {
  const posted: PostedAnswer[] = [];
  for (const question of section.questions) {
    const id = question.id;
    if (!form.has(fieldName.value(id)) && !form.has(fieldName.present(id)) && !form.has(fieldName.note(id))) continue;
    const choice = form.get(fieldName.choice(id));
    const origNote = form.get(fieldName.origNote(id));
    posted.push({
      questionId: id,
      raw: rawFromForm(form, question),
      value: rawFromForm(form, question, locale),
      note: noteFromForm(form, id),
      baseRevision: revisionFromForm(form, id),
      orig: origFromForm(form, id),
      origNote: typeof origNote === "string" ? origNote : undefined,
      theirRevision: positiveInt(form.get(fieldName.theirs(id))),
      choice: choice === "mine" || choice === "theirs" ? choice : null,
    });
  }
  return posted;
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);

/** Whether the person changed the value, and the note, of a posted question. */
export function touched(p: PostedAnswer): { value: boolean; note: boolean } {
  const value = p.orig === undefined ? !isEmpty(p.raw) : !sameRaw(p.raw, p.orig);
  const note = p.note === undefined ? false : p.origNote === undefined ? p.note !== null : !sameRaw(p.note ?? "", p.origNote ?? "");
  return { value, note };
}

/** What a section post writes for the person's own changes. */
function editsOf(posted: PostedAnswer[]): AnswerInput[] {
  const inputs: AnswerInput[] = [];
  for (const p of posted) {
    if (p.choice === "theirs") continue; // the colleague's answer stands
    const t = touched(p);
    if (!t.value && !t.note) continue;
    const baseRevision = p.choice === "mine" && p.theirRevision !== null ? p.theirRevision : p.baseRevision;
    inputs.push({ questionId: p.questionId, raw: p.value, note: t.note ? p.note : undefined, baseRevision });
  }
  return inputs;
}

/** An answer copied from last year, with what it replaced: enough to undo the copy. */
export interface Copy {
  questionId: string;
  /** The value before the copy (null: no answer). */
  before: AnswerValue;
  /** The revision the copy wrote (set once saved). */
  revision: number;
}

export type SectionIntent =
  | { kind: "save" }
  /** "*": every empty answer of the section; a question id: replace that one answer (an explicit choice). */
  | { kind: "lastYear"; target: "*" | string }
  | { kind: "undoCopy"; copies: Copy[] };

export interface SectionPlan {
  inputs: AnswerInput[];
  /** Question ids whose input is a copy of last year's answer, with the value each replaces. */
  copies: Array<{ questionId: string; before: AnswerValue }>;
  /** Section questions with last year's answer that kept this year's non-empty answer. */
  kept: string[];
}

export function planSectionPost({
  section,
  posted,
  stored,
  previous,
  intent,
}: {
  section: Section;
  posted: PostedAnswer[];
  stored: ReadonlyMap<string, { value: AnswerValue; revision: number }>;
  previous: Record<string, AnswerValue> | null;
  intent: SectionIntent;
}): SectionPlan {
  if (intent.kind === "undoCopy") {
    const ids = new Set(section.questions.map((q) => q.id));
    return {
      inputs: intent.copies.filter((c) => ids.has(c.questionId)).map((c) => ({ questionId: c.questionId, raw: c.before, baseRevision: c.revision })),
      copies: [],
      kept: [],
    };
  }
  const inputs = editsOf(posted);
  if (intent.kind === "save" || !previous) return { inputs, copies: [], kept: [] };
  const copies: SectionPlan["copies"] = [];
  const kept: string[] = [];
  const byId = new Map(posted.map((p) => [p.questionId, p]));
  const targets = intent.target === "*" ? section.questions.map((q) => q.id) : section.questions.some((q) => q.id === intent.target) ? [intent.target] : [];
  for (const questionId of targets) {
    const last = previous[questionId];
    if (isEmpty(last)) continue;
    const p = byId.get(questionId);
    const current = stored.get(questionId);
    const at = inputs.findIndex((i) => i.questionId === questionId);
    if (intent.target === "*") {
      // Fill only what is empty: stored empty, and not typed into on the page.
      if (!isEmpty(current?.value) || (p && touched(p).value && !isEmpty(p.raw))) {
        if (!isEmpty(current?.value)) kept.push(questionId);
        continue;
      }
      const input: AnswerInput = { questionId, raw: last, baseRevision: current?.revision ?? null, note: at >= 0 ? inputs[at].note : undefined };
      if (at >= 0) inputs[at] = input;
      else inputs.push(input);
      copies.push({ questionId, before: current?.value ?? null });
    } else {
      // One answer replaced, chosen by the person: from the revision their page showed.
      const input: AnswerInput = { questionId, raw: last, baseRevision: p ? p.baseRevision : (current?.revision ?? null), note: at >= 0 ? inputs[at].note : undefined };
      if (at >= 0) inputs[at] = input;
      else inputs.push(input);
      copies.push({ questionId, before: current?.value ?? null });
    }
  }
  return { inputs, copies, kept };
}

/** The copies that were saved, with the revisions they wrote (what "undo" needs). */
export function savedCopies(copies: SectionPlan["copies"], outcomes: SaveOutcome[]): Copy[] {
  const out: Copy[] = [];
  for (const c of copies) {
    const o = outcomes.find((x) => x.questionId === c.questionId);
    if (o?.status === "saved") out.push({ questionId: c.questionId, before: c.before, revision: o.revision });
  }
  return out;
}

/** The copies an undo form sends back (JSON), checked; anything malformed is ignored. */
export function copiesFromForm(form: FormData): Copy[] {
  const raw = form.get("copies");
  if (typeof raw !== "string" || raw.length > 200_000) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (c): c is Copy =>
          !!c &&
          typeof c === "object" &&
          typeof (c as Copy).questionId === "string" &&
          (c as Copy).questionId.length <= 100 &&
          Number.isInteger((c as Copy).revision) &&
          (c as Copy).revision > 0 &&
          "before" in c,
      )
      .slice(0, 500);
  } catch {
    return [];
  }
}

/** What the page shows in a question's fields after a post that did not save everything. */
export interface TypedField {
  value: unknown;
  note?: string | null;
  revision: number | null;
  orig?: unknown;
  origNote?: string | null;
}

/**
 * After a post with errors or conflicts: the questions whose typed value the page must show again
 * (invalid or in conflict), with the revision and loaded value they were edited from, so that
 * saving again still compares with what the person saw. Saved and untouched questions show what
 * is stored.
 */
export function typedToShow(posted: PostedAnswer[], outcomes: SaveOutcome[]): Record<string, TypedField> {
  const typed: Record<string, TypedField> = {};
  for (const p of posted) {
    const outcome = outcomes.find((o) => o.questionId === p.questionId);
    if (!outcome || outcome.status === "saved") continue;
    typed[p.questionId] = { value: p.raw, note: p.note, revision: p.baseRevision, orig: p.orig, origNote: p.origNote };
  }
  return typed;
}
