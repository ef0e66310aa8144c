import { and, count, eq, isNull } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { auditLog, invitations, memberships, organisations, passwordResets, users } from "#db/schema/index";
import type { Locale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import { audit } from "#app/utils/audit.server";
import { randomToken, sha256 } from "#app/utils/crypto.server";
import { publicUrl, sendEmail } from "#app/utils/email.server";
import { hashPassword, isCommonPassword, verifyPassword } from "#app/utils/password.server";
import { knownDeviceCookie, type KnownDevice } from "#app/utils/known-device.server";
import { countOf, LIMITS, on, personalKey, reserve } from "#app/utils/rate-limit.server";
import { createSession, destroyUserSessions } from "#app/utils/session.server";
import { revokeUserApiTokens } from "./api-tokens.server";
import { insertOrganisation, profileError, type OrganisationProfile } from "./organisations.server";

const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

export type SignInOutcome =
  | { ok: true; userId: string; cookie: string; deviceCookie: string; locale: string }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

/**
 * The counters one sign-in attempt goes through (docs/decisions/0620). From a browser that holds
 * this account's known-device cookie: that cookie's own counter only, so an attacker filling the
 * account's and the address's counters does not lock the owner out. From any other browser: the
 * address's counters, then the account's (a minute, a quarter of an hour, an hour: the delays
 * grow). A device cookie past its limit counts as unknown.
 */
async function signInCounters({ email, ip, userId, device }: { email: string; ip: string; userId: string | undefined; device: KnownDevice | null }) {
  if (device && userId && device.userId === userId) {
    const counters = on(LIMITS.signInDevice, device.nonce);
    const counts = await Promise.all(counters.map((counter) => countOf(counter)));
    if (counters.every(({ limit }, i) => counts[i] < limit.max)) return counters;
  }
  return [...on(LIMITS.signInAddress, personalKey(ip)), ...on(LIMITS.signInAccount, personalKey(email))];
}

export async function signIn({ email, password, ip, device = null }: { email: string; password: string; ip: string; device?: KnownDevice | null }): Promise<SignInOutcome> {
  const now = new Date();
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, locale: users.locale, disabledAt: users.disabledAt })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)));
  // The attempt is counted before argon2 runs: concurrent attempts cannot all pass the check.
  const reservation = await reserve(await signInCounters({ email, ip, userId: user?.id, device }), now);
  if (!reservation.ok) {
    await audit({ action: "auth.sign_in_throttled", actorUserId: user?.id ?? null, ip });
    return { ok: false, reason: "throttled", retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const valid = (await verifyPassword(user?.passwordHash, password)) && user && !user.disabledAt;
  if (!valid || !user) {
    await audit({ action: "auth.sign_in_failed", actorUserId: user?.id ?? null, ip });
    return { ok: false, reason: "invalid" };
  }
  // A success is not a failure: it gives its reservation back.
  await reservation.release();
  const cookie = await createSession(user.id, now);
  await audit({ action: "auth.sign_in", actorUserId: user.id, ip });
  return { ok: true, userId: user.id, cookie, deviceCookie: await knownDeviceCookie(user.id), locale: user.locale };
}

export type PasswordProblem = "common" | null;
export function passwordProblem(password: string): PasswordProblem {
  return isCommonPassword(password) ? "common" : null;
}

export interface SignUpInput {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  organisation?: { name: string; legalForm: string; sector: string; region: string; headcount: number };
}

export type SignUpOutcome =
  | { ok: true; userId: string; organisationId: string | null; cookie: string }
  | { ok: false; field: string; error: string; retryAfterSeconds?: number };

/** The per-address limit on new accounts (organisations' and researchers'): null when within it. */
export async function signUpRefusal(ip: string) {
  const allowed = await reserve(on(LIMITS.signUpAddress, personalKey(ip)));
  if (allowed.ok) return null;
  await audit({ action: "auth.sign_up_throttled", ip });
  return { ok: false as const, field: "form", error: "account.tooManyRequests", retryAfterSeconds: allowed.retryAfterSeconds };
}

/** The form's own mistakes first (they cost nothing), then the per-address limit, then the work. */
export async function signUp(input: SignUpInput, ip: string): Promise<SignUpOutcome> {
  if (passwordProblem(input.password)) return { ok: false, field: "password", error: "account.passwordCommon" };
  const org = input.organisation;
  const profile: OrganisationProfile | null = org
    ? { organisationName: org.name, legalForm: org.legalForm, sector: org.sector, region: org.region, headcount: org.headcount }
    : null;
  const problem = profile ? profileError(profile) : null;
  if (problem) return { ok: false, ...problem };
  const refused = await signUpRefusal(ip);
  if (refused) return refused;
  const passwordHash = await hashPassword(input.password);
  const db = await getDb();
  const created = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) return null;
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash, locale: input.locale })
      .returning({ id: users.id });
    const organisationId = profile ? await insertOrganisation(tx, { userId: user.id, profile, ip }) : null;
    await audit({ action: "auth.sign_up", actorUserId: user.id, ip }, tx);
    return { userId: user.id, organisationId };
  });
  // The same answer whether or not the email exists would need an email round trip; here we
  // tell the person, as almost every service does, and rely on the rate limit against probing.
  if (!created) return { ok: false, field: "email", error: "account.emailTaken" };
  const cookie = await createSession(created.userId);
  return { ok: true, ...created, cookie };
}

