import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { assessments, auditLog, campaigns, users } from "#db/schema/index";
import * as adminReleases from "#app/routes/admin.releases";
import * as adminResearchers from "#app/routes/admin.researchers";
import * as apiList from "#app/routes/api.v1.releases";
import * as apiPackage from "#app/routes/api.v1.releases.$releaseId.package[.]zip";
import * as research from "#app/routes/research._index";
import * as researchApply from "#app/routes/research.apply";
import * as researchTokens from "#app/routes/research.tokens";
import { tabularDataPackageSchema } from "#app/disclosure/index";
import { storeResult } from "#app/models/assessments.server";
import { getDefinition, recordDefinitions, versionIdOf } from "#app/models/definitions.server";
import { scoreAssessment } from "#app/scoring/score";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute, sessionCookieFor, type RouteModule } from "./setup/routes";
import { createWorld, expectForEveryRole, type Expectation, type RoleName, type World } from "./setup/world";

setupTestDatabase();

let world: World;
let approvedCookie = "";
let approvedId = "";
let releaseId = "";

const signIn = "redirect-signin" as const;
const onlyApproved: Record<RoleName, Expectation> = {
  anonymous: signIn,
  owner: 404,
  editor: 404,
  viewer: 404,
  otherOrgOwner: 404,
  admin: 404,
  reviewer: 404,
  funder: 404,
  researcher: 404,
};
const apiWithSession: Record<RoleName, Expectation> = { ...onlyApproved, anonymous: 401 };
const onlyAdmin: Record<RoleName, Expectation> = { ...onlyApproved, admin: "ok" };
const applyPage: Record<RoleName, Expectation> = { ...onlyApproved, anonymous: "ok", researcher: "ok" };

async function check(module: RouteModule, path: string, params: Record<string, string>, expected: Record<RoleName, Expectation>) {
  const { actual, wanted } = await expectForEveryRole(world, (cookie) => callRoute(module, { path, params, cookie }), expected);
  expect(actual, path).toEqual(wanted);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const db = await getDb();
  // A closed campaign with two submitted results, released by the admin through the staff page.
  const versionId = versionIdOf("social-balance-basic", "2025.1");
  const compiled = (await getDefinition(versionId))!;
  const [campaign] = await db.insert(campaigns).values({ year: 2031, opensOn: "2031-04-20", closesOn: "2031-07-15", status: "closed" }).returning({ id: campaigns.id });
  for (const [i, organisationId] of [world.orgA, world.orgB].entries()) {
    const [a] = await db
      .insert(assessments)
      .values({ organisationId, campaignId: campaign.id, questionnaire: "social-balance-basic", versionId, status: "submitted", submittedAt: new Date() })
      .returning();
    await db.transaction((tx) => storeResult(tx, a, scoreAssessment(compiled, generateAnswers(compiled, rng(7 + i), { quality: 0.5, headcount: 5 })), null));
  }
  const built = await callRoute(adminReleases, { path: "/admin/releases", cookie: world.cookies.admin, form: { campaignId: campaign.id, language: "en" } });
  expect(built.status).toBe(200);
  expect(built.data.built).toMatchObject({ year: 2031, version: 1 });
  // A researcher who applied and was approved by the admin.
  [{ id: approvedId }] = await db.insert(users).values({ email: "approved@uni.example", name: "Approved Researcher", kind: "researcher" }).returning({ id: users.id });
  approvedCookie = await sessionCookieFor(approvedId);
  const applied = await callRoute(researchApply, {
    path: "/research/apply",
    cookie: approvedCookie,
    form: { institution: "Uni", project: "Equity", purpose: "Compare legal forms", accept: "yes" },
  });
  expect(applied.data.done).toBe(true);
  const decided = await callRoute(adminResearchers, { path: "/admin/researchers", cookie: world.cookies.admin, form: { userId: approvedId, decision: "approved", note: "" } });
  expect(decided.data.done).toBe("research.decided");
  const listed = await callRoute(apiList, { path: "/api/v1/releases", cookie: approvedCookie });
  releaseId = listed.data.releases.find((r: { campaign: number }) => r.campaign === 2031).id;
}, 60_000);

