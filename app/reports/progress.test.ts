import { describe, expect, it } from "vitest";
import { scoreAssessment } from "#app/scoring/score";
import { buildProgress, checkCommitment, relateFromDefinitions, type ResultPoint } from "./progress";
import { reportAnswers, reportDefinitions } from "./testing";

const defs = reportDefinitions();
const relate = relateFromDefinitions(defs);

function point(year: number, defIndex: number, answers: Record<string, unknown>): ResultPoint {
  const d = defs[defIndex];
  const r = scoreAssessment(d, reportAnswers(answers));
  return { year, versionId: `${d.definition.questionnaire}@${d.definition.version}`, indicators: r.indicators, axes: r.axes.map((a) => ({ id: a.id, score: a.score })), total: r.total };
}

const series = [point(2024, 0, { renewable: 40 }), point(2025, 1, { renewable: 60 }), point(2026, 2, { renewable: 80 })];
const progress = buildProgress(series, relate);
const line = (code: string) => progress.indicators.find((l) => l.code === code)!;

describe("progress lines follow comparability", () => {
  it("same: the same code continues the line, one segment, no note", () => {
    const women = line("EQU_WOMEN");
    expect(women.segments).toHaveLength(1);
    expect(women.segments[0].map((p) => p.year)).toEqual([2024, 2025, 2026]);
    expect(women.notes).toEqual([]);
  });

  it("rescaled: earlier values are converted to the new scale, and the line continues", () => {
    const renewable = line("ENV_RENEWABLE");
    expect(renewable.segments).toHaveLength(1);
    expect(renewable.segments[0].map((p) => p.value)).toEqual([0.4, 0.6, 0.8]);
    expect(renewable.segments[0][0].recorded).toBe(40);
    expect(renewable.notes).toMatchObject([{ year: 2025, kind: "rescaled", factor: 0.01 }]);
  });

  it("replaced: the line continues under the new code", () => {
    expect(progress.indicators.find((l) => l.code === "EQU_PAY_RATIO")).toBeUndefined();
    const spread = line("EQU_PAY_SPREAD");
    expect(spread.segments).toHaveLength(1);
    expect(spread.segments[0].map((p) => [p.year, p.code])).toEqual([
      [2024, "EQU_PAY_RATIO"],
      [2025, "EQU_PAY_SPREAD"],
      [2026, "EQU_PAY_SPREAD"],
    ]);
    expect(spread.notes).toMatchObject([{ year: 2025, kind: "replaced", fromCode: "EQU_PAY_RATIO", toCode: "EQU_PAY_SPREAD" }]);
  });

  it("not comparable: the line breaks, with a note, and a new segment starts", () => {
    const waste = line("ENV_WASTE");
    expect(waste.segments.map((s) => s.map((p) => p.year))).toEqual([[2024], [2025, 2026]]);
    expect(waste.notes).toMatchObject([{ year: 2025, kind: "break" }]);
    expect(waste.notes[0].note?.en).toBe("Points changed.");
  });

  it("composes across a skipped version (2024 straight to 2026)", () => {
    const skipped = buildProgress([series[0], series[2]], relate);
    const renewable = skipped.indicators.find((l) => l.code === "ENV_RENEWABLE")!;
    expect(renewable.segments[0].map((p) => p.value)).toEqual([0.4, 0.8]);
    expect(skipped.indicators.find((l) => l.code === "EQU_PAY_SPREAD")!.segments[0]).toHaveLength(2);
    expect(skipped.indicators.find((l) => l.code === "ENV_WASTE")!.segments).toHaveLength(2);
  });

  it("axis and total lines cover every year", () => {
    expect(progress.years).toEqual([2024, 2025, 2026]);
    expect(progress.axes.map((a) => a.id)).toEqual(["equity", "environment"]);
    expect(progress.total.points.every((p) => typeof p.score === "number")).toBe(true);
  });
});

describe("commitments are checked on next year's value", () => {
  it("met and not met, following a rescale of the target", () => {
    const c = { code: "ENV_RENEWABLE", direction: "at_least" as const, target: 55 };
    expect(checkCommitment(c, "mini@2024.1", series[1], relate)).toMatchObject({ status: "met", value: 0.6 });
    expect(checkCommitment({ ...c, target: 70 }, "mini@2024.1", series[1], relate)).toMatchObject({ status: "not_met" });
  });
  it("follows a replacement, and refuses a change of meaning", () => {
    expect(checkCommitment({ code: "EQU_PAY_RATIO", direction: "at_most", target: 2 }, "mini@2024.1", series[1], relate)).toMatchObject({ status: "met", code: "EQU_PAY_SPREAD" });
    expect(checkCommitment({ code: "ENV_WASTE", direction: "at_least", target: 4 }, "mini@2024.1", series[1], relate)).toEqual({ status: "not_comparable" });
  });
});
