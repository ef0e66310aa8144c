/**
 * Stakeholder survey responses for a generated population (npm run seed -- --orgs N --years Y):
 * in the open campaign that offers social-balance-complete 2026.1, about one organisation in
 * five with at least two workers has a complete-balance draft whose worker survey was answered
 * by 40% to 90% of its workers (a few to a few dozen responses), and half of those a client
 * survey too. Responses hold answers and a day only, like real ones.
 */
import { and, eq, gte, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, campaigns, campaignVersions, organisations, surveyResponses, surveys } from "#db/schema/index";
import { versionIdOf, getDefinition } from "#app/models/definitions.server";
import type { Survey } from "#app/questionnaires/schema";
import { hashSeed, rng } from "../../tests/factories/answers";

const COMPLETE = "social-balance-complete";
const MAX_RESPONSES = 60;

function scaleAnswers(survey: Survey, random: () => number, mood: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of survey.questions) {
    if (q.type !== "scale" || !q.scale || random() < 0.04) continue;
    const points = q.scale.map((p) => p.value);
    // mostly around the organisation's mood, sometimes anywhere on the scale
    const at = random() < 0.8 ? Math.round(mood * (points.length - 1) + (random() - 0.5) * 2) : Math.floor(random() * points.length);
    out[q.id] = points[Math.max(0, Math.min(points.length - 1, at))];
  }
  return out;
}

export async function seedSurveyResponses({ organisationIds, seed, log = () => {} }: { organisationIds: readonly string[]; seed: number; log?: (line: string) => void }) {
  const db = await getDb();
  const versionId = versionIdOf(COMPLETE, "2026.1");
  const compiled = await getDefinition(versionId);
  const [campaign] = await db
    .select({ id: campaigns.id, closesOn: campaigns.closesOn })
    .from(campaigns)
    .innerJoin(campaignVersions, eq(campaignVersions.campaignId, campaigns.id))
    .where(and(eq(campaignVersions.versionId, versionId), eq(campaigns.status, "open")));
  if (!compiled || !campaign) {
    log("  surveys: no open campaign offers social-balance-complete 2026.1, none seeded");
    return { organisations: 0, responses: 0 };
  }
  const declared = compiled.definition.surveys ?? [];
  const workers = declared.find((s) => s.group === "workers")!;
  const clients = declared.find((s) => s.group === "clients");
  let orgCount = 0;
  let responseCount = 0;
  for (let from = 0; from < organisationIds.length; from += 500) {
    const ids = organisationIds.slice(from, from + 500);
    const rows = await db.select({ id: organisations.id, headcount: organisations.headcount }).from(organisations).where(and(inArray(organisations.id, ids), gte(organisations.headcount, 2)));
    const assessmentRows: (typeof assessments.$inferInsert)[] = [];
    const surveyRows: (typeof surveys.$inferInsert)[] = [];
    const responseRows: (typeof surveyResponses.$inferInsert)[] = [];
    for (const org of rows) {
      const random = rng(hashSeed(`${seed}:survey:${org.id}`));
      if (random() >= 0.2) continue;
      orgCount++;
      const assessmentId = crypto.randomUUID();
      assessmentRows.push({ id: assessmentId, organisationId: org.id, campaignId: campaign.id, questionnaire: COMPLETE, versionId });
      const mood = 0.45 + random() * 0.45;
      const groups: Array<[Survey, number]> = [[workers, Math.max(1, Math.min(MAX_RESPONSES, Math.round((org.headcount ?? 2) * (0.4 + random() * 0.5))))]];
      if (clients && random() < 0.5) groups.push([clients, Math.floor(random() * 31)]);
      for (const [survey, n] of groups) {
        const surveyId = crypto.randomUUID();
        surveyRows.push({ id: surveyId, assessmentId, organisationId: org.id, groupId: survey.group, linkToken: crypto.randomUUID().replace(/-/g, ""), closesOn: campaign.closesOn });
        for (let k = 0; k < n; k++) {
          const day = `2026-0${5 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`;
          responseRows.push({ surveyId, answers: scaleAnswers(survey, random, mood), completed: true, day });
        }
      }
    }
    if (!assessmentRows.length) continue;
    await db.transaction(async (tx) => {
      await tx.insert(assessments).values(assessmentRows);
      await tx.insert(surveys).values(surveyRows);
      for (let k = 0; k < responseRows.length; k += 1000) await tx.insert(surveyResponses).values(responseRows.slice(k, k + 1000));
    });
    responseCount += responseRows.length;
  }
  log(`  surveys: ${orgCount} organisations with a complete-balance draft and ${responseCount} survey responses`);
  return { organisations: orgCount, responses: responseCount };
}
