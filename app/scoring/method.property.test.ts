/**
 * Properties of every aggregation (weighted mean, sum, expression; 0-10, 0-100 and points
 * scales), checked over generated answers with fast-check: renormalisation where it applies,
 * monotonicity where the method promises it, determinism, never NaN or Infinity.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDefinitionFile } from "#app/questionnaires/files";
import type { Answers } from "#app/questionnaires/schema";
import type { CompiledDefinition } from "./compile-definition";
import { scoreAssessment, type AssessmentResult } from "./score";
import { compileMini } from "./testing/mini-definition";

let matrix: CompiledDefinition;
beforeAll(async () => {
  const r = await loadDefinitionFile("indicators/common-good-matrix/2026.1.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  matrix = r.compiled;
});

const methods: Record<string, (d: any) => void> = {
  "weighted mean, 0-10": () => {},
  "weighted mean, 0-100": (d) => (d.scoring = { scale: { kind: "0-100" } }),
  "sum, points": (d) => (d.scoring = { scale: { kind: "points" }, axes: "sum", total: "sum" }),
  "sum, points with floor and ceiling": (d) => (d.scoring = { scale: { kind: "points", floor: 5, ceiling: 60 }, axes: "sum", total: "sum" }),
  "expression total": (d) => (d.scoring = { total: { expression: "min(equity, environment) * 0.5 + max(equity, environment) * 0.5" } }),
  "weights from answers": (d) => (d.indicators[1].weight = "if(workers > 5, 4, 1)"),
};

const miniAnswers = fc.record(
  {
    workers: fc.integer({ min: 0, max: 500 }),
    women_workers: fc.integer({ min: 0, max: 500 }),
    highest_salary: fc.double({ min: 1, max: 1e7, noNaN: true }),
    lowest_salary: fc.double({ min: 0, max: 1e7, noNaN: true }),
    renewable: fc.double({ min: 0, max: 100, noNaN: true }),
    ethical_bank: fc.boolean(),
    legal_form: fc.constantFrom("cooperative", "association", "company"),
    waste: fc.subarray(["sorting", "compost", "reuse"]),
  },
  { requiredKeys: [] },
);

function finite(r: AssessmentResult): boolean {
  const nums = [r.total, ...r.axes.map((a) => a.score), ...r.indicators.flatMap((i) => [i.value, i.score])];
  return nums.every((x) => x === null || Number.isFinite(x));
}

describe.each(Object.entries(methods))("%s", (_name, mutate) => {
  const c = compileMini(mutate);
  it("is deterministic and never gives NaN or Infinity", () => {
    fc.assert(
      fc.property(miniAnswers, (a) => {
        const r1 = scoreAssessment(c, a as Answers);
        const r2 = scoreAssessment(c, structuredClone(a) as Answers);
        expect(r2).toEqual(r1);
        return finite(r1);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the total within the scale", () => {
    const { kind, floor, ceiling } = c.method.scale;
    fc.assert(
      fc.property(miniAnswers, (a) => {
        const r = scoreAssessment(c, a as Answers);
        if (r.total === null) return true;
        if (kind === "0-10") return r.total >= 0 && r.total <= 10;
        if (kind === "0-100") return r.total >= 0 && r.total <= 100;
        return (floor === null || r.total >= floor) && (ceiling === null || r.total <= ceiling);
      }),
      { numRuns: 300 },
    );
  });

  it("more renewable electricity never lowers the total (every method here promises it)", () => {
    fc.assert(
      fc.property(miniAnswers, fc.double({ min: 0, max: 100, noNaN: true }), (a, more) => {
        const low = Math.min(more, (a.renewable as number | undefined) ?? 0);
        const high = Math.max(more, (a.renewable as number | undefined) ?? 0);
        const r1 = scoreAssessment(c, { ...a, renewable: low } as Answers);
        const r2 = scoreAssessment(c, { ...a, renewable: high } as Answers);
        return r1.total === null || r2.total === null || r2.total >= r1.total;
      }),
      { numRuns: 300 },
    );
  });
});

describe("renormalisation", () => {
  it("weighted mean: an indicator that does not apply is as if it were not in the definition", () => {
    const c = compileMini();
    const without = compileMini((d) => (d.indicators = d.indicators.filter((i: any) => i.code !== "EQU_WOMEN")));
    fc.assert(
      fc.property(miniAnswers, (a) => {
        const noWomen = { ...a, workers: 0 } as Answers; // EQU_WOMEN does not apply
        return scoreAssessment(c, noWomen).axes[0].score === scoreAssessment(without, noWomen).axes[0].score;
      }),
      { numRuns: 200 },
    );
  });

  it("sum: an indicator that does not apply adds nothing", () => {
    const c = compileMini(methods["sum, points"]);
    const without = compileMini((d) => {
      methods["sum, points"](d);
      d.indicators = d.indicators.filter((i: any) => i.code !== "EQU_WOMEN");
    });
    fc.assert(
      fc.property(miniAnswers, (a) => {
        const noWomen = { ...a, workers: 0 } as Answers;
        return scoreAssessment(c, noWomen).total === scoreAssessment(without, noWomen).total;
      }),
      { numRuns: 200 },
    );
  });
});

describe("the common-good matrix", () => {
  const rating = fc.integer({ min: 0, max: 10 });
  const level = fc.constantFrom("low", "medium", "high");
  const answers = () =>
    fc.record({
      relevance_workers: level,
      relevance_customers: level,
      relevance_community: level,
      workers_dignity: rating,
      workers_solidarity: rating,
      workers_environment: rating,
      customers_dignity: rating,
      customers_solidarity: rating,
      customers_environment: rating,
      community_dignity: rating,
      community_solidarity: rating,
      community_environment: rating,
      labour_breach: fc.boolean(),
      environmental_breach: fc.boolean(),
      pay_ratio: fc.double({ min: 1, max: 50, noNaN: true }),
    });
  const cells = ["workers", "customers", "community"].flatMap((g) => ["dignity", "solidarity", "environment"].map((t) => `${g}_${t}`));

  it("a higher rating never lowers the total; a penalty never raises it; the floor holds; nothing is NaN", () => {
    fc.assert(
      fc.property(answers(), fc.constantFrom(...cells), fc.boolean(), (a, cell, breach) => {
        const r = scoreAssessment(matrix, a as Answers);
        expect(finite(r)).toBe(true);
        expect(r.total).not.toBeNull();
        expect(r.total!).toBeGreaterThanOrEqual(-200);
        expect(r.total!).toBeLessThanOrEqual(270);
        const up = scoreAssessment(matrix, { ...a, [cell]: Math.min(10, (a as any)[cell] + 1) } as Answers);
        expect(up.total!).toBeGreaterThanOrEqual(r.total!);
        const worse = scoreAssessment(matrix, { ...a, labour_breach: a.labour_breach || breach } as Answers);
        expect(worse.total!).toBeLessThanOrEqual(r.total!);
        expect(scoreAssessment(matrix, structuredClone(a) as Answers)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });
});
