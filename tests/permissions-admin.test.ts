import { beforeAll, describe, expect, it } from "vitest";
import * as adminHome from "#app/routes/admin._index";
import * as adminAudit from "#app/routes/admin.audit";
import * as adminCampaigns from "#app/routes/admin.campaigns";
import * as adminOrganisation from "#app/routes/admin.organisations.$orgId";
import * as adminOrganisations from "#app/routes/admin.organisations._index";
import * as adminOutbox from "#app/routes/admin.outbox";
import * as adminPreview from "#app/routes/admin.questionnaires.$versionId";
import * as adminQuestionnaires from "#app/routes/admin.questionnaires._index";
import * as adminSettings from "#app/routes/admin.settings";
import * as adminTaxonomies from "#app/routes/admin.taxonomies";
import * as adminUsers from "#app/routes/admin.users";
import * as comments from "#app/routes/o.$orgId.assessments.$assessmentId.comments";
import * as reviewPage from "#app/routes/review.$assessmentId";
import * as reviewQueue from "#app/routes/review._index";
import { submitAssessment } from "#app/models/assessments.server";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { getDb } from "#db/client";
import { answers, assessments } from "#db/schema/index";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute, type RouteModule } from "./setup/routes";
import { createWorld, expectForEveryRole, type Expectation, type RoleName, type World } from "./setup/world";

setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let campaignId: string;
let assessmentId: string;
let otherAssessmentId: string;

async function submitted(organisationId: string, userId: string, seed: number) {
  const db = await getDb();
  const compiled = (await getDefinition(VERSION))!;
  const [a] = await db.insert(assessments).values({ organisationId, campaignId, questionnaire: compiled.definition.questionnaire, versionId: VERSION }).returning({ id: assessments.id });
  const values = generateAnswers(compiled, rng(seed), { quality: 0.8, headcount: 10 });
  await db.insert(answers).values(Object.entries(values).map(([questionId, value]) => ({ assessmentId: a.id, questionId, value })));
  const outcome = await submitAssessment({ organisationId, assessmentId: a.id, userId });
  if (!outcome.ok) throw new Error("not submitted");
  return a.id;
}

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2027, opensOn: "2027-04-20", closesOn: "2027-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  campaignId = created.id;
  assessmentId = await submitted(world.orgA, world.users.editor, 1);
  otherAssessmentId = await submitted(world.orgB, world.users.otherOrgOwner, 2);
});

const none: Record<RoleName, Expectation> = {
  anonymous: "redirect-signin",
  owner: 404,
  editor: 404,
  viewer: 404,
  otherOrgOwner: 404,
  admin: 404,
  reviewer: 404,
  funder: 404,
  researcher: 404,
};
const adminOnly: Record<RoleName, Expectation> = { ...none, admin: "ok" };
const staff: Record<RoleName, Expectation> = { ...none, admin: "ok", reviewer: "ok" };
const orgMembers: Record<RoleName, Expectation> = { ...none, owner: "ok", editor: "ok", viewer: "ok", admin: "ok", reviewer: "ok" };
const orgEditors: Record<RoleName, Expectation> = { ...none, owner: "ok", editor: "ok" };

interface Row {
  name: string;
  module: RouteModule;
  path: (w: World) => string;
  params: (w: World) => Record<string, string>;
  form?: (w: World) => Record<string, string>;
  expected: Record<RoleName, Expectation>;
}

