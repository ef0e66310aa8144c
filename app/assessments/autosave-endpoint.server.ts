import type { IncomingMessage, ServerResponse } from "node:http";
import type { SaveOutcome } from "#app/models/assessments.server";
import { autosaveAnswer, type AutosaveOutcome } from "#app/models/autosave.server";
import { CSRF_FIELD, csrfPasses, csrfRefusal, FORM_MAX_BYTES, parseForm, tooLarge } from "#app/utils/csrf.server";
import { notFound } from "#app/utils/guards.server";
import { clientAddress } from "#app/utils/client-address.server";
import { log } from "#app/utils/log.server";
import { unavailableOnConnectionError } from "#db/client";
import { securityHeaders } from "#app/utils/security-headers";
import { readCookieHeader } from "#app/utils/cookies.server";
import type { Locale } from "#app/i18n/locales";
import { localeOfHeaders } from "#app/utils/locale.server";
import { SESSION_COOKIE } from "#app/utils/session.server";
import { browserKeyFromHeader } from "#app/models/pending-saves.server";
import { keepForAfterSignIn } from "./signed-out.server";

const statusOf = (outcome: SaveOutcome) =>
  outcome.status === "saved" ? 200 : outcome.status === "conflict" ? 409 : outcome.status === "invalid" ? 422 : 423;

/**
 * The reply to one autosave, in JSON: 200 saved, 409 conflict (with the colleague's value), 422
 * invalid (with the message code), 423 read-only, 401 signed out (the answer is kept for after
 * sign-in, and the reply says where to sign in), 404 not found or not allowed.
 */
export async function autosaveReply(
  saved: AutosaveOutcome,
  {
    organisationId,
    assessmentId,
    form,
    sessionToken,
    browserKey,
  }: { organisationId: string; assessmentId: string; form: FormData; sessionToken: string | null | undefined; browserKey: string | null | undefined },
): Promise<{ status: number; body: unknown } | "not_found"> {
  switch (saved.status) {
    case "signed_out": {
      // The same reply whatever exists and whatever was kept (docs/decisions/0640).
      const sectionId = String(form.get("sectionId") ?? "").slice(0, 100);
      const resumeUrl = await keepForAfterSignIn({ organisationId, assessmentId, sectionId, form, single: true, sessionToken, browserKey, ended: saved.ended });
      return { status: 401, body: { status: "signed_out", resumeUrl } };
    }
    case "not_found":
      return "not_found";
    case "read_only":
      return { status: 423, body: { status: "read_only" } };
    case "unknown_question":
      return { status: 422, body: { status: "invalid", error: { code: "unknown_question" } } };
    case "done":
      return { status: statusOf(saved.outcome), body: saved.outcome };
  }
}

const AUTOSAVE_PATH = /^\/o\/([^/]{1,64})\/assessments\/([^/]{1,64})\/answers$/;

/**
 * The production server answers autosaves here, straight from Node's request, before Express
 * and Remix: the questionnaire's hottest request skips the routing, the Web Request and the
 * stream adapters (docs/decisions/0007). The same rules as the route module
 * `o.$orgId.assessments.$assessmentId.answers.ts`, which serves it in development and tests:
 * the same CSRF check, size limit (that of every form), model call and reply. Returns false for any other request.
 */
export function serveAutosave(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST" || !req.url) return false;
  const match = AUTOSAVE_PATH.exec(req.url);
  if (!match) return false;
  let organisationId: string;
  let assessmentId: string;
  try {
    organisationId = decodeURIComponent(match[1]);
    assessmentId = decodeURIComponent(match[2]);
  } catch {
    return false; // Remix answers a malformed address
  }
  const headers = securityHeaders();
  // The database unreachable or not answering in time, even mid-request: 503 "try again".
  unavailableOnConnectionError(() => handle(req, organisationId, assessmentId))
    .then((reply) => send(res, reply.status, reply.body, headers))
    .catch((error: unknown) => {
      if (error instanceof Response) {
        // A refusal (403, 404, 413, 400) or the database's 503, as the route module throws them.
        error.text().then(
          (text) => send(res, error.status, text, { ...headers, ...Object.fromEntries(error.headers) }),
          () => send(res, 500, "Something went wrong on our side.", headers),
        );
        return;
      }
      log.error(`[error] POST ${req.url}:`, error);
      send(res, 500, "Something went wrong on our side.", { ...headers, "content-type": "text/plain; charset=utf-8" });
    });
  return true;
}

async function handle(req: IncomingMessage, organisationId: string, assessmentId: string): Promise<{ status: number; body: unknown }> {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : (value ?? null);
  };
  const locale = localeOfHeaders(header);
  const bytes = await readBody(req, FORM_MAX_BYTES, locale);
  const form = await parseForm(bytes, header("content-type"), locale);
  const token = form.get(CSRF_FIELD);
  if (!csrfPasses(header, typeof token === "string" ? token : null, () => header("host") ?? "")) throw csrfRefusal(locale);
  const sessionToken = readCookieHeader(header("cookie"), SESSION_COOKIE);
  const saved = await autosaveAnswer({
    sessionToken,
    organisationId,
    assessmentId,
    form,
    ip: clientAddress(req),
    path: req.url ?? "",
  });
  const reply = await autosaveReply(saved, { organisationId, assessmentId, form, sessionToken, browserKey: browserKeyFromHeader(header("cookie")) });
  if (reply === "not_found") throw notFound();
  return reply;
}

function readBody(req: IncomingMessage, maxBytes: number, locale: Locale): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
      req.resume();
      reject(tooLarge(locale));
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(locale));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) {
  if (res.headersSent) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": typeof body === "string" ? (headers["content-type"] ?? "text/plain; charset=utf-8") : "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}
