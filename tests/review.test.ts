import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers as answersTable, assessmentEvents, assessments, auditLog, organisations, outbox, results, reviewSamples, sessions } from "#db/schema/index";
import * as checkAnswers from "#app/routes/o.$orgId.assessments.$assessmentId.check-answers";
import * as comments from "#app/routes/o.$orgId.assessments.$assessmentId.comments";
import * as queue from "#app/routes/review._index";
import * as reviewPage from "#app/routes/review.$assessmentId";
import * as adminSettings from "#app/routes/admin.settings";
import * as adminUsers from "#app/routes/admin.users";
import * as adminCampaigns from "#app/routes/admin.campaigns";
import { rescoreCampaign, resultHistory } from "#app/models/admin.server";
import { submitAssessment } from "#app/models/assessments.server";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { drawReviewSample, reviewThreads, verifySample } from "#app/models/review.server";
import { getSetting, setSetting } from "#app/models/settings.server";
import { drawSample } from "#app/review/sample";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let campaignId: string;
let assessmentId: string;
const QUESTION = "women_governing_body";

/** A submitted balance of organisation `organisationId`, with answers good enough to pass. */
async function submittedBalance(organisationId: string, userId: string, seed: number) {
  const db = await getDb();
  const compiled = (await getDefinition(VERSION))!;
  const values = generateAnswers(compiled, rng(seed), { quality: 1, headcount: 12 });
  const [a] = await db.insert(assessments).values({ organisationId, campaignId, questionnaire: compiled.definition.questionnaire, versionId: VERSION, createdBy: userId }).returning({ id: assessments.id });
  await db.insert(answersTable).values(Object.entries(values).map(([questionId, value]) => ({ assessmentId: a.id, questionId, value, updatedBy: userId })));
  const outcome = await submitAssessment({ organisationId, assessmentId: a.id, userId });
  if (!outcome.ok) throw new Error(`not submitted: ${JSON.stringify(outcome)}`);
  return a.id;
}

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  campaignId = created.id;
  assessmentId = await submittedBalance(world.orgA, world.users.editor, 7);
  await submittedBalance(world.orgB, world.users.otherOrgOwner, 8);
});

const reviewCall = (form?: Record<string, string>, cookie = world.cookies.reviewer) =>
  callRoute(reviewPage, { path: `/review/${assessmentId}`, params: { assessmentId }, cookie, form });
const commentsCall = (cookie: string | undefined, form?: Record<string, string>, orgId = world.orgA) =>
  callRoute(comments, { path: `/o/${orgId}/assessments/${assessmentId}/comments`, params: { orgId, assessmentId }, cookie, form });

describe("the review queue", () => {
  it("lists every submission of the campaign with its flags, for reviewers", async () => {
    const r = await callRoute(queue, { path: `/review?campaign=${campaignId}`, cookie: world.cookies.reviewer });
    expect(r.status).toBe(200);
    expect(r.data.queue.map((q: { assessmentId: string }) => q.assessmentId)).toContain(assessmentId);
    expect(r.data.total).toBe(2);
    for (const q of r.data.queue) expect(Array.isArray(q.flags)).toBe(true);
  });

  it("flags incoherent answers: more women on the board than board members", async () => {
    const db = await getDb();
    await db.update(answersTable).set({ value: 50 }).where(and(eq(answersTable.assessmentId, assessmentId), eq(answersTable.questionId, QUESTION)));
    // Flags are computed when a result is stored; a result stored before flags were kept has
    // none, and gets them computed (and kept) the first time the queue shows it.
    await db.update(results).set({ flags: null }).where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
    const r = await callRoute(queue, { path: `/review?campaign=${campaignId}`, cookie: world.cookies.reviewer });
    const row = r.data.queue.find((q: { assessmentId: string }) => q.assessmentId === assessmentId);
    expect(row.flags.map((f: { kind: string }) => f.kind)).toContain("incoherent");
    const [kept] = await db.select({ flags: results.flags }).from(results).where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
    expect((kept.flags as Array<{ kind: string }>).map((f) => f.kind)).toContain("incoherent");
  });

  it("stores the flags with the result at submission", async () => {
    const db = await getDb();
    const stored = await db.select({ flags: results.flags }).from(results).where(and(eq(results.campaignId, campaignId), eq(results.current, true)));
    expect(stored.length).toBeGreaterThan(0);
    for (const r of stored) expect(Array.isArray(r.flags)).toBe(true);
  });

  it("draws a sample with a recorded seed, and the seed gives the same sample again", async () => {
    const drawn = await callRoute(queue, { path: "/review", cookie: world.cookies.reviewer, form: { intent: "draw", campaignId } });
    expect(drawn.status).toBe(200);
    const db = await getDb();
    const [sample] = await db.select().from(reviewSamples).where(eq(reviewSamples.campaignId, campaignId));
    expect(sample.seed.length).toBeGreaterThan(8);
    expect(sample.share).toBe(0.1);
    expect(sample.items.find((i) => i.assessmentId === assessmentId)?.reason).toBe("flagged");
    expect(sample.items).toHaveLength(2); // the flagged one, and 10% of one other rounded up
    expect(drawSample({ population: sample.population, share: sample.share, seed: sample.seed })).toEqual(sample.items);
    expect(await verifySample(sample.id)).toBe(true);
    const again = await drawReviewSample({ campaignId, userId: world.users.admin, seed: sample.seed });
    expect(again.items).toEqual(sample.items);
    // The queue filtered to the sample, in SQL: exactly the sampled submissions, each with its reason.
    const only = await callRoute(queue, { path: `/review?campaign=${campaignId}&sample=1`, cookie: world.cookies.reviewer });
    expect(only.data.queue.map((q: { assessmentId: string }) => q.assessmentId).sort()).toEqual(again.items.map((i) => i.assessmentId).sort());
    expect(only.data.queue.find((q: { assessmentId: string }) => q.assessmentId === assessmentId).sampled).toBe("flagged");
    expect(only.data.sample).toMatchObject({ size: 2, population: 2 });
  });
});

