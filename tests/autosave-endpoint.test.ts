import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog } from "#db/schema/index";
import { serveAutosave } from "#app/assessments/autosave-endpoint.server";
import * as home from "#app/routes/o.$orgId._index";
import * as answersRoute from "#app/routes/o.$orgId.assessments.$assessmentId.answers";
import { setOrganisationDisabled } from "#app/models/admin.server";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { resetEnvCache } from "#app/utils/env.server";
import { setupTestDatabase } from "./setup/database";
import { buildRequest, callRoute, type RouteCall, type RouteOutcome } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// The production server answers autosaves before Remix (serveAutosave); the route module answers
// them in development. Both doors must give the same replies under the same rules.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let assessmentId: string;
let section: string;
let questions: string[];
let server: http.Server;
let port: number;

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId: created.id, versionId: VERSION } });
  assessmentId = started.location!.split("/").pop()!;
  const compiled = (await getDefinition(VERSION))!;
  section = compiled.definition.sections[0].id;
  questions = compiled.definition.sections[0].questions.filter((q) => q.type === "integer" && !q.applies_when && typeof q.limits?.min !== "string" && typeof q.limits?.max !== "string").map((q) => q.id);
  expect(questions.length).toBeGreaterThanOrEqual(2);
  server = http.createServer((req, res) => {
    if (!serveAutosave(req, res)) {
      res.writeHead(418);
      res.end("not an autosave");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const savePath = (org = world.orgA, assessment = assessmentId) => `/o/${org}/assessments/${assessment}/answers`;
const saveCall = (cookie: string | undefined, questionId: string, value: string, revision: number | null, extra: Partial<RouteCall> = {}): RouteCall => ({
  path: savePath(),
  params: { orgId: world.orgA, assessmentId },
  cookie,
  form: { sectionId: section, questionId, [`q.${questionId}`]: value, [`rev.${questionId}`]: revision ? String(revision) : "" },
  ...extra,
});

/** Sends raw bytes with exactly the given headers (fetch would rewrite Host). */
function rawPost(path: string, headers: Record<string, string>, body: Buffer | string, method = "POST"): Promise<RouteOutcome> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          /* plain text */
        }
        const outHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") outHeaders.set(k, v);
        resolve({ status: res.statusCode ?? 0, data, headers: outHeaders });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The same call as callRoute makes, sent to the Node door. */
async function viaNode(call: RouteCall): Promise<RouteOutcome> {
  const request = buildRequest(call);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key] = value));
  return rawPost(call.path, headers, Buffer.from(await request.arrayBuffer()), request.method);
}

