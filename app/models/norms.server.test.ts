import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { getDb } from "#db/client";
import { assessments, campaigns, campaignVersions, organisations, questionnaireVersions } from "#db/schema/index";
import { scoreAssessment } from "#app/scoring/score";
import { compileMini, miniDefinitionObject } from "#app/scoring/testing/mini-definition";
import { setupTestDatabase } from "../../tests/setup/database";
import { storeResult } from "./assessments.server";
import { setCampaignStatus } from "./campaigns.server";
import { getDefinition, resetDefinitions } from "./definitions.server";
import { frozenNorms, normsOverMissingCampaigns, scoringInputFor } from "./norms.server";

setupTestDatabase();

const plain = compileMini(); // the earlier campaign's version: no norms
let normedVersion = "";
let campaign2025 = "";
let campaign2026 = "";
let badCampaign = "";

function normedDefinition(campaign: "previous" | number) {
  const d = miniDefinitionObject();
  d.questionnaire = campaign === "previous" ? "normed" : "normed-bad";
  d.norms = { women_median: { indicator: "EQU_WOMEN", campaign, statistic: "median", by: "legal_form" } };
  // women among workers scored against last year's median of the same legal form
  d.indicators[0].rule = { kind: "linear", from: 0, to: "norm.women_median" };
  return d;
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "bilan-norms-"));
  for (const [q, c] of [["normed", "previous"], ["normed-bad", 2019]] as const) {
    await mkdir(join(dir, q));
    await writeFile(join(dir, q, "2025.1.yaml"), stringify(normedDefinition(c)));
  }
  resetDefinitions(dir);
  const db = await getDb();
  const normed = (await getDefinition("normed@2025.1"))!;
  const bad = (await getDefinition("normed-bad@2025.1"))!;
  normedVersion = "normed@2025.1";
  await db.insert(questionnaireVersions).values([
    { id: "mini@2025.1", questionnaire: "mini", version: "2025.1", contentHash: plain.contentHash, file: "mini.yaml", title: plain.definition.title },
    { id: normedVersion, questionnaire: "normed", version: "2025.1", contentHash: normed.contentHash, file: normed.file, title: normed.definition.title },
    { id: "normed-bad@2025.1", questionnaire: "normed-bad", version: "2025.1", contentHash: bad.contentHash, file: bad.file, title: bad.definition.title },
  ]);
  [{ id: campaign2025 }] = await db.insert(campaigns).values({ year: 2025, opensOn: "2025-04-20", closesOn: "2025-07-15", status: "closed" }).returning({ id: campaigns.id });
  [{ id: campaign2026 }] = await db.insert(campaigns).values({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15" }).returning({ id: campaigns.id });
  [{ id: badCampaign }] = await db.insert(campaigns).values({ year: 2027, opensOn: "2027-04-20", closesOn: "2027-07-15" }).returning({ id: campaigns.id });
  await db.insert(campaignVersions).values([
    { campaignId: campaign2026, versionId: normedVersion },
    { campaignId: badCampaign, versionId: "normed-bad@2025.1" },
  ]);
  // 2025: 11 cooperatives with 1..11 women of 20 workers (5% .. 55%), 2 associations with 90%
  for (let i = 0; i < 13; i++) {
    const legalForm = i < 11 ? "cooperative" : "association";
    const [org] = await db.insert(organisations).values({ name: `Org ${i}`, legalForm, sector: "food", region: "barcelona", headcount: 20, sizeBand: "small" }).returning({ id: organisations.id });
    const [a] = await db.insert(assessments).values({ organisationId: org.id, campaignId: campaign2025, questionnaire: "mini", versionId: "mini@2025.1", status: "submitted" }).returning();
    const women = i < 11 ? i + 1 : 18;
    const result = scoreAssessment(plain, { workers: 20, women_workers: women, highest_salary: 2, lowest_salary: 1, renewable: 50, ethical_bank: true, legal_form: "cooperative", waste: [] });
    await db.transaction((tx) => storeResult(tx, a, result, null));
  }
});

afterAll(() => resetDefinitions());

describe("norms from an earlier campaign", () => {
  it("are computed when the campaign opens, per legal form past k, and frozen", async () => {
    expect(await setCampaignStatus(campaign2026, "open", "")).toEqual({ ok: true });
    const db = await getDb();
    const norms = await db.transaction((tx) => frozenNorms(tx, campaign2026, normedVersion));
    // 13 organisations: median of 5, 10, ..., 55, 90, 90 is 35; cooperatives (11 >= k = 10): 30; associations (2): none
    expect(norms.women_median).toEqual({ campaign: 2025, overall: 35, by: { cooperative: 30 } });
    // opening again keeps them as they were, even after new results
    expect(await setCampaignStatus(campaign2026, "open", "")).toEqual({ ok: true });
    expect(await db.transaction((tx) => frozenNorms(tx, campaign2026, normedVersion))).toEqual(norms);
  });

  it("score an organisation against its own legal form's norm, recorded in the result; others against the overall one", async () => {
    const db = await getDb();
    const normed = (await getDefinition(normedVersion))!;
    const [coop] = await db.insert(organisations).values({ name: "Coop", legalForm: "cooperative", sector: "food", region: "barcelona", headcount: 10, sizeBand: "small" }).returning({ id: organisations.id });
    const [assoc] = await db.insert(organisations).values({ name: "Assoc", legalForm: "association", sector: "food", region: "barcelona", headcount: 10, sizeBand: "small" }).returning({ id: organisations.id });
    const answers = { workers: 10, women_workers: 3, highest_salary: 2, lowest_salary: 1, renewable: 50, ethical_bank: true, legal_form: "cooperative", waste: [] };
    const score = async (organisationId: string) => {
      const input = await db.transaction((tx) => scoringInputFor(tx, { organisationId, campaignId: campaign2026, versionId: normedVersion }, normed));
      return scoreAssessment(normed, answers, input);
    };
    const c = await score(coop.id);
    expect(c.indicators[0].score).toBe(10); // 30% against a median of 30
    expect(c.norms).toEqual({ women_median: { campaign: 2025, value: 30 } });
    const a = await score(assoc.id);
    expect(a.indicators[0].score).toBe(roundTo(30 / 35 * 10)); // against the overall 35
    expect(a.norms).toEqual({ women_median: { campaign: 2025, value: 35 } });
    // the same answers and the same frozen norms give the same result
    expect(await score(coop.id)).toEqual(c);
  });

  it("refuse to open a campaign whose norm reads a campaign that does not exist, naming the file and line", async () => {
    const outcome = await setCampaignStatus(badCampaign, "open", "");
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/norm women_median reads campaign 2019, which does not exist: .*normed-bad[/\\]2025\.1\.yaml:\d+ \(norms\.women_median\.campaign\)/);
    const db = await getDb();
    const [row] = await db.select({ status: campaigns.status }).from(campaigns).where((await import("drizzle-orm")).eq(campaigns.id, badCampaign));
    expect(row.status).toBe("planned");
  });
});

describe("at start", () => {
  it("names every norm over a campaign year that does not exist, with file and line", async () => {
    const problems = await normsOverMissingCampaigns();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/normed-bad[/\\]2025\.1\.yaml:\d+ \(norms\.women_median\.campaign\): norm women_median reads campaign 2019, which does not exist/);
  });
});

function roundTo(x: number) {
  return Math.round(x * 100) / 100;
}
