import { useCallback, useEffect, useRef, useState } from "react";
import type { SaveState } from "#app/components/question-field";
import { fieldName } from "./form-values";

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

/**
 * Saves each answer shortly after it changes (at most ~1 s later), one request per question,
 * with the revision it was edited from; reports saving / saved / failed / conflict per question.
 */
export function useAutosave({ formRef, endpoint, sectionId, initialRevisions, enabled, onValueChange }: Options) {
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const revisions = useRef<Record<string, number | null>>({ ...initialRevisions });
  const timers = useRef<Record<string, ReturnType<typeof setTimeout>>>({});
  const inFlight = useRef<Record<string, boolean>>({});
  const again = useRef<Record<string, boolean>>({});

  const setState = (questionId: string, state: SaveState) => setStates((s) => ({ ...s, [questionId]: state }));

  const save = useCallback(async (questionId: string, baseRevisionOverride?: number | null) => {
    const form = formRef.current;
    if (!form) return;
    if (inFlight.current[questionId]) {
      again.current[questionId] = true;
      return;
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
    try {
      const response = await fetch(endpoint, { method: "POST", body, headers: { accept: "application/json" }, credentials: "same-origin" });
      const outcome = await response.json().catch(() => null);
      if (outcome?.status === "saved") {
        revisions.current[questionId] = outcome.revision;
        const revInput = form.elements.namedItem(fieldName.revision(questionId));
        if (revInput instanceof HTMLInputElement) revInput.value = String(outcome.revision);
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
    } catch {
      setState(questionId, { kind: "failed" });
    } finally {
      inFlight.current[questionId] = false;
      if (again.current[questionId]) {
        again.current[questionId] = false;
        void save(questionId);
      }
    }
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

  /** Sends every question whose value differs from what the page loaded (answers kept after a timeout). */
  const saveAll = useCallback((questionIds: string[]) => {
    for (const id of questionIds) void save(id);
  }, [save]);

  const keepMine = (questionId: string, theirRevision: number) => void save(questionId, theirRevision);

  const takeTheirs = (questionId: string, theirs: { value: unknown; revision: number }) => {
    const form = formRef.current;
    if (!form) return;
    revisions.current[questionId] = theirs.revision;
    const revInput = form.elements.namedItem(fieldName.revision(questionId));
    if (revInput instanceof HTMLInputElement) revInput.value = String(theirs.revision);
    const fields = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(fieldName.value(questionId))}"]`);
    const value = theirs.value;
    fields.forEach((field) => {
      if (field instanceof HTMLInputElement && (field.type === "radio" || field.type === "checkbox")) {
        field.checked = Array.isArray(value) ? value.includes(field.value) : String(value) === field.value;
      } else {
        field.value = value === null || value === undefined ? "" : String(value);
      }
    });
    onValueChange?.(questionId, value);
    setState(questionId, { kind: "saved" });
  };

  return { states, save, saveAll, keepMine, takeTheirs };
}
