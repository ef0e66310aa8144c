import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTranslate } from "#app/i18n/translate";
import { extremes, scoringText, type ReportIndicatorData } from "./report-view";
import { lineChartSvg } from "./line-chart";
import { radarChartSvg, wrapLabel } from "./radar-chart";
import { YearsChart } from "./years-chart";

const t = makeTranslate("en");
const indicator = (code: string, score: number | null, extra: Partial<ReportIndicatorData> = {}): ReportIndicatorData => ({
  code,
  label: code,
  description: null,
  unit: "percent",
  axis: "a",
  value: 1,
  score,
  applicable: true,
  advice: null,
  benchmark: { all: { shown: false }, sameForm: { shown: false } },
  rule: { kind: "linear", from: 0, to: 100 },
  ...extra,
});

describe("how an indicator is scored, in one line", () => {
  it("says each kind of rule in words, with the indicator's unit", () => {
    expect(scoringText({ kind: "linear", from: 0, to: 50 }, "percent", "en", t)).toBe("in a straight line, 0 at 0 % and 10 at 50 %");
    expect(scoringText({ kind: "linear", from: 5, to: 1 }, "ratio", "en", t)).toBe("in a straight line, 0 at 5 and 10 at 1");
    expect(scoringText({ kind: "boolean", ifTrue: 10, ifFalse: 0 }, "boolean", "en", t)).toBe("yes scores 10, no scores 0");
    expect(scoringText({ kind: "bands", bands: [{ upTo: 20, score: 0 }, { upTo: 60, score: 10 }, { upTo: null, score: 6 }] }, "percent", "en", t)).toBe("by bands: up to 20 %: 0 · up to 60 %: 10 · more: 6");
    expect(scoringText({ kind: "points", multiple: true, choices: [{ id: "a", label: "Sorting", points: 3 }, { id: "b", label: "Reuse", points: 2 }] }, "points", "en", t)).toBe(
      "points for each choice made, added up to 10 at most: Sorting 3 · Reuse 2",
    );
    expect(scoringText({ kind: "linear", from: 0, to: "norm.pay_q3" }, "ratio", "fr", makeTranslate("fr"))).toBe("en ligne droite, 0 à 0 et 10 à norm.pay_q3");
  });
});

describe("the strongest and the weakest indicators", () => {
  it("takes the best and the worst scored ones, never the same twice, never an unscored one", () => {
    const list = [indicator("A", 10), indicator("B", 2), indicator("C", 7), indicator("D", null), indicator("E", 0), indicator("F", 9, { applicable: false })];
    const { strongest, weakest } = extremes(list, 2);
    expect(strongest.map((i) => i.code)).toEqual(["A", "C"]);
    expect(weakest.map((i) => i.code)).toEqual(["E", "B"]);
  });
});

describe("charts", () => {
  it("wraps a radar label over lines instead of cutting it", () => {
    expect(wrapLabel("Social commitment and cooperation 10.0")).toEqual(["Social", "commitment and", "cooperation 10.0"]);
    const svg = radarChartSvg({ axes: [{ id: "x", label: "A very long axis title that used to be cut short", score: 5 }, { id: "y", label: "Y", score: 7 }, { id: "z", label: "Z", score: 2 }], label: "r", format: String });
    expect(svg).not.toContain("…");
    expect(svg).toContain(">to be cut short</tspan>");
  });

  it("draws lines with recharts on the server: fixed size, round ticks, y labels whole, yes/no as words", () => {
    const html = renderToStaticMarkup(
      <YearsChart label="L" years={[2023, 2024, 2025]} series={[{ name: "s", segments: [[{ year: 2023, value: 351466.31 }, { year: 2024, value: 572954.52 }], [{ year: 2025, value: 420000 }]] }]} breaks={[{ year: 2025, mark: "1" }]} format={(v) => v.toLocaleString("en")} />,
    );
    expect(html).toContain('width="320" height="200"');
    const ticks = [...html.matchAll(/recharts-cartesian-axis-tick-value"[^>]*><tspan[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(["2023", "2024", "2025", "300,000", "400,000", "500,000", "600,000"]);
    // the y axis is as wide as its longest label needs at 13 units (7 characters)
    expect(html).toMatch(/recharts-yAxis yAxis"><line orientation="left" width="(\d+)"/);
    expect(Number(/recharts-yAxis yAxis"><line orientation="left" width="(\d+)"/.exec(html)![1])).toBeGreaterThanOrEqual(7 * 13 * 0.6);
    // the break: a gap (two lines) and a numbered marker
    expect(html.match(/recharts-line-curve/g)!.length).toBe(2);
    expect(html).toContain("recharts-reference-line");
    const yesNo = renderToStaticMarkup(<YearsChart label="Y" years={[2024, 2025]} series={[{ name: "b", segments: [[{ year: 2024, value: 0 }, { year: 2025, value: 1 }]] }]} format={String} yesNo={{ yes: "yes", no: "no" }} />);
    expect(yesNo).toContain(">no</tspan>");
    expect(yesNo).toContain(">yes</tspan>");
    expect(yesNo).not.toMatch(/>-0\.5<|>1\.05</);
  });

  it("draws each indicator's line as SVG text with the same rules: round ticks, whole y labels, yes/no as words", () => {
    const svg = lineChartSvg({ label: "L", years: [2023, 2024], series: [{ name: "s", segments: [[{ year: 2023, value: 13.3 }, { year: 2024, value: 14.7 }]] }], width: 320, height: 170, format: String });
    expect([...svg.matchAll(/class="tick-y"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(["13", "13.5", "14", "14.5", "15"]);
    const big = lineChartSvg({ label: "L", years: [2023, 2024], series: [{ name: "s", segments: [[{ year: 2023, value: 351466.31 }, { year: 2024, value: 572954.52 }]] }], format: (v) => v.toLocaleString("en") });
    const left = Number(/class="tick-y" x="(\d+)"/.exec(big)![1]);
    expect(left).toBeGreaterThanOrEqual(Math.ceil("600,000".length * 13 * 0.6)); // room for the whole label
    const yesNo = lineChartSvg({ label: "Y", years: [2024, 2025], series: [{ name: "b", segments: [[{ year: 2024, value: 0 }, { year: 2025, value: 1 }]] }], yesNo: { yes: "yes", no: "no" }, format: String });
    expect([...yesNo.matchAll(/class="tick-y"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(["no", "yes"]);
  });
});