describe("reviewing: comment, return, answer, resubmit, validate, seal", () => {
  it("a reviewer comments on a question; the review starts", async () => {
    const r = await reviewCall({ intent: "comment", questionId: QUESTION, body: "Fifty women on a board of how many?" });
    expect(r.status).toBe(200);
    const db = await getDb();
    const [a] = await db.select({ status: assessments.status }).from(assessments).where(eq(assessments.id, assessmentId));
    expect(a.status).toBe("under_review");
    const bad = await reviewCall({ intent: "comment", questionId: "no_such_question", body: "?" });
    expect(bad.status).toBe(400);
    const empty = await reviewCall({ intent: "comment", questionId: QUESTION, body: "   " });
    expect(empty.status).toBe(400);
  });

  it("returning needs a reason; the organisation is told, and may edit again", async () => {
    expect((await reviewCall({ intent: "decide", decision: "return", reason: "" })).status).toBe(400);
    const r = await reviewCall({ intent: "decide", decision: "return", reason: "Check the board figures." });
    expect(r.status).toBe(200);
    const db = await getDb();
    const [a] = await db.select({ status: assessments.status, sealGranted: assessments.sealGranted }).from(assessments).where(eq(assessments.id, assessmentId));
    expect(a).toEqual({ status: "returned", sealGranted: false });
    const emails = await db.select().from(outbox).where(eq(outbox.kind, "notification"));
    expect(emails.some((e) => e.text.includes("Check the board figures.") && e.text.includes(`/o/${world.orgA}/assessments/${assessmentId}/comments`))).toBe(true);
    // Validation is not possible while it is returned.
    expect((await reviewCall({ intent: "decide", decision: "validate", reason: "" })).status).toBe(409);
  });

  it("the organisation reads the comment and answers it; a viewer reads but cannot answer; another organisation gets 404", async () => {
    const read = await commentsCall(world.cookies.viewer);
    expect(read.status).toBe(200);
    expect(read.data.threads[0]).toMatchObject({ questionId: QUESTION, comments: [{ side: "network", body: "Fifty women on a board of how many?" }] });
    expect(read.data.canReply).toBe(false);
    const section = await reviewThreads(world.orgA, assessmentId, [QUESTION]);
    expect(section).toHaveLength(1);
    expect(await reviewThreads(world.orgB, assessmentId, [QUESTION])).toEqual([]);
    expect((await commentsCall(world.cookies.viewer, { questionId: QUESTION, body: "x" })).status).toBe(404);
    expect((await commentsCall(world.cookies.otherOrgOwner)).status).toBe(404);
    const replied = await commentsCall(world.cookies.editor, { questionId: QUESTION, body: "A typo: it is 5.", returnTo: `/o/${world.orgA}/assessments/${assessmentId}/comments` });
    expect(replied.status).toBe(302);
    expect(replied.location).toBe(`/o/${world.orgA}/assessments/${assessmentId}/comments#thread-${QUESTION}`);
    const away = await commentsCall(world.cookies.editor, { questionId: QUESTION, body: "again", returnTo: "https://evil.example/" });
    expect(away.location).toBe(`/o/${world.orgA}/assessments/${assessmentId}/comments#thread-${QUESTION}`);
    const after = await commentsCall(world.cookies.owner);
    expect(after.data.threads[0].comments.map((c: { side: string }) => c.side)).toEqual(["network", "organisation", "organisation"]);
  });

  it("the organisation changes the answer and resubmits: a new current result, the old one kept", async () => {
    const db = await getDb();
    await db.update(answersTable).set({ value: 2 }).where(and(eq(answersTable.assessmentId, assessmentId), eq(answersTable.questionId, QUESTION)));
    const r = await callRoute(checkAnswers, { path: `/o/${world.orgA}/assessments/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor, form: {} });
    expect(r.status).toBe(302);
    const rows = await db.select({ current: results.current }).from(results).where(eq(results.assessmentId, assessmentId));
    expect(rows.filter((x) => x.current)).toHaveLength(1);
    expect(rows.length).toBe(2);
  });

  it("validation grants the seal of a passing balance, and every decision is kept with its author and reason", async () => {
    const db = await getDb();
    const [current] = await db.select({ sealPassed: results.sealPassed }).from(results).where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
    expect(current.sealPassed).toBe(true);
    const r = await reviewCall({ intent: "decide", decision: "validate", reason: "" });
    expect(r.status).toBe(200);
    expect(r.data.done).toBe("review.validatedWithSeal");
    const [a] = await db.select({ status: assessments.status, sealGranted: assessments.sealGranted }).from(assessments).where(eq(assessments.id, assessmentId));
    expect(a).toEqual({ status: "validated", sealGranted: true });
    const events = await db.select().from(assessmentEvents).where(eq(assessmentEvents.assessmentId, assessmentId)).orderBy(assessmentEvents.id);
    expect(events.map((e) => e.kind)).toEqual(["submitted", "review_started", "returned", "submitted", "validated"]);
    const returned = events.find((e) => e.kind === "returned")!;
    expect([returned.actorUserId, returned.reason]).toEqual([world.users.reviewer, "Check the board figures."]);
    const page = await reviewCall();
    expect(page.data.events.map((e: { kind: string }) => e.kind)).toContain("validated");
    const logged = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, assessmentId));
    expect(logged.map((l) => l.action)).toEqual(expect.arrayContaining(["review.commented", "review.returned", "review.answered", "review.validated", "assessment.viewed_by_staff"]));
  });

  it("a rejection closes the review without the seal, with its reason", async () => {
    const db = await getDb();
    const [other] = await db.select({ id: assessments.id }).from(assessments).where(eq(assessments.organisationId, world.orgB));
    const r = await callRoute(reviewPage, { path: `/review/${other.id}`, params: { assessmentId: other.id }, cookie: world.cookies.admin, form: { intent: "decide", decision: "reject", reason: "Figures copied from another organisation." } });
    expect(r.status).toBe(200);
    const [a] = await db.select({ sealGranted: assessments.sealGranted, status: assessments.status }).from(assessments).where(eq(assessments.id, other.id));
    expect(a).toEqual({ sealGranted: false, status: "rejected" });
    // Listed as rejected in the queue; no second decision but a return for correction.
    const listed = await callRoute(queue, { path: `/review?campaign=${campaignId}`, cookie: world.cookies.reviewer });
    expect(listed.data.queue.find((q: { assessmentId: string }) => q.assessmentId === other.id)).toMatchObject({ status: "rejected", lastDecision: "rejected" });
    const again = await callRoute(reviewPage, { path: `/review/${other.id}`, params: { assessmentId: other.id }, cookie: world.cookies.admin, form: { intent: "decide", decision: "validate", reason: "" } });
    expect(again.status).toBe(409);
    const [event] = await db.select().from(assessmentEvents).where(and(eq(assessmentEvents.assessmentId, other.id), eq(assessmentEvents.kind, "rejected")));
    expect(event.reason).toBe("Figures copied from another organisation.");
  });
});

describe("rescoring a campaign", () => {
  it("leaves identical results alone, and stores a changed one beside the old with the reason", async () => {
    const first = await rescoreCampaign({ campaignId, reason: "check", actorUserId: world.users.admin });
    expect(first).toEqual({ rescored: 0, unchanged: 2, sealsWithdrawn: 0 });
    // As if the stored result came from an engine with a bug.
    const db = await getDb();
    const [current] = await db.select().from(results).where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
    await db.update(results).set({ result: { ...(current.result as object), total: 1.23 }, total: 1.23 }).where(eq(results.id, current.id));
    const r = await callRoute(adminCampaigns, { path: "/admin/campaigns", cookie: world.cookies.admin, form: { intent: "rescore", campaignId, reason: "Fix of the pay-gap rounding" } });
    expect(r.status).toBe(200);
    expect(r.data.params).toEqual({ rescored: 1, unchanged: 1, sealsWithdrawn: 0 });
    const history = await resultHistory(assessmentId);
    expect(history[0]).toMatchObject({ current: true, reason: "Fix of the pay-gap rounding" });
    expect(history.filter((h) => !h.current).some((h) => h.total === 1.23)).toBe(true);
    const [logged] = await db.select().from(auditLog).where(eq(auditLog.action, "campaign.rescored")).orderBy(auditLog.id).limit(1).offset(1);
    expect(logged.details).toMatchObject({ reason: "Fix of the pay-gap rounding", rescored: 1 });
    // Refused without a reason, and to reviewers.
    expect((await callRoute(adminCampaigns, { path: "/admin/campaigns", cookie: world.cookies.admin, form: { intent: "rescore", campaignId, reason: "" } })).status).toBe(400);
    expect((await callRoute(adminCampaigns, { path: "/admin/campaigns", cookie: world.cookies.reviewer, form: { intent: "rescore", campaignId, reason: "because" } })).status).toBe(404);
  });
});

describe("settings", () => {
  it("keeps k at 3 or more, and the sample share between 0 and 100%", async () => {
    expect(await setSetting("disclosure.k", 2, world.users.admin)).toEqual({ ok: false, error: "admin.settings.kTooSmall" });
    expect(await getSetting("disclosure.k")).toBe(10);
    const bad = await callRoute(adminSettings, { path: "/admin/settings", cookie: world.cookies.admin, form: { k: "2", share: "10", agreement: "", defaultOpen: "04-20", defaultClose: "07-15" } });
    expect(bad.status).toBe(400);
    expect(bad.data.errors.k).toBe("admin.settings.kTooSmall");
    const ok = await callRoute(adminSettings, { path: "/admin/settings", cookie: world.cookies.admin, form: { k: "12", share: "25", agreement: "Aggregates only.", defaultOpen: "04-01", defaultClose: "07-31" } });
    expect(ok.status).toBe(200);
    expect([await getSetting("disclosure.k"), await getSetting("review.sample_share"), await getSetting("campaign.default_close")]).toEqual([12, 0.25, "07-31"]);
    const badDay = await callRoute(adminSettings, { path: "/admin/settings", cookie: world.cookies.admin, form: { k: "12", share: "25", agreement: "", defaultOpen: "02-30", defaultClose: "13-01" } });
    expect(Object.keys(badDay.data.errors).sort()).toEqual(["defaultClose", "defaultOpen"]);
  });
});

describe("users", () => {
  it("disabling a user ends their sessions at once", async () => {
    const db = await getDb();
    const victim = world.users.researcher;
    expect((await db.select().from(sessions).where(eq(sessions.userId, victim))).length).toBeGreaterThan(0);
    const r = await callRoute(adminUsers, { path: "/admin/users", cookie: world.cookies.admin, form: { intent: "disable", userId: victim } });
    expect(r.status).toBe(200);
    expect(await db.select().from(sessions).where(eq(sessions.userId, victim))).toEqual([]);
    const after = await callRoute(queue, { path: "/review", cookie: world.cookies.researcher });
    expect(after.location?.startsWith("/signin")).toBe(true);
    const self = await callRoute(adminUsers, { path: "/admin/users", cookie: world.cookies.admin, form: { intent: "disable", userId: world.users.admin } });
    expect(self.status).toBe(400);
  });
});

describe("a large review queue", () => {
  it("shows fifty submissions a page, with links to the others, counting all of them", async () => {
    const db = await getDb();
    const extra = queue.QUEUE_PAGE_SIZE + 2;
    for (let i = 0; i < extra; i++) {
      const [org] = await db
        .insert(organisations)
        .values({ name: `Queue ${String(i).padStart(3, "0")}`, legalForm: "worker_cooperative", sector: "food", region: "barcelona", headcount: 5, sizeBand: "micro" })
        .returning({ id: organisations.id });
      await submittedBalance(org.id, world.users.admin, 100 + i);
    }
    const page = (n?: number) => callRoute(queue, { path: `/review?campaign=${campaignId}${n ? `&page=${n}` : ""}`, cookie: world.cookies.reviewer });
    const first = await page();
    expect(first.data.total).toBe(extra + 2);
    expect(first.data.queue).toHaveLength(queue.QUEUE_PAGE_SIZE);
    expect(first.data.hasMore).toBe(true);
    const second = await page(2);
    expect(second.data.queue).toHaveLength(4);
    expect(second.data.hasMore).toBe(false);
    const seen = new Set([...first.data.queue, ...second.data.queue].map((q: { assessmentId: string }) => q.assessmentId));
    expect(seen.size).toBe(extra + 2);
    // A page past the end is empty; a page that is not a number is the first.
    expect((await page(9)).data.queue).toEqual([]);
    const odd = await callRoute(queue, { path: `/review?campaign=${campaignId}&page=abc`, cookie: world.cookies.reviewer });
    expect(odd.data.page).toBe(1);
  }, 120_000);
});
