import { describe, expect, it } from "vitest";
import { locales } from "#app/i18n/locales";
import { savedAtText } from "./form-values";

describe("when a colleague saved", () => {
  it("writes the month in words in every language, never a numeric date a British reader misreads", () => {
    const when = "2026-12-01T10:05:00.000Z";
    for (const locale of locales) {
      const text = savedAtText(locale, when);
      expect(text).toContain("2026");
      expect(text).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/);
      expect(text).toMatch(/\p{L}{3,}/u);
    }
    expect(savedAtText("en", when)).toMatch(/Dec/);
    expect(savedAtText("ca", when)).toMatch(/des/);
  });
});
