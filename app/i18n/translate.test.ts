import { describe, expect, it } from "vitest";
import { fallbackChain, locales } from "./locales";
import { catalogueFor, formatDate, translate } from "./translate";

describe("translate", () => {
  it("shows a year as a year, in every language", () => {
    for (const locale of locales) {
      const text = translate(locale, "admin.currentCampaign", { year: 2026, status: "open" });
      expect(text).toContain("2026");
      expect(text).not.toMatch(/2[.,\s\u00a0\u202f]026/);
    }
  });

  it("fills {{placeholders}} and writes numbers in the reader's format", () => {
    expect(translate("en", "common.hello", { name: "Núria" })).toBe("Hello, Núria");
    expect(translate("fr", "organisation.expires", { date: "1 mai" })).toBe("expire le 1 mai");
    expect(translate("en", "review.flagDetail.borderline", { total: 4.25, passLine: 4 })).toContain("total 4.25");
    expect(translate("fr", "review.flagDetail.borderline", { total: 4.25, passLine: 4 })).toContain("total 4,25");
  });

  it("picks the plural form from count, with the count in the reader's format", () => {
    expect(translate("en", "admin.questionnaires.answersCount", { count: 1 })).toBe("1 assessment");
    expect(translate("en", "admin.questionnaires.answersCount", { count: 1234 })).toBe("1,234 assessments");
    expect(translate("fr", "admin.questionnaires.answersCount", { count: 1 })).toBe("1 bilan");
    expect(translate("fr", "admin.questionnaires.answersCount", { count: 2 })).toBe("2 bilans");
    expect(translate("fr", "admin.questionnaires.answersCount", { count: 1_000_000 })).toBe("1\u202f000\u202f000 de bilans");
    expect(translate("es", "review.sampleDrawn", { count: 1 })).toBe("Muestra extraída: 1 balance para revisar.");
  });

  it("never shows a raw key for a string one language lacks: it falls back to the default language", () => {
    const en = catalogueFor("en", ["common"]).common;
    const fr = catalogueFor("fr", ["common"]).common;
    expect(Object.keys(fr)).toEqual(expect.arrayContaining(Object.keys(en)));
    expect(fallbackChain("fr")).toEqual(["fr", "en"]);
    expect(translate("fr", "common.no.such.key")).toBe("common.no.such.key");
  });

  it("an unknown language is answered in the default one", () => {
    expect(translate("xx", "common.nav.signIn")).toBe(translate("en", "common.nav.signIn"));
  });
});

describe("dates and years", () => {
  it("writes English dates in British order, and every language's in its own", () => {
    expect(formatDate("en", "2026-05-01")).toBe("1 May 2026");
    expect(formatDate("fr", "2026-05-01")).toBe("1 mai 2026");
    expect(formatDate("es", "2026-05-01")).toBe("1 may 2026");
  });
});
