import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, campaigns, organisations } from "#db/schema/index";
import * as report from "#app/routes/o.$orgId.reports.$assessmentId";
import * as reportBody from "#app/routes/o.$orgId.reports.$assessmentId_.body";
import * as reportPdf from "#app/routes/o.$orgId.reports.$assessmentId_.pdf";
import * as progress from "#app/routes/o.$orgId.progress";
import * as sharing from "#app/routes/o.$orgId.sharing";
import * as exportCsv from "#app/routes/o.$orgId.export[.]csv";
import * as exportJson from "#app/routes/o.$orgId.export[.]json";
import * as publicSummary from "#app/routes/public.$orgId";
import * as funderHome from "#app/routes/funder._index";
import * as funderOrganisation from "#app/routes/funder.organisations.$orgId._index";
import * as funderReport from "#app/routes/funder.organisations.$orgId.$assessmentId";
import * as funderPortfolio from "#app/routes/funder.portfolio";
import { storeResult } from "#app/models/assessments.server";
import { funderPortfolio as funderPortfolioOf } from "#app/models/reports.server";
import { getDefinition, recordDefinitions, versionIdOf } from "#app/models/definitions.server";
import { createShare, funderViews, revokeShare } from "#app/models/sharing.server";
import { scoreAssessment } from "#app/scoring/score";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute, type RouteModule } from "./setup/routes";
import { createWorld, expectForEveryRole, membersAndStaff, type Expectation, type RoleName, type World } from "./setup/world";

setupTestDatabase();

let world: World;
/** Submitted results of organisation A for 2024 and 2025, and of B for 2025. */
const reportsOf: { a2024: string; a2025: string; b2025: string } = { a2024: "", a2025: "", b2025: "" };

async function submitted(organisationId: string, year: number, version: string, seed: number) {
  const db = await getDb();
  const versionId = versionIdOf("social-balance-basic", version);
  const compiled = (await getDefinition(versionId))!;
  let [campaign] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, year));
  if (!campaign) [campaign] = await db.insert(campaigns).values({ year, opensOn: `${year}-04-20`, closesOn: `${year}-07-15`, status: "closed" }).returning({ id: campaigns.id });
  const [a] = await db
    .insert(assessments)
    .values({ organisationId, campaignId: campaign.id, questionnaire: "social-balance-basic", versionId, status: "submitted", submittedAt: new Date() })
    .returning();
  const result = scoreAssessment(compiled, generateAnswers(compiled, rng(seed), { quality: 0.5, headcount: 5 }));
  await db.transaction((tx) => storeResult(tx, a, result, null));
  return a.id;
}

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  reportsOf.a2024 = await submitted(world.orgA, 2024, "2024.1", 1);
  reportsOf.a2025 = await submitted(world.orgA, 2025, "2025.1", 2);
  reportsOf.b2025 = await submitted(world.orgB, 2025, "2025.1", 3);
});

const signIn = "redirect-signin" as const;
const members = membersAndStaff;
const ownMembersOnly: Record<RoleName, Expectation> = { ...members, admin: 404, reviewer: 404 };
const editors: Record<RoleName, Expectation> = { ...ownMembersOnly, viewer: 404 };
const ownerOnly: Record<RoleName, Expectation> = { ...editors, editor: 404 };
const funderOnly: Record<RoleName, Expectation> = {
  anonymous: signIn,
  owner: 404,
  editor: 404,
  viewer: 404,
  otherOrgOwner: 404,
  admin: 404,
  reviewer: 404,
  funder: "ok",
  researcher: 404,
};
const nobody: Record<RoleName, Expectation> = { ...funderOnly, funder: 404 };

interface Row {
  name: string;
  module: RouteModule;
  path: (w: World) => string;
  params: (w: World) => Record<string, string>;
  form?: (w: World) => Record<string, string>;
  expected: Record<RoleName, Expectation>;
}

