// Adding a language is data: a configuration, catalogues and the questionnaires' texts, no code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { miniDefinitionObject } from "#app/scoring/testing/mini-definition";
import { loadDefinitionText } from "#app/questionnaires/load";
import { parseLanguageConfig } from "./languages";
import { isLocale, localeFromAcceptLanguage, localeNames, locales } from "./locales";
import { parseLocaleNumber } from "./numbers";
import { LanguageSetupError, loadLanguages } from "./setup.server";
import { formatNumber, translate } from "./translate";

let dir: string;
const fixture = "mini.yaml";

/** Every localized text of a definition (an object with an `en` text) gets a Basque one. */
function addBasque(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(addBasque);
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, addBasque(v)]);
    const out = Object.fromEntries(entries) as Record<string, unknown>;
    if (typeof out.en === "string" && typeof out.fr === "string") out.eu = `[eu] ${out.en}`;
    return out;
  }
  return value;
}

function writeConfig(name: string, text: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-languages-"));
  fs.cpSync("app/locales", path.join(dir, "locales"), { recursive: true });
  fs.mkdirSync(path.join(dir, "locales/eu"));
  for (const file of fs.readdirSync("app/locales/en")) {
    // Basque: a translator's first strings; the rest falls back to the default language
    const eu: Record<string, string> = file === "common.json" ? { "nav.signIn": "Hasi saioa", hello: "Kaixo, {{name}}" } : {};
    if (file === "admin.json") Object.assign(eu, { "questionnaires.answersCount_one": "{{count, number}} balantze", "questionnaires.answersCount_other": "{{count, number}} balantze" });
    fs.writeFileSync(path.join(dir, "locales/eu", file), JSON.stringify(eu));
  }
});

afterAll(() => {
  loadLanguages();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a language added by configuration", () => {
  it("is offered, spoken and read with no code change", () => {
    const config = writeConfig(
      "network.yaml",
      "languages: [en, fr, ca, es, eu]\ndefaultLanguage: en\nnames: { en: English, fr: Français, ca: Català, es: Español, eu: Euskara }\nfallbacks: { eu: [es] }\n",
    );
    loadLanguages(config, path.join(dir, "locales"));
    expect(locales).toEqual(["en", "fr", "ca", "es", "eu"]);
    expect(localeNames.eu).toBe("Euskara");
    expect(isLocale("eu")).toBe(true);
    expect(localeFromAcceptLanguage("eu-ES,eu;q=0.9,es;q=0.5")).toBe("eu");

    expect(translate("eu", "common.nav.signIn")).toBe("Hasi saioa");
    expect(translate("eu", "common.hello", { name: "Miren" })).toBe("Kaixo, Miren");
    expect(translate("eu", "admin.questionnaires.answersCount", { count: 1234 })).toBe(`${formatNumber("eu", 1234)} balantze`);
    // not translated yet: its fallback (Spanish), never a raw key
    expect(translate("eu", "common.nav.signUp")).toBe(translate("es", "common.nav.signUp"));
    expect(parseLocaleNumber("1.234,5", "eu")).toBe(1234.5);

    // the questionnaires must then be written in Basque too
    const definition = miniDefinitionObject();
    const withoutBasque = loadDefinitionText(stringify(definition), fixture);
    expect(withoutBasque.ok).toBe(false);
    expect(withoutBasque.errors[0]).toMatchObject({ path: "title.eu", message: expect.stringContaining("the eu text is missing") });
    const withBasque = loadDefinitionText(stringify(addBasque(definition)), fixture);
    expect(withBasque.errors).toEqual([]);
    expect(withBasque.compiled?.definition.title.eu).toMatch(/^\[eu\] /);
  });

  it("a network that offers two languages needs its questionnaires' texts in those two only", () => {
    const config = writeConfig("two.yaml", "languages: [fr, en]\ndefaultLanguage: fr\nnames: { fr: Français, en: English }\n");
    loadLanguages(config, path.join(dir, "locales"));
    const definition = miniDefinitionObject() as { title: Record<string, string> };
    delete definition.title.ca;
    delete definition.title.es;
    expect(loadDefinitionText(stringify(definition), fixture).errors).toEqual([]);
    expect(translate("de", "common.nav.signIn")).toBe("Se connecter");
  });
});

describe("a wrong configuration stops the start with its file and line", () => {
  const has = (code: string) => ["en", "fr", "eu"].includes(code);
  it.each([
    ["an unknown tag", "languages: [en, xx]\ndefaultLanguage: en\nnames: { en: English, xx: X }\n", 1, '"xx"'],
    ["a name that is not a tag", "languages:\n  - en\n  - English\ndefaultLanguage: en\nnames: { en: English }\n", 3, "BCP 47"],
    ["a default not offered", "languages: [en, fr]\ndefaultLanguage: es\nnames: { en: English, fr: Français }\n", 2, "not one of the languages offered"],
    ["a language without a name", "languages: [en, fr]\ndefaultLanguage: en\nnames: { en: English }\n", 1, '"fr" has no name'],
    ["a language without catalogues", "languages: [en, de]\ndefaultLanguage: en\nnames: { en: English, de: Deutsch }\n", 1, "no interface catalogues"],
    ["an unknown field", "languages: [en]\ndefaultLanguage: en\nnames: { en: English }\nlanguage: fr\n", 4, 'unknown field "language"'],
    ["broken YAML", "languages: [en\n", 2, "YAML"],
  ])("%s", (_name, text, line, message) => {
    const result = parseLanguageConfig(text, "network.yaml", has);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ file: "network.yaml", line, message: expect.stringContaining(message) });
  });

  it("loadLanguages refuses it and keeps the languages it had", () => {
    const config = writeConfig("bad.yaml", "languages: [en, de]\ndefaultLanguage: en\nnames: { en: English, de: Deutsch }\n");
    const before = [...locales];
    expect(() => loadLanguages(config, path.join(dir, "locales"))).toThrow(LanguageSetupError);
    expect(() => loadLanguages(config, path.join(dir, "locales"))).toThrow(/bad\.yaml:1: "de" is offered but has no interface catalogues/);
    expect(locales).toEqual(before);
  });
});
