import { describe, expect, it } from "vitest";
import { locales } from "#app/i18n/locales";
import { translate } from "#app/i18n/translate";
import { pageTitle, type TitleHandle } from "#app/utils/page-title";
import * as root from "#app/root";
import * as members from "#app/routes/o.$orgId.members";
import * as orgLayout from "#app/routes/o.$orgId";
import * as section from "#app/routes/o.$orgId.assessments.$assessmentId.$sectionId";

// Every page's <title> names the page in the reader's language, not just "Bilan".
const pages = import.meta.glob("../app/routes/*.tsx", { eager: true }) as Record<string, { default?: unknown; handle?: Partial<TitleHandle> }>;

const rootMatch = (locale: string) => ({ id: "root", data: { locale }, handle: undefined });

describe("page titles", () => {
  it("every page route gives its title", () => {
    const without = Object.entries(pages)
      .filter(([, module]) => module.default && module.handle?.title === undefined)
      .map(([file]) => file);
    expect(without).toEqual([]);
  });

  it("every title key exists in every language", () => {
    for (const [file, module] of Object.entries(pages)) {
      const title = module.handle?.title;
      if (typeof title !== "string") continue;
      for (const locale of locales) expect({ file, locale, text: translate(locale, title) }).not.toEqual({ file, locale, text: title });
    }
  });

  it("is the deepest page's title, in the reader's language, then the site's name", () => {
    const matches = [rootMatch("fr"), { id: "routes/o.$orgId", data: { organisation: { name: "Teixidores" } }, handle: orgLayout.handle }, { id: "routes/o.$orgId.members", data: {}, handle: members.handle }];
    for (const locale of locales) {
      matches[0] = rootMatch(locale);
      expect(pageTitle(matches)).toBe(`${translate(locale, "organisation.members")} · Bilan`);
    }
    expect(pageTitle(matches.slice(0, 2))).toBe("Teixidores · Bilan");
    const sectionMatch = { id: "section", data: { section: { title: { en: "General data", fr: "Données générales", ca: "Dades generals", es: "Datos generales" } }, year: 2026 }, handle: section.handle };
    expect(pageTitle([rootMatch("ca"), sectionMatch])).toBe("Dades generals · 2026 · Bilan");
  });

  it("the root's meta uses it, and a page without data (an error) is just Bilan", () => {
    const meta = root.meta as unknown as (args: { matches: unknown[] }) => Array<{ title: string }>;
    expect(meta({ matches: [rootMatch("es"), { id: "m", data: {}, handle: members.handle }] })).toEqual([{ title: `${translate("es", "organisation.members")} · Bilan` }]);
    expect(pageTitle([rootMatch("en"), { id: "s", data: undefined, handle: section.handle }])).toBe("Bilan");
  });
});
