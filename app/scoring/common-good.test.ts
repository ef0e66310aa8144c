/**
 * The common-good matrix shipped in indicators/common-good-matrix/2026.1.yaml, against cases
 * computed by hand (docs/methods.md works the first one through). Every number to 1e-9 relative.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadDefinitionFile } from "#app/questionnaires/files";
import type { CompiledDefinition } from "./compile-definition";
import { scoreAssessment } from "./score";

let matrix: CompiledDefinition;
beforeAll(async () => {
  const r = await loadDefinitionFile("indicators/common-good-matrix/2026.1.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  matrix = r.compiled;
});

const close = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
};

// relevance: workers high (3), customers medium (2), community low (1)
const base = {
  relevance_workers: "high",
  relevance_customers: "medium",
  relevance_community: "low",
  workers_dignity: 8,
  workers_solidarity: 6,
  workers_environment: 4,
  customers_dignity: 7,
  customers_solidarity: 5,
  customers_environment: 9,
  community_dignity: 2,
  community_solidarity: 3,
  community_environment: 10,
  labour_breach: false,
  environmental_breach: false,
  pay_ratio: 3,
};

describe("the common-good matrix, by hand", () => {
  it("case A: no negative aspect", () => {
    const r = scoreAssessment(matrix, base);
    // dignity 8*3 + 7*2 + 2*1 = 40; solidarity 6*3 + 5*2 + 3*1 = 31; environment 4*3 + 9*2 + 10*1 = 40
    const [dignity, solidarity, environment] = r.axes;
    close(dignity.score, 40);
    close(solidarity.score, 31);
    close(environment.score, 40);
    close(r.total, 111);
    expect(r.axes.map((a) => a.maximum)).toEqual([90, 90, 90]);
    expect(r.seal).toEqual({ passed: true, failures: [], totalMinimum: 0 });
    close(r.indicators.find((i) => i.code === "CGM_MEAN_RATING")!.value, 54 / 9);
    expect(r.method).toMatchObject({ scale: { kind: "points", floor: -200, ceiling: null }, axes: "sum", total: "sum", pass: "expression" });
  });

  it("case B: penalties take points away, and a negative theme shows negative", () => {
    const r = scoreAssessment(matrix, { ...base, labour_breach: true, environmental_breach: true, pay_ratio: 12 });
    close(r.axes[0].score, 40 - 100);
    close(r.axes[1].score, 31 - 60);
    close(r.axes[2].score, 40 - 100);
    close(r.total, -149);
    expect(r.seal.passed).toBe(false);
    expect(r.seal.failures).toEqual(["pass_rule_false"]);
  });

  it("case C: the total stops at the floor", () => {
    const zero = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, typeof v === "number" ? 0 : v]));
    const r = scoreAssessment(matrix, { ...zero, labour_breach: true, environmental_breach: true, pay_ratio: 7 });
    // dignity -100, solidarity -20 (a pay ratio from 5 to 10), environment -100: -220, floored at -200
    close(r.axes[0].score, -100);
    close(r.axes[1].score, -20);
    close(r.total, -200);
  });

  it("case D: weights come from the organisation's own answers", () => {
    const r = scoreAssessment(matrix, { ...base, relevance_workers: "low", relevance_community: "high", pay_ratio: 5 });
    // dignity 8*1 + 7*2 + 2*3 = 28; solidarity 6 + 10 + 9 - 20 = 5; environment 4 + 18 + 30 = 52; total 85
    close(r.axes[0].score, 28);
    close(r.axes[1].score, 5);
    close(r.axes[2].score, 52);
    close(r.total, 85);
    expect(r.seal.passed).toBe(false);
  });

  it("case E: the mean rating is computed at full precision and rounded once, to one decimal", () => {
    const r = scoreAssessment(matrix, { ...base, community_dignity: 3 }); // 55 / 9 = 6.111...
    close(r.indicators.find((i) => i.code === "CGM_MEAN_RATING")!.value, 6.1);
    close(r.axes[0].score, 41);
    expect(r.method!.precision.scores).toEqual({ decimals: 1, rounding: "half_even" });
    expect(r.method!.precision.indicators).toEqual({ CGM_MEAN_RATING: { decimals: 1, rounding: "half_away_from_zero" } });
  });
});
