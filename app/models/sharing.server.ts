import { and, asc, desc, eq, isNull, like } from "drizzle-orm";
import { getDb } from "#db/client";
import { auditLog, funders, organisations, shares, users, type ShareYears } from "#db/schema/index";
import { audit, auditMany } from "#app/utils/audit.server";

export async function listFunders() {
  const db = await getDb();
  return db.select({ id: funders.id, name: funders.name }).from(funders).orderBy(asc(funders.name));
}

/** The organisation's shares, live and revoked (the history of its consents). */
export async function listShares(organisationId: string) {
  const db = await getDb();
  return db
    .select({ id: shares.id, funderId: shares.funderId, funderName: funders.name, years: shares.years, createdAt: shares.createdAt, revokedAt: shares.revokedAt })
    .from(shares)
    .innerJoin(funders, eq(funders.id, shares.funderId))
    .where(eq(shares.organisationId, organisationId))
    .orderBy(desc(shares.createdAt));
}

/**
 * Shares the organisation's reports with a funder: all years or the listed ones. A live share
 * with the same funder is replaced (revoked, then a new one), so the history stays exact.
 */
export async function createShare({ organisationId, funderId, years, userId }: { organisationId: string; funderId: string; years: ShareYears; userId: string }) {
  const db = await getDb();
  const [funder] = await db.select({ id: funders.id }).from(funders).where(eq(funders.id, funderId));
  if (!funder) return { ok: false as const, error: "report.shareUnknownFunder" };
  return db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .update(shares)
      .set({ revokedAt: now, revokedBy: userId })
      .where(and(eq(shares.organisationId, organisationId), eq(shares.funderId, funderId), isNull(shares.revokedAt)));
    const [row] = await tx.insert(shares).values({ organisationId, funderId, years, createdBy: userId }).returning({ id: shares.id });
    await audit({ action: "share.created", actorUserId: userId, organisationId, targetType: "share", targetId: row.id, details: { funderId, years } }, tx);
    return { ok: true as const, id: row.id };
  });
}

/** Revokes a live share: the funder loses access at its next request. */
export async function revokeShare({ organisationId, shareId, userId }: { organisationId: string; shareId: string; userId: string }) {
  if (shareId.length > 64) return false;
  const db = await getDb();
  const revoked = await db
    .update(shares)
    .set({ revokedAt: new Date(), revokedBy: userId })
    .where(and(eq(shares.id, shareId), eq(shares.organisationId, organisationId), isNull(shares.revokedAt)))
    .returning({ id: shares.id, funderId: shares.funderId });
  if (!revoked.length) return false;
  await audit({ action: "share.revoked", actorUserId: userId, organisationId, targetType: "share", targetId: shareId, details: { funderId: revoked[0].funderId } });
  return true;
}

/** The years a funder may see of an organisation now: "all", a list, or null (no live share). */
export async function sharedYears(organisationId: string, funderId: string | null | undefined): Promise<ShareYears | null> {
  if (!funderId || organisationId.length > 64) return null;
  const db = await getDb();
  const [row] = await db
    .select({ years: shares.years })
    .from(shares)
    .innerJoin(organisations, eq(organisations.id, shares.organisationId))
    .where(and(eq(shares.organisationId, organisationId), eq(shares.funderId, funderId), isNull(shares.revokedAt), isNull(organisations.disabledAt)));
  return row ? row.years : null;
}

/** The organisations that share with the funder now. */
export async function funderOrganisations(funderId: string) {
  const db = await getDb();
  return db
    .select({ id: organisations.id, name: organisations.name, legalForm: organisations.legalForm, years: shares.years, since: shares.createdAt })
    .from(shares)
    .innerJoin(organisations, eq(organisations.id, shares.organisationId))
    .where(and(eq(shares.funderId, funderId), isNull(shares.revokedAt), isNull(organisations.disabledAt)))
    .orderBy(asc(organisations.name));
}

/** Every view by a funder is logged against the organisation it looked at. */
export async function logFunderView({ userId, funderId, organisationId, what, assessmentId, year }: { userId: string; funderId: string; organisationId: string; what: "organisation" | "report" | "portfolio"; assessmentId?: string; year?: number }) {
  await audit({
    action: `funder.viewed_${what}`,
    actorUserId: userId,
    organisationId,
    targetType: assessmentId ? "assessment" : "organisation",
    targetId: assessmentId ?? organisationId,
    details: { funderId, ...(year !== undefined ? { year } : {}) },
  });
}

/** A view of several organisations at once (the portfolio): one entry each, in one statement. */
export async function logFunderViews({ userId, funderId, organisationIds, what }: { userId: string; funderId: string; organisationIds: readonly string[]; what: "portfolio" }) {
  await auditMany(
    organisationIds.map((organisationId) => ({ action: `funder.viewed_${what}`, actorUserId: userId, organisationId, targetType: "organisation", targetId: organisationId, details: { funderId } })),
  );
}

/** "Who looked": the funders' views of the organisation's reports, newest first. */
export async function funderViews(organisationId: string, limit = 200) {
  const db = await getDb();
  const rows = await db
    .select({ at: auditLog.at, action: auditLog.action, details: auditLog.details, userName: users.name, funderId: users.funderId, funderName: funders.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(funders, eq(funders.id, users.funderId))
    .where(and(eq(auditLog.organisationId, organisationId), like(auditLog.action, "funder.viewed_%")))
    .orderBy(desc(auditLog.at))
    .limit(limit);
  return rows.map((r) => ({
    at: r.at,
    what: r.action.slice("funder.viewed_".length),
    year: typeof r.details.year === "number" ? r.details.year : null,
    person: r.userName,
    funder: r.funderName,
  }));
}

export async function setPublicSummary({ organisationId, on, userId }: { organisationId: string; on: boolean; userId: string }) {
  const db = await getDb();
  await db.update(organisations).set({ publicSummary: on }).where(eq(organisations.id, organisationId));
  await audit({ action: on ? "public_summary.enabled" : "public_summary.disabled", actorUserId: userId, organisationId, targetType: "organisation", targetId: organisationId });
}
