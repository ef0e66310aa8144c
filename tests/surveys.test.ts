import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { answers, assessments, results, resultIndicators, surveyCodes, surveyResponses, surveyResults, surveys } from "#db/schema/index";
import * as surveysPage from "#app/routes/o.$orgId.assessments.$assessmentId.surveys";
import * as qrSvgRoute from "#app/routes/o.$orgId.assessments.$assessmentId.surveys_.$group.qr[.]svg";
import * as qrPngRoute from "#app/routes/o.$orgId.assessments.$assessmentId.surveys_.$group.qr[.]png";
import * as posterRoute from "#app/routes/o.$orgId.assessments.$assessmentId.surveys_.$group.poster";
import * as respondRoute from "#app/routes/s.$token";
import * as checkAnswers from "#app/routes/o.$orgId.assessments.$assessmentId.check-answers";
import * as reportRoute from "#app/routes/o.$orgId.reports.$assessmentId";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { surveysOfAssessment } from "#app/models/surveys.server";
import { discardEmptyDraft } from "#app/models/assessments.server";
import { clearRateLimits } from "#app/utils/rate-limit.server";
import { setSetting } from "#app/models/settings.server";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute, type RouteModule } from "./setup/routes";
import { createWorld, expectForEveryRole, membersAndStaff, type Expectation, type RoleName, type World } from "./setup/world";

setupTestDatabase();

const VERSION = "social-balance-complete@2026.1";
let world: World;
let campaignId: string;
let assessmentId: string;

const members = membersAndStaff;
const editors: Record<RoleName, Expectation> = { ...members, viewer: 404, admin: 404, reviewer: 404 };
const everyone: Record<RoleName, Expectation> = { anonymous: "ok", owner: "ok", editor: "ok", viewer: "ok", otherOrgOwner: "ok", admin: "ok", reviewer: "ok", funder: "ok", researcher: "ok" };

async function newAssessment(organisationId = world.orgA) {
  const db = await getDb();
  await db.delete(assessments).where(eq(assessments.organisationId, organisationId));
  const [a] = await db.insert(assessments).values({ organisationId, campaignId, questionnaire: "social-balance-complete", versionId: VERSION }).returning({ id: assessments.id });
  return a.id;
}

async function open(group: string, id = assessmentId) {
  const r = await callRoute(surveysPage, { path: `/o/${world.orgA}/assessments/${id}/surveys`, params: { orgId: world.orgA, assessmentId: id }, cookie: world.cookies.owner, form: { intent: "open", group } });
  expect(r.status).toBe(200);
  const db = await getDb();
  const [row] = await db.select().from(surveys).where(eq(surveys.assessmentId, id));
  return row;
}

/** One anonymous respondent answering and sending; returns the route's answer to the last post. */
async function answer(token: string, form: Record<string, string>, finish = true, cookie?: string) {
  return callRoute(respondRoute, { path: `/s/${token}`, params: { token }, form: { intent: finish ? "finish" : "save", ...form }, cookie });
}

const full = (v: number) => ({ q_q_temperature: String(v), q_q_light: String(v), q_q_noise: "3", q_q_workload: String(v), q_q_participation: "4", q_q_training: "4", q_q_balance: "5", q_q_respect: "5", q_q_overall: String(v) });

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-12-31", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  campaignId = created.id;
});

beforeEach(async () => {
  await clearRateLimits();
  assessmentId = await newAssessment();
});

