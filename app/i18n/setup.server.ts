/**
 * Reads the installation's languages (indicators/network.yaml) and every offered language's
 * interface catalogues (app/locales/<lang>/<ns>.json) from disk, once, when the server (or a test
 * run) imports this module. A mistake stops the start with its file and line.
 */
import fs from "node:fs";
import path from "node:path";
import { formatConfigErrors, parseLanguageConfig } from "./languages";
import { setLanguageSettings, type LanguageSettings } from "./locales";
import { addCatalogue, resetCatalogues, type Catalogue } from "./translate";

export const DEFAULT_LANGUAGE_CONFIG = "indicators/network.yaml";
export const DEFAULT_CATALOGUES_DIR = "app/locales";

/** The largest catalogue file read: the biggest shipped one is under 30 kB. */
const MAX_CATALOGUE_BYTES = 2_000_000;

export class LanguageSetupError extends Error {}

/** Every `<dir>/<lang>/<ns>.json` of one language, parsed and checked (flat: key -> text). */
export function readCatalogue(dir: string, lang: string): Catalogue {
  const langDir = path.join(dir, lang);
  const catalogue: Catalogue = {};
  for (const file of fs.readdirSync(langDir).filter((f) => f.endsWith(".json")).sort()) {
    const where = path.join(langDir, file);
    if (fs.statSync(where).size > MAX_CATALOGUE_BYTES) throw new LanguageSetupError(`${where}: larger than ${MAX_CATALOGUE_BYTES} bytes`);
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(where, "utf8"));
    } catch (error) {
      throw new LanguageSetupError(`${where}: not JSON (${(error as Error).message})`);
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) throw new LanguageSetupError(`${where}: should hold one object of "key": "text"`);
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== "string") throw new LanguageSetupError(`${where}: "${key}" should be a text`);
    }
    catalogue[file.slice(0, -".json".length)] = data as Record<string, string>;
  }
  return catalogue;
}

export function hasCatalogues(dir: string, lang: string): boolean {
  const langDir = path.join(dir, lang);
  return fs.existsSync(langDir) && fs.readdirSync(langDir).some((f) => f.endsWith(".json"));
}

/** Reads and validates the configuration file (throws a LanguageSetupError naming file and line). */
export function readLanguageSettings(configFile = DEFAULT_LANGUAGE_CONFIG, cataloguesDir = DEFAULT_CATALOGUES_DIR): LanguageSettings {
  let text: string;
  try {
    text = fs.readFileSync(configFile, "utf8");
  } catch (error) {
    throw new LanguageSetupError(`${configFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const result = parseLanguageConfig(text, configFile, (lang) => hasCatalogues(cataloguesDir, lang));
  if (!result.ok) throw new LanguageSetupError(`the language configuration is not valid:\n${formatConfigErrors(result.errors)}`);
  return result.settings;
}

/** Sets the offered languages and loads their catalogues (replacing any loaded before). */
export function loadLanguages(configFile = DEFAULT_LANGUAGE_CONFIG, cataloguesDir = DEFAULT_CATALOGUES_DIR): LanguageSettings {
  const settings = readLanguageSettings(configFile, cataloguesDir);
  const catalogues = settings.languages.map((lang) => [lang, readCatalogue(cataloguesDir, lang)] as const);
  resetCatalogues();
  setLanguageSettings(settings);
  for (const [lang, catalogue] of catalogues) addCatalogue(lang, catalogue);
  return settings;
}

try {
  loadLanguages();
} catch (error) {
  // a start with a broken configuration stops here, with the file and line, not a stack
  if (!(error instanceof LanguageSetupError) || process.env.NODE_ENV === "test") throw error;
  console.error(`bilan: ${error.message}`);
  process.exit(1);
}
