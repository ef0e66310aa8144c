/**
 * Norms and organisation facts: what scoring reads besides the answers.
 *
 * - freezeCampaignNorms: when a campaign opens, every norm its versions declare is computed from
 *   the earlier campaign's current results and stored (campaign_norms). Norms already frozen for
 *   the campaign are kept as they are: reopening never changes them.
 * - scoringInputFor: the organisation's facts and the campaign's frozen norms, for submission.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "#db/client";
import { assessments, campaignNorms, campaigns, campaignVersions, organisations, resultIndicators, results } from "#db/schema/index";
import { computeNorm, normSourceYear } from "#app/scoring/norms";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import type { FrozenNorm, ScoringInput } from "#app/scoring/score";
import { formatPath } from "#app/questionnaires/schema";
import { loadDefinitions } from "./definitions.server";
import { getDisclosureK } from "./benchmarks.server";
import { getDb } from "#db/client";
import { onStartup } from "#app/startup.server";

const FACT_COLUMNS = {
  legal_form: organisations.legalForm,
  sector: organisations.sector,
  region: organisations.region,
  size_band: organisations.sizeBand,
} as const;

/** Where a norm is declared, as "file:line (path)", for messages. */
function whereDeclared(compiled: CompiledDefinition, name: string): string {
  const path = ["norms", name, "campaign"];
  const line = compiled.locate?.(path);
  return `${compiled.file}${line ? `:${line}` : ""} (${formatPath(path)})`;
}

export type FreezeOutcome = { ok: true; frozen: number } | { ok: false; message: string };

/** Computes and stores the norms of a campaign's versions. Refuses a norm over a campaign that does not exist. */
export interface NormsPrepared {
  definitions: ReadonlyMap<string, CompiledDefinition>;
  k: number;
}

/** What freezing needs from outside the transaction: the definitions and the disclosure threshold. */
export async function prepareNorms(): Promise<NormsPrepared> {
  return { definitions: await loadDefinitions(), k: await getDisclosureK() };
}

export async function freezeCampaignNorms(tx: Tx, campaignId: string, { definitions, k }: NormsPrepared): Promise<FreezeOutcome> {
  const [campaign] = await tx.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) return { ok: false, message: "no such campaign" };
  const years = (await tx.select({ year: campaigns.year }).from(campaigns)).map((r) => r.year);
  const versions = await tx.select({ versionId: campaignVersions.versionId }).from(campaignVersions).where(eq(campaignVersions.campaignId, campaignId));
  let frozen = 0;
  for (const { versionId } of versions) {
    const compiled = definitions.get(versionId);
    if (!compiled || compiled.norms.length === 0) continue;
    const existing = new Set(
      (await tx.select({ name: campaignNorms.name }).from(campaignNorms).where(and(eq(campaignNorms.campaignId, campaignId), eq(campaignNorms.versionId, versionId)))).map((r) => r.name),
    );
    for (const { name, norm } of compiled.norms) {
      if (existing.has(name)) continue;
      const source = normSourceYear(norm, campaign.year, years);
      if (source === null) {
        const what = norm.campaign === "previous" ? `the campaign before ${campaign.year}, and there is none` : `campaign ${norm.campaign}, which does not exist`;
        return { ok: false, message: `norm ${name} reads ${what}: ${whereDeclared(compiled, name)}` };
      }
      const category = norm.by && norm.by in FACT_COLUMNS ? FACT_COLUMNS[norm.by as keyof typeof FACT_COLUMNS] : null;
      const rows = await tx
        .select({
          value: sql<number>`avg(${resultIndicators.value})`.mapWith(Number),
          category: category ? sql<string | null>`min(${category})` : sql<string | null>`null`,
        })
        .from(resultIndicators)
        .innerJoin(results, and(eq(results.id, resultIndicators.resultId), eq(results.current, true)))
        .innerJoin(assessments, eq(assessments.id, results.assessmentId))
        .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
        .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
        .where(and(eq(campaigns.year, source), eq(resultIndicators.code, norm.indicator), eq(resultIndicators.applicable, true)))
        .groupBy(assessments.organisationId);
      const value = computeNorm(norm, source, rows.filter((r) => r.value !== null).map((r) => ({ value: r.value, category: r.category })), k);
      await tx.insert(campaignNorms).values({ campaignId, versionId, name, norm: value });
      frozen++;
    }
  }
  return { ok: true, frozen };
}

/** The frozen norms of one version in one campaign, by name. */
export async function frozenNorms(tx: Tx, campaignId: string, versionId: string): Promise<Record<string, FrozenNorm>> {
  const rows = await tx
    .select({ name: campaignNorms.name, norm: campaignNorms.norm })
    .from(campaignNorms)
    .where(and(eq(campaignNorms.campaignId, campaignId), eq(campaignNorms.versionId, versionId)));
  return Object.fromEntries(rows.map((r) => [r.name, r.norm as FrozenNorm]));
}

/** What scoring reads besides the answers: the organisation's facts now, the campaign's frozen norms. */
export async function scoringInputFor(
  tx: Tx,
  assessment: { organisationId: string; campaignId: string; versionId: string },
  compiled: CompiledDefinition,
): Promise<ScoringInput> {
  const input: ScoringInput = {};
  if (compiled.factsRead.length || compiled.norms.some((n) => n.norm.by)) {
    const [org] = await tx
      .select({ legal_form: organisations.legalForm, sector: organisations.sector, region: organisations.region, size_band: organisations.sizeBand })
      .from(organisations)
      .where(eq(organisations.id, assessment.organisationId));
    // organisation_type and year_founded are not part of an organisation's profile yet: formulas reading them are not applicable
    if (org) input.facts = { ...org };
  }
  if (compiled.norms.length) input.norms = await frozenNorms(tx, assessment.campaignId, assessment.versionId);
  return input;
}

/**
 * Norms that name a campaign year that does not exist, as "file:line (path): message" lines.
 * (A norm over the previous campaign is checked when a campaign opens: it depends on which.)
 */
export async function normsOverMissingCampaigns(): Promise<string[]> {
  const definitions = await loadDefinitions();
  const db = await getDb();
  const years = new Set((await db.select({ year: campaigns.year }).from(campaigns)).map((r) => r.year));
  const problems: string[] = [];
  for (const compiled of definitions.values()) {
    for (const { name, norm } of compiled.norms) {
      if (typeof norm.campaign === "number" && !years.has(norm.campaign)) {
        problems.push(`${whereDeclared(compiled, name)}: norm ${name} reads campaign ${norm.campaign}, which does not exist`);
      }
    }
  }
  return problems;
}

onStartup("norms over earlier campaigns", async () => {
  const problems = await normsOverMissingCampaigns();
  if (problems.length) throw new Error(`Bilan cannot start: questionnaire definitions have errors.\n  ${problems.join("\n  ")}`);
});
