import { describe, expect, it } from "vitest";
import { locales } from "./locales";
import { namespaces, type NamespaceMessages } from "./messages/index";
import { translate } from "./translate";

describe("interface strings", () => {
  for (const [name, ns] of Object.entries(namespaces) as Array<[string, NamespaceMessages]>) {
    it(`namespace ${name} has every key in every language, none empty`, () => {
      const keys = Object.keys(ns.en).sort();
      for (const locale of locales) {
        expect(Object.keys(ns[locale]).sort(), `${name} in ${locale}`).toEqual(keys);
        for (const key of keys) expect(ns[locale][key].trim(), `${name}.${key} in ${locale}`).not.toBe("");
      }
    });
    it(`namespace ${name} uses the same placeholders in every language`, () => {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      for (const key of Object.keys(ns.en)) {
        for (const locale of locales) {
          expect(placeholders(ns[locale][key]), `${name}.${key} in ${locale}`).toEqual(placeholders(ns.en[key]));
        }
      }
    });
  }

  it("fills placeholders and formats numbers per locale", () => {
    expect(translate("en", "common.hello", { name: "Núria" })).toBe("Hello, Núria");
    expect(translate("fr", "organisation.expires", { date: "1 mai" })).toBe("expire le 1 mai");
  });
});

describe("every key used in the code exists", () => {
  it("finds each t(\"ns.key\") literal of app/ in the English messages", async () => {
    const files = import.meta.glob("../**/*.tsx", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
    const missing: string[] = [];
    for (const [file, source] of Object.entries(files)) {
      for (const match of source.matchAll(/\bt\(\s*"([a-z]+\.[A-Za-z0-9_.]+)"/g)) {
        if (translate("en", match[1]) === match[1]) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
