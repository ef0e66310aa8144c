import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers, assessments, campaigns, pendingSaves, sessions } from "#db/schema/index";
import * as home from "#app/routes/o.$orgId._index";
import * as section from "#app/routes/o.$orgId.assessments.$assessmentId.$sectionId";
import * as answersRoute from "#app/routes/o.$orgId.assessments.$assessmentId.answers";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { loadAnswers } from "#app/models/assessments.server";
import { setupTestDatabase } from "./setup/database";
import { callRoute, sessionCookieFor } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// The section page's saves (issue 13, items 1 to 4, and issue 12, item 4): what a whole-section
// post writes, last year's answers, a save whose reply was lost, and answers typed after expiry.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let assessmentId: string;
let sectionId: string;
/** Whole-number and money questions of the first section with no conditions and no limits on other answers. */
let q: string[];

async function startedAssessment(orgId: string, cookie: string, campaignId: string) {
  const started = await callRoute(home, { path: `/o/${orgId}`, params: { orgId }, cookie, form: { campaignId, versionId: VERSION } });
  expect(started.status).toBe(302);
  return started.location!.split("/").pop()!;
}

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const compiled = (await getDefinition(VERSION))!;
  sectionId = compiled.definition.sections[0].id;
  q = compiled.definition.sections[0].questions
    .filter((x) => (x.type === "integer" || x.type === "money") && !x.applies_when && typeof x.limits?.min !== "string" && typeof x.limits?.max !== "string")
    .map((x) => x.id);
  expect(q.length).toBeGreaterThanOrEqual(4);
  // Last year: a submitted balance with 9, 8, 56 and 10.
  const db = await getDb();
  const last = await createCampaign({ year: 2025, opensOn: "2025-04-20", closesOn: "2025-07-15", versionIds: [VERSION] }, null, "open");
  if (!last.ok) throw new Error("campaign 2025");
  const lastId = await startedAssessment(world.orgA, world.cookies.editor!, last.id);
  await db.insert(answers).values([9, 8, 56, 10].map((value, i) => ({ assessmentId: lastId, questionId: q[i], value })));
  await db.update(assessments).set({ status: "submitted", submittedAt: new Date() }).where(eq(assessments.id, lastId));
  await db.update(campaigns).set({ status: "closed" }).where(eq(campaigns.id, last.id));
  const current = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!current.ok) throw new Error("campaign 2026");
  assessmentId = await startedAssessment(world.orgA, world.cookies.editor!, current.id);
});

const params = () => ({ orgId: world.orgA, assessmentId, sectionId });
const path = () => `/o/${world.orgA}/assessments/${assessmentId}/${sectionId}`;
const stored = async () => loadAnswers(assessmentId);
const valueOf = async (id: string) => (await stored()).get(id)?.value;

const autosave = (cookie: string | undefined, questionId: string, value: string, revision: number | null, extra: Record<string, string | string[]> = {}, org = world.orgA, assessment = assessmentId) =>
  callRoute(answersRoute, {
    path: `/o/${org}/assessments/${assessment}/answers`,
    params: { orgId: org, assessmentId: assessment },
    cookie,
    form: { sectionId, questionId, [`q.${questionId}`]: value, [`rev.${questionId}`]: revision ? String(revision) : "", ...extra },
  });

/**
 * The section form as a browser without JavaScript posts it: every question of the section with
 * the value, note and revision the page was loaded with, except where `typed` says otherwise.
 */
async function sectionForm(typed: Record<string, string> = {}, extra: Record<string, string> = {}, loaded?: Awaited<ReturnType<typeof stored>>) {
  const page = loaded ?? (await stored());
  const form: Record<string, string> = { intent: "save-section", ...extra };
  for (const id of q) {
    const a = page.get(id);
    const text = a?.value === null || a?.value === undefined ? "" : String(a.value);
    form[`q.${id}`] = typed[id] ?? text;
    form[`orig.${id}`] = JSON.stringify(text);
    form[`rev.${id}`] = a ? String(a.revision) : "";
    form[`note.${id}`] = a?.note ?? "";
    form[`orignote.${id}`] = a?.note ?? "";
  }
  return form;
}
const postSection = (cookie: string | undefined, form: Record<string, string>) => callRoute(section, { path: path(), params: params(), cookie, form });

