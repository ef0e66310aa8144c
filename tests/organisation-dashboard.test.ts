import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers, assessments, results, reviewComments } from "#db/schema/index";
import * as home from "#app/routes/o.$orgId._index";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// The organisation's home starts with what matters: this year's balance and what is left of it,
// the network's comments waiting, the last total and seal with the years before.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let draftId: string;
const homeCall = () => ({ path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.viewer });

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId: created.id, versionId: VERSION } });
  draftId = started.location!.split("/").pop()!;
});

describe("the organisation's dashboard", () => {
  it("shows this year's draft with what is left per section, and the questionnaire by its name", async () => {
    const compiled = (await getDefinition(VERSION))!;
    const first = compiled.definition.sections[0].questions.find((q) => q.type === "integer" && !q.applies_when)!;
    const db = await getDb();
    await db.insert(answers).values({ assessmentId: draftId, questionId: first.id, value: 4 });
    const page = await callRoute(home, homeCall());
    expect(page.status).toBe(200);
    const [draft] = page.data.dashboard.inProgress;
    expect(draft).toMatchObject({ id: draftId, year: 2026, status: "draft", commentsWaiting: 0 });
    expect(draft.sections).toHaveLength(compiled.definition.sections.length);
    expect(draft.sections[0].answered).toBe(1);
    expect(draft.sections[0].requiredLeft).toBeGreaterThan(0);
    expect(page.data.versionNames[VERSION]).toEqual({ title: compiled.definition.title, version: "2025.1" });
    expect(page.data.dashboard.last).toBeNull();
  });

  it("counts the threads where the network spoke last", async () => {
    const db = await getDb();
    await db.update(assessments).set({ status: "returned" }).where(eq(assessments.id, draftId));
    await db.insert(reviewComments).values([
      { assessmentId: draftId, questionId: "a", side: "network", body: "?", createdAt: new Date("2026-05-01T10:00:00Z") },
      { assessmentId: draftId, questionId: "b", side: "network", body: "?", createdAt: new Date("2026-05-01T10:00:00Z") },
      { assessmentId: draftId, questionId: "b", side: "organisation", body: "!", createdAt: new Date("2026-05-02T10:00:00Z") },
    ]);
    const page = await callRoute(home, homeCall());
    expect(page.data.dashboard.inProgress[0].commentsWaiting).toBe(1);
  });

  it("shows the last total and the years before once there are results", async () => {
    const db = await getDb();
    await db.update(assessments).set({ status: "validated", sealGranted: true }).where(eq(assessments.id, draftId));
    const compiled = (await getDefinition(VERSION))!;
    const [a] = await db.select().from(assessments).where(eq(assessments.id, draftId));
    await db.insert(results).values({ assessmentId: draftId, campaignId: a.campaignId, organisationId: world.orgA, versionId: VERSION, current: true, total: 6.75, sealPassed: true, result: {}, definitionHash: compiled.contentHash, engineVersion: "test" });
    const page = await callRoute(home, homeCall());
    expect(page.data.dashboard.inProgress).toEqual([]);
    expect(page.data.dashboard.last).toMatchObject({ id: draftId, year: 2026, total: 6.75, sealGranted: true });
    expect(page.data.dashboard.trend).toEqual([{ year: 2026, total: 6.75 }]);
  });
});
