import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers, assessmentEvents, assessments } from "#db/schema/index";
import * as home from "#app/routes/o.$orgId._index";
import * as overview from "#app/routes/o.$orgId.assessments.$assessmentId._index";
import * as checkAnswers from "#app/routes/o.$orgId.assessments.$assessmentId.check-answers";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// Check your answers, then submit: the page lists what blocks the submission before the person
// presses the button, every answer with its change link, and the overview says what comes next.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
let world: World;
let assessmentId: string;

const at = (path = "") => ({ path: `/o/${world.orgA}/assessments/${assessmentId}${path}`, params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor });

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId: created.id, versionId: VERSION } });
  assessmentId = started.location!.split("/").pop()!;
});

describe("the check-your-answers page", () => {
  it("lists what is missing before anything is submitted", async () => {
    const page = await callRoute(checkAnswers, at("/check-answers"));
    expect(page.status).toBe(200);
    expect(page.data.editable).toBe(true);
    expect(page.data.problems.length).toBeGreaterThan(5);
    expect(page.data.sections.length).toBeGreaterThan(3);
    expect(page.data.sections.every((s: { questions: Array<{ value: unknown }> }) => s.questions.every((q) => q.value === null))).toBe(true);
  });

  it("shows every answer once complete, submits, and the overview says what happens next", async () => {
    const compiled = (await getDefinition(VERSION))!;
    const values = generateAnswers(compiled, rng(3), { quality: 0.6, headcount: 8 });
    const db = await getDb();
    await db.insert(answers).values(Object.entries(values).map(([questionId, value]) => ({ assessmentId, questionId, value })));
    const page = await callRoute(checkAnswers, at("/check-answers"));
    expect(page.data.problems).toEqual([]);
    const shown = page.data.sections.flatMap((s: { questions: Array<{ id: string; value: unknown }> }) => s.questions);
    for (const q of shown) expect(q.value, q.id).toEqual(values[q.id] ?? null);
    // who answered what: the colleague who saved an answer last is named beside it
    expect(page.data.answeredBy).toEqual({});
    const [firstId] = Object.keys(values);
    await db.update(answers).set({ updatedBy: world.users.editor }).where(and(eq(answers.assessmentId, assessmentId), eq(answers.questionId, firstId)));
    expect((await callRoute(checkAnswers, at("/check-answers"))).data.answeredBy).toEqual({ [firstId]: "editor" });
    const submitted = await callRoute(checkAnswers, { ...at("/check-answers"), form: { intent: "submit" } });
    expect(submitted.location).toBe(`/o/${world.orgA}/assessments/${assessmentId}?submitted=1`);
    const after = await callRoute(overview, at("?submitted=1"));
    expect(after.data.justSubmitted).toBe(true);
    const again = await callRoute(checkAnswers, at("/check-answers"));
    expect(again.data.editable).toBe(false);
    expect((await callRoute(checkAnswers, { ...at("/check-answers"), form: { intent: "submit" } })).status).toBe(302);
  });

  it("a returned balance shows the reason of its last return on the overview", async () => {
    const db = await getDb();
    await db.update(assessments).set({ status: "returned" }).where(eq(assessments.id, assessmentId));
    await db.insert(assessmentEvents).values({ assessmentId, kind: "returned", reason: "Please check the volunteers.", actorUserId: world.users.reviewer });
    const page = await callRoute(overview, at());
    expect(page.data.returnedReason).toBe("Please check the volunteers.");
    expect(page.data.justSubmitted).toBe(false);
  });

  it("an old form posting a submission to the overview is sent to the check page", async () => {
    const r = await callRoute(overview, { ...at(), form: { intent: "submit" } });
    expect(r.location).toBe(`/o/${world.orgA}/assessments/${assessmentId}/check-answers`);
  });
});
