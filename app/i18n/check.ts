/**
 * The translation check (`npm run i18n:check`, in CI) and the translators' list of missing
 * strings (`npm run i18n:missing -- --lang fr`). Pure: the caller reads the catalogues and the
 * source files (app/cli/i18n-check.ts).
 *
 * - Every key of the default language exists in every offered language, not empty.
 * - No language has a key the default language lacks.
 * - The placeholders (`{{name}}`, `{{count, number}}`: the names) are the same in every language.
 * - A plural key (`key_one`, `key_other`, ...) has every form its language's Intl.PluralRules uses.
 * - Every key is used by the code, and every key the code names exists. A key is used when the
 *   source holds it as a string literal ("report.total"); a dynamic key names its fixed part in a
 *   template literal (`admin.audit.${action}` uses every `admin.audit.*` key), which must go at
 *   least one step past the namespace; keys built from data are listed in app/locales/dynamic-keys.json.
 */
import type { Catalogue } from "./translate";

export type Problem = { kind: "missing" | "extra" | "empty" | "placeholders" | "plural" | "unused" | "unknown"; language?: string; key: string; message: string };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The names of a string's placeholders, sorted ("{{count, number}} of {{total}}" -> count, total). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
}

/** The plural forms a language uses for cardinal numbers ("en": one, other; "fr": many, one, other). */
export function pluralForms(language: string): string[] {
  return [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
}

/** One namespace's keys grouped: plain keys, and plural bases with the forms present. */
function group(strings: Record<string, string>) {
  const plain = new Map<string, string>();
  const plurals = new Map<string, Map<string, string>>();
  for (const [key, text] of Object.entries(strings)) {
    const m = PLURAL_SUFFIX.exec(key);
    if (m && ("other" === m[1] || `${key.slice(0, m.index)}_other` in strings)) {
      const base = key.slice(0, m.index);
      if (!plurals.has(base)) plurals.set(base, new Map());
      plurals.get(base)!.set(m[1], text);
    } else plain.set(key, text);
  }
  return { plain, plurals };
}

/** What `language` lacks compared with the default language: key -> the default's text. */
export function missingStrings(defaultCatalogue: Catalogue, catalogue: Catalogue | undefined, language: string): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  for (const [ns, strings] of Object.entries(defaultCatalogue)) {
    const mine = catalogue?.[ns] ?? {};
    const { plain, plurals } = group(strings);
    for (const [key, text] of plain) if (!mine[key]?.trim()) out.push({ key: `${ns}.${key}`, text });
    for (const [base, forms] of plurals) {
      const sample = forms.get("other") ?? [...forms.values()][0];
      for (const form of pluralForms(language)) {
        if (!mine[`${base}_${form}`]?.trim()) out.push({ key: `${ns}.${base}_${form}`, text: forms.get(form) ?? sample });
      }
    }
  }
  return out;
}