/**
 * "Sent" whether or not the address has an account, and whether or not the account's own limit
 * held the email back: neither is revealed. Only the per-address limit answers "too many".
 */
export async function requestPasswordReset({ email, ip, locale }: { email: string; ip: string; locale: Locale }): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const byAddress = await reserve(on(LIMITS.passwordResetAddress, personalKey(ip)));
  if (!byAddress.ok) {
    await audit({ action: "auth.password_reset_throttled", ip });
    return { ok: false, retryAfterSeconds: byAddress.retryAfterSeconds };
  }
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt), isNull(users.disabledAt)));
  if (!user) return { ok: true };
  if (!(await reserve(on(LIMITS.passwordResetAccount, user.id))).ok) {
    await audit({ action: "auth.password_reset_throttled", actorUserId: user.id, ip });
    return { ok: true };
  }
  const token = randomToken(32);
  await db.insert(passwordResets).values({
    tokenHash: sha256(token),
    userId: user.id,
    expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
  });
  const t = makeTranslate((user.locale as Locale) ?? locale);
  const link = publicUrl(`/reset-password/${token}`);
  await sendEmail({
    to: email,
    kind: "password_reset",
    subject: t("account.resetEmailSubject"),
    text: t("account.resetEmailBody", { link }),
    secrets: [link],
  });
  await audit({ action: "auth.password_reset_requested", actorUserId: user.id, ip });
  return { ok: true };
}

/** Every reset link of the account still open stops working (after a reset or a password change). */
async function endPasswordResets(tx: Tx, userId: string) {
  await tx.update(passwordResets).set({ usedAt: new Date() }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}

export async function findValidResetToken(token: string) {
  if (token.length > 100) return null;
  const db = await getDb();
  const [row] = await db
    .select({ userId: passwordResets.userId, expiresAt: passwordResets.expiresAt, usedAt: passwordResets.usedAt })
    .from(passwordResets)
    .where(eq(passwordResets.tokenHash, sha256(token)));
  if (!row || row.usedAt || row.expiresAt < new Date()) return null;
  return row;
}

export async function resetPassword({ token, password, ip }: { token: string; password: string; ip: string }) {
  const found = await findValidResetToken(token);
  if (!found) return { ok: false as const, error: "account.resetLinkInvalid" };
  if (passwordProblem(password)) return { ok: false as const, error: "account.passwordCommon" };
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const used = await db.transaction(async (tx) => {
    const marked = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.usedAt)))
      .returning({ userId: passwordResets.userId });
    if (marked.length === 0) return false;
    await tx.update(users).set({ passwordHash }).where(eq(users.id, found.userId));
    await endPasswordResets(tx, found.userId);
    // Whoever reset the password may not be whoever made the tokens: they end with it.
    const revoked = await revokeUserApiTokens(tx, found.userId);
    await audit({ action: "auth.password_reset", actorUserId: found.userId, ip, details: revoked > 0 ? { revokedCredentials: revoked } : undefined }, tx);
    return true;
  });
  if (!used) return { ok: false as const, error: "account.resetLinkInvalid" };
  await destroyUserSessions(found.userId);
  const cookie = await createSession(found.userId);
  return { ok: true as const, cookie };
}