async function clearAnswers() {
  const db = await getDb();
  await db.delete(answers).where(eq(answers.assessmentId, assessmentId));
}

describe("use last year's answers for this section (13.1)", () => {
  it("fills only the empty answers; typed and stored answers stay", async () => {
    await clearAnswers();
    expect((await autosave(world.cookies.editor, q[0], "5", null)).status).toBe(200);
    expect((await autosave(world.cookies.editor, q[1], "3", null)).status).toBe(200);
    // q[3] typed on the page but not saved yet; q[2] empty.
    const r = await postSection(world.cookies.editor, await sectionForm({ [q[3]]: "7" }, { useLastYear: "*" }));
    expect(r.status).toBe(200);
    expect([await valueOf(q[0]), await valueOf(q[1]), await valueOf(q[2]), await valueOf(q[3])]).toEqual([5, 3, 56, 7]);
    expect(r.data.copied.map((c: { questionId: string }) => c.questionId)).toEqual([q[2]]);
    expect(r.data.kept).toBe(2);
  });

  it("replaces one answer only when the person asks for that question", async () => {
    const r = await postSection(world.cookies.editor, await sectionForm({}, { useLastYear: q[0] }));
    expect(r.status).toBe(200);
    expect([await valueOf(q[0]), await valueOf(q[1])]).toEqual([9, 3]);
  });

  it("undoes a copy, and an undo never overwrites a later change", async () => {
    await clearAnswers();
    await autosave(world.cookies.editor, q[0], "5", null);
    const copy = await postSection(world.cookies.editor, await sectionForm({}, { useLastYear: "*" }));
    expect(copy.data.copied.map((c: { questionId: string }) => c.questionId).sort()).toEqual([q[1], q[2], q[3]].sort());
    // A colleague changes one of the copied answers before the undo.
    const rev = (await stored()).get(q[1])!.revision;
    expect((await autosave(world.cookies.owner, q[1], "4", rev)).status).toBe(200);
    const undo = await postSection(world.cookies.editor, { intent: "undo-copy", copies: JSON.stringify(copy.data.copied) });
    expect(undo.status).toBe(409);
    expect([await valueOf(q[0]), await valueOf(q[1]), await valueOf(q[2]) ?? null, await valueOf(q[3]) ?? null]).toEqual([5, 4, null, null]);
  });
});

describe("a conflict with oneself (13.2)", () => {
  it("a change whose reply was lost is the person's own: the next change saves instead of a 409", async () => {
    await clearAnswers();
    const first = await autosave(world.cookies.editor, q[0], "5", null, { saveId: "aaaaaaaa0001" });
    expect(first.status).toBe(200);
    // The reply never reached the browser: it still edits from no revision, and says so.
    const next = await autosave(world.cookies.editor, q[0], "6", null, { saveId: "aaaaaaaa0002", unconfirmed: "aaaaaaaa0001" });
    expect(next.status).toBe(200);
    expect(next.data).toMatchObject({ status: "saved", value: 6, revision: 2 });
    // The same change sent again (a retry) is acknowledged, not a conflict.
    const retry = await autosave(world.cookies.editor, q[0], "6", null, { saveId: "aaaaaaaa0002", unconfirmed: "aaaaaaaa0001" });
    expect(retry.data).toMatchObject({ status: "saved", value: 6, revision: 2 });
  });

  it("a colleague's save is never taken for one's own", async () => {
    const rev = (await stored()).get(q[0])!.revision;
    expect((await autosave(world.cookies.owner, q[0], "7", rev, { saveId: "bbbbbbbb0001" })).status).toBe(200);
    const stale = await autosave(world.cookies.editor, q[0], "8", rev, { saveId: "aaaaaaaa0003", unconfirmed: "bbbbbbbb0001" });
    expect(stale.status).toBe(409);
    expect(await valueOf(q[0])).toBe(7);
  });
});