/** Every key the source uses, and the fixed parts of dynamic keys, over the given namespaces. */
export function keysInSource(sources: readonly string[], namespaces: readonly string[]) {
  const nsSet = new Set(namespaces);
  const literals = new Set<string>();
  const called = new Set<string>();
  const prefixes = new Set<string>();
  for (const source of sources) {
    // t("ns.key"), translate(locale, "ns.key"): keys that must exist (other literals may be audit actions)
    for (const m of source.matchAll(/\b(?:t|translate\(\s*[\w.?]+\s*,)\(?\s*"([a-z][a-zA-Z0-9-]*)\.([A-Za-z0-9_.-]+)"/g)) {
      if (nsSet.has(m[1])) called.add(`${m[1]}.${m[2]}`);
    }
    for (const m of source.matchAll(/["'`]([a-z][a-zA-Z0-9-]*)\.([A-Za-z0-9_.-]+)["'`]/g)) {
      if (nsSet.has(m[1])) literals.add(`${m[1]}.${m[2]}`);
    }
    for (const m of source.matchAll(/`([a-z][a-zA-Z0-9-]*)\.([A-Za-z0-9_.-]+)\$\{/g)) {
      if (nsSet.has(m[1])) prefixes.add(`${m[1]}.${m[2]}`);
    }
  }
  return { literals, called, prefixes };
}

export function checkCatalogues(input: {
  languages: readonly string[];
  defaultLanguage: string;
  catalogues: Readonly<Record<string, Catalogue>>;
  /** The text of every source file that may name keys (tests excluded). */
  sources: readonly string[];
  /** Prefixes of keys the code builds from data (app/locales/dynamic-keys.json): prefix -> why. */
  dynamicPrefixes?: Readonly<Record<string, string>>;
}): Problem[] {
  const problems: Problem[] = [];
  const base = input.catalogues[input.defaultLanguage] ?? {};
  const namespaces = Object.keys(base);
  for (const language of input.languages) {
    const catalogue = input.catalogues[language] ?? {};
    for (const { key } of missingStrings(base, catalogue, language)) {
      const [ns, k] = [key.slice(0, key.indexOf(".")), key.slice(key.indexOf(".") + 1)];
      const present = catalogue[ns]?.[k] !== undefined;
      const plural = PLURAL_SUFFIX.test(k) && group(base[ns]).plurals.has(k.replace(PLURAL_SUFFIX, ""));
      problems.push({
        kind: present ? "empty" : plural ? "plural" : "missing",
        language,
        key,
        message: present ? `empty in ${language}` : plural ? `plural form "${k.match(PLURAL_SUFFIX)![1]}" missing in ${language} (${language} uses ${pluralForms(language).join(", ")})` : `missing in ${language}`,
      });
    }
    for (const [ns, strings] of Object.entries(catalogue)) {
      const reference = base[ns];
      const { plain, plurals } = group(strings);
      const ref = reference ? group(reference) : { plain: new Map<string, string>(), plurals: new Map<string, Map<string, string>>() };
      for (const [key, text] of plain) {
        const refText = ref.plain.get(key);
        if (refText === undefined) {
          problems.push({ kind: "extra", language, key: `${ns}.${key}`, message: `in ${language} but not in ${input.defaultLanguage}` });
        } else if (placeholders(text).join() !== placeholders(refText).join()) {
          problems.push({ kind: "placeholders", language, key: `${ns}.${key}`, message: `placeholders {${placeholders(text).join(", ")}} in ${language}, {${placeholders(refText).join(", ")}} in ${input.defaultLanguage}` });
        }
      }
      for (const [key, forms] of plurals) {
        const refForms = ref.plurals.get(key);
        if (!refForms) {
          problems.push({ kind: "extra", language, key: `${ns}.${key}_*`, message: `plural in ${language} but not in ${input.defaultLanguage}` });
          continue;
        }
        const expected = placeholders(refForms.get("other") ?? [...refForms.values()][0]).join();
        for (const [form, text] of forms) {
          if (!pluralForms(language).includes(form)) {
            problems.push({ kind: "extra", language, key: `${ns}.${key}_${form}`, message: `${language} has no plural form "${form}" (it uses ${pluralForms(language).join(", ")})` });
          } else if (placeholders(text).filter((p) => p !== "count").join() !== expected.split(",").filter((p) => p && p !== "count").join()) {
            problems.push({ kind: "placeholders", language, key: `${ns}.${key}_${form}`, message: `placeholders {${placeholders(text).join(", ")}} in ${language}, {${expected}} in ${input.defaultLanguage}` });
          }
        }
      }
    }
  }
  const { literals, called, prefixes } = keysInSource(input.sources, namespaces);
  for (const prefix of Object.keys(input.dynamicPrefixes ?? {})) prefixes.add(prefix);
  for (const [ns, strings] of Object.entries(base)) {
    const { plain, plurals } = group(strings);
    for (const key of [...plain.keys(), ...plurals.keys()]) {
      const full = `${ns}.${key}`;
      if (literals.has(full) || [...prefixes].some((p) => full.startsWith(p))) continue;
      problems.push({ kind: "unused", key: full, message: "not used by the code (a dynamic key names its fixed part: `ns.prefix.${…}`)" });
    }
  }
  for (const key of called) {
    const ns = key.slice(0, key.indexOf("."));
    const k = key.slice(ns.length + 1);
    const { plain, plurals } = group(base[ns] ?? {});
    if (plain.has(k) || plurals.has(k)) continue;
    // a literal that is a prefix of keys (`"report.outcome_" + x`) or a key with its plural form
    if ([...plain.keys(), ...plurals.keys()].some((x) => x.startsWith(k)) || PLURAL_SUFFIX.test(k)) continue;
    problems.push({ kind: "unknown", key, message: `used by the code but not in ${input.defaultLanguage}` });
  }
  return problems;
}
