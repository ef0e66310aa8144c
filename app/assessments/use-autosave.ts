import { useCallback, useEffect, useRef, useState } from "react";
import type { SaveState } from "#app/components/question-field";
import { useLocale } from "#app/i18n/use-translate";
import type { AnswerValue } from "#app/questionnaires/index";
import { fieldName, valueToInput } from "./form-values";

const DEBOUNCE_MS = 700;

interface Options {
  formRef: React.RefObject<HTMLFormElement | null>;
  /** The autosave resource route (answers in JSON). */
  endpoint: string;
  sectionId: string;
  initialRevisions: Record<string, number | null>;
  enabled: boolean;
  /** Called with the question's current raw value whenever it changes (for applies_when). */
  onValueChange?: (questionId: string, raw: unknown) => void;
}

function questionIdOf(name: string): string | null {
  const match = /^(q|note|rev|present)\.(.+)$/.exec(name);
  return match ? match[2] : null;
}

/** Reads one question's value and note out of the form, as the server expects them. */
function readQuestion(form: HTMLFormElement, questionId: string) {
  const data = new FormData(form);
  return {
    values: data.getAll(fieldName.value(questionId)).filter((v): v is string => typeof v === "string"),
    note: data.get(fieldName.note(questionId)),
    isMultiple: data.has(fieldName.present(questionId)),
  };
}

/** An id for one change, unique enough to recognise a retry (also over plain HTTP, where randomUUID is missing). */
function newSaveId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What a save confirmed for a question: the revision stored, and its value and note as the form posts them. */
export interface Confirmed {
  revision: number;
  orig: string | string[];
  origNote: string | null;
}

/**
 * Saves each answer shortly after it changes (at most ~1 s later), one request per question,
 * with the revision it was edited from; reports saving / saved / failed / conflict per question.
 */