const rows: Row[] = [
  { name: "report", module: report, path: (w) => `/o/${w.orgA}/reports/${reportsOf.a2025}`, params: (w) => ({ orgId: w.orgA, assessmentId: reportsOf.a2025 }), expected: members },
  { name: "report PDF", module: reportPdf, path: (w) => `/o/${w.orgA}/reports/${reportsOf.a2025}/pdf`, params: (w) => ({ orgId: w.orgA, assessmentId: reportsOf.a2025 }), expected: members },
  { name: "report body (HTML fragment)", module: reportBody, path: (w) => `/o/${w.orgA}/reports/${reportsOf.a2025}/body`, params: (w) => ({ orgId: w.orgA, assessmentId: reportsOf.a2025 }), expected: members },
  {
    name: "write a commitment",
    module: report,
    path: (w) => `/o/${w.orgA}/reports/${reportsOf.a2025}`,
    params: (w) => ({ orgId: w.orgA, assessmentId: reportsOf.a2025 }),
    form: () => ({ intent: "commit", code: "ECO_SSE_PURCHASES", direction: "at_least", target: "50" }),
    expected: editors,
  },
  { name: "progress", module: progress, path: (w) => `/o/${w.orgA}/progress`, params: (w) => ({ orgId: w.orgA }), expected: members },
  { name: "sharing page", module: sharing, path: (w) => `/o/${w.orgA}/sharing`, params: (w) => ({ orgId: w.orgA }), expected: members },
  {
    name: "share with a funder",
    module: sharing,
    path: (w) => `/o/${w.orgA}/sharing`,
    params: (w) => ({ orgId: w.orgA }),
    form: (w) => ({ intent: "share", funderId: w.funderId, scope: "years", years: "2024" }),
    expected: ownerOnly,
  },
  {
    name: "public summary switch",
    module: sharing,
    path: (w) => `/o/${w.orgA}/sharing`,
    params: (w) => ({ orgId: w.orgA }),
    form: () => ({ intent: "public", on: "0" }),
    expected: ownerOnly,
  },
  { name: "export CSV", module: exportCsv, path: (w) => `/o/${w.orgA}/export.csv`, params: (w) => ({ orgId: w.orgA }), expected: ownMembersOnly },
  { name: "export JSON", module: exportJson, path: (w) => `/o/${w.orgA}/export.json`, params: (w) => ({ orgId: w.orgA }), expected: ownMembersOnly },
  { name: "funder home", module: funderHome, path: () => "/funder", params: () => ({}), expected: funderOnly },
  { name: "funder portfolio", module: funderPortfolio, path: () => "/funder/portfolio", params: () => ({}), expected: funderOnly },
  {
    name: "funder: organisation without a share",
    module: funderOrganisation,
    path: (w) => `/funder/organisations/${w.orgB}`,
    params: (w) => ({ orgId: w.orgB }),
    expected: nobody,
  },
  {
    name: "funder: report without a share",
    module: funderReport,
    path: (w) => `/funder/organisations/${w.orgB}/${reportsOf.b2025}`,
    params: (w) => ({ orgId: w.orgB, assessmentId: reportsOf.b2025 }),
    expected: nobody,
  },
];

const run = (row: Row, cookie: string | undefined) => callRoute(row.module, { path: row.path(world), params: row.params(world), cookie, form: row.form?.(world) });

