import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers, assessments, results, sessions } from "#db/schema/index";
import * as home from "#app/routes/o.$orgId._index";
import * as overview from "#app/routes/o.$orgId.assessments.$assessmentId._index";
import * as checkAnswers from "#app/routes/o.$orgId.assessments.$assessmentId.check-answers";
import * as section from "#app/routes/o.$orgId.assessments.$assessmentId.$sectionId";
import * as answersRoute from "#app/routes/o.$orgId.assessments.$assessmentId.answers";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { loadAnswers } from "#app/models/assessments.server";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute, type RouteModule } from "./setup/routes";
import { createWorld, expectForEveryRole, type Expectation, type RoleName, type World } from "./setup/world";

setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let campaignId: string;
let assessmentId: string;
let firstSection: string;
let numberQuestion: string;

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  campaignId = created.id;
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId, versionId: VERSION } });
  expect(started.status).toBe(302);
  assessmentId = started.location!.split("/").pop()!;
  const compiled = (await getDefinition(VERSION))!;
  firstSection = compiled.definition.sections[0].id;
  numberQuestion = compiled.definition.sections[0].questions.find((q) => q.type === "integer" && q.required && !q.applies_when)!.id;
});

const params = () => ({ orgId: world.orgA, assessmentId, sectionId: firstSection });
const path = () => `/o/${world.orgA}/assessments/${assessmentId}/${firstSection}`;
const autosave = (cookie: string | undefined, questionId: string, value: string, revision: number | null) =>
  callRoute(answersRoute, {
    path: `/o/${world.orgA}/assessments/${assessmentId}/answers`,
    params: { orgId: world.orgA, assessmentId },
    cookie,
    form: { sectionId: firstSection, questionId, [`q.${questionId}`]: value, [`rev.${questionId}`]: revision ? String(revision) : "" },
  });

describe("starting an assessment", () => {
  it("makes one per organisation, campaign and questionnaire", async () => {
    const again = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.owner, form: { campaignId, versionId: VERSION } });
    expect(again.location).toBe(`/o/${world.orgA}/assessments/${assessmentId}`);
    const db = await getDb();
    expect(await db.select().from(assessments).where(eq(assessments.organisationId, world.orgA))).toHaveLength(1);
  });
});

