import { and, asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, preparedPerConnection, type Db, type Tx } from "#db/client";
import { invitations, memberships, organisations, users, type OrganisationRole } from "#db/schema/index";
import type { Locale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import { audit } from "#app/utils/audit.server";
import { randomToken, sha256 } from "#app/utils/crypto.server";
import { boundedName, publicUrl, sendEmail } from "#app/utils/email.server";
import { LIMITS, on, personalKey, reserve } from "#app/utils/rate-limit.server";
import { sizeBandFor } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import { benchmarksFollowOrganisation } from "./benchmarks.server";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface MembershipRow {
  id: string;
  name: string;
  role: OrganisationRole;
  disabled: boolean;
}

const membershipsQuery = preparedPerConnection((db: Db) =>
  db
    .select({ id: organisations.id, name: organisations.name, role: memberships.role, disabledAt: organisations.disabledAt })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .orderBy(asc(organisations.name))
    .prepare("user_memberships"),
);

const membershipsOfRequest = new WeakMap<object, { userId: string; rows: Promise<MembershipRow[]> }>();

/**
 * The user's organisations and roles, disabled ones included, by name. The root's list and the
 * guard's actor both need them: with `requestKey` (one GET request) they are read once.
 */
export function userMemberships(userId: string, requestKey?: object): Promise<MembershipRow[]> {
  const kept = requestKey ? membershipsOfRequest.get(requestKey) : undefined;
  if (kept && kept.userId === userId) return kept.rows;
  const rows = (async () => {
    const found = await membershipsQuery(await getDb()).execute({ userId });
    return found.map((r) => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabledAt !== null }));
  })();
  if (requestKey) membershipsOfRequest.set(requestKey, { userId, rows });
  return rows;
}

/** The session lookup read the memberships along: the request's loaders use those. */
export function keepMembershipsForRequest(requestKey: object, userId: string, rows: MembershipRow[]) {
  membershipsOfRequest.set(requestKey, { userId, rows: Promise.resolve(rows) });
}

/** The organisations the user works in (not the disabled ones), by name. */
export async function listUserOrganisations(userId: string, requestKey?: object) {
  return (await userMemberships(userId, requestKey)).filter((m) => !m.disabled).map(({ id, name, role }) => ({ id, name, role }));
}

const organisationOfRequest = new WeakMap<object, Map<string, Promise<OrganisationRow | null>>>();

/** The organisation, or null. With `requestKey` (one GET request), read once for its loaders. */
export function getOrganisation(organisationId: string, requestKey?: object): Promise<OrganisationRow | null> {
  let kept = requestKey ? organisationOfRequest.get(requestKey) : undefined;
  if (requestKey && !kept) organisationOfRequest.set(requestKey, (kept = new Map()));
  const found = kept?.get(organisationId);
  if (found) return found;
  const row = readOrganisation(organisationId);
  kept?.set(organisationId, row);
  return row;
}

export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof readOrganisation>>>;

const organisationQuery = preparedPerConnection((db: Db) =>
  db
    .select({
      id: organisations.id,
      name: organisations.name,
      legalForm: organisations.legalForm,
      sector: organisations.sector,
      region: organisations.region,
      headcount: organisations.headcount,
      sizeBand: organisations.sizeBand,
      publicSummary: organisations.publicSummary,
      disabledAt: organisations.disabledAt,
    })
    .from(organisations)
    .where(eq(organisations.id, sql.placeholder("id")))
    .prepare("organisation"),
);

async function readOrganisation(organisationId: string) {
  const [row] = await organisationQuery(await getDb()).execute({ id: organisationId });
  return row ?? null;
}

export interface OrganisationProfile {
  organisationName: string;
  legalForm: string;
  sector: string;
  region: string;
  headcount: number;
}

