import { describe, expect, it } from "vitest";
import { niceTicks } from "./ticks";

describe("niceTicks", () => {
  it("gives round steps, never 13.3 or 14.7", () => {
    expect(niceTicks(13.3, 14.7)).toEqual([13, 13.5, 14, 14.5, 15]);
    expect(niceTicks(0, 10)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(3, 97, 5, true)).toEqual([0, 25, 50, 75, 100]);
  });
  it("covers large values with their ends", () => {
    const t = niceTicks(351466.31, 572954.52);
    expect(t[0]).toBeLessThanOrEqual(351466.31);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(572954.52);
    for (const v of t) expect(v % 50000).toBe(0);
  });
  it("widens a single value and survives empty data", () => {
    expect(niceTicks(5, 5).length).toBeGreaterThan(1);
    expect(niceTicks(Infinity, -Infinity)).toEqual([0, 1]);
  });
});
