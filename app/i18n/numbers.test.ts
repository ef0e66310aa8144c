import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locales, type Locale } from "./locales";
import { parseLocaleNumber } from "./numbers";
import { formatNumber } from "./translate";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

// What each shipped language's reader types, and the number they mean.
const table: Record<Locale, Array<[string, number | undefined]>> = {
  en: [
    ["1,234", 1234],
    ["1,234.5", 1234.5],
    ["1,234,567.25", 1234567.25],
    ["250,000", 250000],
    ["250.000", 250],
    ["1234.5", 1234.5],
    ["2.5", 2.5],
    ["1,5", 1.5],
    ["1 234.5", 1234.5],
    [`1${NBSP}234`, 1234],
    [".5", 0.5],
    ["-3", -3],
    ["\u22123", -3],
    ["+2", 2],
    ["12%", 12],
    [" 42 ", 42],
    ["1.234,5", undefined],
    ["1,23,456", undefined],
    ["1,2,3", undefined],
    ["12,34,567", undefined],
  ],
  fr: [
    ["1 234,5", 1234.5],
    [`1${NBSP}234,5`, 1234.5],
    [`1${NNBSP}234,5`, 1234.5],
    [`250${NNBSP}000`, 250000],
    ["1\u2009234", 1234],
    ["2,5", 2.5],
    ["1234,5", 1234.5],
    ["1.234,5", 1234.5],
    ["250.000", 250000],
    ["2.5", 2.5],
    [",5", 0.5],
    ["12 %", 12],
    ["1 234.567,5", undefined],
    ["1,234.5", undefined],
    ["12 34", undefined],
  ],
  ca: [
    ["250.000", 250000],
    ["2,5", 2.5],
    ["1.234,5", 1234.5],
    ["1.234.567", 1234567],
    ["1.234.567,25", 1234567.25],
    ["1234,5", 1234.5],
    ["2.5", 2.5],
    ["1234.5", 1234.5],
    ["35 000,50", 35000.5],
    ["1,234.5", undefined],
    ["1,2", 1.2],
    ["1,2,3", undefined],
    ["25.00.000", undefined],
  ],
  es: [
    ["250.000", 250000],
    ["2,5", 2.5],
    ["1.234,5", 1234.5],
    ["1.234", 1234],
    ["25.000,75", 25000.75],
    ["0,75", 0.75],
    ["2.5", 2.5],
    ["1234.5", 1234.5],
    [`1${NBSP}234,5`, 1234.5],
    ["1,234.5", undefined],
    ["1.234.5", undefined],
  ],
};

describe("parseLocaleNumber", () => {
  for (const locale of locales) {
    it.each(table[locale])(`${locale}: %j -> %s`, (text, expected) => {
      expect(parseLocaleNumber(text, locale)).toBe(expected);
    });

    it.each(["", "abc", "1e5", "Infinity", "NaN", "--1", "+-1", "1.2.3,4,5", "0x10", "1_000", ",", ".", "9".repeat(400)])(`${locale}: %j is not a number`, (text) => {
      expect(parseLocaleNumber(text, locale)).toBeUndefined();
    });

    it(`${locale}: reads back every number it formats, grouped or not`, () => {
      fc.assert(
        fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 4 }), (whole, digits) => {
          const value = whole / 10 ** digits;
          for (const useGrouping of [true, false]) {
            const text = formatNumber(locale, value, { useGrouping, maximumFractionDigits: 10 });
            expect(parseLocaleNumber(text, locale)).toBe(value);
          }
        }),
      );
    });
  }

  it("without a language reads only plain numbers", () => {
    expect(parseLocaleNumber("1234.5")).toBe(1234.5);
    expect(parseLocaleNumber("-0.25")).toBe(-0.25);
    expect(parseLocaleNumber("1,234")).toBeUndefined();
    expect(parseLocaleNumber("250.000")).toBe(250);
    expect(parseLocaleNumber("1 234")).toBeUndefined();
  });
});