describe("permission rows of the survey routes", () => {
  const rowsOf = (group: string) => [
    { name: "surveys page", module: surveysPage as RouteModule, path: `/o/${world.orgA}/assessments/${assessmentId}/surveys`, form: undefined, expected: members },
    { name: "open a survey", module: surveysPage as RouteModule, path: `/o/${world.orgA}/assessments/${assessmentId}/surveys`, form: { intent: "open", group }, expected: editors },
    { name: "QR code SVG", module: qrSvgRoute as RouteModule, path: `/o/${world.orgA}/assessments/${assessmentId}/surveys/${group}/qr.svg`, form: undefined, expected: members },
    { name: "QR code PNG", module: qrPngRoute as RouteModule, path: `/o/${world.orgA}/assessments/${assessmentId}/surveys/${group}/qr.png`, form: undefined, expected: members },
    { name: "poster", module: posterRoute as RouteModule, path: `/o/${world.orgA}/assessments/${assessmentId}/surveys/${group}/poster`, form: undefined, expected: members },
  ];
  it("every role gets what it may, on every new route", async () => {
    await open("workers");
    for (const row of rowsOf("workers")) {
      const { actual, wanted } = await expectForEveryRole(
        world,
        (cookie) => callRoute(row.module, { path: row.path, params: { orgId: world.orgA, assessmentId, group: "workers" }, cookie, form: row.form }),
        row.expected,
      );
      expect({ row: row.name, ...actual }).toEqual({ row: row.name, ...wanted });
    }
  });
  it("an owner of another organisation gets 404 on A's survey by B's address, and nobody opens a survey on B's assessment through A", async () => {
    const s = await open("workers");
    const viaB = await callRoute(qrSvgRoute, { path: "/x", params: { orgId: world.orgB, assessmentId, group: "workers" }, cookie: world.cookies.otherOrgOwner });
    expect(viaB.status).toBe(404);
    const closeViaB = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgB, assessmentId }, cookie: world.cookies.otherOrgOwner, form: { intent: "close", surveyId: s.id } });
    expect(closeViaB.status).toBe(404);
  });
  it("the respondent's page is public, for every role and nobody, and an unknown link is 404", async () => {
    const s = await open("workers");
    const { actual, wanted } = await expectForEveryRole(world, (cookie) => callRoute(respondRoute, { path: `/s/${s.linkToken}`, params: { token: s.linkToken }, cookie }), everyone);
    expect(actual).toEqual(wanted);
    expect((await callRoute(respondRoute, { path: "/s/nope", params: { token: "nope-nope-nope" } })).status).toBe(404);
  });
  it("the QR codes are an SVG and a PNG of the link", async () => {
    await open("workers");
    const svg = await callRoute(qrSvgRoute, { path: "/x", params: { orgId: world.orgA, assessmentId, group: "workers" }, cookie: world.cookies.viewer });
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(String(svg.data)).toContain("<svg");
    const png = await callRoute(qrPngRoute, { path: "/x", params: { orgId: world.orgA, assessmentId, group: "workers" }, cookie: world.cookies.viewer });
    expect(png.headers.get("content-type")).toBe("image/png");
  });
});

describe("answering anonymously", () => {
  it("saves as the respondent goes (a cookie), finishes, and stores only answers and the day", async () => {
    const s = await open("workers");
    const first = await answer(s.linkToken, { q_q_temperature: "4" }, false);
    expect(first.status).toBe(302);
    const cookie = first.headers.get("set-cookie")!.split(";")[0];
    const page = await callRoute(respondRoute, { path: `/s/${s.linkToken}`, params: { token: s.linkToken }, cookie });
    expect(page.data.saved).toEqual({ q_temperature: 4 });
    const done = await answer(s.linkToken, { ...full(5), q_q_comments: "More light in the workshop" }, true, cookie);
    expect(done.location).toBe(`/s/${s.linkToken}?done=1`);
    expect(done.headers.get("set-cookie")).toContain("Max-Age=0");
    const db = await getDb();
    const rows = await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id));
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(["answers", "completed", "day", "id", "respondentHash", "surveyId"]);
    expect(rows[0]).toMatchObject({ completed: true, respondentHash: null });
    expect(rows[0].day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0].answers.q_temperature).toBe(5);
  });

  it("hides every aggregate below the minimum and while the survey takes answers; shows them past it once closed; free text only then, sorted", async () => {
    const s = await open("workers");
    for (let i = 0; i < 4; i++) await answer(s.linkToken, { ...full(i % 2 ? 4 : 2), q_q_comments: `remark ${4 - i}` });
    let list = (await surveysOfAssessment({ organisationId: world.orgA, assessmentId }))!;
    let workers = list.find((x) => x.group === "workers")!;
    expect(workers.responses).toBe(4);
    expect(workers.aggregates).toBeNull();
    expect(workers.freeText).toEqual({});
    const page = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.viewer });
    expect(JSON.stringify(page.data)).not.toContain("remark");
    await answer(s.linkToken, { ...full(5), q_q_comments: "remark 0" });
    // past the minimum but still taking answers: hidden, or each new response could be read by difference
    list = (await surveysOfAssessment({ organisationId: world.orgA, assessmentId }))!;
    expect(list.find((x) => x.group === "workers")!.aggregates).toBeNull();
    await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "close", surveyId: s.id } });
    list = (await surveysOfAssessment({ organisationId: world.orgA, assessmentId }))!;
    workers = list.find((x) => x.group === "workers")!;
    expect(workers.aggregates?.released).toBe(true);
    expect(workers.aggregates?.values["survey.workers.q_overall.mean"]).toBeCloseTo((2 + 4 + 2 + 4 + 5) / 5);
    expect(workers.freeText.q_comments).toEqual(["remark 0", "remark 1", "remark 2", "remark 3", "remark 4"]);

    // Its results were shown: it never takes answers again (one more answer, then closing again,
    // would give that person's answers as the difference), by reopening or by a later closing date.
    const reopen = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "reopen", surveyId: s.id } });
    expect(reopen.status).toBe(409);
    expect(reopen.data.error).toBe("surveys.error.resultsShown");
    const db = await getDb();
    expect((await db.select({ status: surveys.status }).from(surveys).where(eq(surveys.id, s.id)))[0].status).toBe("closed");
    expect((await answer(s.linkToken, full(1))).status).toBe(409);
    expect((await surveysOfAssessment({ organisationId: world.orgA, assessmentId }))!.find((x) => x.group === "workers")!.responses).toBe(5);
  });
});

