import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { assessments, campaigns, users } from "#db/schema/index";
import * as reportPdf from "#app/routes/o.$orgId.reports.$assessmentId_.pdf";
import * as guide from "#app/routes/o.$orgId.assessments.$assessmentId.guide";
import * as guidePdf from "#app/routes/o.$orgId.assessments.$assessmentId.guide[.]pdf";
import { storeResult } from "#app/models/assessments.server";
import { getDefinition, recordDefinitions, versionIdOf } from "#app/models/definitions.server";
import { scoreAssessment } from "#app/scoring/score";
import { formatScore } from "#app/components/charts/format";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import { buildRequest, callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// The report and the questionnaire guide as PDFs: made on the server, A4, read back with
// pdftotext (poppler-utils).
setupTestDatabase();

let world: World;
let assessmentId: string;
let total: number;
const VERSION = versionIdOf("social-balance-basic", "2025.1");

function pdftotext(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "bilan-pdf-"));
  const file = join(dir, "report.pdf");
  writeFileSync(file, pdf);
  try {
    return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } catch (error) {
    throw new Error(`pdftotext failed: install poppler-utils (apt-get install -y poppler-utils): ${String(error)}`);
  }
}

async function download(cookie: string | undefined) {
  const request = buildRequest({ path: `/o/${world.orgA}/reports/${assessmentId}/pdf`, cookie });
  return (await reportPdf.loader({ request, params: { orgId: world.orgA, assessmentId }, context: { clientIp: "127.0.0.1" } })) as Response;
}

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const db = await getDb();
  const compiled = (await getDefinition(VERSION))!;
  const [campaign] = await db.insert(campaigns).values({ year: 2025, opensOn: "2025-04-20", closesOn: "2025-07-15", status: "closed" }).returning({ id: campaigns.id });
  const [a] = await db
    .insert(assessments)
    .values({ organisationId: world.orgA, campaignId: campaign.id, questionnaire: "social-balance-basic", versionId: VERSION, status: "submitted", submittedAt: new Date() })
    .returning();
  const result = scoreAssessment(compiled, generateAnswers(compiled, rng(11), { quality: 0.6, headcount: 9 }));
  await db.transaction((tx) => storeResult(tx, a, result, null));
  assessmentId = a.id;
  total = result.total!;
  expect(await db.select().from(assessments).where(eq(assessments.id, a.id))).toHaveLength(1);
});

describe("the report as a PDF", () => {
  it("is an A4 PDF to download, with the summary, every axis, every indicator and page numbers", async () => {
    const response = await download(world.cookies.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="bilan-2025-[a-z0-9-]+\.pdf"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const text = pdftotext(bytes);
    const compiled = (await getDefinition(VERSION))!;
    expect(text).toContain("Social balance report 2025");
    expect(text).toContain(`Total: ${formatScore("en", total)} / 10`);
    for (const axis of compiled.definition.axes) expect(text).toContain(axis.title.en);
    expect(text).toContain("Where to improve first");
    expect(text).toMatch(/Page 1 of \d+/);
    // Every scored indicator has its row (labels may wrap: look for their first words).
    for (const indicator of compiled.definition.indicators.slice(0, 10)) expect(text).toContain(indicator.label.en.split(" ").slice(0, 2).join(" "));
  });

  it("speaks the reader's language, accents included", async () => {
    const db = await getDb();
    await db.update(users).set({ locale: "fr" }).where(eq(users.id, world.users.viewer));
    const text = pdftotext(new Uint8Array(await (await download(world.cookies.viewer)).arrayBuffer()));
    const compiled = (await getDefinition(VERSION))!;
    expect(text).toContain("Page 1 sur");
    expect(text).toContain(compiled.definition.axes[0].title.fr);
  });

  it("answers 404 to another organisation's member", async () => {
    await expect(download(world.cookies.otherOrgOwner)).rejects.toMatchObject({ status: 404 });
  });
});

describe("the questionnaire guide", () => {
  it("lists every question with its purpose, on the page and in a PDF", async () => {
    const compiled = (await getDefinition(VERSION))!;
    const page = await callRoute(guide, { path: `/o/${world.orgA}/assessments/${assessmentId}/guide`, params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.owner });
    expect(page.status).toBe(200);
    const questions = page.data.sections.flatMap((s: { questions: unknown[] }) => s.questions);
    expect(questions).toHaveLength(compiled.questions.length);
    // A question read by a scored indicator says so; every question has a purpose or says it describes.
    expect(questions.some((q: { feeds: Array<{ scored: boolean }> }) => q.feeds.some((f) => f.scored))).toBe(true);
    const request = buildRequest({ path: `/o/${world.orgA}/assessments/${assessmentId}/guide.pdf`, cookie: world.cookies.owner });
    const response = (await guidePdf.loader({ request, params: { orgId: world.orgA, assessmentId }, context: { clientIp: "127.0.0.1" } })) as Response;
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const text = pdftotext(new Uint8Array(await response.arrayBuffer()));
    // The owner reads French (set above for the viewer only): the guide is in English here.
    expect(text).toContain("The questions, to read before starting");
    for (const q of compiled.questions.slice(0, 8)) expect(text).toContain(q.question.label.en.split(" ").slice(0, 3).join(" "));
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it("answers 404 to another organisation", async () => {
    const page = await callRoute(guide, { path: `/o/${world.orgA}/assessments/${assessmentId}/guide`, params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.otherOrgOwner });
    expect(page.status).toBe(404);
  });
});
