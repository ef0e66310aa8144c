/**
 * Scoring methods as data: aggregation (weighted mean, sum, expression), scales, the pass rule,
 * weights that are expressions, and the rounding of results.
 */
import { describe, expect, it } from "vitest";
import { loadDefinitionObject } from "#app/questionnaires/load";
import { roundNumber } from "./rounding";
import { scoreAssessment } from "./score";
import { compileMini, miniDefinitionObject, t } from "./testing/mini-definition";

const full = {
  workers: 10,
  women_workers: 6, // EQU_WOMEN 60% -> 10
  highest_salary: 3000,
  lowest_salary: 1500, // ratio 2 -> 10
  renewable: 40, // -> 4
  ethical_bank: false, // -> 0
  legal_form: "cooperative",
  waste: ["compost", "sorting"], // 7
};

function errorsOf(mutate: (d: any) => void): string {
  const d = miniDefinitionObject();
  mutate(d);
  const r = loadDefinitionObject(d, "mini.yaml");
  return r.ok ? "" : r.errors.map((e) => `${e.path}: ${e.message}`).join("\n");
}

describe("today's method stays the default", () => {
  it("records no method when the definition chooses none", () => {
    const r = scoreAssessment(compileMini(), full as any);
    expect(r.method).toBeUndefined();
    expect(r.norms).toBeUndefined();
    // equity: (10*1 + 10*3 + 0*1) / 5 = 8; environment: (4 + 7) / 2 = 5.5; total (8*2 + 5.5) / 3
    expect(r.axes.map((a) => a.score)).toEqual([8, 5.5]);
    expect(r.total).toBe(roundNumber((8 * 2 + 5.5) / 3, 2));
  });
});

describe("aggregation", () => {
  it("sums points per axis and in the total", () => {
    const c = compileMini((d) => (d.scoring = { scale: { kind: "points" }, axes: "sum", total: "sum" }));
    const r = scoreAssessment(c, full as any);
    expect(r.axes.map((a) => a.score)).toEqual([10 * 1 + 10 * 3 + 0, 4 + 7]);
    expect(r.total).toBe(40 * 2 + 11 * 1);
    expect(r.method).toMatchObject({ scale: { kind: "points", floor: null, ceiling: null }, axes: "sum", total: "sum", pass: "default" });
    // maxima from the rules: equity 10*1 + 10*3 + 10*1, environment 10 + 10
    expect(r.axes.map((a) => a.maximum)).toEqual([50, 20]);
  });

  it("computes the total, and an axis, by an expression", () => {
    const c = compileMini((d) => {
      d.scoring = { total: { expression: "min(equity, environment) + DAT_WORKERS / 10" } };
      d.axes[1].score = "ENV_RENEWABLE / 10";
    });
    const r = scoreAssessment(c, full as any);
    expect(r.axes[1].score).toBe(4);
    expect(r.total).toBe(5);
  });

  it("a 0-100 scale multiplies rule scores by 10 and caps at 100", () => {
    const r = scoreAssessment(compileMini((d) => (d.scoring = { scale: { kind: "0-100" } })), full as any);
    expect(r.axes.map((a) => a.score)).toEqual([80, 55]);
    expect(r.indicators.find((i) => i.code === "ENV_RENEWABLE")!.score).toBe(40);
  });

  it("a points total shows negative, unless the scale has a floor; a ceiling caps it", () => {
    const withPenalty = (scale: object) =>
      compileMini((d) => {
        d.scoring = { scale, axes: "sum", total: "sum" };
        d.indicators.push({ code: "ENV_PENALTY", axis: "environment", label: t("Penalty"), unit: "points", formula: "if(ethical_bank, 0, -500)", rule: { kind: "value", maximum: 0 } });
      });
    expect(scoreAssessment(withPenalty({ kind: "points" }), full as any).total).toBe(80 + 11 - 500);
    expect(scoreAssessment(withPenalty({ kind: "points", floor: -100 }), full as any).total).toBe(-100);
    expect(scoreAssessment(withPenalty({ kind: "points", ceiling: 50 }), { ...full, ethical_bank: true } as any).total).toBe(50);
  });

  it("drops indicators that do not apply from sums too (they neither help nor hurt)", () => {
    const c = compileMini((d) => (d.scoring = { scale: { kind: "points" }, axes: "sum", total: "sum" }));
    const r = scoreAssessment(c, { ...full, workers: 0 } as any);
    expect(r.axes[0].score).toBe(0); // only the ethical bank applies, and it scores 0
    expect(r.indicators.find((i) => i.code === "EQU_WOMEN")!.applicable).toBe(false);
  });
});