const rows: Row[] = [
  { name: "admin console", module: adminHome, path: () => "/admin", params: () => ({}), expected: adminOnly },
  { name: "email outbox", module: adminOutbox, path: () => "/admin/outbox", params: () => ({}), expected: adminOnly },
  { name: "campaigns", module: adminCampaigns, path: () => "/admin/campaigns", params: () => ({}), expected: adminOnly },
  {
    name: "extend a campaign",
    module: adminCampaigns,
    path: () => "/admin/campaigns",
    params: () => ({}),
    form: () => ({ intent: "extend", campaignId, closesOn: "2027-07-31" }),
    expected: adminOnly,
  },
  {
    name: "rescore a campaign",
    module: adminCampaigns,
    path: () => "/admin/campaigns",
    params: () => ({}),
    form: () => ({ intent: "rescore", campaignId, reason: "permission check" }),
    expected: adminOnly,
  },
  { name: "questionnaire versions", module: adminQuestionnaires, path: () => "/admin/questionnaires", params: () => ({}), expected: adminOnly },
  { name: "questionnaire preview", module: adminPreview, path: () => `/admin/questionnaires/${VERSION}`, params: () => ({ versionId: VERSION }), expected: adminOnly },
  { name: "organisations", module: adminOrganisations, path: () => "/admin/organisations", params: () => ({}), expected: adminOnly },
  { name: "an organisation", module: adminOrganisation, path: (w) => `/admin/organisations/${w.orgA}`, params: (w) => ({ orgId: w.orgA }), expected: adminOnly },
  {
    name: "edit an organisation's taxonomy fields",
    module: adminOrganisation,
    path: (w) => `/admin/organisations/${w.orgA}`,
    params: (w) => ({ orgId: w.orgA }),
    form: () => ({ intent: "update", organisationName: "Org A", legalForm: "worker_cooperative", sector: "food", region: "barcelona", headcount: "5" }),
    expected: adminOnly,
  },
  { name: "users", module: adminUsers, path: () => "/admin/users", params: () => ({}), expected: adminOnly },
  {
    name: "enable a user",
    module: adminUsers,
    path: () => "/admin/users",
    params: () => ({}),
    form: (w) => ({ intent: "enable", userId: w.users.viewer }),
    expected: adminOnly,
  },
  { name: "taxonomies", module: adminTaxonomies, path: () => "/admin/taxonomies", params: () => ({}), expected: adminOnly },
  { name: "settings", module: adminSettings, path: () => "/admin/settings", params: () => ({}), expected: adminOnly },
  {
    name: "change settings",
    module: adminSettings,
    path: () => "/admin/settings",
    params: () => ({}),
    form: () => ({ k: "10", share: "10", agreement: "", defaultOpen: "04-20", defaultClose: "07-15" }),
    expected: adminOnly,
  },
  { name: "audit log", module: adminAudit, path: () => "/admin/audit?action=review.", params: () => ({}), expected: adminOnly },
  { name: "review queue", module: reviewQueue, path: () => "/review", params: () => ({}), expected: staff },
  { name: "draw a review sample", module: reviewQueue, path: () => "/review", params: () => ({}), form: () => ({ intent: "draw", campaignId }), expected: staff },
  { name: "review a submission", module: reviewPage, path: () => `/review/${assessmentId}`, params: () => ({ assessmentId }), expected: staff },
  {
    name: "comment on a question",
    module: reviewPage,
    path: () => `/review/${assessmentId}`,
    params: () => ({ assessmentId }),
    form: () => ({ intent: "comment", questionId: "women_governing_body", body: "Please check." }),
    expected: staff,
  },
  {
    name: "return a submission",
    module: reviewPage,
    path: () => `/review/${otherAssessmentId}`,
    params: () => ({ assessmentId: otherAssessmentId }),
    // A reason too short: refused with 400 by staff, still 404 for everyone else.
    form: () => ({ intent: "decide", decision: "return", reason: "" }),
    expected: { ...staff, admin: 400, reviewer: 400 },
  },
  {
    name: "the organisation's review comments",
    module: comments,
    path: (w) => `/o/${w.orgA}/assessments/${assessmentId}/comments`,
    params: (w) => ({ orgId: w.orgA, assessmentId }),
    expected: orgMembers,
  },
  {
    name: "answer a review comment",
    module: comments,
    path: (w) => `/o/${w.orgA}/assessments/${assessmentId}/comments`,
    params: (w) => ({ orgId: w.orgA, assessmentId }),
    form: () => ({ questionId: "women_governing_body", body: "Checked." }),
    expected: orgEditors,
  },
];

describe("permissions: admin and review routes for every role", () => {
  for (const row of rows) {
    it(`${row.name} (${row.form ? "POST" : "GET"})`, async () => {
      const { actual, wanted } = await expectForEveryRole(
        world,
        (cookie) => callRoute(row.module, { path: row.path(world), params: row.params(world), cookie, form: row.form?.(world) }),
        row.expected,
      );
      expect(actual).toEqual(wanted);
    });
  }

  it("a reviewer cannot change settings, rescore, or manage users and organisations", async () => {
    const cookie = world.cookies.reviewer;
    const attempts = [
      callRoute(adminSettings, { path: "/admin/settings", cookie, form: { k: "3", share: "100", agreement: "", defaultOpen: "04-20", defaultClose: "07-15" } }),
      callRoute(adminCampaigns, { path: "/admin/campaigns", cookie, form: { intent: "rescore", campaignId, reason: "because" } }),
      callRoute(adminCampaigns, { path: "/admin/campaigns", cookie, form: { intent: "close", campaignId } }),
      callRoute(adminUsers, { path: "/admin/users", cookie, form: { intent: "disable", userId: world.users.owner } }),
      callRoute(adminOrganisation, { path: `/admin/organisations/${world.orgA}`, params: { orgId: world.orgA }, cookie, form: { intent: "disable" } }),
    ];
    for (const outcome of await Promise.all(attempts)) expect(outcome.status).toBe(404);
  });

  it("an organisation's comments of another organisation's assessment answer 404", async () => {
    const r = await callRoute(comments, {
      path: `/o/${world.orgB}/assessments/${assessmentId}/comments`,
      params: { orgId: world.orgB, assessmentId },
      cookie: world.cookies.otherOrgOwner,
    });
    expect(r.status).toBe(404);
    const post = await callRoute(comments, {
      path: `/o/${world.orgB}/assessments/${assessmentId}/comments`,
      params: { orgId: world.orgB, assessmentId },
      cookie: world.cookies.otherOrgOwner,
      form: { questionId: "women_governing_body", body: "sneaky" },
    });
    expect(post.status).toBe(404);
  });
});
