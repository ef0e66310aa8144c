import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, campaigns, results, users } from "#db/schema/index";
import { reportBodyHtml } from "#app/reports/report-html.server";
import * as reportBodyRoute from "#app/routes/o.$orgId.reports.$assessmentId_.body";
import * as reportRoute from "#app/routes/o.$orgId.reports.$assessmentId";
import * as progressRoute from "#app/routes/o.$orgId.progress";
import * as funderHome from "#app/routes/funder._index";
import * as exportCsv from "#app/routes/o.$orgId.export[.]csv";
import * as exportJson from "#app/routes/o.$orgId.export[.]json";
import { RESULT_COLUMNS } from "./exports.server";
import { refreshBenchmarks, setDisclosureK } from "./benchmarks.server";
import { createCommitment } from "./commitments.server";
import { loadProgress, loadReport, readReport } from "./reports.server";
import { setupTestDatabase } from "../../tests/setup/database";
import { callRoute, sessionCookieFor } from "../../tests/setup/routes";
import { recordDefinitions } from "./definitions.server";
import { demoOrganisations, seedDemo } from "./demo.server";
import "./assessments-demo.server";
import "./reports-demo.server";

setupTestDatabase();

const ids: Record<string, string> = {};
beforeAll(async () => {
  await recordDefinitions();
  await seedDemo();
  const db = await getDb();
  for (const row of await db.select({ id: users.id, email: users.email }).from(users)) ids[row.email!] = row.id;
});

async function demoReports(organisationName: string) {
  const db = await getDb();
  const org = demoOrganisations.find((o) => o.name === organisationName)!;
  const owner = org.members.find((m) => m.role === "owner")!;
  const [{ organisationId }] = await db
    .select({ organisationId: assessments.organisationId })
    .from(assessments)
    .innerJoin(users, eq(users.id, ids[owner.email]))
    .where(eq(assessments.createdBy, ids[owner.email]))
    .limit(1);
  const rows = await db
    .select({ id: assessments.id })
    .from(assessments)
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(eq(assessments.organisationId, organisationId));
  return { organisationId, assessmentIds: rows.map((r) => r.id), cookie: await sessionCookieFor(ids[owner.email]) };
}

