/**
 * The functions and literals added for scoring methods: floor, ceil, round(x, -d), exponent
 * literals, sum/mean/count/min/max over groups, lookup tables, default(), value(q), organisation
 * facts and norms.
 */
import { describe, expect, it } from "vitest";
import { loadDefinitionObject } from "#app/questionnaires/load";
import { parseExpression } from "./parser";
import { scoreAssessment, type ScoringInput } from "../score";
import { compileMini, miniDefinitionObject, t } from "../testing/mini-definition";

const full = {
  workers: 10,
  women_workers: 6,
  highest_salary: 3000,
  lowest_salary: 1500,
  renewable: 40,
  ethical_bank: true,
  legal_form: "cooperative",
  waste: ["compost", "sorting"],
};

const groups = { pay: ["highest_salary", "lowest_salary"], env: ["ENV_RENEWABLE", "ENV_WASTE"] };
const tables = {
  by_form: { by: "category", values: { cooperative: 3, association: 2 }, otherwise: 0 },
  by_form_strict: { by: "category", values: { cooperative: 3 } },
  size: { by: "range", ranges: [{ to: 5, value: 1 }, { from: 5, to: 50, value: 2 }, { from: 50, value: 3 }] },
  bounded: { by: "range", ranges: [{ from: 0, to: 10, value: 1 }, { from: 10, to: 20, value: 2 }] },
};

/** Evaluates a formula in the mini definition with groups, tables, numeric choices and the given input. */
function evalWith(formula: string, answers: Record<string, unknown>, input: ScoringInput = {}, mutate?: (d: any) => void) {
  const c = compileMini((d) => {
    d.groups = groups;
    d.tables = tables;
    d.sections[0].questions.find((q: any) => q.id === "legal_form").choices.forEach((c: any, i: number) => (c.value = i + 1));
    d.sections[0].questions.find((q: any) => q.id === "waste").choices.forEach((c: any, i: number) => (c.value = 10 ** i));
    mutate?.(d);
    d.indicators.push({ code: "ZZ_TEST", axis: null, label: t("Test"), unit: "count", formula, scored: false, precision: { decimals: 10 } });
  });
  const r = scoreAssessment(c, answers as any, input);
  const i = r.indicators.find((x) => x.code === "ZZ_TEST")!;
  return i.applicable ? { value: i.value } : { value: null, reason: i.reason };
}

