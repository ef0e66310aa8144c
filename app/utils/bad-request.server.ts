import type { z } from "zod";
import { defaultLocale, type Locale } from "#app/i18n/locales";
import { translate, type MessageParams } from "#app/i18n/translate";
import { resolveLocale } from "./locale.server";

/**
 * A refusal of a request that cannot be read (too many fields, a NUL byte, a bad address or
 * search parameter): a plain-text message in the person's language, which the error page shows.
 */
export function requestRefusal(status: number, locale: Locale, key: string, params?: MessageParams): Response {
  return new Response(translate(locale, key, params), {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/** The language of the request each parsed form came from (set where forms are read). */
const formLocales = new WeakMap<FormData, Locale>();

export function rememberFormLocale(form: FormData, locale: Locale) {
  formLocales.set(form, locale);
}

/** A refusal about one form's content, in the language of the request it came from. */
export function formRefusal(form: FormData, status: number, key: string, params?: MessageParams): Response {
  return requestRefusal(status, formLocales.get(form) ?? defaultLocale, key, params);
}

/** How a field's name is shown in a message: control characters visible, at most 100 characters. */
export function shownFieldName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => String.fromCharCode(0x2400 + (c === "\u007f" ? 0x21 : c.charCodeAt(0)))).slice(0, 100);
}

/**
 * Parses a page's search parameters with its schema; a value the schema refuses (a search text
 * longer than the column allows) is a 400 naming the parameter, never a 500.
 */
export function parseSearchParams<S extends z.ZodType>(request: Request, schema: S, read: (params: URLSearchParams) => unknown): z.infer<S> {
  const parsed = schema.safeParse(read(new URL(request.url).searchParams));
  if (parsed.success) return parsed.data;
  const locale = resolveLocale(request);
  const issue = parsed.error.issues[0];
  const field = shownFieldName(String(issue?.path[0] ?? "q"));
  const max = issue && issue.code === "too_big" ? Number(issue.maximum) : undefined;
  const reason = max !== undefined ? translate(locale, "common.request.tooLongQuery", { max }) : translate(locale, "common.form.invalid");
  throw requestRefusal(400, locale, "common.request.badQuery", { field, reason });
}