describe("the autosave endpoint served before Remix", () => {
  it("saves, then refuses a stale revision as a conflict, sharing the answers with the route module", async () => {
    const [q] = questions;
    const first = await viaNode(saveCall(world.cookies.editor, q, "12", null));
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ status: "saved", questionId: q, value: 12, revision: 1 });
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    // A colleague saves through the other door from revision 1.
    const second = await callRoute(answersRoute, saveCall(world.cookies.owner, q, "14", 1));
    expect(second.data).toMatchObject({ status: "saved", value: 14, revision: 2 });
    const stale = await viaNode(saveCall(world.cookies.editor, q, "13", 1));
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ status: "conflict", current: { value: 14, revision: 2, updatedByName: "owner" } });
    // Saving what is already there from the old revision (a retried request) is not a conflict.
    const retried = await viaNode(saveCall(world.cookies.owner, q, "14", 1));
    expect(retried.status).toBe(200);
  });

  it("gives the route module's replies to invalid values, unknown questions, refusals and forged forms", async () => {
    const [, q] = questions;
    const cases: RouteCall[] = [
      saveCall(world.cookies.editor, q, "twelve", null),
      saveCall(world.cookies.editor, q, "-5", null),
      { ...saveCall(world.cookies.editor, q, "1", null), form: { sectionId: section, questionId: "no_such_question", "q.no_such_question": "1" } },
      { ...saveCall(world.cookies.editor, q, "1", null), form: { sectionId: section } },
      saveCall(world.cookies.viewer, q, "1", null),
      saveCall(world.cookies.otherOrgOwner, q, "1", null),
      saveCall(world.cookies.admin, q, "1", null),
      saveCall(world.cookies.funder, q, "1", null),
      { ...saveCall(world.cookies.otherOrgOwner, q, "1", null), path: savePath(world.orgB), params: { orgId: world.orgB, assessmentId } },
      { ...saveCall(world.cookies.editor, q, "1", null), path: savePath(world.orgA, "nope"), params: { orgId: world.orgA, assessmentId: "nope" } },
      saveCall(world.cookies.editor, q, "1", null, { withoutCsrf: true }),
      saveCall(world.cookies.editor, q, "1", null, { headers: { origin: "https://evil.example" } }),
      saveCall(world.cookies.editor, q, "1", null, { headers: { "sec-fetch-site": "cross-site" } }),
    ];
    for (const call of cases) {
      const [route, node] = [await callRoute(answersRoute, call), await viaNode(call)];
      expect({ form: call.form, status: node.status, data: node.data }).toEqual({ form: call.form, status: route.status, data: route.data });
      expect(node.status).toBeGreaterThanOrEqual(400);
      expect(node.status).toBeLessThan(500);
    }
  });

  it("audits a refused save and answers 404", async () => {
    const outcome = await viaNode(saveCall(world.cookies.viewer, questions[1], "3", null));
    expect(outcome.status).toBe(404);
    const db = await getDb();
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "access.refused"), eq(auditLog.actorUserId, world.users.viewer)));
    expect(rows.some((r) => r.targetType === "assessment.edit" && (r.details as { path?: string }).path === savePath())).toBe(true);
  });

  it("keeps what a signed-out person typed and says where to sign in", async () => {
    const outcome = await viaNode(saveCall(undefined, questions[1], "7", null));
    expect(outcome.status).toBe(401);
    expect(outcome.data.status).toBe("signed_out");
    expect(outcome.data.resumeUrl).toBe(`/signin?redirectTo=${encodeURIComponent(`/o/${world.orgA}/assessments/${assessmentId}/${section}`)}`);
  });

  it("refuses bodies that are too large or not a form, and leaves other requests to Remix", async () => {
    const call = saveCall(world.cookies.editor, questions[1], "1", null);
    const headers: Record<string, string> = {};
    buildRequest(call).headers.forEach((value, key) => (headers[key] = value));
    const huge = Buffer.alloc(2_100_000, "a");
    expect((await rawPost(call.path, { ...headers, "content-length": String(huge.length) }, huge)).status).toBe(413);
    expect((await rawPost(call.path, { ...headers, "transfer-encoding": "chunked" }, huge)).status).toBe(413);
    expect((await rawPost(call.path, headers, Buffer.from([0x63, 0x73, 0x72, 0x66, 0x3d, 0xff, 0xfe]))).status).toBe(400);
    // Not an autosave: the next handler (here a teapot) gets it.
    expect((await rawPost(call.path, headers, "", "GET")).status).toBe(418);
    expect((await rawPost(`${call.path}/more`, headers, "x=1")).status).toBe(418);
  });
});

describe("the autosave endpoint's client address and closed organisations", () => {
  it("logs the address the trusted proxy appended, not the one the client wrote", async () => {
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    try {
      const call = saveCall(world.cookies.viewer, questions[1], "4", null, { headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.5" } });
      expect((await viaNode(call)).status).toBe(404);
    } finally {
      delete process.env.TRUST_PROXY;
      resetEnvCache();
    }
    const db = await getDb();
    const refused = await db.select({ ip: auditLog.ip }).from(auditLog).where(and(eq(auditLog.action, "access.refused"), eq(auditLog.actorUserId, world.users.viewer)));
    expect(refused.map((r) => r.ip)).toContain("203.0.113.5");
    expect(refused.map((r) => r.ip)).not.toContain("6.6.6.6");
  });

  it("refuses the editors of a disabled organisation through both doors", async () => {
    await setOrganisationDisabled({ organisationId: world.orgA, disabled: true, actorUserId: world.users.admin });
    try {
      const call = saveCall(world.cookies.editor, questions[1], "5", null);
      expect((await viaNode(call)).status).toBe(404);
      expect((await callRoute(answersRoute, call)).status).toBe(404);
    } finally {
      await setOrganisationDisabled({ organisationId: world.orgA, disabled: false, actorUserId: world.users.admin });
    }
    expect((await viaNode(saveCall(world.cookies.editor, questions[1], "5", null))).status).toBe(200);
  });
});
