import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExpression, printExpression } from "./parser";

function printed(src: string): string {
  const r = parseExpression(src);
  if (!r.ok) throw new Error(r.error.message);
  return printExpression(r.expr);
}

describe("parseExpression: precedence and shapes", () => {
  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b / c", "((a / b) / c)"],
    ["-a * b", "((-a) * b)"],
    ["- -a", "(-(-a))"],
    ["a < b and c >= d or not e", "(((a < b) and (c >= d)) or (not e))"],
    ["not a and b", "((not a) and b)"],
    ["a or b and c", "(a or (b and c))"],
    ["x == \"yes\"", '(x == "yes")'],
    ["x != 'no'", '(x != "no")'],
    ["if(a > 0, b / a, 0)", "if((a > 0), (b / a), 0)"],
    ["min(a, b, 3)", "min(a, b, 3)"],
    ["round(a / 3, 2)", "round((a / 3), 2)"],
    ["sum()", "sum()"],
    ["0.5 * w_2", "(0.5 * w_2)"],
    ["true and false", "(true and false)"],
    ['selected(q, "a\\"b")', 'selected(q, "a\\"b")'],
    ["  a\n+\tb ", "(a + b)"],
  ])("%s", (src, expected) => {
    expect(printed(src)).toBe(expected);
  });
});

describe("parseExpression: errors with positions", () => {
  it.each([
    ["", "empty expression", 0],
    ["1 +", "unexpected end of expression", 3],
    ["a = b", 'use "==" to compare', 2],
    ["a && b", 'use "and"', 2],
    ["a || b", 'use "or"', 2],
    ["!a", 'use "not"', 0],
    ["a < b < c", "comparisons cannot be chained", 6],
    ["(a + b", 'expected ")" before the end', 6],
    ["min(a b)", 'expected "," or ")" to close min( but found "b"', 6],
    ["a b", 'unexpected "b" after a complete expression', 2],
    ['"abc', "unterminated string", 0],
    ["3x", "malformed number", 0],
    ["1.2.3", "malformed number", 0],
    ["a # b", 'unexpected character "#"', 2],
    ["and b", '"and" needs something before it', 0],
    ['"a\\n"', "unknown escape", 2],
    [")", 'unexpected ")"', 0],
  ])("%s", (src, message, start) => {
    const r = parseExpression(src);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain(message);
      expect(r.error.start).toBe(start);
    }
  });

  it("refuses very deep nesting instead of overflowing the stack", () => {
    const r = parseExpression("(".repeat(3000) + "1" + ")".repeat(3000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain("nested too deeply");
    expect(parseExpression("-".repeat(3000) + "1").ok).toBe(false);
    expect(parseExpression("not ".repeat(2000) + "true").ok).toBe(false);
  });

  it("refuses an over-long expression", () => {
    expect(parseExpression("1+".repeat(6000) + "1").ok).toBe(false);
  });
});

describe("parseExpression: robustness", () => {
  it("never throws on random strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseExpression(s);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws on random strings made of the language's own tokens", () => {
    const token = fc.constantFrom(
      "a", "b1", "1", "2.5", "+", "-", "*", "/", "(", ")", ",", "<", "<=", "==", "!=", ">", ">=",
      "and", "or", "not", "if", "min", "true", '"x"', "'y'", " ", "=", "!", ".", "\\",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (parts) => {
        const r = parseExpression(parts.join(""));
        if (r.ok) expect(parseExpression(printExpression(r.expr)).ok).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("printing and parsing again gives the same tree", () => {
    const leaf = fc.oneof(
      fc.integer({ min: 0, max: 1000 }).map(String),
      fc.constantFrom("a", "b", "c_d", "true", "false"),
    );
    const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "<", "==", "and", "or"), tie("e")).map(
          ([l, op, r]) => `(${l} ${op} ${r})`,
        ),
        tie("e").map((x) => `(not (${x}))`),
        fc.array(tie("e"), { minLength: 1, maxLength: 3 }).map((xs) => `max(${xs.join(", ")})`),
      ),
    })).e as fc.Arbitrary<string>;
    fc.assert(
      fc.property(expr, (src) => {
        const once = printed(src);
        expect(printed(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});
