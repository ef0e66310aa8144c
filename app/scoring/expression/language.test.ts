import { describe, expect, it } from "vitest";
import { evaluate, t } from "../testing/mini-definition";

const full = {
  workers: 10,
  women_workers: 6,
  highest_salary: 3000,
  lowest_salary: 1500,
  renewable: 40,
  ethical_bank: true,
  legal_form: "cooperative",
  waste: ["compost", "sorting"],
  founded: "2010-05-01",
  notes: "hello",
};

describe("the formula language: every operator and function", () => {
  it.each<[string, number]>([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["10 - 4 - 3", 3],
    ["12 / 4 / 3", 1],
    ["-workers + 1", -9],
    ["workers / 4", 2.5],
    ["if(workers > 5, 1, 2)", 1],
    ["if(workers > 50, 1, 2)", 2],
    ["if(ethical_bank, workers, 0)", 10],
    ["min(workers, 3, 7)", 3],
    ["min(5, 4)", 4],
    ["max(workers, 30)", 30],
    ["max(2, 1, 0.5)", 2],
    ["min(-1)", -1],
    ["sum(1, 2, 3, workers)", 16],
    ["sum(renewable)", 40],
    ["round(10 / 3)", 3],
    ["round(10 / 3, 2)", 3.33],
    ["round(2.5)", 3],
    ["round(-2.5)", -3],
    ["round(2.675, 2)", 2.68],
    ["round(1.005, 2)", 1.01],
    ["abs(-3.5)", 3.5],
    ["abs(workers - 12)", 2],
    ["count_selected(waste)", 2],
    ["if(answered(founded), 1, 0)", 1],
    ["if(answered(notes), 1, 0)", 1],
    ['if(selected(waste, "compost"), 1, 0)', 1],
    ['if(selected(waste, "reuse"), 1, 0)', 0],
    ['if(selected(legal_form, "cooperative"), 1, 0)', 1],
    ['if(legal_form == "cooperative", 1, 0)', 1],
    ['if(legal_form != "company", 1, 0)', 1],
    ['if("association" == legal_form, 1, 0)', 0],
    ['if(founded < "2015-01-01", 1, 0)', 1],
    ['if(founded >= "2015-01-01", 1, 0)', 0],
    ["if(workers == 10 and renewable != 40, 1, 0)", 0],
    ["if(workers == 10 or renewable != 40, 1, 0)", 1],
    ["if(not ethical_bank, 1, 0)", 0],
    ["if(ethical_bank == true, 1, 0)", 1],
    ["if(workers <= 10 and workers >= 10 and workers < 11 and workers > 9, 1, 0)", 1],
  ])("%s = %s", (formula, expected) => {
    expect(evaluate(formula, full)).toEqual({ value: expected });
  });

  it("yes/no formulas give 1 and 0", () => {
    expect(evaluate("workers > 5", full)).toEqual({ value: 1 });
    expect(evaluate("workers > 50", full)).toEqual({ value: 0 });
  });

  it("refers to other indicators, in any order of definition", () => {
    const extra = [
      { code: "ZA_DOUBLE", axis: null, label: t("x"), unit: "count", formula: "ZB_BASE * 2", scored: false },
      { code: "ZB_BASE", axis: null, label: t("x"), unit: "count", formula: "workers + 1", scored: false },
    ];
    expect(evaluate("ZA_DOUBLE + EQU_WOMEN", full, extra)).toEqual({ value: 22 + 60 });
  });
});

describe("the formula language: not applicable, with the reason", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["workers / (workers - 10)", full, "division_by_zero"],
    ["highest_salary / lowest_salary", { ...full, lowest_salary: 0 }, "division_by_zero"],
    ["highest_salary * 10", { ...full, highest_salary: 1e308 }, "not_finite"],
    ["renewable * 1", { ...full, renewable: null }, "no_answer:renewable"],
    ["renewable * 1", { ...full, renewable: undefined }, "no_answer:renewable"],
    ["women_workers + 0", { ...full, workers: 0 }, "question_not_applicable:women_workers"],
    ["renewable + 0", { ...full, renewable: "forty" }, "invalid_answer:renewable"],
    ["count_selected(waste)", { ...full, waste: ["compost", "glass"] }, "invalid_answer:waste"],
    ["count_selected(waste)", { ...full, waste: null }, "no_answer:waste"],
    ['if(selected(waste, "reuse"), 1, 0)', { ...full, waste: null }, "no_answer:waste"],
    ['if(legal_form == "company", 1, 0)', { ...full, legal_form: "bank" }, "invalid_answer:legal_form"],
    ["EQU_WOMEN + 1", { ...full, workers: 0 }, "indicator_not_applicable:EQU_WOMEN"],
    ["min(workers, renewable)", { ...full, renewable: null }, "no_answer:renewable"],
    ["sum(workers, 1, renewable)", { ...full, renewable: null }, "no_answer:renewable"],
    ["abs(renewable)", { ...full, renewable: null }, "no_answer:renewable"],
    ["round(renewable)", { ...full, renewable: null }, "no_answer:renewable"],
    ["-renewable", { ...full, renewable: null }, "no_answer:renewable"],
    ["if(ethical_bank, 1, 0)", { ...full, ethical_bank: null }, "no_answer:ethical_bank"],
    ["if(ethical_bank, renewable, 0)", { ...full, renewable: null }, "no_answer:renewable"],
  ])("%s with %j -> %s", (formula, answers, reason) => {
    expect(evaluate(formula, answers)).toEqual({ value: null, reason });
  });

  it("takes the branch of if() that it needs only", () => {
    expect(evaluate("if(workers > 0, 1, renewable)", { ...full, renewable: null })).toEqual({ value: 1 });
    expect(evaluate("if(answered(renewable), renewable, 0)", { ...full, renewable: null })).toEqual({ value: 0 });
  });

  it("follows three-valued logic for and/or", () => {
    const a = { ...full, renewable: null };
    expect(evaluate("if(renewable > 0 and workers > 50, 1, 2)", a)).toEqual({ value: 2 });
    expect(evaluate("if(workers > 50 and renewable > 0, 1, 2)", a)).toEqual({ value: 2 });
    expect(evaluate("if(renewable > 0 or workers > 5, 1, 2)", a)).toEqual({ value: 1 });
    expect(evaluate("if(renewable > 0 or workers > 50, 1, 2)", a)).toEqual({ value: null, reason: "no_answer:renewable" });
    expect(evaluate("if(renewable > 0 and workers > 5, 1, 2)", a)).toEqual({ value: null, reason: "no_answer:renewable" });
  });

  it("answered() is true for an empty multiple choice and false for a hidden question", () => {
    expect(evaluate("if(answered(waste), 1, 0)", { ...full, waste: [] })).toEqual({ value: 1 });
    expect(evaluate("count_selected(waste)", { ...full, waste: [] })).toEqual({ value: 0 });
    expect(evaluate("if(answered(women_workers), 1, 0)", { ...full, workers: 0 })).toEqual({ value: 1 - 1 });
  });

  it("never gives NaN or Infinity", () => {
    const big = { ...full, highest_salary: 1e308, lowest_salary: 1e-300 };
    for (const f of ["0 / 0", "1 / 0", "highest_salary + highest_salary", "-highest_salary - highest_salary",
      "highest_salary * highest_salary", "max(highest_salary * 10, 1)", "highest_salary / lowest_salary"]) {
      const r = evaluate(f, big);
      expect(r.value).toBeNull();
      expect(["division_by_zero", "not_finite"]).toContain(r.reason);
    }
  });
});
