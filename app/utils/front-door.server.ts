import type { IncomingMessage, ServerResponse } from "node:http";
import { translate } from "#app/i18n/translate";
import { originAllowed } from "./csrf.server";
import { getEnv } from "./env.server";
import { localeOfHeaders } from "./locale.server";
import { DEFAULT_CACHE_CONTROL, HSTS, securityHeaders } from "./security-headers";

/**
 * What every request meets first in the production server (server.js), before the autosave
 * endpoint, Express, static files and Remix:
 *
 * - the response gets the security headers (and `Cache-Control: no-store`, and HSTS over HTTPS)
 *   that it does not set itself, at the moment its headers are written: pages keep their own
 *   policy with its nonce, static files their caching, everything else gets the defaults;
 * - an address whose path or search parameters hold a NUL byte, or do not decode, is refused
 *   with a 400 and a message in the person's language: no route, query or log sees it.
 *
 * Returns true when it answered the request itself.
 */
export function frontDoor(req: IncomingMessage, res: ServerResponse): boolean {
  fillDefaultHeaders(res, requestIsHttps(req));
  // Without a trusted proxy nobody may name the public host (Remix compares it with the Origin).
  if (!getEnv().TRUST_PROXY) delete req.headers["x-forwarded-host"];
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  if (!addressIsReadable(req.url ?? "/")) return refuse(req, res, 400, "common.request.badAddress", header);
  // A state change from another origin (or Origin: null) is refused here, before Remix's own
  // check would answer it with a 500; the CSRF token is still checked where the form is read.
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS" && !originAllowed(header, () => "")) {
    return refuse(req, res, 403, "common.request.crossOrigin", header);
  }
  return false;
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, key: string, header: (name: string) => string | undefined): true {
  const text = translate(localeOfHeaders(header), key);
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
  req.resume();
  return true;
}

/** Over TLS here, or (behind a trusted proxy) over TLS at the proxy, as Express's req.protocol says. */
export function requestIsHttps(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!getEnv().TRUST_PROXY) return false;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/** The path and every search parameter decode, and none holds a NUL byte. */
export function addressIsReadable(url: string): boolean {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  try {
    if (decodeURIComponent(path).includes("\u0000")) return false;
  } catch {
    return false;
  }
  if (q < 0) return true;
  const search = url.slice(q + 1);
  if (!search.includes("%00") && !search.includes("\u0000")) {
    // Parameters that do not decode reach the page as written: only NUL matters to the database.
    return true;
  }
  for (const [name, value] of new URLSearchParams(search)) {
    if (name.includes("\u0000") || value.includes("\u0000")) return false;
  }
  return true;
}

/**
 * Sets, just before the headers go out, each default header the response has not set. Headers
 * passed to writeHead itself take precedence over these (Node merges them over setHeader's).
 */
const DEFAULTS: Array<[string, string]> = [...Object.entries(securityHeaders()), ["Cache-Control", DEFAULT_CACHE_CONTROL]];
const DEFAULTS_OVER_HTTPS: Array<[string, string]> = [...DEFAULTS, [HSTS.name, HSTS.value]];

function fillDefaultHeaders(res: ServerResponse, https: boolean) {
  const defaults = https ? DEFAULTS_OVER_HTTPS : DEFAULTS;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
    if (!this.headersSent) {
      for (const [name, value] of defaults) if (!this.hasHeader(name)) this.setHeader(name, value);
    }
    return writeHead.apply(this, args);
  } as ServerResponse["writeHead"];
}