describe("permissions of reports, sharing and funders: every route for every role", () => {
  for (const row of rows) {
    it(`${row.name} (${row.form ? "POST" : "GET"})`, async () => {
      const { actual, wanted } = await expectForEveryRole(world, (cookie) => run(row, cookie), row.expected);
      expect(actual).toEqual(wanted);
    });
  }

  it("members of A get 404 for B's report, progress, sharing and exports; and for A's report under B's address", async () => {
    for (const role of ["owner", "editor", "viewer"] as const) {
      const cookie = world.cookies[role];
      const calls = [
        callRoute(report, { path: "/x", params: { orgId: world.orgB, assessmentId: reportsOf.b2025 }, cookie }),
        callRoute(report, { path: "/x", params: { orgId: world.orgB, assessmentId: reportsOf.a2025 }, cookie }),
        callRoute(reportBody, { path: "/x", params: { orgId: world.orgB, assessmentId: reportsOf.b2025 }, cookie }),
        callRoute(progress, { path: "/x", params: { orgId: world.orgB }, cookie }),
        callRoute(sharing, { path: "/x", params: { orgId: world.orgB }, cookie }),
        callRoute(exportCsv, { path: "/x", params: { orgId: world.orgB }, cookie }),
        callRoute(exportJson, { path: "/x", params: { orgId: world.orgB }, cookie }),
      ];
      for (const outcome of await Promise.all(calls)) expect(outcome.status).toBe(404);
    }
    // The owner of A, with the report of B in A's address: 404 (the report is looked up within A).
    const crossed = await callRoute(report, { path: "/x", params: { orgId: world.orgA, assessmentId: reportsOf.b2025 }, cookie: world.cookies.owner });
    expect(crossed.status).toBe(404);
    const crossedBody = await callRoute(reportBody, { path: "/x", params: { orgId: world.orgA, assessmentId: reportsOf.b2025 }, cookie: world.cookies.owner });
    expect(crossedBody.status).toBe(404);
  });

  it("a funder sees only shared years, loses access at once when the share is revoked, and every view is logged", async () => {
    const funder = world.cookies.funder;
    const open = (assessmentId: string) =>
      callRoute(funderReport, { path: `/funder/organisations/${world.orgA}/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie: funder });
    expect((await open(reportsOf.a2025)).status).toBe(404); // no share yet

    const share = await createShare({ organisationId: world.orgA, funderId: world.funderId, years: [2024], userId: world.users.owner });
    if (!share.ok) throw new Error("share");
    expect((await open(reportsOf.a2024)).status).toBe(200);
    expect((await open(reportsOf.a2025)).status).toBe(404); // a share for other years
    const listed = await callRoute(funderHome, { path: "/funder", cookie: funder });
    expect(listed.data.organisations.map((o: { id: string }) => o.id)).toEqual([world.orgA]);
    const orgPage = await callRoute(funderOrganisation, { path: "/x", params: { orgId: world.orgA }, cookie: funder });
    expect(orgPage.data.reports.map((r: { year: number }) => r.year)).toEqual([2024]);
    const portfolio = await callRoute(funderPortfolio, { path: "/funder/portfolio", cookie: funder });
    expect(portfolio.data.organisations[0].points.map((p: { year: number }) => p.year)).toEqual([2024]);
    // A funder reading a report sees only the shared years in its progress lines too.
    const seen = await open(reportsOf.a2024);
    // (one shared year: the body, drawn on the server, has no progress over the years at all)
    expect(seen.data.bodyHtml).toContain("2024</h1>");
    expect(seen.data.bodyHtml).not.toContain('id="progress-title"');
    expect(seen.data.bodyHtml).not.toContain("2025");

    await revokeShare({ organisationId: world.orgA, shareId: share.id, userId: world.users.owner });
    expect((await open(reportsOf.a2024)).status).toBe(404); // revoked
    expect((await callRoute(funderOrganisation, { path: "/x", params: { orgId: world.orgA }, cookie: funder })).status).toBe(404);

    const all = await createShare({ organisationId: world.orgA, funderId: world.funderId, years: "all", userId: world.users.owner });
    expect(all.ok).toBe(true);
    expect((await open(reportsOf.a2025)).status).toBe(200);
    // All years shared: the portfolio has both, with the axis scores of each result.
    const whole = await callRoute(funderPortfolio, { path: "/funder/portfolio", cookie: funder });
    expect(whole.data.organisations[0].points.map((p: { year: number }) => p.year)).toEqual([2024, 2025]);
    expect(whole.data.axisIds.length).toBeGreaterThan(0);
    for (const p of whole.data.organisations[0].points) expect(Object.keys(p.axes).sort()).toEqual([...whole.data.axisIds].sort());

    const views = await funderViews(world.orgA);
    expect(views.filter((v) => v.what === "report").map((v) => v.year).sort()).toEqual([2024, 2024, 2025]);
    expect(views.some((v) => v.what === "portfolio")).toBe(true);
    expect(views.every((v) => v.funder !== null)).toBe(true);
    const page = await callRoute(sharing, { path: "/x", params: { orgId: world.orgA }, cookie: world.cookies.viewer });
    expect(page.data.views.length).toBe(views.length);
  });

  it("the portfolio shows its organisations a page at a time, and logs a view of the page's organisations in one statement", async () => {
    const share = await createShare({ organisationId: world.orgB, funderId: world.funderId, years: "all", userId: world.users.otherOrgOwner });
    expect(share.ok).toBe(true);
    const first = await funderPortfolioOf(world.funderId, "en", { pageSize: 1 });
    const second = await funderPortfolioOf(world.funderId, "en", { page: 2, pageSize: 1 });
    expect(first.organisations).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    expect(second.organisations).toHaveLength(1);
    expect(second.hasMore).toBe(false);
    expect(new Set([first.organisations[0].id, second.organisations[0].id])).toEqual(new Set([world.orgA, world.orgB]));
    const before = (await funderViews(world.orgB)).filter((v) => v.what === "portfolio").length;
    const page = await callRoute(funderPortfolio, { path: "/funder/portfolio", cookie: world.cookies.funder });
    expect(page.data.organisations.map((o: { id: string }) => o.id).sort()).toEqual([world.orgA, world.orgB].sort());
    expect((await funderViews(world.orgB)).filter((v) => v.what === "portfolio").length).toBe(before + 1);
  });

  it("the public summary answers 404 until the owner turns it on, and again once turned off", async () => {
    const get = () => callRoute(publicSummary, { path: `/public/${world.orgA}`, params: { orgId: world.orgA } });
    expect((await get()).status).toBe(404);
    const on = await callRoute(sharing, { path: "/x", params: { orgId: world.orgA }, cookie: world.cookies.owner, form: { intent: "public", on: "1" } });
    expect(on.status).toBe(200);
    const shown = await get();
    expect(shown.status).toBe(200);
    expect(shown.data.summary.latest.year).toBe(2025);
    expect(Object.keys(shown.data.summary.latest)).toEqual(["year", "total", "sealGranted", "axes"]);
    await callRoute(sharing, { path: "/x", params: { orgId: world.orgA }, cookie: world.cookies.owner, form: { intent: "public", on: "0" } });
    expect((await get()).status).toBe(404);
    const db = await getDb();
    const [org] = await db.select({ publicSummary: organisations.publicSummary }).from(organisations).where(eq(organisations.id, world.orgA));
    expect(org.publicSummary).toBe(false);
  });
});