describe("saving answers", () => {
  it("saves an answer and returns its new revision; a stale revision is a conflict showing the colleague's value", async () => {
    const first = await autosave(world.cookies.editor, numberQuestion, "12", null);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ status: "saved", value: 12, revision: 1 });
    const second = await autosave(world.cookies.owner, numberQuestion, "14", 1);
    expect(second.data).toMatchObject({ status: "saved", value: 14, revision: 2 });
    // The editor still edits from revision 1: refused, and told who wrote what.
    const stale = await autosave(world.cookies.editor, numberQuestion, "13", 1);
    expect(stale.status).toBe(409);
    expect(stale.data.status).toBe("conflict");
    expect(stale.data.current).toMatchObject({ value: 14, revision: 2, updatedByName: "owner" });
    // Keeping mine: saving again from their revision.
    const kept = await autosave(world.cookies.editor, numberQuestion, "13", 2);
    expect(kept.data).toMatchObject({ status: "saved", value: 13, revision: 3 });
  });

  it("keeps a text answer that looks like a number as text", async () => {
    const compiled = (await getDefinition(VERSION))!;
    const textQuestion = compiled.questions.find((q) => q.question.type === "long_text" || q.question.type === "short_text")!.question.id;
    const r = await autosave(world.cookies.editor, textQuestion, "1", null);
    expect(r.data).toMatchObject({ status: "saved", value: "1" });
    expect((await loadAnswers(assessmentId)).get(textQuestion)?.value).toBe("1");
  });

  it("acknowledges a retried save of the same value without a conflict", async () => {
    const retried = await autosave(world.cookies.editor, numberQuestion, "13", 2);
    expect(retried.data).toMatchObject({ status: "saved", value: 13, revision: 3 });
  });

  it("keeps both answers when two people save different questions at the same time", async () => {
    const compiled = (await getDefinition(VERSION))!;
    const [a, b] = compiled.definition.sections[0].questions.filter((q) => q.type === "integer" && q.id !== numberQuestion && !q.applies_when).map((q) => q.id);
    const [r1, r2] = await Promise.all([autosave(world.cookies.editor, a, "3", null), autosave(world.cookies.owner, b, "4", null)]);
    expect([r1.data.status, r2.data.status]).toEqual(["saved", "saved"]);
    const stored = await loadAnswers(assessmentId);
    expect([stored.get(a)?.value, stored.get(b)?.value]).toEqual([3, 4]);
  });

  it("refuses bad values with a message code and changes nothing", async () => {
    for (const bad of ["-5", "NaN", "Infinity", "1e400", "abc", "9".repeat(400)]) {
      const r = await autosave(world.cookies.editor, numberQuestion, bad, 3);
      expect(r.status, bad).toBe(422);
      expect(r.data.status).toBe("invalid");
      expect(typeof r.data.error.code).toBe("string");
    }
    const unknown = await autosave(world.cookies.editor, "no_such_question", "1", null);
    expect(unknown.status).toBe(422);
    expect((await loadAnswers(assessmentId)).get(numberQuestion)?.value).toBe(13);
  });

  it("without JavaScript, saves a whole section and keeps every typed value when one is wrong", async () => {
    const stored = await loadAnswers(assessmentId);
    const rev = stored.get(numberQuestion)!.revision;
    const r = await callRoute(section, {
      path: path(),
      params: params(),
      cookie: world.cookies.editor,
      form: { intent: "save-section", [`q.${numberQuestion}`]: "-1", [`rev.${numberQuestion}`]: String(rev), [`note.${numberQuestion}`]: "from the payroll" },
    });
    expect(r.status).toBe(422);
    expect(r.data.typed[numberQuestion]).toMatchObject({ value: "-1", note: "from the payroll" });
    const ok = await callRoute(section, {
      path: path(),
      params: params(),
      cookie: world.cookies.editor,
      form: { intent: "save-section", [`q.${numberQuestion}`]: "20", [`rev.${numberQuestion}`]: String(rev), [`note.${numberQuestion}`]: "from the payroll" },
    });
    expect(ok.status).toBe(302);
    const after = (await loadAnswers(assessmentId)).get(numberQuestion)!;
    expect([after.value, after.note]).toEqual([20, "from the payroll"]);
  });

  it("keeps what was typed when the session expired, and brings it back after signing in", async () => {
    const browser = "bilan_browser=" + "b".repeat(43);
    const rev = (await loadAnswers(assessmentId)).get(numberQuestion)!.revision;
    // The session ends by inactivity while the page is open.
    const db = await getDb();
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60 * 1000) }).where(eq(sessions.userId, world.users.editor));
    const r = await autosave(`${world.cookies.editor}; ${browser}`, numberQuestion, "21", rev);
    expect(r.status).toBe(401);
    expect(r.data.status).toBe("signed_out");
    expect(decodeURIComponent(new URL(r.data.resumeUrl, "http://x").searchParams.get("redirectTo")!)).toBe(path());
    // Signed in again in the same browser: the page shows the kept answer, not yet saved.
    const { sessionCookieFor } = await import("./setup/routes");
    world.cookies.editor = await sessionCookieFor(world.users.editor);
    const page = await callRoute(section, { path: path(), params: params(), cookie: `${world.cookies.editor}; ${browser}` });
    expect(page.data.pending.values[numberQuestion]).toMatchObject({ value: "21", revision: rev });
    const saved = await callRoute(section, {
      path: path(),
      params: params(),
      cookie: `${world.cookies.editor}; ${browser}`,
      form: { intent: "save-section", [`q.${numberQuestion}`]: "21", [`rev.${numberQuestion}`]: String(rev), [`orig.${numberQuestion}`]: JSON.stringify("20") },
    });
    expect(saved.status).toBe(302);
    expect((await loadAnswers(assessmentId)).get(numberQuestion)?.value).toBe(21);
    // Saved: no longer kept.
    const after = await callRoute(section, { path: path(), params: params(), cookie: `${world.cookies.editor}; ${browser}` });
    expect(after.data.pending).toBeNull();
  });
});

