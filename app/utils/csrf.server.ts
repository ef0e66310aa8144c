import { readCookie, readCookieHeader, serializeCookie } from "./cookies.server";
import { getEnv } from "./env.server";
import { randomToken, safeEqual } from "./crypto.server";

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
  if (!csrfPasses(header, typeof submitted === "string" ? submitted : null, () => new URL(request.url).host)) throw csrfRefusal();
}

/**
 * The CSRF rule on any kind of request, given its headers: not cross-site, the Origin (when
 * sent) is our host, and the form field or X-CSRF-Token header equals the cookie.
 */
export function csrfPasses(header: (name: string) => string | null | undefined, submitted: string | null, requestHost: () => string): boolean {
  if (header("sec-fetch-site") === "cross-site") return false;
  const origin = header("origin");
  if (origin && origin !== "null") {
    // Behind a trusted proxy the public host is in X-Forwarded-Host; otherwise nobody may set it.
    const forwarded = getEnv().TRUST_PROXY ? header("x-forwarded-host") : null;
    const host = forwarded ?? header("host") ?? requestHost();
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return false;
    }
    if (originHost !== host) return false;
  }
  const cookie = readCookieHeader(header("cookie"), CSRF_COOKIE);
  const value = submitted ?? header(CSRF_HEADER) ?? "";
  return Boolean(cookie && value && safeEqual(cookie, value));
}

export function csrfRefusal() {
  return new Response("This form has expired or did not come from Bilan. Reload the page and try again.", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/** Every action reads its form through this: the CSRF check cannot be forgotten. */
/** The most any form may weigh: far above a full section with long notes, far below harm. */
export const FORM_MAX_BYTES = 2_000_000;

export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw tooLarge();
  const bytes = await readLimited(request, maxBytes);
  const form = await parseForm(bytes, request.headers.get("content-type"));
  const token = form.get(CSRF_FIELD);
  assertCsrf(request, typeof token === "string" ? token : null);
  return form;
}

/** A form body, URL-encoded (read directly: the common case) or multipart. Throws a 400 response. */
export async function parseForm(bytes: Uint8Array, contentType: string | null | undefined): Promise<FormData> {
  const type = contentType ?? "application/x-www-form-urlencoded";
  try {
    if (/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
      const form = new FormData();
      for (const [name, value] of new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(bytes))) form.append(name, value);
      return form;
    }
    return await new Response(new Blob([bytes as BlobPart]), { headers: { "content-type": type } }).formData();
  } catch {
    throw new Response("This request could not be read as a form.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
}

export function tooLarge() {
  return new Response("This form is too large.", { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Reads the body counting bytes, so a chunked body without Content-Length is limited too. */
async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
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
      throw tooLarge();
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