function errorsOf(mutate: (d: any) => void): string[] {
  const d = miniDefinitionObject();
  mutate(d);
  const r = loadDefinitionObject(d, "mini.yaml");
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe("numbers and rounding functions", () => {
  it.each<[string, number]>([
    ["1e9", 1e9],
    ["2.5e-3 * 1000", 2.5],
    ["4E+2", 400],
    ["floor(2.7)", 2],
    ["floor(-2.2)", -3],
    ["ceil(2.1)", 3],
    ["ceil(-2.7)", -2],
    ["round(1234, -1)", 1230],
    ["round(1235, -1)", 1240],
    ["round(-1235, -2)", -1200],
    ["round(149999, -5)", 100000],
    ["round(workers / 3, 2)", 3.33],
  ])("%s = %s", (formula, expected) => {
    expect(evalWith(formula, full)).toEqual({ value: expected });
  });

  it("refuses malformed exponents and round() digits beyond 10", () => {
    expect(parseExpression("1e").ok).toBe(false);
    expect(parseExpression("1e9x").ok).toBe(false);
    expect(errorsOf((d) => (d.indicators[0].formula = "round(workers, -11)")).join()).toMatch(/decimals of round\(\) must be a whole number from -10 to 10/);
  });
});

describe("groups", () => {
  it.each<[string, number]>([
    ["sum(pay)", 4500],
    ["mean(pay)", 2250],
    ["count(pay)", 2],
    ["min(pay)", 1500],
    ["max(pay)", 3000],
    ["sum(env)", 40 + 7],
    ["count(workers, renewable)", 2],
    ["mean(1, 2, 6)", 3],
  ])("%s = %s", (formula, expected) => {
    expect(evalWith(formula, full)).toEqual({ value: expected });
  });

  it("skip members that do not apply, and say so when none is left", () => {
    const noWorkers = { ...full, workers: 0 }; // the salaries are hidden
    expect(evalWith("sum(pay)", noWorkers)).toEqual({ value: 0 });
    expect(evalWith("count(pay)", noWorkers)).toEqual({ value: 0 });
    expect(evalWith("mean(pay)", noWorkers)).toEqual({ value: null, reason: "group_empty:pay" });
    expect(evalWith("mean(env)", { ...full, renewable: null })).toEqual({ value: 7 });
    expect(evalWith("count(workers, renewable)", { ...full, renewable: null })).toEqual({ value: 1 });
  });

  it("refuses unknown members, groups used as values and groups of non-numbers", () => {
    expect(errorsOf((d) => (d.groups = { g: ["workers", "nope"] })).join()).toMatch(/groups\.g\[1\]: group g: unknown question or indicator "nope"/);
    expect(errorsOf((d) => ((d.groups = { g: ["workers"] }), (d.indicators[0].formula = "g + 1"))).join()).toMatch(/"g" is a group/);
    expect(errorsOf((d) => ((d.groups = { g: ["legal_form"] }), (d.indicators[0].formula = "sum(g)"))).join()).toMatch(/sum\(\) of group g needs numbers/);
  });

  it("orders indicators read through a group before the indicator that reads it", () => {
    const c = compileMini((d) => {
      d.groups = { late: ["ZZ_LATE"] };
      d.indicators.unshift({ code: "ZZ_EARLY", axis: null, label: t("x"), unit: "count", formula: "sum(late) + 1", scored: false });
      d.indicators.push({ code: "ZZ_LATE", axis: null, label: t("x"), unit: "count", formula: "workers * 2", scored: false });
    });
    expect(scoreAssessment(c, full as any).indicators[0]).toMatchObject({ code: "ZZ_EARLY", value: 21 });
  });
});

describe("lookup tables", () => {
  it.each<[string, Record<string, unknown>, number | null]>([
    ["lookup(by_form, legal_form)", full, 3],
    ["lookup(by_form, legal_form)", { ...full, legal_form: "company" }, 0],
    ["lookup(size, workers)", { ...full, workers: 4 }, 1],
    ["lookup(size, workers)", { ...full, workers: 5 }, 2],
    ["lookup(size, workers)", { ...full, workers: 49 }, 2],
    ["lookup(size, workers)", { ...full, workers: 50 }, 3],
    ["lookup(size, workers)", { ...full, workers: 1e9 }, 3],
  ])("%s with %j = %s", (formula, answers, expected) => {
    expect(evalWith(formula, answers)).toEqual({ value: expected });
  });

  it("is not applicable outside the table", () => {
    expect(evalWith("lookup(by_form_strict, legal_form)", { ...full, legal_form: "company" })).toEqual({ value: null, reason: "not_in_table:by_form_strict" });
    expect(evalWith("lookup(bounded, workers)", { ...full, workers: 20 })).toEqual({ value: null, reason: "not_in_table:bounded" });
  });

  it("refuses gaps, overlaps, open ends in the middle and unknown categories", () => {
    const range = (ranges: unknown[]) => errorsOf((d) => (d.tables = { r: { by: "range", ranges } })).join("\n");
    expect(range([{ to: 5, value: 1 }, { from: 6, value: 2 }])).toMatch(/tables\.r\.ranges\[1\]\.from: a gap between ranges: the previous range ends at 5 and this one starts at 6/);
    expect(range([{ to: 5, value: 1 }, { from: 4, value: 2 }])).toMatch(/ranges overlap: the previous range ends at 5 and this one starts at 4/);
    expect(range([{ to: 5, value: 1 }, { to: 9, value: 2 }])).toMatch(/only the first range may leave out from/);
    expect(range([{ value: 1 }, { from: 3, value: 2 }])).toMatch(/only the last range may leave out to/);
    expect(range([{ from: 3, to: 3, value: 1 }])).toMatch(/a range needs from < to/);
    expect(
      errorsOf((d) => ((d.tables = { c: { by: "category", values: { coop: 1 } } }), (d.indicators[0].formula = "lookup(c, legal_form)"))).join(),
    ).toMatch(/lists "coop", which is not a choice of legal_form/);
    expect(errorsOf((d) => ((d.tables = tables), (d.indicators[0].formula = "lookup(size, legal_form)"))).join()).toMatch(/table size is by range/);
    expect(errorsOf((d) => (d.indicators[0].formula = "lookup(nothing, workers)")).join()).toMatch(/the first argument of lookup\(\) is the name of a table/);
  });
});

describe("defaults and numeric choice values", () => {
  it("default() stands in for what does not apply", () => {
    expect(evalWith("default(renewable, 0)", { ...full, renewable: null })).toEqual({ value: 0 });
    expect(evalWith("default(renewable, 0)", full)).toEqual({ value: 40 });
    expect(evalWith("default(EQU_WOMEN, 50)", { ...full, workers: 0 })).toEqual({ value: 50 });
    expect(evalWith('if(default(legal_form, "company") == "company", 1, 0)', { ...full, legal_form: null })).toEqual({ value: 1 });
  });

  it("value(q) reads a choice's number (the sum for a multiple choice)", () => {
    expect(evalWith("value(legal_form)", full)).toEqual({ value: 1 });
    expect(evalWith("value(legal_form)", { ...full, legal_form: "company" })).toEqual({ value: 3 });
    expect(evalWith("value(waste)", full)).toEqual({ value: 1 + 10 });
    expect(evalWith("value(waste)", { ...full, waste: [] })).toEqual({ value: 0 });
  });

  it("refuses value(q) when a choice has no value, and a default of another kind", () => {
    expect(errorsOf((d) => (d.indicators[0].formula = "value(legal_form)")).join()).toMatch(/value\(legal_form\) needs a value: on every choice/);
    expect(errorsOf((d) => (d.indicators[0].formula = "default(workers, true)")).join()).toMatch(/default\(x, fallback\) needs a fallback of the same kind/);
  });
});

describe("organisation facts", () => {
  const facts = { legal_form: "cooperative", organisation_type: "enterprise", sector: "food", region: "barcelona", size_band: "10-49", year_founded: 2010 };
  it("reads the facts given with the answers", () => {
    expect(evalWith('if(org.legal_form == "cooperative", 1, 0)', full, { facts })).toEqual({ value: 1 });
    expect(evalWith("2026 - org.year_founded", full, { facts })).toEqual({ value: 16 });
    expect(evalWith("lookup(by_form, org.legal_form)", full, { facts: { ...facts, legal_form: "association" } })).toEqual({ value: 2 });
    expect(evalWith('if(org.sector == "food" and org.region == "barcelona" and org.size_band == "10-49" and org.organisation_type == "enterprise", 1, 0)', full, { facts })).toEqual({ value: 1 });
  });

  it("is not applicable without the fact, and records the facts it read", () => {
    expect(evalWith("2026 - org.year_founded", full, {})).toEqual({ value: null, reason: "no_fact:year_founded" });
    const c = compileMini((d) => d.indicators.push({ code: "ZZ_AGE", axis: null, label: t("x"), unit: "count", formula: "2026 - org.year_founded", scored: false }));
    expect(scoreAssessment(c, full as any, { facts }).facts).toEqual({ year_founded: 2010 });
    expect(scoreAssessment(compileMini(), full as any, { facts }).facts).toBeUndefined();
  });

  it("refuses facts in a question's applies_when (the form does not know them)", () => {
    expect(errorsOf((d) => (d.sections[0].questions[4].applies_when = 'org.legal_form == "cooperative"')).join()).toMatch(
      /sections\[0\]\.questions\[4\]\.applies_when: .*not to organisation facts or norms/,
    );
  });

  it("refuses a fact that does not exist, naming those that do", () => {
    expect(errorsOf((d) => (d.indicators[0].formula = "if(org.legal_status == \"x\", 1, 0)")).join()).toMatch(
      /unknown organisation fact "legal_status" \(facts: org\.legal_form, org\.organisation_type, org\.sector, org\.region, org\.size_band, org\.year_founded\)/,
    );
  });
});