describe("whole-section saves (13.3)", () => {
  it("write only what the person changed: a colleague's newer answer stays, untouched empty fields are not stored", async () => {
    await clearAnswers();
    await autosave(world.cookies.editor, q[0], "5", null);
    const loaded = await stored();
    // A colleague changes q[0] after the page was loaded.
    await autosave(world.cookies.owner, q[0], "6", loaded.get(q[0])!.revision);
    const r = await postSection(world.cookies.editor, await sectionForm({ [q[1]]: "4" }, {}, loaded));
    expect(r.status).toBe(302);
    const after = await stored();
    expect(after.get(q[0])?.value).toBe(6);
    expect(after.get(q[1])?.value).toBe(4);
    expect(after.has(q[2])).toBe(false);
    expect(after.has(q[3])).toBe(false);
  });

  it("a conflict shows both answers and replaces nothing until the person chooses, per answer", async () => {
    const loaded = await stored();
    await autosave(world.cookies.owner, q[1], "10", loaded.get(q[1])!.revision);
    const form = await sectionForm({ [q[1]]: "11" }, {}, loaded);
    const r = await postSection(world.cookies.editor, form);
    expect(r.status).toBe(409);
    const conflict = r.data.outcomes.find((o: { questionId: string }) => o.questionId === q[1]);
    expect(conflict).toMatchObject({ status: "conflict", current: { value: 10, updatedByName: "owner" } });
    // The page shows the person's value again, still from the revision they edited.
    expect(r.data.typed[q[1]]).toMatchObject({ value: "11", revision: loaded.get(q[1])!.revision });
    // Saving the same form again does not replace the colleague's answer.
    expect((await postSection(world.cookies.editor, form)).status).toBe(409);
    expect(await valueOf(q[1])).toBe(10);
    // Choosing theirs keeps theirs; choosing mine replaces it.
    const theirs = { [`theirs.${q[1]}`]: String(conflict.current.revision) };
    expect((await postSection(world.cookies.editor, { ...form, ...theirs, [`choice.${q[1]}`]: "theirs" })).status).toBe(302);
    expect(await valueOf(q[1])).toBe(10);
    expect((await postSection(world.cookies.editor, { ...form, ...theirs, [`choice.${q[1]}`]: "mine" })).status).toBe(302);
    expect(await valueOf(q[1])).toBe(11);
  });
});

const BROWSER = "bilan_browser=" + "b".repeat(43);
const OTHER_BROWSER = "bilan_browser=" + "c".repeat(43);

async function expire(userId: string) {
  const db = await getDb();
  await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60 * 1000) }).where(eq(sessions.userId, userId));
}

