import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb, selectRows } from "#db/client";
import { assessments, campaigns, organisations, questionnaireVersions } from "#db/schema/index";
import { scoreAssessment } from "#app/scoring/score";
import { reportAnswers, reportDefinitions } from "#app/reports/testing";
import { disclose, quartiles } from "#app/reports/stats";
import { setupTestDatabase } from "../../tests/setup/database";
import { storeResult } from "./assessments.server";
import { benchmarksFollowOrganisation, campaignBenchmarks, getDisclosureK, refreshBenchmarks, setDisclosureK } from "./benchmarks.server";

setupTestDatabase();

const def = reportDefinitions()[1];
const versionId = `${def.definition.questionnaire}@${def.definition.version}`;
let campaignId = "";
const women: Record<string, number[]> = { worker_cooperative: [], association: [] };

async function participant(i: number, legalForm: string) {
  const db = await getDb();
  const [org] = await db
    .insert(organisations)
    .values({ name: `Bench ${i}`, legalForm, sector: "food", region: "barcelona", headcount: 10, sizeBand: "small" })
    .returning({ id: organisations.id });
  const [a] = await db
    .insert(assessments)
    .values({ organisationId: org.id, campaignId, questionnaire: def.definition.questionnaire, versionId, status: "submitted" })
    .returning();
  const result = scoreAssessment(def, reportAnswers({ women_workers: i % 11, renewable: (i * 7) % 100 }));
  women[legalForm].push(result.indicators.find((x) => x.code === "EQU_WOMEN")!.value!);
  await db.transaction((tx) => storeResult(tx, a, result, null));
  return org.id;
}

beforeAll(async () => {
  const db = await getDb();
  await db.insert(questionnaireVersions).values({ id: versionId, questionnaire: "mini", version: "2025.1", contentHash: def.contentHash, file: "mini.yaml", title: def.definition.title });
  [{ id: campaignId }] = await db.insert(campaigns).values({ year: 2025, opensOn: "2025-04-20", closesOn: "2025-07-15", status: "closed" }).returning({ id: campaigns.id });
});

describe("benchmarks", () => {
  it("k is a setting (default 10) and never below 3", async () => {
    expect(await getDisclosureK()).toBe(10);
    await expect(setDisclosureK(2)).rejects.toThrow(/at least 3/);
    await setDisclosureK(4);
    expect(await getDisclosureK()).toBe(4);
    await setDisclosureK(10);
  });

  it("hidden while fewer than k organisations stand behind a number", async () => {
    for (let i = 0; i < 9; i++) await participant(i, i < 6 ? "worker_cooperative" : "association");
    const b = (await campaignBenchmarks(campaignId, "worker_cooperative")).benchmarks;
    expect(b.indicators.EQU_WOMEN.all?.n).toBe(9);
    expect(disclose(b.indicators.EQU_WOMEN.all, await getDisclosureK())).toEqual({ shown: false });
    expect(disclose(b.axes.equity.sameForm, 10)).toEqual({ shown: false });
  });

  it("shown and equal to a direct computation once there are enough", async () => {
    for (let i = 9; i < 25; i++) await participant(i, i % 2 ? "worker_cooperative" : "association");
    // Readers see the stored numbers while the new ones are computed; then the new ones.
    expect((await campaignBenchmarks(campaignId, "worker_cooperative")).benchmarks.indicators.EQU_WOMEN.all?.n).toBe(9);
    await refreshBenchmarks(campaignId);
    const k = await getDisclosureK();
    const b = (await campaignBenchmarks(campaignId, "worker_cooperative")).benchmarks;
    const all = [...women.worker_cooperative, ...women.association];
    const expectedAll = quartiles(all)!;
    const expectedForm = quartiles(women.worker_cooperative)!;
    const shownAll = disclose(b.indicators.EQU_WOMEN.all, k);
    const shownForm = disclose(b.indicators.EQU_WOMEN.sameForm, k);
    expect(shownAll.shown && shownAll.n).toBe(25);
    expect(shownForm.shown && shownForm.n).toBe(women.worker_cooperative.length);
    for (const key of ["q1", "median", "q3"] as const) {
      expect(shownAll.shown && shownAll[key]).toBeCloseTo(expectedAll[key], 9);
      expect(shownForm.shown && shownForm[key]).toBeCloseTo(expectedForm[key], 9);
    }
    // The association cell has 11 organisations: shown at k = 10, hidden at k = 12.
    const assoc = (await campaignBenchmarks(campaignId, "association")).benchmarks;
    expect(assoc.indicators.EQU_WOMEN.sameForm?.n).toBe(11);
    expect(disclose(assoc.indicators.EQU_WOMEN.sameForm, 10).shown).toBe(true);
    expect(disclose(assoc.indicators.EQU_WOMEN.sameForm, 12)).toEqual({ shown: false });
    expect(b.total.all?.n).toBe(25);
  });

  it("a disabled organisation and a result that is no longer current do not count", async () => {
    const db = await getDb();
    const id = await participant(99, "association");
    await refreshBenchmarks(campaignId);
    expect((await campaignBenchmarks(campaignId, "association")).benchmarks.indicators.EQU_WOMEN.all?.n).toBe(26);
    await db.update(organisations).set({ disabledAt: new Date() }).where((await import("drizzle-orm")).eq(organisations.id, id));
    await benchmarksFollowOrganisation(id);
    await refreshBenchmarks(campaignId);
    expect((await campaignBenchmarks(campaignId, "association")).benchmarks.indicators.EQU_WOMEN.all?.n).toBe(25);
  });
});

describe("stored benchmarks", () => {
  const state = async () => (await selectRows<{ requested: number; generation: number }>(sql`select requested, generation from benchmark_sets where campaign_id = ${campaignId}`))[0];

  it("are one row per campaign with a generation: equal generations, equal numbers", async () => {
    const before = await campaignBenchmarks(campaignId, "association");
    const again = await campaignBenchmarks(campaignId, "association");
    expect(again.computation).toBe(before.computation);
    const row = await state();
    expect(row.generation).toBe(row.requested);
    // A stored result asks for a new computation; readers keep the previous numbers meanwhile.
    await participant(100, "association");
    const stale = await state();
    expect(stale.requested).toBe(row.requested + 1);
    expect((await campaignBenchmarks(campaignId, "association")).computation).toBe(before.computation);
    // Concurrent refreshes share one computation.
    await Promise.all([refreshBenchmarks(campaignId), refreshBenchmarks(campaignId), refreshBenchmarks(campaignId)]);
    const after = await campaignBenchmarks(campaignId, "association");
    expect(after.computation).toBe(stale.requested);
    expect(after.benchmarks.indicators.EQU_WOMEN.all?.n).toBe(26);
  });

  it("a campaign never computed is computed for its first reader", async () => {
    const db = await getDb();
    await db.execute(sql`delete from benchmark_sets where campaign_id = ${campaignId}`);
    const b = await campaignBenchmarks(campaignId, "worker_cooperative");
    expect(b.benchmarks.total.all?.n).toBe(26);
  });
});