describe("a draft with an opened survey", () => {
  it("cannot be discarded as empty: its responses are never lost", async () => {
    const s = await open("workers");
    await answer(s.linkToken, full(4));
    expect(await discardEmptyDraft({ organisationId: world.orgA, assessmentId, userId: world.users.owner })).toEqual({ ok: false, error: "assessment.notEmpty" });
    expect((await (await getDb()).select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id))).length).toBe(1);
  });
});

describe("the network's minimum", () => {
  it("is refused below 3, and applies when higher than the survey's own", async () => {
    expect(await setSetting("surveys.minimum_responses", 2, null)).toEqual({ ok: false, error: "surveys.minimumTooSmall" });
    expect((await setSetting("surveys.minimum_responses", 8, null)).ok).toBe(true);
    const list = (await surveysOfAssessment({ organisationId: world.orgA, assessmentId }))!;
    expect(list.map((x) => x.minimum)).toEqual([8, 8, 8]);
    expect((await setSetting("surveys.minimum_responses", 3, null)).ok).toBe(true);
    const back = (await surveysOfAssessment({ organisationId: world.orgA, assessmentId }))!;
    expect(back.map((x) => x.minimum)).toEqual([5, 5, 5]);
    await setSetting("surveys.minimum_responses", 5, null);
  });
});

describe("bad input gets a clear message and stores nothing", () => {
  const count = async (surveyId: string) => (await (await getDb()).select().from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId))).length;

  it("a response after closing, or past the closing date", async () => {
    const s = await open("workers");
    const closed = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "close", surveyId: s.id } });
    expect(closed.status).toBe(200);
    const r = await answer(s.linkToken, full(4));
    expect(r.status).toBe(409);
    expect(r.data.error).toBe("surveys.respond.closed");
    expect(await count(s.id)).toBe(0);
    await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "reopen", surveyId: s.id } });
    await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "closing", surveyId: s.id, closesOn: "2020-01-01" } });
    expect((await answer(s.linkToken, full(4))).status).toBe(409);
    expect(await count(s.id)).toBe(0);
    const bad = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "closing", surveyId: s.id, closesOn: "someday" } });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toBe("surveys.error.badDate");
  });

  it("a reused code, an unknown code, no code where one is needed", async () => {
    const s = await open("workers");
    const gen = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "codes", surveyId: s.id, howMany: "3" } });
    const codes: string[] = gen.data.codes;
    expect(codes).toHaveLength(3);
    await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "require_codes", surveyId: s.id, codesRequired: "on" } });
    const none = await answer(s.linkToken, full(4));
    expect(none.data.error).toBe("surveys.respond.codeNeeded");
    const start = (code: string) => callRoute(respondRoute, { path: `/s/${s.linkToken}`, params: { token: s.linkToken }, form: { intent: "start", code } });
    const ok = await start(codes[0].toLowerCase());
    expect(ok.status).toBe(302);
    const again = await start(codes[0]);
    expect(again.status).toBe(400);
    expect(again.data.error).toBe("surveys.respond.codeRefused");
    expect((await start("ZZZZZ-ZZZZZ")).data.error).toBe("surveys.respond.codeRefused");
    expect(await count(s.id)).toBe(1);
    const db = await getDb();
    const used = (await db.select().from(surveyCodes).where(eq(surveyCodes.surveyId, s.id))).filter((c) => c.usedOn !== null);
    expect(used).toHaveLength(1);
    const tooMany = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "codes", surveyId: s.id, howMany: "100000" } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.data.error).toBe("surveys.error.badCount");
  });

  it("codes guessed on one link: after 30 wrong ones in an hour no code is tried (429), a right one neither", async () => {
    const s = await open("workers");
    const gen = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "codes", surveyId: s.id, howMany: "1" } });
    const start = (code: string) => callRoute(respondRoute, { path: `/s/${s.linkToken}`, params: { token: s.linkToken }, form: { intent: "start", code } });
    for (let i = 0; i < 30; i++) expect((await start("ZZZZZ-ZZZZZ")).data.error).toBe("surveys.respond.codeRefused");
    const limited = await start("ZZZZZ-ZZZZZ");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await count(s.id)).toBe(0);
    expect((await start(gen.data.codes[0])).status).toBe(429);
    expect(await count(s.id)).toBe(0);
    await clearRateLimits();
    expect((await start(gen.data.codes[0])).status).toBe(302);
  });

  it("a forged group", async () => {
    const r = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.owner, form: { intent: "open", group: "shareholders" } });
    expect(r.status).toBe(400);
    expect(r.data.error).toBe("surveys.error.unknownGroup");
    const weird = await callRoute(surveysPage, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.owner, form: { intent: "open", group: "<script>" } });
    expect(weird.status).toBe(400);
    expect((await (await getDb()).select().from(surveys).where(eq(surveys.assessmentId, assessmentId))).length).toBe(0);
  });

  it("oversize text, and a choice outside the scale: nothing stored, the valid answers kept on the page", async () => {
    const s = await open("workers");
    const long = await answer(s.linkToken, { ...full(4), q_q_comments: "x".repeat(5000) });
    expect(long.status).toBe(422);
    expect(long.data.errors).toEqual([{ questionId: "q_comments", code: "tooLong", params: { max: 1000 } }]);
    expect(long.data.values.q_temperature).toBe(4);
    const off = await answer(s.linkToken, { ...full(4), q_q_light: "9" });
    expect(off.status).toBe(422);
    expect(off.data.errors[0]).toMatchObject({ questionId: "q_light", code: "notOnScale" });
    const word = await answer(s.linkToken, { ...full(4), q_q_light: "five" });
    expect(word.status).toBe(422);
    expect(await count(s.id)).toBe(0);
  });
});