describe("answers typed after the session ended (13.4)", () => {
  it("with JavaScript: every autosave after expiry comes back after sign-in, in that browser", async () => {
    await clearAnswers();
    const cookie = await sessionCookieFor(world.users.editor);
    const page = await callRoute(section, { path: path(), params: params(), cookie });
    expect(page.headers.get("set-cookie")).toMatch(/^bilan_browser=[A-Za-z0-9_-]{43};.*HttpOnly/);
    await expire(world.users.editor);
    for (const [i, value] of ["1", "2", "3"].entries()) {
      const r = await autosave(`${cookie}; ${BROWSER}`, q[i], value, null, { [`orig.${q[i]}`]: JSON.stringify("") });
      expect(r.status).toBe(401);
    }
    const again = await sessionCookieFor(world.users.editor);
    const back = await callRoute(section, { path: path(), params: params(), cookie: `${again}; ${BROWSER}` });
    expect(Object.fromEntries(Object.entries(back.data.pending.values).map(([id, v]) => [id, (v as { value: string }).value]))).toEqual({ [q[0]]: "1", [q[1]]: "2", [q[2]]: "3" });
    // Another browser of the same person, or another member, sees nothing.
    expect((await callRoute(section, { path: path(), params: params(), cookie: `${again}; ${OTHER_BROWSER}` })).data.pending).toBeNull();
    const owner = await callRoute(section, { path: path(), params: params(), cookie: `${world.cookies.owner}; ${BROWSER}` });
    expect(owner.data.pending).toBeNull();
    // Only the owner discards them.
    await postSection(`${world.cookies.owner}; ${BROWSER}`, { intent: "discard-pending" });
    expect((await callRoute(section, { path: path(), params: params(), cookie: `${again}; ${BROWSER}` })).data.pending).not.toBeNull();
    await postSection(`${again}; ${BROWSER}`, { intent: "discard-pending" });
    expect((await callRoute(section, { path: path(), params: params(), cookie: `${again}; ${BROWSER}` })).data.pending).toBeNull();
    // Nothing was written as an answer meanwhile.
    expect((await stored()).size).toBe(0);
  });

  it("without JavaScript: the section posted after expiry comes back whole after sign-in, and saves", async () => {
    const cookie = await sessionCookieFor(world.users.editor);
    const form = await sectionForm({ [q[0]]: "4", [q[1]]: "5" });
    await expire(world.users.editor);
    const r = await postSection(`${cookie}; ${BROWSER}`, form);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/signin?redirectTo=${encodeURIComponent(path())}`);
    const again = await sessionCookieFor(world.users.editor);
    const back = await callRoute(section, { path: path(), params: params(), cookie: `${again}; ${BROWSER}` });
    expect(Object.keys(back.data.pending.values).sort()).toEqual([q[0], q[1]].sort());
    const saved = await postSection(`${again}; ${BROWSER}`, form);
    expect(saved.status).toBe(302);
    expect([await valueOf(q[0]), await valueOf(q[1])]).toEqual([4, 5]);
    expect((await callRoute(section, { path: path(), params: params(), cookie: `${again}; ${BROWSER}` })).data.pending).toBeNull();
  });
});

describe("planted answers (12.4)", () => {
  const pendingRows = async () => (await (await getDb()).select().from(pendingSaves)).length;
  const masked = (text: string) => text.replaceAll(world.orgA, "ORG").replaceAll(assessmentId, "ASSESSMENT").replaceAll("nope-org", "ORG").replaceAll("nope-assessment", "ASSESSMENT");

  it("an anonymous post stores nothing and gets the same answer whether the ids exist or not", async () => {
    const db = await getDb();
    await db.delete(pendingSaves);
    const outsider = `bilan_session=${"x".repeat(43)}; ${BROWSER}`;
    for (const cookie of [undefined, outsider]) {
      const real = await autosave(cookie, q[0], "666", null);
      const fake = await autosave(cookie, q[0], "666", null, {}, "nope-org", "nope-assessment");
      expect(real.status).toBe(401);
      expect([fake.status, masked(JSON.stringify(fake.data))]).toEqual([real.status, masked(JSON.stringify(real.data))]);
      const form = await sectionForm({ [q[0]]: "666" });
      const realSection = await postSection(cookie, form);
      const fakeSection = await callRoute(section, { path: `/o/nope-org/assessments/nope-assessment/${sectionId}`, params: { orgId: "nope-org", assessmentId: "nope-assessment", sectionId }, cookie, form });
      expect(realSection.status).toBe(302);
      expect([fakeSection.status, masked(fakeSection.location ?? "")]).toEqual([realSection.status, masked(realSection.location ?? "")]);
    }
    expect(await pendingRows()).toBe(0);
  });

  it("an expired session of a member who may not edit keeps nothing", async () => {
    const cookie = await sessionCookieFor(world.users.viewer);
    await expire(world.users.viewer);
    expect((await autosave(`${cookie}; ${BROWSER}`, q[0], "666", null)).status).toBe(401);
    const other = await sessionCookieFor(world.users.otherOrgOwner);
    await expire(world.users.otherOrgOwner);
    expect((await autosave(`${other}; ${BROWSER}`, q[0], "666", null)).status).toBe(401);
    expect(await pendingRows()).toBe(0);
  });

  it("keeps nothing without the browser's cookie, and bounds what it keeps", async () => {
    const cookie = await sessionCookieFor(world.users.editor);
    await expire(world.users.editor);
    expect((await autosave(cookie, q[0], "1", null)).status).toBe(401);
    expect(await pendingRows()).toBe(0);
    const cookie2 = await sessionCookieFor(world.users.editor);
    await expire(world.users.editor);
    expect((await autosave(`${cookie2}; ${BROWSER}`, q[0], "1".repeat(150_000), null)).status).toBe(401);
    expect((await autosave(`${cookie2}; ${BROWSER}`, q[1], "2".repeat(150_000), null)).status).toBe(401);
    const db = await getDb();
    const rows = await db.select().from(pendingSaves).where(and(eq(pendingSaves.userId, world.users.editor), eq(pendingSaves.assessmentId, assessmentId)));
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0].values)).toEqual([q[0]]);
  });
});