describe("the report of every demo organisation", () => {
  for (const org of demoOrganisations) {
    it(`${org.name}: every year renders, with the charts' SVG in the server HTML`, async () => {
      const { organisationId, assessmentIds, cookie } = await demoReports(org.name);
      expect(assessmentIds.length).toBeGreaterThanOrEqual(3);
      for (const assessmentId of assessmentIds) {
        const outcome = await callRoute(reportRoute, { path: `/o/${organisationId}/reports/${assessmentId}`, params: { orgId: organisationId, assessmentId }, cookie });
        expect(outcome.status).toBe(200);
        expect(outcome.data.bodyKey).toBe("report-body");
        const fragment = await callRoute(reportBodyRoute, { path: `/o/${organisationId}/reports/${assessmentId}/body`, params: { orgId: organisationId, assessmentId }, cookie });
        expect(fragment.status).toBe(200);
        expect(fragment.headers.get("content-type")).toMatch(/^text\/html/);
        expect(fragment.data).toContain('<svg class="chart radar-chart radar-names" role="img" aria-label=');
        const report = (await loadReport({ organisationId, assessmentId, locale: "en" }))!;
        expect(report.axes.length).toBeGreaterThan(0);
        expect(report.indicators.length).toBeGreaterThan(0);
        for (const locale of ["en", "fr", "ca", "es"] as const) {
          const html = await reportBodyHtml((await readReport({ organisationId, assessmentId, locale }))!, locale);
          expect(html).toContain('<svg class="chart radar-chart radar-names" role="img" aria-label=');
          expect(html).toContain("<polygon");
          // the lines over the years: recharts drawn on the server, no animation, fixed size
          if (report.progress.years.length > 1) expect(html).toMatch(/class="recharts-wrapper chart years-chart"[^>]*><svg role="img" aria-label="[^"]+" class="recharts-surface" width="320"/);
          // every scored indicator says how it is scored
          expect(html.split('class="scoring"').length - 1).toBe(report.indicators.filter((i: { rule: unknown }) => i.rule).length);
          // a radar label is whole, never cut with an ellipsis
          expect(html).not.toContain("…</tspan>");
          expect(html).not.toMatch(/>report\.[a-zA-Z_]+</); // every key has a message
          expect(html).toContain(`${report.year}</h1>`); // a year is not formatted as a number (2,025)
        }
        // Three demo organisations: fewer than k = 10, so no benchmark is shown.
        expect(report.axes.every((a: { benchmark: { all: { shown: boolean } } }) => !a.benchmark.all.shown)).toBe(true);
        // Advice only where the score is low.
        for (const i of report.indicators) if (i.advice) expect(i.score).toBeLessThan(5);
      }
    });
  }

  it("Les Teixidores shares with the demo funder, and its later reports check its commitments", async () => {
    const { organisationId, assessmentIds, cookie } = await demoReports("Cooperativa Les Teixidores");
    const funderCookie = await sessionCookieFor(ids["funder@fundacio.example"]);
    const list = await callRoute(funderHome, { path: "/funder", cookie: funderCookie });
    expect(list.data.organisations.map((o: { name: string }) => o.name)).toEqual(["Cooperativa Les Teixidores"]);
    const checked = [];
    for (const assessmentId of assessmentIds) {
      const report = (await loadReport({ organisationId, assessmentId, locale: "en" }))!;
      if (report.earlierCommitments.length) {
        const fragment = await callRoute(reportBodyRoute, { path: "/x", params: { orgId: organisationId, assessmentId }, cookie });
        expect(fragment.data).toContain("report-earlier-commitments");
      }
      checked.push(...report.earlierCommitments);
    }
    expect(checked.length).toBeGreaterThanOrEqual(2);
    for (const c of checked) expect(["met", "not_met", "no_value", "not_comparable"]).toContain(c.check.status);
  });

  it("renders the body again whenever what it is drawn from changes: the threshold, a commitment", async () => {
    const { organisationId, assessmentIds, cookie } = await demoReports("Energia Comuna SCCL");
    const body = async (assessmentId: string) =>
      (await callRoute(reportBodyRoute, { path: "/x", params: { orgId: organisationId, assessmentId }, cookie })).data as string;
    const byYear = await Promise.all(assessmentIds.map(async (id) => ({ id, year: (await readReport({ organisationId, assessmentId: id, locale: "en" }))!.page.year })));
    const [first, second] = byYear.sort((a, b) => a.year - b.year).map((a) => a.id);
    const latest = byYear[byYear.length - 1].id;
    // The demo's results were stored one after another: wait for the numbers over all of them
    // (a page serves the previous numbers while newer ones are computed in the background).
    const db = await getDb();
    for (const c of await db.select({ id: campaigns.id }).from(campaigns)) await refreshBenchmarks(c.id);
    const before = await body(latest);
    expect(await body(latest)).toBe(before);
    // Three demo organisations: with k = 3 the medians appear.
    await setDisclosureK(3);
    try {
      const withMedians = await body(latest);
      expect(withMedians).not.toBe(before);
      expect(withMedians).toContain('class="quartiles"');
    } finally {
      await setDisclosureK(10);
    }
    expect(await body(latest)).toBe(before);
    // A commitment made on an earlier report shows in the later one, checked.
    const code = (await loadReport({ organisationId, assessmentId: second, locale: "en" }))!.indicators[0].code;
    expect(await body(second)).not.toContain("A test of the cache");
    const owner = demoOrganisations.find((o) => o.name === "Energia Comuna SCCL")!.members[0].email;
    const made = await createCommitment({ organisationId, assessmentId: first, code, direction: "at_least", target: 1, note: "A test of the cache", userId: ids[owner] });
    expect(made.ok).toBe(true);
    expect(await body(second)).toContain("A test of the cache");
  });

  it("progress follows the versions (2024.1 then 2025.1): replaced codes continue, changed ones break with a note", async () => {
    const { organisationId, cookie } = await demoReports("Energia Comuna SCCL");
    const outcome = await callRoute(progressRoute, { path: "/x", params: { orgId: organisationId }, cookie });
    // the page gets the charts as HTML drawn on the server, with the notes under a broken line
    expect(outcome.data.chartsHtml).toContain('class="line-notes"');
    const { progress } = await loadProgress({ organisationId, locale: "en" });
    expect(progress.years).toEqual([2023, 2024, 2025]);
    const notes = progress.indicators.flatMap((l: { notes: Array<{ kind: string }> }) => l.notes.map((n) => n.kind));
    expect(notes).toContain("replaced");
    expect(progress.indicators.find((l: { code: string }) => l.code === "DEM_PAY_GAP_ABS")!.segments[0].length).toBe(3);
  });

  it("exports every year, one row per indicator code and year, with stable columns", async () => {
    const { organisationId, cookie } = await demoReports("Associació L'Horta Viva");
    const csv = await callRoute(exportCsv, { path: `/o/${organisationId}/export.csv`, params: { orgId: organisationId }, cookie });
    expect(csv.status).toBe(200);
    const lines = String(csv.data).trim().split("\r\n");
    expect(lines[0]).toBe(RESULT_COLUMNS.join(","));
    const keys = lines.slice(1).map((l) => l.split(",").slice(0, 4).filter((_, i) => i !== 1 && i !== 2).join(":"));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0]))).toEqual(new Set(["2023", "2024", "2025"]));
    const answersCsv = await callRoute(exportCsv, { path: `/o/${organisationId}/export.csv?part=answers`, params: { orgId: organisationId }, cookie });
    expect(String(answersCsv.data).split("\r\n")[0]).toBe("year,questionnaire,version,question_id,value,note");
    const json = await callRoute(exportJson, { path: `/o/${organisationId}/export.json`, params: { orgId: organisationId }, cookie });
    expect(json.data.years.map((y: { year: number }) => y.year)).toEqual([2023, 2024, 2025]);
    expect(json.data.years[0].answers.length).toBeGreaterThan(10);
  });
});