/** Checks the profile's choices against the taxonomies; returns the field in error, if any. */
export function profileError(profile: OrganisationProfile): { field: string; error: string } | null {
  const taxonomies = getTaxonomies();
  if (!taxonomies.legal_forms.some((e) => e.id === profile.legalForm)) return { field: "legalForm", error: "common.form.invalid" };
  if (!taxonomies.sectors.some((e) => e.id === profile.sector)) return { field: "sector", error: "common.form.invalid" };
  if (!taxonomies.regions.some((e) => e.id === profile.region)) return { field: "region", error: "common.form.invalid" };
  return null;
}

/** Inserts an organisation with the person as its owner, inside the caller's transaction. */
export async function insertOrganisation(tx: Tx, { userId, profile, ip }: { userId: string; profile: OrganisationProfile; ip?: string }) {
  const [row] = await tx
    .insert(organisations)
    .values({
      name: profile.organisationName,
      legalForm: profile.legalForm,
      sector: profile.sector,
      region: profile.region,
      headcount: profile.headcount,
      sizeBand: sizeBandFor(getTaxonomies(), profile.headcount),
    })
    .returning({ id: organisations.id });
  await tx.insert(memberships).values({ userId, organisationId: row.id, role: "owner" });
  await audit({ action: "organisation.created", actorUserId: userId, organisationId: row.id, targetType: "organisation", targetId: row.id, ip }, tx);
  return row.id;
}

export async function createOrganisation(args: { userId: string; profile: OrganisationProfile; ip?: string }) {
  const db = await getDb();
  return db.transaction((tx) => insertOrganisation(tx, args));
}

export async function updateOrganisation({ organisationId, userId, profile }: { organisationId: string; userId: string; profile: OrganisationProfile }) {
  const db = await getDb();
  const [before] = await db.select({ legalForm: organisations.legalForm }).from(organisations).where(eq(organisations.id, organisationId));
  await db
    .update(organisations)
    .set({
      name: profile.organisationName,
      legalForm: profile.legalForm,
      sector: profile.sector,
      region: profile.region,
      headcount: profile.headcount,
      sizeBand: sizeBandFor(getTaxonomies(), profile.headcount),
    })
    .where(eq(organisations.id, organisationId));
  if (before && before.legalForm !== profile.legalForm) await benchmarksFollowOrganisation(organisationId);
  await audit({ action: "organisation.updated", actorUserId: userId, organisationId, targetType: "organisation", targetId: organisationId });
}

export async function listMembers(organisationId: string) {
  const db = await getDb();
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(users.name));
}

export async function listPendingInvitations(organisationId: string) {
  const db = await getDb();
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.organisationId, organisationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(invitations.email));
}

export async function inviteMember({
  organisationId,
  invitedBy,
  email,
  role,
  locale,
}: {
  organisationId: string;
  invitedBy: { id: string; name: string };
  email: string;
  role: OrganisationRole;
  locale: Locale;
}) {
  const db = await getDb();
  const organisation = await getOrganisation(organisationId);
  if (!organisation) throw new Error("organisation vanished");
  const [already] = await db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), eq(users.email, email)));
  if (already.n > 0) return { ok: false as const, field: "email", error: "organisation.alreadyMember" };
  // Per organisation and per recipient: an owner's account cannot be made into a mail cannon.
  const allowed = await reserve([...on(LIMITS.invitationOrganisation, organisationId), ...on(LIMITS.invitationRecipient, personalKey(email))]);
  if (!allowed.ok) {
    await audit({ action: "membership.invitation_throttled", actorUserId: invitedBy.id, organisationId });
    return { ok: false as const, field: "email", error: "organisation.invitationsThrottled", throttled: true };
  }
  const token = randomToken(32);
  const [row] = await db
    .insert(invitations)
    .values({
      organisationId,
      email,
      role,
      tokenHash: sha256(token),
      invitedBy: invitedBy.id,
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    })
    .returning({ id: invitations.id });
  const t = makeTranslate(locale);
  const link = publicUrl(`/invitations/${token}`);
  await sendEmail({
    to: email,
    kind: "invitation",
    subject: t("organisation.inviteEmailSubject", { organisation: boundedName(organisation.name) }),
    text: t("organisation.inviteEmailBody", {
      inviter: invitedBy.name,
      organisation: organisation.name,
      role: t(`organisation.role.${role}`),
      link,
    }),
    secrets: [link],
  });
  await audit({ action: "membership.invited", actorUserId: invitedBy.id, organisationId, targetType: "invitation", targetId: row.id, details: { role } });
  return { ok: true as const };
}