export async function updateProfile({ userId, name, locale }: { userId: string; name: string; locale: Locale }) {
  const db = await getDb();
  await db.update(users).set({ name, locale }).where(eq(users.id, userId));
  await audit({ action: "account.updated", actorUserId: userId, details: { fields: ["name", "locale"] } });
}

export async function changePassword({ userId, currentPassword, password, ip }: { userId: string; currentPassword: string; password: string; ip: string }) {
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!(await verifyPassword(user?.passwordHash, currentPassword))) return { ok: false as const, field: "currentPassword", error: "account.wrongPassword" };
  if (passwordProblem(password)) return { ok: false as const, field: "password", error: "account.passwordCommon" };
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await endPasswordResets(tx, userId);
  });
  await destroyUserSessions(userId);
  await audit({ action: "auth.password_changed", actorUserId: userId, ip });
  return { ok: true as const, cookie: await createSession(userId) };
}

/**
 * Deleting an account anonymises the person: name and email go, sessions and memberships end;
 * what they wrote for their organisation stays, because it belongs to the organisation.
 */
export async function deleteAccount({ userId, currentPassword, ip }: { userId: string; currentPassword: string; ip: string }) {
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!(await verifyPassword(user?.passwordHash, currentPassword))) return { ok: false as const, error: "account.wrongPassword" };
  const owned = await db
    .select({ organisationId: memberships.organisationId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "owner")));
  for (const { organisationId } of owned) {
    const [others] = await db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "owner")));
    if (others.n <= 1) {
      const [members] = await db.select({ n: count() }).from(memberships).where(eq(memberships.organisationId, organisationId));
      if (members.n > 1) return { ok: false as const, error: "account.lastOwner" };
    }
  }
  await db.transaction(async (tx) => {
    await tx.delete(memberships).where(eq(memberships.userId, userId));
    await tx
      .update(users)
      .set({ email: null, name: "Deleted user", passwordHash: null, deletedAt: new Date(), funderId: null })
      .where(eq(users.id, userId));
    await audit({ action: "account.deleted", actorUserId: userId, ip }, tx);
  });
  await destroyUserSessions(userId);
  return { ok: true as const };
}

/** Everything Bilan holds about the person (GDPR access and portability), as JSON. */
export async function exportAccountData(userId: string) {
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, kind: users.kind, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId));
  const memberOf = await db
    .select({ organisationId: memberships.organisationId, organisation: organisations.name, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId));
  const activity = await db
    .select({ at: auditLog.at, action: auditLog.action, ip: auditLog.ip })
    .from(auditLog)
    .where(eq(auditLog.actorUserId, userId))
    .orderBy(auditLog.at)
    .limit(10_000);
  const invited = user?.email
    ? await db.select({ organisationId: invitations.organisationId, role: invitations.role, createdAt: invitations.createdAt }).from(invitations).where(eq(invitations.email, user.email))
    : [];
  await audit({ action: "account.exported", actorUserId: userId });
  return { exportedAt: new Date().toISOString(), user, memberships: memberOf, invitations: invited, activity };
}
