import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCatalogues, missingStrings, placeholders, pluralForms } from "./check";
import { defaultLocale, locales } from "./locales";
import { readCatalogue } from "./setup.server";

const base = {
  languages: ["en", "fr"],
  defaultLanguage: "en",
  sources: ['t("a.hello", { name }); t("a.items", { count }); t(`a.status.${s}`)'],
};

describe("the translation check", () => {
  it("passes complete catalogues", () => {
    const catalogues = {
      en: { a: { hello: "Hello {{name}}", items_one: "{{count, number}} item", items_other: "{{count, number}} items", "status.open": "open" } },
      fr: { a: { hello: "Bonjour {{name}}", items_one: "{{count, number}} élément", items_many: "{{count, number}} d’éléments", items_other: "{{count, number}} éléments", "status.open": "ouverte" } },
    };
    expect(checkCatalogues({ ...base, catalogues })).toEqual([]);
  });

  it("finds a missing key, a missing plural form, other placeholders, an extra key, an unused key and an unknown one", () => {
    const catalogues = {
      en: { a: { hello: "Hello {{name}}", items_one: "{{count, number}} item", items_other: "{{count, number}} items", "status.open": "open", old: "Old" } },
      fr: { a: { hello: "Bonjour {{nom}}", items_one: "{{count, number}} élément", items_other: "{{count, number}} éléments", extra: "En trop" } },
    };
    const problems = checkCatalogues({ ...base, sources: [...base.sources, 't("a.gone")'], catalogues });
    const summary = problems.map((p) => `${p.kind} ${p.language ?? ""} ${p.key}`.replace(/\s+/g, " "));
    expect(summary).toEqual(
      expect.arrayContaining([
        "missing fr a.status.open",
        "missing fr a.old",
        "plural fr a.items_many",
        "placeholders fr a.hello",
        "extra fr a.extra",
        "unused a.old",
        "unknown a.gone",
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it("reads placeholder names whatever their format, and plural forms from Intl", () => {
    expect(placeholders("{{count, number}} of {{total}}")).toEqual(["count", "total"]);
    expect(pluralForms("en")).toEqual(["one", "other"]);
    expect(pluralForms("fr")).toEqual(["many", "one", "other"]);
  });

  it("lists what a language lacks with the default language's text, for translators", () => {
    const en = { a: { hello: "Hello", items_one: "{{count, number}} item", items_other: "{{count, number}} items" } };
    expect(missingStrings(en, undefined, "eu")).toEqual([
      { key: "a.hello", text: "Hello" },
      { key: "a.items_one", text: "{{count, number}} item" },
      { key: "a.items_other", text: "{{count, number}} items" },
    ]);
  });

  it("the shipped catalogues pass it", () => {
    const catalogues = Object.fromEntries(locales.map((l) => [l, readCatalogue("app/locales", l)]));
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "locales" ? [] : files(p);
        return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
      });
    const sources = files("app").map((f) => fs.readFileSync(f, "utf8"));
    const dynamicPrefixes = JSON.parse(fs.readFileSync("app/locales/dynamic-keys.json", "utf8")) as Record<string, string>;
    expect(checkCatalogues({ languages: locales, defaultLanguage: defaultLocale, catalogues, sources, dynamicPrefixes })).toEqual([]);
  });
});
