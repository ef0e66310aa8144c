import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTranslate } from "#app/i18n/translate";
import { ReportBody, type ReportData } from "./report-view";

const hidden = { all: { shown: false as const }, sameForm: { shown: false as const } };

function report(points: boolean): ReportData {
  const axis = (id: string, score: number) => ({ id, title: id, score, minimum: 0, applicable: true, benchmark: hidden, ...(points ? { maximum: 90 } : {}) });
  return {
    organisation: { id: "o", name: "Coop" },
    year: 2026,
    questionnaireTitle: "Common-good matrix",
    version: "2026.1",
    status: "submitted",
    total: points ? -149 : 7.17,
    ...(points ? { points: { maximum: 270 } } : {}),
    seal: { passed: false, granted: false, failures: points ? ["pass_rule_false"] : [], totalMinimum: 0 },
    axes: [axis("dignity", points ? -60 : 8), axis("solidarity", points ? 31 : 5.5)],
    indicators: [],
    dataOnly: [],
    benchmarkTotal: hidden,
    k: 10,
    progress: { years: [2026], indicators: [], axes: [], total: { id: "total", points: [{ year: 2026, score: 1 }] } as never },
    codeInfo: {},
    axisTitles: {},
    earlierCommitments: [],
  };
}

describe("the report of a points method", () => {
  it("shows points with the maximum and the percentage, negative ones too, and the pass rule", () => {
    const html = renderToStaticMarkup(<ReportBody data={report(true)} locale="en" t={makeTranslate("en")} />);
    expect(html).toContain("-149 of 270 points (-55.2%)");
    expect(html).toContain("-60 of 90 points (-66.7%)");
    expect(html).toContain("31 of 90 points (34.4%)");
    expect(html).toContain("The method&#x27;s pass rule does not hold.");
    expect(html).not.toContain("/ 10");
  });

  it("keeps the 0-10 report as it was", () => {
    const html = renderToStaticMarkup(<ReportBody data={report(false)} locale="en" t={makeTranslate("en")} />);
    expect(html).toContain("/ 10");
    expect(html).not.toContain("points (");
  });
});
