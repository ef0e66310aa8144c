import { describe, expect, it } from "vitest";
import { locales } from "./locales";
import { translate } from "./translate";

describe("translate", () => {
  it("shows a year as a year, in every language", () => {
    for (const locale of locales) {
      const text = translate(locale, "admin.currentCampaign", { year: 2026, status: "open" });
      expect(text).toContain("2026");
      expect(text).not.toMatch(/2[.,\s\u00a0\u202f]026/);
    }
  });

  it("still formats other numbers in the reader's format", () => {
    expect(translate("en", "assessment.lastYear", { year: 2025, value: 12345.5 })).toBe("Last year (2025): 12,345.5");
    expect(translate("es", "assessment.lastYear", { year: 2025, value: 12345.5 })).toMatch(/\(2025\).*12\.345,5/);
  });
});