export function useAutosave({ formRef, endpoint, sectionId, initialRevisions, enabled, onValueChange }: Options) {
  const locale = useLocale();
  const [states, setStates] = useState<Record<string, SaveState>>({});
  // Kept in React state, not written into the hidden inputs: a re-render would reset those.
  const [confirmed, setConfirmed] = useState<Record<string, Confirmed>>({});
  const confirm = (questionId: string, c: Confirmed) => setConfirmed((all) => ({ ...all, [questionId]: c }));
  const revisions = useRef<Record<string, number | null>>({ ...initialRevisions });
  const timers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const inFlight = useRef<Record<string, boolean>>({});
  const again = useRef<Record<string, boolean>>({});
  /** Per question, the ids of sent changes whose reply never came (they may have been committed). */
  const unconfirmed = useRef<Record<string, string[]>>({});

  // The page loaded newer revisions (after a section post, a copy of last year's answers, a
  // revalidation): edit from them, never from the ones of the first load.
  useEffect(() => {
    for (const [id, revision] of Object.entries(initialRevisions)) {
      const known = revisions.current[id];
      if (revision !== null && (known === null || known === undefined || revision > known)) revisions.current[id] = revision;
    }
  }, [initialRevisions]);

  const setState = (questionId: string, state: SaveState) => setStates((s) => ({ ...s, [questionId]: state }));

  const save = useCallback(async (questionId: string, baseRevisionOverride?: number | null): Promise<SaveState["kind"]> => {
    const form = formRef.current;
    if (!form) return "failed";
    if (inFlight.current[questionId]) {
      again.current[questionId] = true;
      return "saving";
    }
    inFlight.current[questionId] = true;
    setState(questionId, { kind: "saving" });
    const { values, note, isMultiple } = readQuestion(form, questionId);
    const body = new FormData();
    body.set("csrf", String(new FormData(form).get("csrf") ?? ""));
    body.set("intent", "save-answer");
    body.set("questionId", questionId);
    body.set("sectionId", sectionId);
    for (const v of values) body.append(fieldName.value(questionId), v);
    if (isMultiple) body.set(fieldName.present(questionId), "1");
    if (typeof note === "string") body.set(fieldName.note(questionId), note);
    const base = baseRevisionOverride !== undefined ? baseRevisionOverride : revisions.current[questionId];
    body.set(fieldName.revision(questionId), base ? String(base) : "");
    // Kept for after sign-in if the session has ended: what the page had loaded.
    const loaded = new FormData(form);
    body.set(fieldName.orig(questionId), String(loaded.get(fieldName.orig(questionId)) ?? ""));
    body.set(fieldName.origNote(questionId), String(loaded.get(fieldName.origNote(questionId)) ?? ""));
    // One id per change; earlier changes whose replies were lost go along, so that the server
    // recognises a revision they wrote as this person's own instead of a colleague's.
    const saveId = newSaveId();
    body.set("saveId", saveId);
    for (const id of unconfirmed.current[questionId] ?? []) body.append("unconfirmed", id);
    unconfirmed.current[questionId] = [...(unconfirmed.current[questionId] ?? []), saveId].slice(-10);
    let kind: SaveState["kind"] = "failed";
    try {
      const response = await fetch(endpoint, { method: "POST", body, headers: { accept: "application/json" }, credentials: "same-origin" });
      const outcome = await response.json().catch(() => null);
      if (outcome?.status) unconfirmed.current[questionId] = (unconfirmed.current[questionId] ?? []).filter((id) => id !== saveId);
      if (outcome?.status === "saved") {
        unconfirmed.current[questionId] = [];
        revisions.current[questionId] = outcome.revision;
        confirm(questionId, { revision: outcome.revision, orig: isMultiple ? values : (values[0] ?? ""), origNote: typeof note === "string" ? note : null });
        setState(questionId, { kind: "saved" });
      } else if (outcome?.status === "conflict") {
        setState(questionId, { kind: "conflict", current: outcome.current });
      } else if (outcome?.status === "invalid") {
        setState(questionId, { kind: "invalid", error: outcome.error });
      } else if (outcome?.status === "signed_out") {
        setState(questionId, { kind: "signed_out", resumeUrl: outcome.resumeUrl });
      } else {
        setState(questionId, { kind: "failed" });
      }
      kind = outcome?.status === "saved" ? "saved" : outcome?.status === "conflict" ? "conflict" : outcome?.status === "invalid" ? "invalid" : outcome?.status === "signed_out" ? "signed_out" : "failed";
    } catch {
      setState(questionId, { kind: "failed" });
    } finally {
      inFlight.current[questionId] = false;
      if (again.current[questionId]) {
        again.current[questionId] = false;
        void save(questionId);
      }
    }
    return kind;
  }, [formRef, endpoint, sectionId]);

  useEffect(() => {
    const form = formRef.current;
    if (!form || !enabled) return;
    const onChange = (event: Event) => {
      const target = event.target as HTMLInputElement | null;
      const questionId = target?.name ? questionIdOf(target.name) : null;
      if (!questionId) return;
      if (onValueChange && target!.name.startsWith("q.")) onValueChange(questionId, readQuestion(form, questionId).values);
      clearTimeout(timers.current[questionId]);
      timers.current[questionId] = setTimeout(() => void save(questionId), DEBOUNCE_MS);
    };
    form.addEventListener("input", onChange);
    form.addEventListener("change", onChange);
    return () => {
      form.removeEventListener("input", onChange);
      form.removeEventListener("change", onChange);
    };
  }, [formRef, enabled, save, onValueChange]);

  /** Saves the given answers now, each from the given revision (answers kept after a timeout); resolves with the ids saved. */
  const saveAll = useCallback(async (entries: Array<{ questionId: string; baseRevision: number | null }>) => {
    const kinds = await Promise.all(entries.map((e) => save(e.questionId, e.baseRevision)));
    return entries.filter((_, i) => kinds[i] === "saved").map((e) => e.questionId);
  }, [save]);

  const keepMine = (questionId: string, theirRevision: number) => void save(questionId, theirRevision);

  const takeTheirs = (questionId: string, theirs: { value: unknown; revision: number }) => {
    const form = formRef.current;
    if (!form) return;
    revisions.current[questionId] = theirs.revision;
    confirm(questionId, {
      revision: theirs.revision,
      orig: Array.isArray(theirs.value) ? theirs.value.map(String) : typeof theirs.value === "number" ? valueToInput(theirs.value, locale) : theirs.value === null || theirs.value === undefined ? "" : String(theirs.value),
      origNote: null,
    });
    const fields = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(fieldName.value(questionId))}"]`);
    const value = theirs.value;
    // a number as the reader types it (a stored 1.234 is "1,234" in Catalan, never "1.234")
    const text = typeof value === "number" ? valueToInput(value as AnswerValue, locale) : value === null || value === undefined ? "" : String(value);
    fields.forEach((field) => {
      if (field instanceof HTMLInputElement && (field.type === "radio" || field.type === "checkbox")) {
        field.checked = Array.isArray(value) ? value.includes(field.value) : String(value) === field.value;
      } else {
        field.value = text;
      }
    });
    onValueChange?.(questionId, value);
    setState(questionId, { kind: "saved" });
  };

  return { states, confirmed, save, saveAll, keepMine, takeTheirs };
}