describe("who sees research releases", () => {
  it("the releases page: approved researchers only; 404 for a researcher not approved, members, funders and staff", async () => {
    await check(research, "/research", {}, onlyApproved);
    expect((await callRoute(research, { path: "/research", cookie: approvedCookie })).status).toBe(200);
  });

  it("the tokens page: approved researchers only", async () => {
    await check(researchTokens, "/research/tokens", {}, onlyApproved);
    expect((await callRoute(researchTokens, { path: "/research/tokens", cookie: approvedCookie })).status).toBe(200);
  });

  it("the API with a session: 401 without one, 404 for anyone but an approved researcher", async () => {
    await check(apiList, "/api/v1/releases", {}, apiWithSession);
    await check(apiPackage, `/api/v1/releases/${releaseId}/package.zip`, { releaseId }, apiWithSession);
    const ok = await callRoute(apiList, { path: "/api/v1/releases", cookie: approvedCookie });
    expect(ok.status).toBe(200);
    expect(ok.data.releases.length).toBeGreaterThan(0);
  });

  it("a 401 without session or token says how to authenticate, in JSON", async () => {
    const none = await callRoute(apiList, { path: "/api/v1/releases" });
    expect(none.status).toBe(401);
    expect(none.data.error).toBe("unauthorized");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("the application page: signed-out visitors and researchers; 404 for other accounts", async () => {
    await check(researchApply, "/research/apply", {}, applyPage);
  });

  it("the staff pages: admins only", async () => {
    await check(adminResearchers, "/admin/researchers", {}, onlyAdmin);
    await check(adminReleases, "/admin/releases", {}, onlyAdmin);
    const refused = await callRoute(adminReleases, { path: "/admin/releases", cookie: world.cookies.reviewer, form: { campaignId: "x", language: "en" } });
    expect(refused.status).toBe(404);
  });

  it("refusing an approved researcher withdraws access at the next request", async () => {
    const [{ id }] = await (await getDb()).insert(users).values({ email: "withdrawn@uni.example", name: "Withdrawn", kind: "researcher" }).returning({ id: users.id });
    const cookie = await sessionCookieFor(id);
    await callRoute(researchApply, { path: "/research/apply", cookie, form: { institution: "Uni", project: "P", purpose: "Q", accept: "yes" } });
    expect((await callRoute(research, { path: "/research", cookie })).status).toBe(404);
    await callRoute(adminResearchers, { path: "/admin/researchers", cookie: world.cookies.admin, form: { userId: id, decision: "approved", note: "" } });
    expect((await callRoute(research, { path: "/research", cookie })).status).toBe(200);
    await callRoute(adminResearchers, { path: "/admin/researchers", cookie: world.cookies.admin, form: { userId: id, decision: "refused", note: "project ended" } });
    expect((await callRoute(research, { path: "/research", cookie })).status).toBe(404);
  });
});

describe("research applications", () => {
  it("a visitor signs up as a researcher; the agreement must be accepted", async () => {
    const form = { name: "New Researcher", email: "new@uni.example", password: "a long enough passphrase", institution: "Uni", project: "P", purpose: "Q" };
    const refused = await callRoute(researchApply, { path: "/research/apply", form });
    expect(refused.status).toBe(400);
    expect(refused.data.errors.accept).toBe("research.acceptRequired");
    expect(refused.data.values.institution).toBe("Uni");
    expect(refused.data.values.password).toBeUndefined();
    const created = await callRoute(researchApply, { path: "/research/apply", form: { ...form, accept: "yes" } });
    expect(created.status).toBe(302);
    expect(created.headers.get("set-cookie")).toBeTruthy();
    const db = await getDb();
    const [user] = await db.select({ kind: users.kind }).from(users).where(eq(users.email, "new@uni.example"));
    expect(user.kind).toBe("researcher");
  });

  it("every POST needs the CSRF token", async () => {
    const r = await callRoute(researchApply, { path: "/research/apply", form: { institution: "x" }, withoutCsrf: true });
    expect(r.status).toBe(403);
  });
});

describe("API tokens", () => {
  let token = "";
  let tokenId = "";

  it("is shown once at creation and stored hashed", async () => {
    const created = await callRoute(researchTokens, { path: "/research/tokens", cookie: approvedCookie, form: { intent: "create", name: "analysis server" } });
    expect(created.status).toBe(200);
    token = created.data.token;
    expect(token).toMatch(/^bilan_[A-Za-z0-9_-]{43}$/);
    const page = await callRoute(researchTokens, { path: "/research/tokens", cookie: approvedCookie });
    expect(JSON.stringify(page.data)).not.toContain(token);
    tokenId = page.data.tokens[0].id;
    const empty = await callRoute(researchTokens, { path: "/research/tokens", cookie: approvedCookie, form: { intent: "create", name: "  " } });
    expect(empty.status).toBe(400);
    expect(empty.data.error).toBe("research.nameRequired");
  });

  it("lists and downloads with the token; the zip is the data package, and the download is logged", async () => {
    const list = await callRoute(apiList, { path: "/api/v1/releases", headers: bearer(token) });
    expect(list.status).toBe(200);
    const request = new Request(`http://localhost:3000/api/v1/releases/${releaseId}/package.zip`, { headers: bearer(token) });
    const response = (await apiPackage.loader({ request, params: { releaseId }, context: { clientIp: "10.0.0.1" } })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    tabularDataPackageSchema.parse(JSON.parse(new TextDecoder().decode(files["datapackage.json"])));
    const logged = await (await getDb()).select().from(auditLog).where(eq(auditLog.action, "research.downloaded"));
    expect(logged.some((l) => l.actorUserId === approvedId && l.targetId === releaseId && (l.details as { via?: string }).via === "api")).toBe(true);
  });

  it("an unknown release is 404 in JSON", async () => {
    const r = await callRoute(apiPackage, { path: "/api/v1/releases/x/package.zip", params: { releaseId: "00000000-0000-0000-0000-000000000000" }, headers: bearer(token) });
    expect(r.status).toBe(404);
    expect(r.data.error).toBe("not_found");
  });

  it("a revoked, unknown or malformed token gets 401 JSON", async () => {
    const revoked = await callRoute(researchTokens, { path: "/research/tokens", cookie: approvedCookie, form: { intent: "revoke", tokenId } });
    expect(revoked.data.done).toBe("research.tokenRevoked");
    for (const headers of [bearer(token), bearer("bilan_" + "x".repeat(43)), bearer("nonsense"), { authorization: "Basic abc" }]) {
      const r = await callRoute(apiList, { path: "/api/v1/releases", headers });
      expect(r.status, JSON.stringify(headers)).toBe(401);
      expect(r.data.error).toBe("invalid_token");
      const z = await callRoute(apiPackage, { path: `/api/v1/releases/${releaseId}/package.zip`, params: { releaseId }, headers });
      expect(z.status).toBe(401);
    }
  });

  it("a token of a researcher who is not approved gets 404", async () => {
    const db = await getDb();
    const { createApiToken } = await import("#app/models/api-tokens.server");
    const created = await createApiToken({ userId: world.users.researcher, name: "not approved" });
    if (!created.ok) throw new Error(created.error);
    const r = await callRoute(apiList, { path: "/api/v1/releases", headers: bearer(created.token) });
    expect(r.status).toBe(404);
    expect(await db.select().from(users).where(eq(users.id, world.users.researcher))).toHaveLength(1);
  });

  it("another researcher cannot revoke someone else's token (404)", async () => {
    const r = await callRoute(researchTokens, { path: "/research/tokens", cookie: approvedCookie, form: { intent: "revoke", tokenId: "not-mine" } });
    expect(r.status).toBe(404);
  });
});
