import { eq, lt, or, sql } from "drizzle-orm";
import { getDb, preparedPerConnection, type Db } from "#db/client";
import { sessions, users } from "#db/schema/index";
import { keepMembershipsForRequest, type MembershipRow } from "#app/models/organisations.server";
import { clearCookie, readCookie, serializeCookie } from "./cookies.server";
import { requestKey } from "./request.server";
import { randomToken, sha256 } from "./crypto.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "bilan_session";
/** The default idle timeout; SESSION_IDLE_TIMEOUT may shorten it (idleTimeoutMs). */
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
const idleTimeoutMs = () => getEnv().SESSION_IDLE_TIMEOUT * 1000;
/** last_seen_at is written at most this often: one write a minute (sooner under a short idle timeout), not one per request. */
const touchIntervalMs = () => Math.min(60 * 1000, idleTimeoutMs() / 4);

export interface SessionUser {
  sessionId: string;
  id: string;
  email: string | null;
  name: string;
  locale: string;
  kind: (typeof users.$inferSelect)["kind"];
  funderId: string | null;
}

/** A new session: a fresh random token in the cookie, its hash in the table. */
export async function createSession(userId: string, now = new Date()): Promise<string> {
  const token = randomToken(32);
  const db = await getDb();
  await db.insert(sessions).values({
    id: sha256(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
  });
  return serializeCookie(SESSION_COOKIE, token, { maxAge: ABSOLUTE_TIMEOUT_MS / 1000 });
}

export function sessionTokenFrom(request: Request) {
  return readCookie(request, SESSION_COOKIE);
}

/**
 * The root loader, a layout's and the page's guard all ask for the user of one GET request: look
 * it up once. Remix gives each loader its own copy of the Request but the same load context (one
 * object per HTTP request, made in server.js), so the context is the key when there is one.
 * (A POST may change the session or the user, so it is not shared there.)
 */
const userOfRequest = new WeakMap<object, Promise<SessionUser | null>>();


/** The signed-in user, or null when there is no live session (idle, expired, disabled, deleted). */
export function getSessionUser(request: Request, { context, now }: { context?: unknown; now?: Date } = {}): Promise<SessionUser | null> {
  if (now || request.method !== "GET") return lookUpSessionUser(request, now ?? new Date());
  const key = requestKey(request, context);
  let found = userOfRequest.get(key);
  if (!found) {
    found = lookUpSessionUser(request, new Date(), key);
    userOfRequest.set(key, found);
  }
  return found;
}

/** Every page's first query: prepared once per connection. */
const sessionLookup = preparedPerConnection((db: Db) =>
  db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      kind: users.kind,
      funderId: users.funderId,
      disabledAt: users.disabledAt,
      deletedAt: users.deletedAt,
      // The user's organisations and roles, which nearly every page needs next (see userMemberships).
      memberships: sql<MembershipRow[]>`(
        select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'role', m.role, 'disabled', o.disabled_at is not null) order by o.name, o.id), '[]'::json)
        from memberships m join organisations o on o.id = m.organisation_id
        where m.user_id = ${users.id}
      )`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_lookup"),
);

async function lookUpSessionUser(request: Request, now: Date, requestKey?: object): Promise<SessionUser | null> {
  const token = sessionTokenFrom(request);
  if (!token || token.length > 100) return null;
  const db = await getDb();
  const [row] = await sessionLookup(db).execute({ id: sha256(token) });
  if (!row) return null;
  if (!(await keepSessionAlive(row, now))) return null;
  if (requestKey) keepMembershipsForRequest(requestKey, row.id, row.memberships);
  return {
    sessionId: row.sessionId,
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    kind: row.kind,
    funderId: row.funderId,
  };
}

export interface SessionTimes {
  sessionId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  disabledAt: Date | null;
  deletedAt: Date | null;
}

/** Ended: idle too long, past its absolute lifetime, or its user disabled or deleted. */
export function sessionEnded(row: Omit<SessionTimes, "sessionId">, now: Date): boolean {
  return now.getTime() - row.lastSeenAt.getTime() > idleTimeoutMs() || row.expiresAt <= now || row.disabledAt !== null || row.deletedAt !== null;
}

/**
 * For a session just read: deletes it when it has ended (false), otherwise records the activity
 * at most once a minute (true).
 */
export async function keepSessionAlive(row: SessionTimes, now: Date): Promise<boolean> {
  const db = await getDb();
  if (sessionEnded(row, now)) {
    await db.delete(sessions).where(eq(sessions.id, row.sessionId));
    return false;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > touchIntervalMs()) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  return true;
}

/** Deletes a session that has ended (after what was typed under it has been kept). */
export async function endSession(sessionId: string) {
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * For a POST whose session may have just ended: the user it belonged to, when it has ended (idle
 * or past its lifetime) and the user is still active; null for a live session or none. Read
 * before getSessionUser deletes the ended row, so that answers typed after the expiry can be
 * kept for that user (models/pending-saves.server.ts).
 */
export async function endedSessionOf(request: Request, now = new Date()): Promise<{ userId: string; sessionId: string } | null> {
  const token = sessionTokenFrom(request);
  if (!token || token.length > 100) return null;
  const db = await getDb();
  const [row] = await sessionLookup(db).execute({ id: sha256(token) });
  if (!row || !sessionEnded(row, now) || row.disabledAt !== null || row.deletedAt !== null) return null;
  return { userId: row.id, sessionId: row.sessionId };
}

/** Ends the request's session server-side and returns the cookie that clears it. */
export async function destroySession(request: Request): Promise<string> {
  const token = sessionTokenFrom(request);
  if (token) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.id, sha256(token)));
  }
  return clearCookie(SESSION_COOKIE);
}

/** After a password change or account deletion: every session of the user ends. */
export async function destroyUserSessions(userId: string) {
  const db = await getDb();
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(now = new Date()) {
  const db = await getDb();
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - idleTimeoutMs()))));
}

