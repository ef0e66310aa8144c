import { readCookie, readCookieHeader, serializeCookie } from "./cookies.server";
import { getEnv } from "./env.server";
import { randomToken, safeEqual } from "./crypto.server";
import { defaultLocale, type Locale } from "#app/i18n/locales";
import { rememberFormLocale, requestRefusal, shownFieldName } from "./bad-request.server";
import { resolveLocale } from "./locale.server";

export const CSRF_COOKIE = "bilan_csrf";
export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "x-csrf-token";

/**
 * Double-submit token: a random value in an HttpOnly, SameSite cookie, repeated in every form.
 * Another site can neither read the cookie nor set it, so it cannot forge the field.
 * Returns the token to render, and a Set-Cookie header when the browser had none.
 */
export function csrfToken(request: Request): { token: string; setCookie?: string } {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return { token: existing };
  const token = randomToken(32);
  return { token, setCookie: serializeCookie(CSRF_COOKIE, token) };
}

export class CsrfError extends Error {}

/** Throws a 403 response unless the request carries the token of its cookie and comes from our origin. */
export function assertCsrf(request: Request, submitted: FormDataEntryValue | string | null | undefined) {
  const header = (name: string) => request.headers.get(name);
  if (!csrfPasses(header, typeof submitted === "string" ? submitted : null, () => new URL(request.url).host)) throw csrfRefusal(resolveLocale(request));
}

/**
 * The CSRF rule on any kind of request, given its headers: not cross-site, the Origin (when
 * sent) is our host, and the form field or X-CSRF-Token header equals the cookie.
 */
export function csrfPasses(header: (name: string) => string | null | undefined, submitted: string | null, requestHost: () => string): boolean {
  if (!originAllowed(header, requestHost)) return false;
  const cookie = readCookieHeader(header("cookie"), CSRF_COOKIE);
  const value = submitted ?? header(CSRF_HEADER) ?? "";
  return Boolean(cookie && value && safeEqual(cookie, value));
}

/**
 * The origin rule of every state change: not cross-site, and the Origin (when sent) is our host.
 * "null" is the origin of a sandboxed frame, a data: page or a cross-site redirect: never our
 * page. Used by csrfPasses and, before any route, by the front door.
 */
export function originAllowed(header: (name: string) => string | null | undefined, requestHost: () => string): boolean {
  if (header("sec-fetch-site") === "cross-site") return false;
  const origin = header("origin");
  if (origin === "null") return false;
  if (!origin) return true;
  // Behind a trusted proxy the public host is in X-Forwarded-Host; otherwise nobody may set it.
  const forwarded = getEnv().TRUST_PROXY ? header("x-forwarded-host")?.split(",")[0]?.trim() : null;
  const host = forwarded || header("host") || requestHost();
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function csrfRefusal(locale: Locale = defaultLocale) {
  return requestRefusal(403, locale, "common.request.csrfExpired");
}

/** The most any form may weigh: far above a full section with long notes, far below harm. */
export const FORM_MAX_BYTES = 2_000_000;
/**
 * The most fields any form may carry: the largest section of a questionnaire posts a few
 * hundred (a value, a revision and a note per question, one field per ticked choice). More is
 * not a form of Bilan, and refusing it before decoding keeps every later loop over the fields
 * bounded.
 */
export const FORM_MAX_FIELDS = 2_000;

/** Every action reads its form through this: the CSRF check cannot be forgotten. */
export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  const locale = resolveLocale(request);
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw tooLarge(locale);
  const bytes = await readLimited(request, maxBytes, locale);
  const form = await parseForm(bytes, request.headers.get("content-type"), locale);
  const token = form.get(CSRF_FIELD);
  assertCsrf(request, typeof token === "string" ? token : null);
  return form;
}

/**
 * A form body, URL-encoded (read directly: the common case) or multipart. Throws a 400 response
 * for a body that is not a form or holds a NUL character (PostgreSQL cannot store it), and a 413
 * for one with more than FORM_MAX_FIELDS fields, counted on the bytes before anything is decoded.
 * Linear in the size of the body.
 */
export async function parseForm(bytes: Uint8Array, contentType: string | null | undefined, locale: Locale = defaultLocale): Promise<FormData> {
  const type = contentType ?? "application/x-www-form-urlencoded";
  const unreadable = () => requestRefusal(400, locale, "common.request.unreadable");
  let form: FormData;
  if (/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    if (countBytes(bytes, "&") >= FORM_MAX_FIELDS) throw tooManyFields(locale);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw unreadable();
    }
    form = new FormData();
    for (const [name, value] of new URLSearchParams(text)) form.append(name, value);
  } else {
    const boundary = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(type);
    if (boundary && countBytes(bytes, `--${boundary[1] ?? boundary[2]}`) > FORM_MAX_FIELDS + 1) throw tooManyFields(locale);
    try {
      form = await new Response(new Blob([bytes as BlobPart]), { headers: { "content-type": type } }).formData();
    } catch {
      throw unreadable();
    }
  }
  let fields = 0;
  for (const [name, value] of form) {
    if (++fields > FORM_MAX_FIELDS) throw tooManyFields(locale);
    if (name.includes("\u0000") || (typeof value === "string" && value.includes("\u0000"))) {
      throw requestRefusal(400, locale, "common.request.nulCharacter", { field: shownFieldName(name) });
    }
  }
  rememberFormLocale(form, locale);
  return form;
}

/** How often `needle` occurs in `bytes`: one pass, no copy. */
function countBytes(bytes: Uint8Array, needle: string): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pattern = Buffer.from(needle);
  let n = 0;
  for (let at = buffer.indexOf(pattern); at >= 0; at = buffer.indexOf(pattern, at + pattern.length)) n++;
  return n;
}

export function tooLarge(locale: Locale = defaultLocale) {
  return requestRefusal(413, locale, "common.request.tooLarge");
}

function tooManyFields(locale: Locale) {
  return requestRefusal(413, locale, "common.request.tooManyFields", { max: FORM_MAX_FIELDS });
}

/** Reads the body counting bytes, so a chunked body without Content-Length is limited too. */
async function readLimited(request: Request, maxBytes: number, locale: Locale): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(locale);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
