import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers, assessments, auditLog } from "#db/schema/index";
import { loadAnswers } from "#app/models/assessments.server";
import { createCampaign } from "#app/models/campaigns.server";
import { recordDefinitions } from "#app/models/definitions.server";
import * as home from "#app/routes/o.$orgId._index";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// Two campaigns open at once (2026 still open when 2027 opens): the organisation's home shows
// both, each with its draft's link, and offers to start only where nothing is started yet.
setupTestDatabase();

const BASIC = "social-balance-basic@2025.1";
const COMPLETE = "social-balance-complete@2025.1";
let world: World;
let c2026: string;
let c2027: string;

async function open(year: number) {
  const created = await createCampaign({ year, opensOn: `${year}-04-20`, closesOn: `${year}-07-15`, versionIds: [BASIC, COMPLETE] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  return created.id;
}

const homeCall = (form?: Record<string, string>) => ({ path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form });

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  c2026 = await open(2026);
  const started = await callRoute(home, homeCall({ campaignId: c2026, versionId: BASIC }));
  expect(started.status).toBe(302);
  c2027 = await open(2027);
});

describe("the organisation's home with two open campaigns", () => {
  it("shows every open campaign, the 2026 draft among them", async () => {
    const page = await callRoute(home, homeCall());
    expect(page.status).toBe(200);
    expect(page.data.campaigns.map((c: { year: number }) => c.year)).toEqual([2027, 2026]);
    const drafts = page.data.assessments.filter((a: { campaignId: string }) => a.campaignId === c2026);
    expect(drafts).toHaveLength(1);
  });

  it("refuses a second social balance in a campaign that has one, with a message", async () => {
    const second = await callRoute(home, homeCall({ campaignId: c2026, versionId: COMPLETE }));
    expect(second.status).toBe(400);
    expect(second.data).toMatchObject({ error: "assessment.alreadyStarted", campaignId: c2026 });
    const page = await callRoute(home, homeCall());
    expect(page.data.assessments.filter((a: { campaignId: string }) => a.campaignId === c2026)).toHaveLength(1);
  });

  it("starting the same questionnaire again leads to the draft, and 2027 can still be started", async () => {
    const page = await callRoute(home, homeCall());
    const draft = page.data.assessments.find((a: { campaignId: string }) => a.campaignId === c2026);
    const again = await callRoute(home, homeCall({ campaignId: c2026, versionId: BASIC }));
    expect(again.location).toBe(`/o/${world.orgA}/assessments/${draft.id}`);
    const next = await callRoute(home, homeCall({ campaignId: c2027, versionId: COMPLETE }));
    expect(next.status).toBe(302);
    expect(next.location).not.toBe(again.location);
  });
});

describe("discarding an empty draft", () => {
  let campaignId: string;
  let draftId: string;
  beforeAll(async () => {
    campaignId = await open(2028);
    const started = await callRoute(home, homeCall({ campaignId, versionId: BASIC }));
    draftId = started.location!.split("/").pop()!;
  });

  const discard = (cookie: string | undefined, assessmentId = draftId) =>
    callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie, form: { intent: "discard", assessmentId } });

  it("is offered to owners beside an empty draft only", async () => {
    const asOwner = await callRoute(home, { ...homeCall(), cookie: world.cookies.owner });
    expect(asOwner.data.canDiscard).toBe(true);
    expect(asOwner.data.assessments.find((a: { id: string }) => a.id === draftId).empty).toBe(true);
    expect((await callRoute(home, homeCall())).data.canDiscard).toBe(false);
  });

  it("refuses a draft with an answer, and keeps the answer", async () => {
    const db = await getDb();
    const [used] = await db.select({ id: assessments.id }).from(assessments).where(and(eq(assessments.organisationId, world.orgA), eq(assessments.campaignId, c2026)));
    await db.insert(answers).values({ assessmentId: used.id, questionId: "members_total", value: 5, revision: 1, updatedBy: world.users.editor });
    const refused = await discard(world.cookies.owner, used.id);
    expect(refused.status).toBe(400);
    expect(refused.data.error).toBe("assessment.notEmpty");
    expect((await loadAnswers(used.id)).get("members_total")?.value).toBe(5);
  });

  it("lets the owner discard it, audited, and then the campaign can be started again", async () => {
    expect((await discard(world.cookies.editor)).status).toBe(404);
    const done = await discard(world.cookies.owner);
    expect(done.status).toBe(302);
    const db = await getDb();
    expect(await db.select().from(assessments).where(eq(assessments.id, draftId))).toHaveLength(0);
    const logged = await db.select().from(auditLog).where(and(eq(auditLog.action, "assessment.discarded"), eq(auditLog.targetId, draftId)));
    expect(logged).toHaveLength(1);
    expect(logged[0].actorUserId).toBe(world.users.owner);
    expect((await discard(world.cookies.owner)).status).toBe(404);
    const again = await callRoute(home, homeCall({ campaignId, versionId: COMPLETE }));
    expect(again.status).toBe(302);
  });
});
