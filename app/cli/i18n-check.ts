/**
 * npm run i18n:check                      every offered language against the default one, and the code
 * npm run i18n:missing -- --lang fr       what French lacks, with the default language's text, for translators
 * npm run i18n:missing -- --lang eu --json  the same as JSON catalogues to fill in (a language not offered yet too)
 *
 * Reads indicators/network.yaml and app/locales/<lang>/<ns>.json; exits 1 when a problem is found.
 * See app/i18n/check.ts for what is checked.
 */
import fs from "node:fs";
import path from "node:path";
import { checkCatalogues, missingStrings } from "#app/i18n/check";
import { DEFAULT_CATALOGUES_DIR, DEFAULT_LANGUAGE_CONFIG, hasCatalogues, LanguageSetupError, readCatalogue, readLanguageSettings } from "#app/i18n/setup.server";
import type { Catalogue } from "#app/i18n/translate";

/** Prefixes of keys the code builds from data, each with the reason. */
const DYNAMIC_KEYS_FILE = path.join(DEFAULT_CATALOGUES_DIR, "dynamic-keys.json");

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const where = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "locales" && entry.name !== "node_modules") sourceFiles(where, out);
    } else if (/\.(tsx?|jsx?|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(where);
  }
  return out;
}

function main(argv: string[]): number {
  const mode = argv[0] === "missing" ? "missing" : "check";
  const args = argv.slice(mode === "missing" ? 1 : 0);
  const settings = readLanguageSettings(DEFAULT_LANGUAGE_CONFIG, DEFAULT_CATALOGUES_DIR);
  const base = readCatalogue(DEFAULT_CATALOGUES_DIR, settings.defaultLanguage);

  if (mode === "missing") {
    const at = args.indexOf("--lang");
    const lang = at >= 0 ? args[at + 1] : undefined;
    if (!lang || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) {
      console.error("usage: npm run i18n:missing -- --lang <language tag> [--json]");
      return 2;
    }
    const catalogue = hasCatalogues(DEFAULT_CATALOGUES_DIR, lang) ? readCatalogue(DEFAULT_CATALOGUES_DIR, lang) : undefined;
    const missing = missingStrings(base, catalogue, lang);
    if (args.includes("--json")) {
      const out: Catalogue = {};
      for (const { key, text } of missing) {
        const ns = key.slice(0, key.indexOf("."));
        (out[ns] ??= {})[key.slice(ns.length + 1)] = text;
      }
      console.log(JSON.stringify(out, null, 2));
    } else {
      for (const { key, text } of missing) {
        const ns = key.slice(0, key.indexOf("."));
        console.log(`${path.join(DEFAULT_CATALOGUES_DIR, lang, `${ns}.json`)}\t${key.slice(ns.length + 1)}\t${JSON.stringify(text)}`);
      }
      console.log(`${missing.length} string${missing.length === 1 ? "" : "s"} missing in ${lang}${settings.languages.includes(lang) ? "" : ` (not offered yet: list it in ${DEFAULT_LANGUAGE_CONFIG} when done)`}`);
    }
    return 0;
  }

  const catalogues: Record<string, Catalogue> = {};
  for (const lang of settings.languages) catalogues[lang] = readCatalogue(DEFAULT_CATALOGUES_DIR, lang);
  const sources = sourceFiles("app").map((f) => fs.readFileSync(f, "utf8"));
  const dynamicPrefixes = JSON.parse(fs.readFileSync(DYNAMIC_KEYS_FILE, "utf8")) as Record<string, string>;
  const problems = checkCatalogues({ languages: settings.languages, defaultLanguage: settings.defaultLanguage, catalogues, sources, dynamicPrefixes });
  for (const p of problems) console.log(`${p.kind.padEnd(12)} ${p.key}: ${p.message}`);
  const strings = Object.values(base).reduce((n, ns) => n + Object.keys(ns).length, 0);
  console.log(`i18n:check: ${settings.languages.length} languages, ${Object.keys(base).length} namespaces, ${strings} strings in ${settings.defaultLanguage}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  return problems.length ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof LanguageSetupError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
