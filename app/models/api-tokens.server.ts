import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { apiTokens, users } from "#db/schema/index";
import { audit } from "#app/utils/audit.server";
import { randomToken, sha256 } from "#app/utils/crypto.server";
import { loadActor } from "#app/utils/guards.server";
import { can } from "#app/utils/permissions";
import { clientIp } from "#app/utils/request.server";
import { getSessionUser, type SessionUser } from "#app/utils/session.server";
// Registers the researcher's approval on the actor, which the permission below reads.
import "./researchers.server";

/** Tokens look like `bilan_<43 url-safe characters>`: 256 random bits, recognisable in a leaked file. */
export const TOKEN_PREFIX = "bilan_";
const TOKEN_PATTERN = /^bilan_[A-Za-z0-9_-]{43}$/;
export const MAX_LIVE_TOKENS = 10;

export type CreateTokenOutcome = { ok: true; token: string; id: string } | { ok: false; error: string };

/** Creates a personal token; the token itself is returned once and only its SHA-256 is stored. */
export async function createApiToken({ userId, name, ip }: { userId: string; name: string; ip?: string }): Promise<CreateTokenOutcome> {
  const db = await getDb();
  const live = await db.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  if (live.length >= MAX_LIVE_TOKENS) return { ok: false, error: "research.tooManyTokens" };
  const token = TOKEN_PREFIX + randomToken(32);
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: sha256(token), prefix: token.slice(0, TOKEN_PREFIX.length + 4) })
    .returning({ id: apiTokens.id });
  await audit({ action: "research.token_created", actorUserId: userId, targetType: "api_token", targetId: row.id, ip, details: { name } });
  return { ok: true, token, id: row.id };
}

export async function listApiTokens(userId: string) {
  const db = await getDb();
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's own tokens; false when there is no such live token. Takes effect at the next request. */
export async function revokeApiToken({ userId, tokenId, ip }: { userId: string; tokenId: string; ip?: string }): Promise<boolean> {
  const db = await getDb();
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) return false;
  await audit({ action: "research.token_revoked", actorUserId: userId, targetType: "api_token", targetId: tokenId, ip });
  return true;
}

/** Revokes every live token of the user (a password reset): how many were. */
export async function revokeUserApiTokens(tx: Tx, userId: string): Promise<number> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}

/** The bearer token of a request: undefined when there is no Authorization header, null when it is malformed. */
export function bearerToken(request: Request): string | null | undefined {
  const header = request.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** The live token's owner, when the account is enabled; null for an unknown, revoked or malformed token. */
export async function authenticateApiToken(token: string): Promise<{ userId: string; tokenId: string } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: apiTokens.userId })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), isNull(users.disabledAt), isNull(users.deletedAt)));
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  return row;
}

export type ResearchAccess = { userId: string; tokenId: string | null; via: "web" | "api" };

function jsonError(status: number, error: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export const apiErrors = {
  unauthorized: () =>
    jsonError(401, "unauthorized", "Send a personal API token: Authorization: Bearer <token>. Researchers create tokens at /research/tokens.", {
      "www-authenticate": 'Bearer realm="bilan"',
    }),
  invalidToken: () =>
    jsonError(401, "invalid_token", "This API token is unknown or was revoked. Create a new one at /research/tokens.", {
      "www-authenticate": 'Bearer realm="bilan", error="invalid_token"',
    }),
  notFound: () => jsonError(404, "not_found", "Not found."),
  tooManyRequests: (limit: number, retryAfterSeconds: number) =>
    jsonError(429, "too_many_requests", `At most ${limit} downloads per researcher per hour. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, {
      "retry-after": String(retryAfterSeconds),
    }),
};

/**
 * Who calls the research API: a bearer token (a revoked or unknown one answers 401), else the web
 * session (none answers 401). Anyone but an approved researcher answers 404, as every guarded page.
 */
export async function requireResearchAccess(request: Request, context: unknown): Promise<ResearchAccess> {
  const bearer = bearerToken(request);
  let userId: string;
  let tokenId: string | null = null;
  let sessionUser: SessionUser | null;
  if (bearer !== undefined) {
    const found = bearer ? await authenticateApiToken(bearer) : null;
    if (!found) {
      await audit({ action: "research.token_refused", ip: clientIp(context), details: { path: new URL(request.url).pathname } });
      throw apiErrors.invalidToken();
    }
    const db = await getDb();
    const [user] = await db.select({ id: users.id, email: users.email, name: users.name, locale: users.locale, kind: users.kind, funderId: users.funderId }).from(users).where(eq(users.id, found.userId));
    sessionUser = { ...user, sessionId: "" };
    userId = found.userId;
    tokenId = found.tokenId;
  } else {
    sessionUser = await getSessionUser(request);
    if (!sessionUser) throw apiErrors.unauthorized();
    userId = sessionUser.id;
  }
  const actor = await loadActor(sessionUser);
  if (!can(actor, { action: "research.releases" })) {
    await audit({ action: "access.refused", actorUserId: userId, targetType: "research.releases", ip: clientIp(context), details: { method: request.method, path: new URL(request.url).pathname } });
    throw apiErrors.notFound();
  }
  return { userId, tokenId, via: tokenId ? "api" : "web" };
}
