import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { roundHalfAwayFromZero } from "./rounding";
import { pointsFor, scoreBands, scoreBoolean, scoreByRule, scoreLinear } from "./rules";

describe("linear rule", () => {
  it.each<[number, number, number, number]>([
    // value, from, to, score
    [0, 0, 50, 0],
    [25, 0, 50, 5],
    [50, 0, 50, 10],
    [80, 0, 50, 10],
    [-5, 0, 50, 0],
    [12.5, 0, 50, 2.5],
    // lower is better: from > to
    [5, 5, 1, 0],
    [3, 5, 1, 5],
    [1, 5, 1, 10],
    [0.5, 5, 1, 10],
    [9, 5, 1, 0],
  ])("value %s from %s to %s -> %s", (value, from, to, score) => {
    expect(scoreLinear(value, from, to)).toBeCloseTo(score, 12);
  });
});

describe("bands rule", () => {
  const bands = [{ up_to: 2, score: 10 }, { up_to: 4, score: 5 }, { score: 0 }];
  it.each<[number, number]>([
    [-1, 10],
    [0, 10],
    [2, 10],
    [2.0001, 5],
    [4, 5],
    [4.5, 0],
    [1000, 0],
  ])("%s -> %s", (value, score) => {
    expect(scoreBands(value, bands)).toBe(score);
  });
});

describe("boolean rule", () => {
  it.each<[boolean, number | undefined, number | undefined, number]>([
    [true, undefined, undefined, 10],
    [false, undefined, undefined, 0],
    [true, 8, 2, 8],
    [false, 8, 2, 2],
    [false, 0, 10, 10],
  ])("%s (if_true %s, if_false %s) -> %s", (value, ifTrue, ifFalse, score) => {
    expect(scoreBoolean(value, ifTrue, ifFalse)).toBe(score);
  });
});

describe("points rule", () => {
  const order = ["a", "b", "c"];
  const points = { a: 4, b: 3, c: 5 };
  it.each<[string | string[], number, number]>([
    ["a", 4, 4],
    ["c", 5, 5],
    [[], 0, 0],
    [["a"], 4, 4],
    [["a", "b"], 7, 7],
    [["c", "a", "b"], 12, 10],
  ])("%j -> value %s, score %s", (selected, value, score) => {
    expect(pointsFor(selected, order, points)).toEqual({ value, score });
  });
  it("clamps negative points at 0 and ignores choices without points", () => {
    expect(pointsFor(["a", "b"], order, { a: -4, b: 1 })).toEqual({ value: -3, score: 0 });
    expect(pointsFor(["b"], order, { a: 4 })).toEqual({ value: 0, score: 0 });
  });
});

describe("every rule scores within 0..10", () => {
  it("for any finite value", () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, finite, finite, (v, from, to) => {
        fc.pre(from !== to && Number.isFinite(to - from));
        const s = scoreByRule({ kind: "linear", from, to }, v);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(10);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("rounding: half away from zero", () => {
  it.each<[number, number, number]>([
    [2.345, 2, 2.35],
    [-2.345, 2, -2.35],
    [2.675, 2, 2.68],
    [1.005, 2, 1.01],
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [1.49999, 0, 1],
    [1.23456789, 4, 1.2346],
    [-0.0001, 2, 0],
    [6.666666666666667, 2, 6.67],
    [10, 2, 10],
  ])("%s to %s decimals -> %s", (x, d, expected) => {
    expect(roundHalfAwayFromZero(x, d)).toBe(expected);
  });
  it("never gives -0", () => {
    expect(Object.is(roundHalfAwayFromZero(-0.0001, 2), 0)).toBe(true);
  });
  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const once = roundHalfAwayFromZero(x, d);
        expect(roundHalfAwayFromZero(once, d)).toBe(once);
      }),
    );
  });
});

describe("rounding: huge and tiny numbers", () => {
  it.each<[number, number, number]>([
    [-1.797693134862316e304, 4, -1.797693134862316e304],
    [1.7976931348623157e308, 2, 1.7976931348623157e308],
    [5e-324, 4, 0],
    [123456789012.34567, 4, 123456789012.3457],
  ])("%s to %s decimals -> %s", (x, d, expected) => {
    expect(roundHalfAwayFromZero(x, d)).toBe(expected);
  });
});
