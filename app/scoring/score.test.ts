import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Answers } from "#app/questionnaires/schema";
import { scoreAssessment, type AssessmentResult } from "./score";
import { compileMini, t } from "./testing/mini-definition";
import { ENGINE_VERSION } from "./version";

const mini = compileMini();

const typical: Answers = {
  workers: 10,
  women_workers: 6,
  highest_salary: 3000,
  lowest_salary: 1000,
  renewable: 40,
  ethical_bank: false,
  legal_form: "cooperative",
  waste: ["sorting", "compost"],
};

describe("scoreAssessment: a worked example", () => {
  const r = scoreAssessment(mini, typical);
  const byCode = Object.fromEntries(r.indicators.map((i) => [i.code, i]));

  it("computes every indicator value and score", () => {
    // 6/10 women = 60 %, linear 0..50 -> 10
    expect(byCode.EQU_WOMEN).toMatchObject({ value: 60, score: 10, applicable: true });
    // 3000/1000 = 3, band up to 4 -> 5
    expect(byCode.EQU_PAY_RATIO).toMatchObject({ value: 3, score: 5 });
    // 40 % renewable, linear 0..100 -> 4
    expect(byCode.ENV_RENEWABLE).toMatchObject({ value: 40, score: 4 });
    // sorting 4 + compost 3 = 7 points
    expect(byCode.ENV_WASTE).toMatchObject({ value: 7, score: 7, choices: ["sorting", "compost"] });
    expect(byCode.EQU_ETHICAL_BANK).toMatchObject({ value: 0, score: 0 });
    expect(byCode.DAT_WORKERS).toMatchObject({ value: 10, score: null, scored: false, applicable: true });
  });

  it("weights indicators within an axis, and axes in the total", () => {
    // equity: (10*1 + 5*3 + 0*1) / 5 = 5 ; environment: (4 + 7) / 2 = 5.5
    expect(r.axes).toEqual([
      { id: "equity", score: 5, applicable: true, weight: 2, minimum: 3 },
      { id: "environment", score: 5.5, applicable: true, weight: 1, minimum: 2 },
    ]);
    // total: (5*2 + 5.5*1) / 3 = 5.1666... -> 5.17
    expect(r.total).toBe(5.17);
    expect(r.seal).toEqual({ passed: true, failures: [], totalMinimum: 4 });
  });

  it("records the engine version and the definition hash", () => {
    expect(r.engineVersion).toBe(ENGINE_VERSION);
    expect(r.definitionHash).toBe(mini.contentHash);
    expect(r.definitionHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe("scoreAssessment: not applicable and the seal", () => {
  it("drops worker indicators when there are no workers and renormalises", () => {
    const r = scoreAssessment(mini, { ...typical, workers: 0, ethical_bank: true });
    const women = r.indicators.find((i) => i.code === "EQU_WOMEN")!;
    expect(women).toMatchObject({ applicable: false, value: null, score: null, reason: "applies_when_false" });
    const pay = r.indicators.find((i) => i.code === "EQU_PAY_RATIO")!;
    expect(pay).toMatchObject({ applicable: false, reason: "question_not_applicable:highest_salary" });
    // equity is now the ethical bank alone: 10
    expect(r.axes[0].score).toBe(10);
    expect(r.total).toBe(roundTo((10 * 2 + 5.5) / 3));
  });

  it("drops an axis with no applicable indicator from the total", () => {
    const r = scoreAssessment(mini, { renewable: 80 });
    expect(r.axes[0]).toMatchObject({ id: "equity", applicable: false, score: null });
    expect(r.axes[1]).toMatchObject({ id: "environment", applicable: true, score: 8 });
    expect(r.total).toBe(8);
  });

  it("has no total when nothing applies, and then no seal", () => {
    const r = scoreAssessment(mini, {});
    expect(r.total).toBeNull();
    expect(r.seal).toEqual({ passed: false, failures: ["no_total"], totalMinimum: 4 });
  });

  it("fails the seal on the total and on each axis below its minimum", () => {
    const r = scoreAssessment(mini, {
      ...typical,
      women_workers: 0,
      highest_salary: 9000,
      renewable: 0,
      waste: [],
      ethical_bank: false,
    });
    expect(r.total).toBe(0);
    expect(r.seal.passed).toBe(false);
    expect(r.seal.failures).toEqual(["total_below_minimum", "axis_below_minimum:equity", "axis_below_minimum:environment"]);
  });

  it("fails the seal on an axis alone even with a good total", () => {
    const r = scoreAssessment(mini, { ...typical, renewable: 0, waste: [], ethical_bank: true, highest_salary: 1500 });
    // equity 10, environment 0: total 6.67, environment below 2
    expect(r.total).toBe(6.67);
    expect(r.seal).toEqual({ passed: false, failures: ["axis_below_minimum:environment"], totalMinimum: 4 });
  });

  it("passes the seal exactly at the minimum", () => {
    const c = compileMini((d) => {
      d.seal.total_minimum = 5.17;
    });
    expect(scoreAssessment(c, typical).seal.passed).toBe(true);
  });

  it("ignores the answer to a question that does not apply", () => {
    const a = scoreAssessment(mini, { ...typical, workers: 0, women_workers: 3 });
    const b = scoreAssessment(mini, { ...typical, workers: 0, women_workers: null });
    expect(a).toEqual(b);
  });
});

function roundTo(x: number) {
  return Math.round(x * 100) / 100;
}

// --- properties --------------------------------------------------------------------------

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
const answersArb: fc.Arbitrary<Answers> = fc.record({
  workers: maybe(fc.integer({ min: 0, max: 500 })),
  women_workers: maybe(fc.integer({ min: 0, max: 500 })),
  highest_salary: maybe(fc.double({ min: 0, max: 1e6, noNaN: true })),
  lowest_salary: maybe(fc.double({ min: 0, max: 1e6, noNaN: true })),
  renewable: maybe(fc.double({ min: 0, max: 100, noNaN: true })),
  ethical_bank: maybe(fc.boolean()),
  legal_form: maybe(fc.constantFrom("cooperative", "association", "company")),
  waste: maybe(fc.subarray(["sorting", "compost", "reuse"])),
});

function inRange(r: AssessmentResult) {
  for (const i of r.indicators) {
    if (i.score !== null) {
      expect(i.score).toBeGreaterThanOrEqual(0);
      expect(i.score).toBeLessThanOrEqual(10);
    }
    if (i.value !== null) expect(Number.isFinite(i.value)).toBe(true);
    expect(i.applicable).toBe(i.value !== null);
    if (!i.applicable) expect(typeof i.reason).toBe("string");
  }
  for (const a of r.axes) if (a.score !== null) expect(a.score >= 0 && a.score <= 10).toBe(true);
  if (r.total !== null) expect(r.total >= 0 && r.total <= 10).toBe(true);
}

describe("scoreAssessment: properties", () => {
  it("keeps every score in [0, 10] and every value finite", () => {
    fc.assert(fc.property(answersArb, (a) => inRange(scoreAssessment(mini, a))), { numRuns: 1000 });
  });

  it("keeps scores in range even with wild numbers and wrong types", () => {
    const wild = fc.dictionary(
      fc.constantFrom("workers", "women_workers", "highest_salary", "lowest_salary", "renewable", "ethical_bank", "legal_form", "waste"),
      fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.string())),
    );
    fc.assert(fc.property(wild, (a) => inRange(scoreAssessment(mini, a as Answers))), { numRuns: 1000 });
  });

  it("axis score is the weighted mean of its applicable indicators (renormalised)", () => {
    const weights: Record<string, number> = Object.fromEntries(
      mini.definition.indicators.map((i) => [i.code, i.weight as number]),
    );
    fc.assert(
      fc.property(answersArb, (a) => {
        const r = scoreAssessment(mini, a);
        for (const axis of r.axes) {
          const mine = r.indicators.filter((i) => i.axis === axis.id && i.scored && i.applicable);
          if (mine.length === 0) {
            expect(axis.applicable).toBe(false);
            continue;
          }
          const w = mine.reduce((s, i) => s + weights[i.code], 0);
          const mean = mine.reduce((s, i) => s + i.score! * weights[i.code], 0) / w;
          expect(Math.abs(axis.score! - mean)).toBeLessThanOrEqual(0.011);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a non-applicable indicator neither helps nor hurts", () => {
    const withDropped = compileMini((d) => {
      d.indicators.push(
        { code: "EQU_NEVER", axis: "equity", label: t("x"), unit: "count", formula: "0", applies_when: "1 > 2", rule: { kind: "linear", from: 0, to: 1 }, weight: 50 },
        { code: "ENV_NEVER", axis: "environment", label: t("x"), unit: "count", formula: "10 / (workers - workers)", rule: { kind: "linear", from: 0, to: 1 }, weight: 50 },
      );
    });
    fc.assert(
      fc.property(answersArb, (a) => {
        const base = scoreAssessment(mini, a);
        const more = scoreAssessment(withDropped, a);
        expect(more.axes).toEqual(base.axes);
        expect(more.total).toBe(base.total);
        expect(more.seal).toEqual(base.seal);
      }),
      { numRuns: 500 },
    );
  });

  it("does not depend on the order of answers (keys or choices)", () => {
    fc.assert(
      fc.property(answersArb, fc.integer(), (a, seed) => {
        const entries = Object.entries(a);
        const shuffled = shuffle(entries, seed).map(([k, v]) => [k, Array.isArray(v) ? shuffle(v, seed + 1) : v]);
        const b = Object.fromEntries(shuffled) as Answers;
        expect(JSON.stringify(scoreAssessment(mini, b))).toBe(JSON.stringify(scoreAssessment(mini, a)));
      }),
      { numRuns: 500 },
    );
  });

  it("gives the identical result on a second run, bit for bit", () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const first = scoreAssessment(mini, a);
        const second = scoreAssessment(compileMini(), structuredClone(a));
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
        first.indicators.forEach((i, k) => expect(Object.is(i.value, second.indicators[k].value)).toBe(true));
      }),
      { numRuns: 200 },
    );
  });
});

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
