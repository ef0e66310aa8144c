import { getEnv } from "./env.server";

export interface CookieOptions {
  maxAge?: number;
  httpOnly?: boolean;
  sameSite?: "Lax" | "Strict";
}

/** In production cookies get `Secure` and the `__Host-` prefix (no Domain, Path=/). */
export function cookieName(base: string) {
  return getEnv().secureCookies ? `__Host-${base}` : base;
}

export function readCookie(request: Request, base: string): string | undefined {
  return readCookieHeader(request.headers.get("cookie"), base);
}

/** The cookie from a raw Cookie header (for handlers that see Node's request, not a Request). */
export function readCookieHeader(header: string | null | undefined, base: string): string | undefined {
  if (!header) return undefined;
  const name = cookieName(base);
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function serializeCookie(base: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${cookieName(base)}=${encodeURIComponent(value)}`, "Path=/", `SameSite=${options.sameSite ?? "Lax"}`];
  if (options.httpOnly !== false) parts.push("HttpOnly");
  if (getEnv().secureCookies) parts.push("Secure");
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  return parts.join("; ");
}

export function clearCookie(base: string): string {
  return serializeCookie(base, "", { maxAge: 0 });
}
