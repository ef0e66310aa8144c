import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { answers as answersTable, assessments, campaigns } from "#db/schema/index";
import { generateAnswers, hashSeed, rng } from "../../tests/factories/answers";
import { submitAssessment } from "./assessments.server";
import { createCampaign } from "./campaigns.server";
import { demoOrganisations, onDemoSeed } from "./demo.server";
import { getDefinition, versionIdOf } from "./definitions.server";

const BASIC = "social-balance-basic";
export const demoCampaigns = [
  { year: 2023, version: "2024.1", status: "closed" as const },
  { year: 2024, version: "2024.1", status: "closed" as const },
  { year: 2025, version: "2025.1", status: "closed" as const },
  { year: 2026, version: "2025.1", status: "open" as const },
];

/** Three past campaigns with every demo organisation's submitted balance, and this year's drafts. */
onDemoSeed(async (ids) => {
  const db = await getDb();
  const campaignIds: Record<number, string> = {};
  for (const c of demoCampaigns) {
    const versionIds = [versionIdOf(BASIC, c.version)];
    // the open campaign offers the complete balance with its stakeholder surveys (2026.1)
    if (c.version === "2025.1") versionIds.push(versionIdOf("social-balance-complete", c.status === "open" ? "2026.1" : "2025.1"));
    const created = await createCampaign({ year: c.year, opensOn: `${c.year}-04-20`, closesOn: `${c.year}-07-15`, versionIds }, null, "open");
    if (!created.ok) throw new Error(`demo campaign ${c.year}: ${created.error}`);
    campaignIds[c.year] = created.id;
  }
  for (const org of demoOrganisations) {
    const organisationId = ids.organisations[org.key];
    const owner = org.members.find((m) => m.role === "owner")!;
    const userId = ids.users[owner.email];
    for (const [n, c] of demoCampaigns.entries()) {
      const versionId = versionIdOf(BASIC, c.version);
      const compiled = await getDefinition(versionId);
      if (!compiled) throw new Error(`demo: no definition ${versionId}`);
      const random = rng(hashSeed(`${org.key}:${c.year}`));
      const quality = Math.min(1, 0.35 + n * 0.12 + (hashSeed(org.key) % 20) / 100);
      const values = generateAnswers(compiled, random, { quality, headcount: org.headcount });
      const [assessment] = await db
        .insert(assessments)
        .values({ organisationId, campaignId: campaignIds[c.year], questionnaire: BASIC, versionId, createdBy: userId })
        .returning({ id: assessments.id });
      const draft = c.status === "open";
      // This year's draft: the first two sections are filled in.
      const draftQuestions = new Set(compiled.definition.sections.slice(0, 2).flatMap((s) => s.questions.map((q) => q.id)));
      const rows = Object.entries(values)
        .filter(([id]) => !draft || draftQuestions.has(id))
        .map(([questionId, value]) => ({ assessmentId: assessment.id, questionId, value, updatedBy: userId }));
      if (rows.length) await db.insert(answersTable).values(rows);
      if (!draft) {
        const outcome = await submitAssessment({ organisationId, assessmentId: assessment.id, userId });
        if (!outcome.ok) throw new Error(`demo: ${org.key} ${c.year} not submitted: ${JSON.stringify(outcome)}`);
      }
    }
  }
  for (const c of demoCampaigns) {
    if (c.status === "closed") await db.update(campaigns).set({ status: "closed" }).where(eq(campaigns.id, campaignIds[c.year]));
  }
});
