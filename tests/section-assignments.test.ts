import { beforeAll, describe, expect, it } from "vitest";
import * as home from "#app/routes/o.$orgId._index";
import * as overview from "#app/routes/o.$orgId.assessments.$assessmentId._index";
import * as section from "#app/routes/o.$orgId.assessments.$assessmentId.$sectionId";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, expectForEveryRole, type World } from "./setup/world";

// An owner shares the sections out: each colleague sees what is theirs on the overview, the
// section list and the dashboard. Only owners assign, and only to colleagues who may edit.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let assessmentId: string;
let sections: string[];
const at = (cookie: string | undefined, form?: Record<string, string>) =>
  callRoute(overview, { path: `/o/${world.orgA}/assessments/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie, form });

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId: created.id, versionId: VERSION } });
  assessmentId = started.location!.split("/").pop()!;
  sections = (await getDefinition(VERSION))!.definition.sections.map((s) => s.id);
});

describe("sharing the sections out", () => {
  it("an owner gives a section to an editor; everyone of the organisation sees it", async () => {
    const saved = await at(world.cookies.owner, { intent: "assign", [`assign.${sections[0]}`]: world.users.editor, [`assign.${sections[1]}`]: "" });
    expect(saved.status).toBe(200);
    expect(saved.data.done).toBe("pages.assignSaved");
    const page = await at(world.cookies.viewer);
    expect(page.data.assignees[sections[0]]).toMatchObject({ userId: world.users.editor });
    expect(page.data.assignees[sections[1]]).toBeUndefined();
    expect(page.data.assignable).toBeNull();
    const dashboard = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor });
    expect(dashboard.data.dashboard.inProgress[0].assignees[sections[0]].userId).toBe(world.users.editor);
    const sectionPage = await callRoute(section, { path: `/o/${world.orgA}/assessments/${assessmentId}/${sections[2]}`, params: { orgId: world.orgA, assessmentId, sectionId: sections[2] }, cookie: world.cookies.editor });
    expect(sectionPage.data.sections[0].assignee).toBeTruthy();
    // every question of the section says why it is asked: the indicators it feeds
    const asked = sectionPage.data.section.questions.map((q: { id: string }) => q.id);
    expect(Object.keys(sectionPage.data.whyAsked).sort()).toEqual([...asked].sort());
    expect(Object.values(sectionPage.data.whyAsked).some((feeds) => (feeds as Array<{ scored: boolean }>).some((f) => f.scored))).toBe(true);
  });

  it("refuses a viewer, someone of another organisation and an unknown section, changing nothing", async () => {
    for (const form of [{ [`assign.${sections[0]}`]: world.users.viewer }, { [`assign.${sections[0]}`]: world.users.otherOrgOwner }]) {
      const refused = await at(world.cookies.owner, { intent: "assign", ...form });
      expect(refused.status).toBe(400);
      expect(refused.data.assignError).toBe("pages.assignUnknown");
    }
    // a field for a section the questionnaire does not have is not read at all
    const ignored = await at(world.cookies.owner, { intent: "assign", "assign.nope": world.users.editor });
    expect(ignored.status).toBe(200);
    expect((await at(world.cookies.owner)).data.assignees[sections[0]].userId).toBe(world.users.editor);
  });

  it("only an owner of the organisation assigns: every role", async () => {
    const { actual, wanted } = await expectForEveryRole(world, (cookie) => at(cookie, { intent: "assign", [`assign.${sections[3]}`]: "" }), {
      anonymous: "redirect-signin",
      owner: "ok",
      editor: 404,
      viewer: 404,
      otherOrgOwner: 404,
      admin: 404,
      reviewer: 404,
      funder: 404,
      researcher: 404,
    });
    expect(actual).toEqual(wanted);
  });
});
