import { beforeAll, describe, expect, it } from "vitest";
import * as adminHome from "#app/routes/admin._index";
import * as adminOutbox from "#app/routes/admin.outbox";
import * as account from "#app/routes/account";
import * as accountExport from "#app/routes/account_.export";
import * as newOrganisation from "#app/routes/organisations.new";
import * as orgLayout from "#app/routes/o.$orgId";
import * as orgHome from "#app/routes/o.$orgId._index";
import * as orgMembers from "#app/routes/o.$orgId.members";
import * as orgProfile from "#app/routes/o.$orgId.profile";
import { setupTestDatabase } from "./setup/database";
import { callRoute, type RouteModule } from "./setup/routes";
import { createWorld, expectForEveryRole, membersAndStaff, type Expectation, type RoleName, type World } from "./setup/world";

setupTestDatabase();

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const members = membersAndStaff;
const ownerOnly: Record<RoleName, Expectation> = {
  anonymous: "redirect-signin",
  owner: "ok",
  editor: 404,
  viewer: 404,
  otherOrgOwner: 404,
  admin: 404,
  reviewer: 404,
  funder: 404,
  researcher: 404,
};
const adminOnly: Record<RoleName, Expectation> = { ...ownerOnly, owner: 404, admin: "ok" };
const anySignedIn: Record<RoleName, Expectation> = {
  anonymous: "redirect-signin",
  owner: "ok",
  editor: "ok",
  viewer: "ok",
  otherOrgOwner: "ok",
  admin: "ok",
  reviewer: "ok",
  funder: "ok",
  researcher: "ok",
};

interface Row {
  name: string;
  module: RouteModule;
  path: (w: World) => string;
  params: (w: World) => Record<string, string>;
  form?: (w: World) => Record<string, string>;
  expected: Record<RoleName, Expectation>;
}

/** The permission rows: every route, every role, on organisation A. Add a row per new route. */
export const rows: Row[] = [
  { name: "organisation layout", module: orgLayout, path: (w) => `/o/${w.orgA}`, params: (w) => ({ orgId: w.orgA }), expected: members },
  { name: "organisation home", module: orgHome, path: (w) => `/o/${w.orgA}`, params: (w) => ({ orgId: w.orgA }), expected: members },
  { name: "members page", module: orgMembers, path: (w) => `/o/${w.orgA}/members`, params: (w) => ({ orgId: w.orgA }), expected: members },
  {
    name: "invite a member",
    module: orgMembers,
    path: (w) => `/o/${w.orgA}/members`,
    params: (w) => ({ orgId: w.orgA }),
    form: () => ({ intent: "invite", email: `new${Math.random().toString(36).slice(2)}@example.org`, role: "editor" }),
    expected: ownerOnly,
  },
  { name: "organisation profile page", module: orgProfile, path: (w) => `/o/${w.orgA}/profile`, params: (w) => ({ orgId: w.orgA }), expected: ownerOnly },
  {
    name: "edit organisation profile",
    module: orgProfile,
    path: (w) => `/o/${w.orgA}/profile`,
    params: (w) => ({ orgId: w.orgA }),
    form: () => ({ organisationName: "Org A renamed", legalForm: "association", sector: "food", region: "girona", headcount: "7" }),
    expected: ownerOnly,
  },
  { name: "admin console", module: adminHome, path: () => "/admin", params: () => ({}), expected: adminOnly },
  { name: "email outbox", module: adminOutbox, path: () => "/admin/outbox", params: () => ({}), expected: adminOnly },
  { name: "account settings", module: account, path: () => "/account", params: () => ({}), expected: anySignedIn },
  { name: "download my data", module: accountExport, path: () => "/account/export", params: () => ({}), expected: anySignedIn },
  {
    name: "register another organisation",
    module: newOrganisation,
    path: () => "/organisations/new",
    params: () => ({}),
    expected: { ...anySignedIn, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
  },
  {
    name: "register another organisation (form)",
    module: newOrganisation,
    path: () => "/organisations/new",
    params: () => ({}),
    form: () => ({ organisationName: "Another coop", legalForm: "association", sector: "food", region: "girona", headcount: "2" }),
    expected: { ...anySignedIn, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
  },
];

describe("permissions: every route for every role", () => {
  for (const row of rows) {
    it(`${row.name} (${row.form ? "POST" : "GET"})`, async () => {
      const { actual, wanted } = await expectForEveryRole(
        world,
        (cookie) =>
          callRoute(row.module, { path: row.path(world), params: row.params(world), cookie, form: row.form?.(world) }),
        row.expected,
      );
      expect(actual).toEqual(wanted);
    });
  }

  it("answers 404 for organisation B to every member of A, on every page and action", async () => {
    for (const role of ["owner", "editor", "viewer"] as const) {
      const cookie = world.cookies[role];
      for (const module of [orgLayout, orgHome, orgMembers, orgProfile] as RouteModule[]) {
        const get = await callRoute(module, { path: `/o/${world.orgB}`, params: { orgId: world.orgB }, cookie });
        expect(get.status).toBe(404);
      }
      const post = await callRoute(orgMembers, {
        path: `/o/${world.orgB}/members`,
        params: { orgId: world.orgB },
        cookie,
        form: { intent: "invite", email: "x@example.org", role: "owner" },
      });
      expect(post.status).toBe(404);
    }
  });
});
