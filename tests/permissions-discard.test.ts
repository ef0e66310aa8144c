import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { assessments, campaigns } from "#db/schema/index";
import { recordDefinitions } from "#app/models/definitions.server";
import * as orgHome from "#app/routes/o.$orgId._index";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, expectForEveryRole, type World } from "./setup/world";

// Discarding an empty draft (POST /o/:org with intent=discard): owners only; every other role,
// and the owner of another organisation, gets 404. Each call gets an empty draft of its own.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let year = 2040;

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
});

async function emptyDraft(organisationId: string) {
  const db = await getDb();
  year += 1;
  const [campaign] = await db.insert(campaigns).values({ year, opensOn: `${year}-04-20`, closesOn: `${year}-07-15`, status: "open" }).returning({ id: campaigns.id });
  const [draft] = await db
    .insert(assessments)
    .values({ organisationId, campaignId: campaign.id, questionnaire: "social-balance-basic", versionId: VERSION, createdBy: world.users.owner })
    .returning({ id: assessments.id });
  return draft.id;
}

describe("permissions: discarding an empty draft", () => {
  it("owners only, on their own organisation", async () => {
    const { actual, wanted } = await expectForEveryRole(
      world,
      async (cookie) =>
        callRoute(orgHome, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie, form: { intent: "discard", assessmentId: await emptyDraft(world.orgA) } }),
      { anonymous: "redirect-signin", owner: "ok", editor: 404, viewer: 404, otherOrgOwner: 404, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
    );
    expect(actual).toEqual(wanted);
  });

  it("answers 404 to an owner of A for a draft of B, and leaves it", async () => {
    const ofB = await emptyDraft(world.orgB);
    const outcome = await callRoute(orgHome, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.owner, form: { intent: "discard", assessmentId: ofB } });
    expect(outcome.status).toBe(404);
    const db = await getDb();
    expect((await db.select({ id: assessments.id }).from(assessments)).map((a) => a.id)).toContain(ofB);
  });
});
