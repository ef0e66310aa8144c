import { readCookie, serializeCookie } from "./cookies.server";
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
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site") throw csrfRefusal();
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    // Behind a trusted proxy the public host is in X-Forwarded-Host; otherwise nobody may set it.
    const forwarded = getEnv().TRUST_PROXY ? request.headers.get("x-forwarded-host") : null;
    const host = forwarded ?? request.headers.get("host") ?? new URL(request.url).host;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw csrfRefusal();
    }
    if (originHost !== host) throw csrfRefusal();
  }
  const cookie = readCookie(request, CSRF_COOKIE);
  const value = typeof submitted === "string" ? submitted : (request.headers.get(CSRF_HEADER) ?? "");
  if (!cookie || !value || !safeEqual(cookie, value)) throw csrfRefusal();
}

function csrfRefusal() {
  return new Response("This form has expired or did not come from Bilan. Reload the page and try again.", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/** Every action reads its form through this: the CSRF check cannot be forgotten. */
export async function readForm(request: Request, maxBytes = 2_000_000): Promise<FormData> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw tooLarge();
  const bytes = await readLimited(request, maxBytes);
  let form: FormData;
  try {
    const contentType = request.headers.get("content-type") ?? "application/x-www-form-urlencoded";
    form = await new Response(new Blob([bytes as BlobPart]), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new Response("This request could not be read as a form.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const token = form.get(CSRF_FIELD);
  assertCsrf(request, typeof token === "string" ? token : null);
  return form;
}

function tooLarge() {
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
