import { asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, campaigns, campaignVersions, organisations, questionnaireVersions, type CampaignStatus } from "#db/schema/index";
import { audit } from "#app/utils/audit.server";
import { freezeCampaignNorms, prepareNorms } from "./norms.server";

export interface CampaignInput {
  year: number;
  opensOn: string;
  closesOn: string;
  versionIds: string[];
}

export async function listCampaigns() {
  const db = await getDb();
  const rows = await db.select().from(campaigns).orderBy(desc(campaigns.year));
  const links = rows.length
    ? await db
        .select({ campaignId: campaignVersions.campaignId, versionId: campaignVersions.versionId })
        .from(campaignVersions)
        .where(inArray(campaignVersions.campaignId, rows.map((r) => r.id)))
    : [];
  return rows.map((r) => ({ ...r, versionIds: links.filter((l) => l.campaignId === r.id).map((l) => l.versionId).sort() }));
}

export async function getCampaign(campaignId: string) {
  const db = await getDb();
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!row) return null;
  const versions = await db
    .select({ id: questionnaireVersions.id, questionnaire: questionnaireVersions.questionnaire, version: questionnaireVersions.version, title: questionnaireVersions.title })
    .from(campaignVersions)
    .innerJoin(questionnaireVersions, eq(questionnaireVersions.id, campaignVersions.versionId))
    .where(eq(campaignVersions.campaignId, campaignId))
    .orderBy(asc(questionnaireVersions.questionnaire));
  return { ...row, versions };
}

/** The campaign organisations work on now: the open one, else the most recent. */
export async function currentCampaign() {
  const db = await getDb();
  const [current] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .orderBy(sql`${campaigns.status} = 'open' desc`, desc(campaigns.year))
    .limit(1);
  return current ? getCampaign(current.id) : null;
}

/**
 * The campaigns organisations work on now: every open one (newest first), so that the drafts of
 * each keep their way back; with none open, the most recent.
 */
export async function workingCampaigns() {
  const db = await getDb();
  const open = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.status, "open")).orderBy(desc(campaigns.year));
  if (open.length === 0) {
    const latest = await currentCampaign();
    return latest ? [latest] : [];
  }
  const found = await Promise.all(open.map((c) => getCampaign(c.id)));
  return found.filter((c): c is NonNullable<typeof c> => c !== null);
}

export async function createCampaign(input: CampaignInput, actorUserId: string | null, status: CampaignStatus = "planned") {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, input.year));
    if (existing.length) return { ok: false as const, field: "year", error: "assessment.yearTaken" };
    const [row] = await tx
      .insert(campaigns)
      .values({ year: input.year, opensOn: input.opensOn, closesOn: input.closesOn, status })
      .returning({ id: campaigns.id });
    if (input.versionIds.length) {
      await tx.insert(campaignVersions).values(input.versionIds.map((versionId) => ({ campaignId: row.id, versionId })));
    }
    await audit({ action: "campaign.created", actorUserId, targetType: "campaign", targetId: row.id, details: { year: input.year } }, tx);
    return { ok: true as const, id: row.id };
  });
}

/**
 * Opening a campaign freezes the norms its versions declare (computed from the earlier campaign);
 * a norm over a campaign that does not exist refuses the opening with a message naming the file.
 */
export async function setCampaignStatus(
  campaignId: string,
  status: CampaignStatus,
  actorUserId: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const db = await getDb();
  // read before the transaction: the definitions and the threshold come from the database too
  const prepared = status === "open" ? await prepareNorms() : null;
  const outcome = await db.transaction(async (tx) => {
    if (prepared) {
      const frozen = await freezeCampaignNorms(tx, campaignId, prepared);
      if (!frozen.ok) return frozen;
    }
    await tx.update(campaigns).set({ status }).where(eq(campaigns.id, campaignId));
    return { ok: true as const };
  });
  if (!outcome.ok) return outcome;
  await audit({ action: `campaign.${status === "open" ? "opened" : status === "closed" ? "closed" : "planned"}`, actorUserId, targetType: "campaign", targetId: campaignId });
  return outcome;
}

export async function extendCampaign(campaignId: string, closesOn: string, actorUserId: string) {
  const db = await getDb();
  await db.update(campaigns).set({ closesOn }).where(eq(campaigns.id, campaignId));
  await audit({ action: "campaign.extended", actorUserId, targetType: "campaign", targetId: campaignId, details: { closesOn } });
}

export interface Participation {
  organisations: number;
  started: number;
  submitted: number;
}

/**
 * How many organisations took part in each campaign: started a social balance, and got as far as
 * submitting it (a returned one counts as started). Two aggregate statements, answered from the
 * assessments' campaign index, whatever the number of campaigns shown.
 */
export async function campaignParticipation(campaignIds: string[]): Promise<Map<string, Participation>> {
  const out = new Map<string, Participation>();
  if (campaignIds.length === 0) return out;
  const db = await getDb();
  const [active] = await db.select({ n: sql<number>`count(*)::int` }).from(organisations).where(isNull(organisations.disabledAt));
  const rows = await db
    .select({
      campaignId: assessments.campaignId,
      started: sql<number>`count(distinct ${assessments.organisationId})::int`,
      submitted: sql<number>`count(distinct ${assessments.organisationId}) filter (where ${assessments.status} not in ('draft', 'returned'))::int`,
    })
    .from(assessments)
    .where(inArray(assessments.campaignId, campaignIds))
    .groupBy(assessments.campaignId);
  for (const id of campaignIds) out.set(id, { organisations: active?.n ?? 0, started: 0, submitted: 0 });
  for (const r of rows) out.set(r.campaignId, { organisations: active?.n ?? 0, started: r.started, submitted: r.submitted });
  return out;
}
