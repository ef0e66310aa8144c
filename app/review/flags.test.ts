import { describe, expect, it } from "vitest";
import { bigJumps, borderline, computeFlags, incoherences, incoherentFlag, oneAxisCarries, type FlagResult } from "./flags";

const axis = (id: string, score: number | null, minimum = 3) => ({ id, score, applicable: score !== null, weight: 1, minimum });
const result = (total: number | null, scores: Array<number | null>, passed = true): FlagResult => ({
  total,
  axes: scores.map((s, i) => axis(`axis${i}`, s)),
  seal: { passed, totalMinimum: 4 },
});

describe("borderline", () => {
  it("flags a total within one point of the pass line, on either side", () => {
    expect(borderline(result(4.9, [5, 5, 5]))?.kind).toBe("borderline");
    expect(borderline(result(3.2, [3, 3, 3], false))?.detail).toEqual({ total: 3.2, passLine: 4 });
    expect(borderline(result(5, [5, 5, 5]))).not.toBeNull();
  });
  it("leaves clear passes and clear failures alone, and results without a total", () => {
    expect(borderline(result(6.5, [6, 7, 6]))).toBeNull();
    expect(borderline(result(2.5, [2, 3, 2], false))).toBeNull();
    expect(borderline(result(null, [null, null]))).toBeNull();
  });
});

describe("big jump", () => {
  it("flags an axis that moved by more than 3 points since last year, up or down", () => {
    const flag = bigJumps(result(6, [8, 5, 5]), result(5, [4.5, 5, 5]));
    expect(flag).toMatchObject({ kind: "big_jump", detail: { axis: "axis0", delta: 3.5 } });
    expect(bigJumps(result(4, [2, 5, 5]), result(6, [6, 5, 5]))?.detail.delta).toBe(-4);
  });
  it("does not flag 3 points exactly, a first year, or an axis not applicable one of the years", () => {
    expect(bigJumps(result(6, [8, 5, 5]), result(5, [5, 5, 5]))).toBeNull();
    expect(bigJumps(result(6, [8, 5, 5]), null)).toBeNull();
    expect(bigJumps(result(6, [9, 5, 5]), result(5, [null, 5, 5]))).toBeNull();
  });
});

describe("one axis carries the pass", () => {
  it("flags a pass held up by one axis far above the others, which sit near their minimums", () => {
    expect(oneAxisCarries(result(4.5, [9.5, 3.5, 3.2, 4]))).toMatchObject({ kind: "one_axis_carries", detail: { axis: "axis0" } });
  });
  it("leaves balanced passes, failures, and a gap that is not large, alone", () => {
    expect(oneAxisCarries(result(6, [7, 6, 6, 5]))).toBeNull();
    expect(oneAxisCarries(result(3.5, [9, 2, 2, 2], false))).toBeNull();
    expect(oneAxisCarries(result(4.2, [6, 4, 3.5, 3.5]))).toBeNull();
    // Far above, but another axis is well above its minimum.
    expect(oneAxisCarries(result(5.5, [9.5, 6, 3.5, 3.5]))).toBeNull();
  });
});

describe("incoherent data", () => {
  it("flags more women on the board than board members", () => {
    const flag = incoherentFlag({ women_governing_body: 6, governing_body_size: 5 });
    expect(flag).toMatchObject({ kind: "incoherent", detail: { rules: "women_board_above_board" } });
    expect(flag?.questionIds).toEqual(["women_governing_body", "governing_body_size"]);
  });
  it("flags salaries paid with a turnover of zero", () => {
    expect(incoherences({ turnover: 0, highest_salary: 24000 }).map((r) => r.id)).toEqual(["salaries_without_turnover"]);
  });
  it("lists every rule that holds, and nothing for coherent or missing answers", () => {
    const ids = incoherences({ women_workers: 9, workers_total: 4, worker_members: 5, lowest_salary: 30000, highest_salary: 20000 }).map((r) => r.id);
    expect(ids).toEqual(["women_workers_above_workers", "worker_members_above_workers", "lowest_salary_above_highest"]);
    expect(incoherentFlag({ women_governing_body: 3, governing_body_size: 5, turnover: 100000, highest_salary: 30000 })).toBeNull();
    expect(incoherentFlag({ women_governing_body: 6 })).toBeNull();
    expect(incoherentFlag({ women_governing_body: "6", governing_body_size: 5 })).toBeNull();
  });
});

describe("computeFlags", () => {
  it("gathers every flag of a submission in a fixed order", () => {
    const flags = computeFlags({
      result: result(4.6, [9.5, 3.5, 3.2, 4]),
      previous: result(3, [5, 3, 3, 3]),
      answers: { turnover: 0, highest_salary: 1 },
    });
    expect(flags.map((f) => f.kind)).toEqual(["borderline", "big_jump", "one_axis_carries", "incoherent"]);
    expect(computeFlags({ result: result(7, [7, 7, 7]), previous: result(6.5, [6.5, 6.5, 6.5]), answers: {} })).toEqual([]);
  });
});
