import type { z } from "zod";

/** Field errors carry i18n keys (e.g. "common.form.required"); the page translates them. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Parses a submitted form with its schema; on failure keeps what was typed so nothing is lost. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
  const values: Record<string, string> = {};
  // A null prototype: a field named "__proto__" or "constructor" is a field like any other.
  const raw: Record<string, unknown> = Object.create(null);
  // Repeated names collect into one array, appended in place: linear in the number of fields.
  const lists = new Map<string, string[]>();
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key === "csrf") continue;
    values[key] = value;
    const list = lists.get(key);
    if (list) list.push(value);
    else if (key in raw) {
      const started = [raw[key] as string, value];
      lists.set(key, started);
      raw[key] = started;
    } else raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message.includes(".") && !issue.message.includes(" ") ? issue.message : "common.form.invalid";
  }
  return { ok: false, errors, values };
}