describe("submission freezes the surveys", () => {
  async function fillIn(id: string) {
    const compiled = (await getDefinition(VERSION))!;
    const values = generateAnswers(compiled, rng(7), { quality: 0.7, headcount: 12 });
    await (await getDb()).insert(answers).values(Object.entries(values).map(([questionId, value]) => ({ assessmentId: id, questionId, value })));
  }
  const submit = () => callRoute(checkAnswers, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: { intent: "submit" } });

  it("a required survey below its minimum blocks submission with a message; past it, its aggregates enter the result with their n", async () => {
    await fillIn(assessmentId);
    const s = await open("workers");
    for (let i = 0; i < 4; i++) await answer(s.linkToken, full(4));
    const blocked = await submit();
    expect(blocked.status).toBe(422);
    expect(blocked.data.surveyProblems).toEqual([{ group: "workers", responses: 4, minimum: 5 }]);
    await answer(s.linkToken, full(5));
    const done = await submit();
    expect(done.status).toBe(302);
    const db = await getDb();
    const [result] = await db.select().from(results).where(eq(results.assessmentId, assessmentId));
    const rows = await db.select().from(resultIndicators).where(eq(resultIndicators.resultId, result.id));
    const by = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(by.WRK_SURVEY_SATISFACTION).toMatchObject({ applicable: true, value: 4.2 });
    expect(by.WRK_SURVEY_RESPONSES).toMatchObject({ applicable: true, value: 5 });
    expect(by.CLI_SURVEY_QUALITY).toMatchObject({ applicable: false, reason: "survey_below_minimum:clients" });
    const frozen = await db.select().from(surveyResults).where(eq(surveyResults.assessmentId, assessmentId));
    expect(frozen.find((f) => f.groupId === "workers")).toMatchObject({ responses: 5, minimum: 5, released: true });
    expect(JSON.stringify(frozen)).not.toContain("q_comments");
    // the report shows each survey with its n
    const report = await callRoute(reportRoute, { path: "/x", params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.viewer });
    expect(report.data.surveys.map((x: { group: string; responses: number; released: boolean }) => [x.group, x.responses, x.released])).toEqual([
      ["workers", 5, true],
      ["volunteers", 0, false],
      ["clients", 0, false],
    ]);
    // frozen: no more answers
    const late = await answer(s.linkToken, full(1));
    expect(late.status).toBe(409);
    expect((await db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, s.id))).length).toBe(5);
  });
});
