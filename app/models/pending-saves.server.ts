import { and, count, eq, gt, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, memberships, pendingSaves, type PendingValue } from "#db/schema/index";
import { randomToken, sha256 } from "#app/utils/crypto.server";
import { readCookie, readCookieHeader, serializeCookie } from "#app/utils/cookies.server";
import { roleAtLeast } from "#app/utils/permissions";

/**
 * Answers typed after a member's session ended (docs/decisions/0640). They are kept only when
 * the request proves both who the member was (the token of their ended session) and which
 * browser it came from (the `bilan_browser` cookie, set by the section page), and only for an
 * editor of the assessment's organisation. Everything else is dropped without a word: the
 * reply to a signed-out request is the same whether anything was kept, and whether the
 * organisation and the assessment exist.
 */

export const BROWSER_COOKIE = "bilan_browser";
const BROWSER_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
/** Bounds: one row per member, browser and assessment, at most this many rows per member… */
export const MAX_PENDING_ROWS_PER_USER = 20;
/** …each at most this large (JSON text of its values)… */
export const MAX_PENDING_BYTES = 200_000;
/** …and written at most this often over its life (one autosave after another is one write each). */
export const MAX_PENDING_WRITES = 2_000;

export type PendingValues = Record<string, PendingValue>;

/** The browser's key, or undefined. */
export function browserKeyFrom(request: Request) {
  return readCookie(request, BROWSER_COOKIE);
}
export function browserKeyFromHeader(cookieHeader: string | null | undefined) {
  return readCookieHeader(cookieHeader, BROWSER_COOKIE);
}

/** The Set-Cookie that gives this browser its key, when it has none yet (section pages). */
export function browserCookieIfMissing(request: Request): string | null {
  const key = browserKeyFrom(request);
  if (key && /^[A-Za-z0-9_-]{20,100}$/.test(key)) return null;
  return serializeCookie(BROWSER_COOKIE, randomToken(32), { maxAge: BROWSER_COOKIE_MAX_AGE_S });
}

const usable = (value: string | null | undefined): value is string => typeof value === "string" && value.length > 0 && value.length <= 100;

export interface PendingOwner {
  userId: string;
  assessmentId: string;
  sessionKey: string;
  browserHash: string;
}

/**
 * Who may keep answers typed after a session ended, for this assessment: the member whose session
 * has just ended (`ended`, when the request still found it), or the member for whom an earlier
 * request of the same page (same session token, same browser) kept answers; and only an editor
 * of the assessment's organisation. Null for anyone else, anonymous requests included.
 */
export async function pendingOwner({
  sessionToken,
  browserKey,
  ended,
  organisationId,
  assessmentId,
  now = new Date(),
}: {
  sessionToken: string | null | undefined;
  browserKey: string | null | undefined;
  ended: { userId: string | null } | null;
  organisationId: string;
  assessmentId: string;
  now?: Date;
}): Promise<PendingOwner | null> {
  if (!usable(sessionToken) || !usable(browserKey) || organisationId.length > 64 || assessmentId.length > 64) return null;
  const sessionKey = sha256(sessionToken);
  const browserHash = sha256(browserKey);
  const db = await getDb();
  let userId = ended?.userId ?? null;
  if (!userId && !ended) {
    const [earlier] = await db
      .select({ userId: pendingSaves.userId })
      .from(pendingSaves)
      .where(and(eq(pendingSaves.sessionKey, sessionKey), eq(pendingSaves.browserHash, browserHash), gt(pendingSaves.expiresAt, now)))
      .limit(1);
    userId = earlier?.userId ?? null;
  }
  if (!userId) return null;
  const [member] = await db
    .select({ role: memberships.role })
    .from(assessments)
    .innerJoin(memberships, and(eq(memberships.organisationId, assessments.organisationId), eq(memberships.userId, userId)))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)));
  if (!member || !roleAtLeast(member.role, "editor")) return null;
  return { userId, assessmentId, sessionKey, browserHash };
}

