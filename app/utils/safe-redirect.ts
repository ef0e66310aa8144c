import { z } from "zod";

const OUR_ORIGIN = "http://bilan.invalid";

/**
 * Where to go after a step (sign-in, the language switcher, …): only a path of this site.
 * The value is resolved as a browser would, against our origin, and accepted only if it stays
 * there. Control characters and backslashes are refused outright: browsers drop tabs and line
 * breaks and read `\` as `/`, so `/\t/evil.example` or `/\\evil.example` would leave the site.
 * Returns the normalised path, search and hash, or the fallback.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || hasUnsafeCharacters(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, OUR_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OUR_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // (a path such as "/./evil" cannot become "//evil" after normalisation, but check the result too)
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}

/** Control characters (C0, DEL, C1) and backslashes: nothing a path of ours contains. */
export function hasUnsafeCharacters(value: string): boolean {
  return hasControlCharacters(value) || value.includes("\\");
}

export function hasControlCharacters(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(value);
}

/**
 * A form's redirectTo field: text to 2,000 characters without control characters (CR, LF, VT, a
 * tab…: a 400 with a message). Whether it stays on this site is safeRedirectPath's job.
 */
export const redirectField = z
  .string()
  .max(2000, "common.request.badRedirect")
  .refine((value) => !hasControlCharacters(value), "common.request.badRedirect")
  .optional();
