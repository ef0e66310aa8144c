import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";
import { disclose, effectiveK, percentileCont, quartiles } from "./stats";

describe("benchmark statistics", () => {
  it("percentile_cont interpolates like PostgreSQL", () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentileCont([5], 0.75)).toBe(5);
    expect(percentileCont([], 0.5)).toBeNull();
  });
  it("is hidden below k and never below 3", () => {
    const q = quartiles([1, 2, 3, 4, 5])!;
    expect(disclose(q, 5)).toMatchObject({ shown: true, median: 3 });
    expect(disclose(q, 6)).toEqual({ shown: false });
    expect(disclose(quartiles([1, 2]), 1)).toEqual({ shown: false });
    expect(effectiveK(1)).toBe(3);
    expect(effectiveK("12")).toBe(12);
    expect(effectiveK("nonsense")).toBe(10);
  });
});

describe("csv", () => {
  it("quotes what needs quoting, CRLF, no formulas", () => {
    expect(toCsv(["a", "b"], [["x,y", 1], ['say "hi"', null], ["=SUM(A1)", -2]])).toBe('a,b\r\n"x,y",1\r\n"say ""hi""",\r\n\'=SUM(A1),-2\r\n');
  });
});