describe("permissions on the questionnaire", () => {
  const rows: Array<{ name: string; module: RouteModule; form?: () => Record<string, string>; sectionPage: boolean; expected: Record<RoleName, Expectation> }> = [
    {
      name: "read a section",
      module: section,
      sectionPage: true,
      expected: { anonymous: "redirect-signin", owner: "ok", editor: "ok", viewer: "ok", otherOrgOwner: 404, admin: "ok", reviewer: "ok", funder: 404, researcher: 404 },
    },
    {
      name: "save an answer",
      module: section,
      sectionPage: true,
      form: () => ({ intent: "save-section" }),
      expected: { anonymous: "redirect-signin", owner: "ok", editor: "ok", viewer: 404, otherOrgOwner: 404, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
    },
    {
      name: "start an assessment",
      module: home,
      sectionPage: false,
      form: () => ({ campaignId, versionId: VERSION }),
      expected: { anonymous: "redirect-signin", owner: "ok", editor: "ok", viewer: 404, otherOrgOwner: 404, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
    },
    {
      name: "autosave an answer",
      module: answersRoute,
      sectionPage: false,
      form: () => ({ sectionId: firstSection, questionId: numberQuestion, [`q.${numberQuestion}`]: "21", [`rev.${numberQuestion}`]: "" }),
      expected: { anonymous: 401, owner: "ok", editor: "ok", viewer: 404, otherOrgOwner: 404, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
    },
    {
      name: "overview",
      module: overview,
      sectionPage: false,
      expected: { anonymous: "redirect-signin", owner: "ok", editor: "ok", viewer: "ok", otherOrgOwner: 404, admin: "ok", reviewer: "ok", funder: 404, researcher: 404 },
    },
    {
      name: "check the answers",
      module: checkAnswers,
      sectionPage: false,
      expected: { anonymous: "redirect-signin", owner: "ok", editor: "ok", viewer: "ok", otherOrgOwner: 404, admin: "ok", reviewer: "ok", funder: 404, researcher: 404 },
    },
    {
      // Still incomplete here: an editor reaches the submission and is told what is missing.
      name: "submit from the check page",
      module: checkAnswers,
      sectionPage: false,
      form: () => ({ intent: "submit" }),
      expected: { anonymous: "redirect-signin", owner: 422, editor: 422, viewer: 404, otherOrgOwner: 404, admin: 404, reviewer: 404, funder: 404, researcher: 404 },
    },
  ];
  for (const row of rows) {
    it(`${row.name}: every role`, async () => {
      const { actual, wanted } = await expectForEveryRole(
        world,
        (cookie) =>
          callRoute(row.module, {
            path: row.sectionPage ? path() : `/o/${world.orgA}/assessments/${assessmentId}`,
            params: row.sectionPage ? params() : { orgId: world.orgA, assessmentId },
            cookie,
            form: row.form?.(),
          }),
        row.expected,
      );
      expect(actual).toEqual(wanted);
    });
  }

  it("answers 404 to organisation B for A's assessment, on every page and action", async () => {
    const cookie = world.cookies.otherOrgOwner;
    for (const orgId of [world.orgA, world.orgB]) {
      const p = { orgId, assessmentId, sectionId: firstSection };
      expect((await callRoute(section, { path: path(), params: p, cookie })).status).toBe(404);
      expect((await callRoute(answersRoute, { path: path(), params: p, cookie, form: { questionId: numberQuestion, [`q.${numberQuestion}`]: "1" } })).status).toBe(404);
      expect((await callRoute(checkAnswers, { path: path(), params: p, cookie, form: {} })).status).toBe(404);
    }
    expect((await loadAnswers(assessmentId)).get(numberQuestion)?.value).toBe(21);
  });
});

describe("submitting", () => {
  const submit = (cookie = world.cookies.editor) =>
    callRoute(checkAnswers, { path: `/o/${world.orgA}/assessments/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie, form: {} });

  it("lists what is missing, with the section of each", async () => {
    const r = await submit();
    expect(r.status).toBe(422);
    expect(r.data.problems.length).toBeGreaterThan(5);
    expect(r.data.problems[0]).toHaveProperty("sectionId");
    expect(r.data.problems.some((p: { error: { code: string } }) => p.error.code === "required")).toBe(true);
  });

  it("scores, freezes and makes one submission however often it is sent", async () => {
    const compiled = (await getDefinition(VERSION))!;
    const values = generateAnswers(compiled, rng(7), { quality: 0.7, headcount: 12 });
    const db = await getDb();
    await db.delete(answers).where(eq(answers.assessmentId, assessmentId));
    await db.insert(answers).values(Object.entries(values).map(([questionId, value]) => ({ assessmentId, questionId, value })));
    const [a, b] = await Promise.all([submit(), submit()]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const stored = await db.select().from(results).where(eq(results.assessmentId, assessmentId));
    expect(stored).toHaveLength(1);
    expect(stored[0].definitionHash).toBe(compiled.contentHash);
    expect(stored[0].engineVersion).toBeTruthy();
    const [row] = await db.select().from(assessments).where(eq(assessments.id, assessmentId));
    expect(row.status).toBe("submitted");
    // Read-only afterwards.
    const late = await autosave(world.cookies.editor, numberQuestion, "5", null);
    expect(late.status).toBe(423);
    expect((await submit()).status).toBe(302);
    expect(await db.select().from(results).where(eq(results.assessmentId, assessmentId))).toHaveLength(1);
  });

  it("lets network staff reopen it, with a reason that is kept", async () => {
    const reopen = (cookie: string | undefined) =>
      callRoute(overview, { path: `/o/${world.orgA}/assessments/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie, form: { intent: "reopen", reason: "Board figures look swapped" } });
    expect((await reopen(world.cookies.owner)).status).toBe(404);
    expect((await reopen(world.cookies.reviewer)).status).toBe(200);
    const page = await callRoute(overview, { path: `/o/${world.orgA}/assessments/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.owner });
    expect(page.data.assessment.status).toBe("returned");
    expect(page.data.events.map((e: { kind: string }) => e.kind)).toEqual(["submitted", "reopened"]);
    expect(page.data.editable).toBe(true);
  });
});