export async function findInvitation(token: string) {
  if (token.length > 100) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      organisationId: invitations.organisationId,
      organisationName: organisations.name,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(eq(invitations.tokenHash, sha256(token)));
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt < new Date()) return null;
  return row;
}

/** Single use: the invitation is marked accepted in the same transaction that adds the member. */
export async function acceptInvitation({ token, userId, ip }: { token: string; userId: string; ip?: string }) {
  const invitation = await findInvitation(token);
  if (!invitation) return { ok: false as const };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const marked = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (marked.length === 0) return { ok: false as const };
    await tx
      .insert(memberships)
      .values({ userId, organisationId: invitation.organisationId, role: invitation.role })
      .onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: { role: invitation.role } });
    await audit(
      { action: "membership.joined", actorUserId: userId, organisationId: invitation.organisationId, targetType: "user", targetId: userId, ip, details: { role: invitation.role } },
      tx,
    );
    return { ok: true as const, organisationId: invitation.organisationId };
  });
}

/**
 * Revokes a pending invitation of this organisation. An id of another organisation, or one
 * already used or revoked, changes nothing and logs nothing: the answer says so.
 */
export async function revokeInvitation({ organisationId, invitationId, userId }: { organisationId: string; invitationId: string; userId: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.organisationId, organisationId),
          isNull(invitations.revokedAt),
          isNull(invitations.acceptedAt),
        ),
      )
      .returning({ id: invitations.id });
    if (revoked.length === 0) return { ok: false as const, error: "organisation.invitationNotFound" };
    await audit({ action: "invitation.revoked", actorUserId: userId, organisationId, targetType: "invitation", targetId: invitationId }, tx);
    return { ok: true as const };
  });
}

async function ownerCount(organisationId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "owner")));
  return row.n;
}

/** An organisation always keeps at least one owner. */
export async function changeMemberRole({ organisationId, targetUserId, role, actorUserId }: { organisationId: string; targetUserId: string; role: OrganisationRole; actorUserId: string }) {
  const db = await getDb();
  const [current] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, targetUserId)));
  if (!current) return { ok: false as const, error: "organisation.memberNotFound" };
  if (current.role === "owner" && role !== "owner" && (await ownerCount(organisationId)) <= 1) {
    return { ok: false as const, error: "organisation.lastOwner" };
  }
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, targetUserId)));
  await audit({ action: "membership.role_changed", actorUserId, organisationId, targetType: "user", targetId: targetUserId, details: { from: current.role, to: role } });
  return { ok: true as const };
}

export async function removeMember({ organisationId, targetUserId, actorUserId }: { organisationId: string; targetUserId: string; actorUserId: string }) {
  const db = await getDb();
  const [current] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, targetUserId)));
  if (!current) return { ok: false as const, error: "organisation.memberNotFound" };
  if (current.role === "owner" && (await ownerCount(organisationId)) <= 1) return { ok: false as const, error: "organisation.lastOwner" };
  await db.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, targetUserId)));
  await audit({ action: "membership.removed", actorUserId, organisationId, targetType: "user", targetId: targetUserId, details: { role: current.role } });
  return { ok: true as const };
}

export async function findUserByEmail(email: string) {
  const db = await getDb();
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.email, email), isNull(users.deletedAt)));
  return row ?? null;
}
