import { and, eq, lt, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { rateLimits } from "#db/schema/index";
import { sha256 } from "./crypto.server";

/**
 * Every rate limit of Bilan, counted in the database (docs/decisions/0620): one atomic
 * `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` per counter and fixed window, so that
 * concurrent requests and several app servers see one count. An attempt is counted before the
 * work it limits (argon2, an email): forty concurrent attempts against a limit of ten get the
 * counts 1 to 40, and only ten go on.
 */
export interface Limit {
  /** Stable name, part of the counter's key: `sign_in.address`. */
  name: string;
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The limits. Several windows on one thing make the delays grow: after a few failures an
 * account waits a minute, after more a quarter of an hour, then an hour.
 */
export const LIMITS = {
  /** Sign-in failures from one address (ASVS 6.3.1; shared/guide/privacy.md: 10 a minute). */
  signInAddress: [
    { name: "sign_in.address.minute", max: 10, windowMs: MINUTE },
    { name: "sign_in.address.hour", max: 100, windowMs: HOUR },
  ],
  /** Sign-in failures on one account from browsers it does not know (at most 100 an hour). */
  signInAccount: [
    { name: "sign_in.account.minute", max: 10, windowMs: MINUTE },
    { name: "sign_in.account.quarter", max: 30, windowMs: 15 * MINUTE },
    { name: "sign_in.account.hour", max: 100, windowMs: HOUR },
  ],
  /** Sign-in failures from one known-device cookie: past it, the browser counts as unknown. */
  signInDevice: [{ name: "sign_in.device", max: 10, windowMs: HOUR }],
  passwordResetAccount: [{ name: "password_reset.account", max: 3, windowMs: HOUR }],
  passwordResetAddress: [{ name: "password_reset.address", max: 10, windowMs: HOUR }],
  signUpAddress: [
    { name: "sign_up.address.hour", max: 20, windowMs: HOUR },
    { name: "sign_up.address.day", max: 50, windowMs: DAY },
  ],
  invitationOrganisation: [
    { name: "invitation.organisation.hour", max: 30, windowMs: HOUR },
    { name: "invitation.organisation.day", max: 100, windowMs: DAY },
  ],
  invitationRecipient: [{ name: "invitation.recipient", max: 3, windowMs: DAY }],
  /** Responses started on one survey link (a big organisation's workers answering at once pass). */
  surveyLinkStarts: [
    { name: "survey.link.starts.minute", max: 600, windowMs: MINUTE },
    { name: "survey.link.starts.day", max: 5000, windowMs: DAY },
  ],
  /** Codes tried on one survey link that were not valid (guessing codes). */
  surveyLinkBadCodes: [{ name: "survey.link.bad_codes", max: 30, windowMs: HOUR }],
  /** Saves of one respondent. */
  surveyRespondentSaves: [{ name: "survey.respondent.saves", max: 200, windowMs: HOUR }],
} satisfies Record<string, Limit[]>;

export interface Counted {
  limit: Limit;
  key: string;
}

/** The counters of several limits on one key (an address, an account). */
export function on(limits: Limit[], key: string): Counted[] {
  return limits.map((limit) => ({ limit, key }));
}

/** Keys that are personal (emails, addresses) are stored hashed. */
export const personalKey = (value: string) => sha256(value.trim().toLowerCase());

export const windowStart = (limit: Limit, now: Date) => new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);

/** Adds one to a counter and returns the new count, atomically. */
async function increment({ limit, key }: Counted, now: Date): Promise<{ count: number; start: Date }> {
  const db = await getDb();
  const start = windowStart(limit, now);
  const [row] = await db
    .insert(rateLimits)
    .values({ name: limit.name, key, windowStart: start, count: 1, expiresAt: new Date(start.getTime() + limit.windowMs) })
    .onConflictDoUpdate({
      target: [rateLimits.name, rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  return { count: row.count, start };
}

async function decrement({ limit, key }: Counted, start: Date) {
  const db = await getDb();
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.name, limit.name), eq(rateLimits.key, key), eq(rateLimits.windowStart, start)));
}

export type Reservation =
  | { ok: true; /** Gives the attempt back (a sign-in that succeeded is no failure). */ release: () => Promise<void> }
  | { ok: false; retryAfterSeconds: number };

/**
 * Counts one attempt on every counter, in order; stops at the first counter past its limit and
 * gives back what this attempt took, so a refused attempt costs nothing and counts nothing.
 */
export async function reserve(counters: Counted[], now = new Date()): Promise<Reservation> {
  const taken: { counted: Counted; start: Date }[] = [];
  const giveBack = () => Promise.all(taken.map(({ counted, start }) => decrement(counted, start))).then(() => undefined);
  for (const counted of counters) {
    const { count, start } = await increment(counted, now);
    taken.push({ counted, start });
    if (count > counted.limit.max) {
      await giveBack();
      const retryAfterMs = start.getTime() + counted.limit.windowMs - now.getTime();
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
  }
  await pruneSometimes(now);
  let released = false;
  return {
    ok: true,
    release: async () => {
      if (released) return;
      released = true;
      await giveBack();
    },
  };
}

/** The count of a counter in its current window, without counting. */
export async function countOf({ limit, key }: Counted, now = new Date()): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.name, limit.name), eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart(limit, now))));
  return row?.count ?? 0;
}

/** Windows that ended are deleted now and then, by whichever request comes. */
async function pruneSometimes(now: Date) {
  if (Math.random() > 0.01) return;
  const db = await getDb();
  await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now));
}

/** For tests: forget every counter. */
export async function clearRateLimits() {
  const db = await getDb();
  await db.delete(rateLimits);
}
