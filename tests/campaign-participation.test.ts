import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { assessments, campaigns } from "#db/schema/index";
import * as adminHome from "#app/routes/admin._index";
import * as adminCampaigns from "#app/routes/admin.campaigns";
import * as home from "#app/routes/o.$orgId._index";
import { createCampaign } from "#app/models/campaigns.server";
import { recordDefinitions } from "#app/models/definitions.server";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// The admin sees how many organisations took part, and closing a campaign needs a confirmation.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let campaignId: string;

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  campaignId = created.id;
  for (const [orgId, cookie] of [[world.orgA, world.cookies.editor], [world.orgB, world.cookies.otherOrgOwner]] as const) {
    const started = await callRoute(home, { path: `/o/${orgId}`, params: { orgId }, cookie, form: { campaignId, versionId: VERSION } });
    expect(started.status).toBe(302);
  }
  const db = await getDb();
  await db.update(assessments).set({ status: "submitted", submittedAt: new Date() }).where(eq(assessments.organisationId, world.orgB));
});

describe("participation in a campaign", () => {
  it("counts organisations that started and that submitted, on the admin's home and the campaigns page", async () => {
    const page = await callRoute(adminHome, { path: "/admin", cookie: world.cookies.admin });
    expect(page.data.participation).toEqual({ organisations: 2, started: 2, submitted: 1 });
    const list = await callRoute(adminCampaigns, { path: "/admin/campaigns", cookie: world.cookies.admin });
    expect(list.data.campaigns.find((c: { id: string }) => c.id === campaignId).participation).toEqual({ organisations: 2, started: 2, submitted: 1 });
  });
});

describe("closing a campaign", () => {
  it("is refused without the confirmation, with a message, and done with it", async () => {
    const db = await getDb();
    const refused = await callRoute(adminCampaigns, { path: "/admin/campaigns", cookie: world.cookies.admin, form: { intent: "close", campaignId } });
    expect(refused.status).toBe(400);
    expect(refused.data.errors.confirm).toBe("pages.closeConfirmNeeded");
    expect((await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId)))[0].status).toBe("open");
    const closed = await callRoute(adminCampaigns, { path: "/admin/campaigns", cookie: world.cookies.admin, form: { intent: "close", campaignId, confirm: "yes" } });
    expect(closed.status).toBe(200);
    expect((await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId)))[0].status).toBe("closed");
  });
});