/**
 * Keeps what was typed after the session ended, merged into the owner's earlier kept answers of
 * the same assessment in the same browser (later values win). Bounded: rows per member, size and
 * writes per row; beyond a bound nothing more is kept (false).
 */
export async function keepPending(owner: PendingOwner, values: PendingValues, now = new Date()): Promise<boolean> {
  if (Object.keys(values).length === 0 || JSON.stringify(values).length > MAX_PENDING_BYTES) return false;
  const { userId, assessmentId, sessionKey, browserHash } = owner;
  const db = await getDb();
  const [{ rows }] = await db
    .select({ rows: count() })
    .from(pendingSaves)
    .where(and(eq(pendingSaves.userId, userId), gt(pendingSaves.expiresAt, now), sql`${pendingSaves.assessmentId} <> ${assessmentId}`));
  if (rows >= MAX_PENDING_ROWS_PER_USER) return false;
  const expiresAt = new Date(now.getTime() + PENDING_TTL_MS);
  const stale = sql`${pendingSaves.expiresAt} <= ${now.toISOString()}::timestamptz`;
  const merged = sql`case when ${stale} then excluded.values else ${pendingSaves.values} || excluded.values end`;
  const written = await db
    .insert(pendingSaves)
    .values({ assessmentId, userId, browserHash, sessionKey, values, expiresAt, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [pendingSaves.userId, pendingSaves.browserHash, pendingSaves.assessmentId],
      set: {
        values: merged,
        sessionKey: sql`excluded.session_key`,
        writes: sql`case when ${stale} then 1 else ${pendingSaves.writes} + 1 end`,
        updatedAt: now,
        expiresAt,
      },
      setWhere: sql`${pendingSaves.writes} < ${MAX_PENDING_WRITES} and octet_length((${merged})::text) <= ${MAX_PENDING_BYTES}`,
    })
    .returning({ id: pendingSaves.id });
  return written.length === 1;
}

/** The member's kept answers of this assessment in this browser (none once expired). */
export async function pendingFor({ userId, browserKey, assessmentId, now = new Date() }: { userId: string; browserKey: string | null | undefined; assessmentId: string; now?: Date }) {
  if (!usable(browserKey)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ values: pendingSaves.values, writes: pendingSaves.writes })
    .from(pendingSaves)
    .where(and(eq(pendingSaves.userId, userId), eq(pendingSaves.browserHash, sha256(browserKey)), eq(pendingSaves.assessmentId, assessmentId), gt(pendingSaves.expiresAt, now)));
  return row ?? null;
}

/**
 * Forgets kept answers: those of the given questions (saved, or discarded by their owner), or
 * all of them. Only the owner reaches a row: their user and their browser's key.
 */
export async function dropPending({ userId, browserKey, assessmentId, questionIds }: { userId: string; browserKey: string | null | undefined; assessmentId: string; questionIds?: string[] }) {
  if (!usable(browserKey)) return;
  const db = await getDb();
  const owner = and(eq(pendingSaves.userId, userId), eq(pendingSaves.browserHash, sha256(browserKey)), eq(pendingSaves.assessmentId, assessmentId));
  if (!questionIds) {
    await db.delete(pendingSaves).where(owner);
    return;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await db.select({ values: pendingSaves.values, writes: pendingSaves.writes }).from(pendingSaves).where(owner);
    if (!row) return;
    const left = Object.fromEntries(Object.entries(row.values).filter(([id]) => !questionIds.includes(id)));
    const unchanged = and(owner, eq(pendingSaves.writes, row.writes));
    const done =
      Object.keys(left).length === 0
        ? await db.delete(pendingSaves).where(unchanged).returning({ id: pendingSaves.id })
        : await db.update(pendingSaves).set({ values: left, writes: row.writes + 1 }).where(unchanged).returning({ id: pendingSaves.id });
    if (done.length) return;
  }
}
