import { and, asc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, campaigns, results } from "#db/schema/index";
import type { AssessmentResult } from "#app/questionnaires/index";
import { createCommitment } from "./commitments.server";
import { demoOrganisations, onDemoSeed } from "./demo.server";
import { getDefinition } from "./definitions.server";
import { createShare } from "./sharing.server";

/**
 * Cooperativa Les Teixidores shares all its reports with the demo funder, and has written a
 * commitment after each report but the latest (so the next report shows it met or not).
 */
onDemoSeed(async (ids) => {
  const org = demoOrganisations.find((o) => o.key === "teixidores");
  const organisationId = org ? ids.organisations[org.key] : undefined;
  if (!org || !organisationId || !ids.funderId) return;
  const owner = org.members.find((m) => m.role === "owner")!;
  const userId = ids.users[owner.email];
  await createShare({ organisationId, funderId: ids.funderId, years: "all", userId });
  const db = await getDb();
  const submitted = await db
    .select({ assessmentId: assessments.id, versionId: results.versionId, result: results.result })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(eq(assessments.organisationId, organisationId))
    .orderBy(asc(campaigns.year));
  for (const row of submitted) {
    const result = row.result as AssessmentResult;
    // The lowest-scoring applicable indicator: aim a little higher than this year's value.
    const weakest = result.indicators
      .filter((i) => i.scored && i.applicable && i.value !== null && i.score !== null)
      .sort((a, b) => a.score! - b.score!)[0];
    if (!weakest) continue;
    const rule = (await getDefinition(row.versionId))?.indicatorByCode.get(weakest.code)?.indicator.rule;
    const lowerIsBetter =
      (rule?.kind === "linear" && rule.from > rule.to) || (rule?.kind === "bands" && rule.bands[0].score > rule.bands[rule.bands.length - 1].score);
    const value = weakest.value!;
    const target = rule?.kind === "boolean" ? 1 : Math.round((lowerIsBetter ? value * 0.8 : value * 1.2 + (value === 0 ? 1 : 0)) * 100) / 100;
    await createCommitment({ organisationId, assessmentId: row.assessmentId, code: weakest.code, direction: lowerIsBetter ? "at_most" : "at_least", target, note: null, userId });
  }
});