describe("the pass rule", () => {
  it("is an expression over the total and the axes", () => {
    const c = compileMini((d) => (d.scoring = { scale: { kind: "points" }, axes: "sum", total: "sum", pass: "total >= 80 and environment >= 10" }));
    expect(scoreAssessment(c, full as any).seal).toMatchObject({ passed: true, failures: [] });
    expect(scoreAssessment(c, { ...full, renewable: 0 } as any).seal).toMatchObject({ passed: false, failures: ["pass_rule_false"] });
  });

  it("refuses an ill-typed, unknown or cyclic aggregation", () => {
    expect(errorsOf((d) => (d.scoring = { pass: "total + 1" }))).toMatch(/scoring\.pass: pass must give boolean, and it gives number/);
    expect(errorsOf((d) => (d.scoring = { total: { expression: "equity + enviroment" } }))).toMatch(
      /scoring\.total\.expression: total: unknown name "enviroment" \(did you mean "environment"\?\)/,
    );
    expect(errorsOf((d) => ((d.axes[0].score = "environment"), (d.axes[1].score = "equity")))).toMatch(
      /axes\[0\]\.score: axis scores form a cycle: equity -> environment -> equity/,
    );
    expect(errorsOf((d) => (d.axes[0].score = "equity + 1"))).toMatch(/axis scores form a cycle: equity -> equity/);
    expect(errorsOf((d) => (d.scoring = { total: { expression: "workers" } }))).toMatch(/unknown name "workers"/);
    expect(errorsOf((d) => (d.scoring = { scale: { kind: "0-10", floor: 0 } }))).toMatch(/floor and ceiling belong to a points scale/);
    expect(errorsOf((d) => (d.indicators[0].rule = { kind: "value" }))).toMatch(/a value rule .* needs scoring\.scale\.kind: points/);
  });
});

describe("weights from answers and organisation facts", () => {
  it("weighs an indicator by an answer and an axis by a fact", () => {
    const c = compileMini((d) => {
      d.indicators[1].weight = "if(workers > 5, 4, 1)"; // EQU_PAY_RATIO
      d.axes[1].weight = 'if(org.legal_form == "cooperative", 3, 1)';
    });
    const r = scoreAssessment(c, full as any, { facts: { legal_form: "cooperative" } });
    expect(r.axes[0].score).toBe(roundNumber((10 + 40 + 0) / 6, 2));
    expect(r.axes[1].weight).toBe(3);
    expect(r.total).toBe(roundNumber(((10 + 40) / 6 * 2 + 5.5 * 3) / 5, 2));
    // a weight that does not apply (no fact given) counts 0: the axis neither helps nor hurts
    const without = scoreAssessment(c, full as any);
    expect(without.axes[1].weight).toBe(0);
    expect(without.total).toBe(without.axes[0].score);
  });
});

describe("precision", () => {
  it("rounds values and scores as the definition says, per indicator too, and records it", () => {
    const c = compileMini((d) => {
      d.scoring = { precision: { values: { decimals: 1, rounding: "floor" }, scores: { decimals: 0, rounding: "half_even" } } };
      d.indicators.push({ code: "ZZ_THIRD", axis: null, label: t("x"), unit: "ratio", formula: "1 / 7", scored: false, precision: { decimals: 6 } });
      d.indicators.push({ code: "ZZ_TENS", axis: null, label: t("x"), unit: "count", formula: "1250", scored: false, precision: { decimals: -2, rounding: "half_even" } });
    });
    const r = scoreAssessment(c, full as any);
    const v = (code: string) => r.indicators.find((i) => i.code === code)!.value;
    expect(v("ZZ_THIRD")).toBe(0.142857);
    expect(v("ZZ_TENS")).toBe(1200);
    expect(v("EQU_PAY_RATIO")).toBe(2);
    expect(r.axes[1].score).toBe(6); // 5.5 half to even
    expect(r.method!.precision).toEqual({
      values: { decimals: 1, rounding: "floor" },
      scores: { decimals: 0, rounding: "half_even" },
      indicators: { ZZ_THIRD: { decimals: 6, rounding: "half_away_from_zero" }, ZZ_TENS: { decimals: -2, rounding: "half_even" } },
    });
  });

  it.each<[number, number, Parameters<typeof roundNumber>[2], number]>([
    [2.5, 0, "half_even", 2],
    [3.5, 0, "half_even", 4],
    [-2.5, 0, "half_even", -2],
    [2.675, 2, "half_even", 2.68],
    [2.665, 2, "half_even", 2.66],
    [0.1 + 0.2, 1, "floor", 0.3],
    [2.79, 1, "floor", 2.7],
    [-2.71, 1, "floor", -2.8],
    [2.71, 1, "ceiling", 2.8],
    [-2.79, 1, "ceiling", -2.7],
    [0.7 * 100, 0, "ceiling", 70],
    [1250, -2, "half_away_from_zero", 1300],
    [-1250, -2, "half_away_from_zero", -1300],
    [1250, -2, "half_even", 1200],
    [1351, -2, "floor", 1300],
    [-0.04, 1, "half_away_from_zero", 0],
  ])("roundNumber(%s, %s, %s) = %s", (x, d, mode, expected) => {
    const r = roundNumber(x, d, mode);
    expect(r).toBe(expected);
    expect(Object.is(r, -0)).toBe(false);
  });
});
