/**
 * The languages this installation offers. They are data (indicators/network.yaml, validated at
 * start by app/i18n/setup.server.ts), not code: on the server they are set once when the
 * configuration is read, in the browser from the root loader's data before the first render.
 * See docs/decisions/0720-interface-strings-in-i18next-catalogues.md and 0721.
 *
 * Pure module: safe on the server and in the browser.
 */

/** A BCP 47 language tag the installation offers ("en", "fr", "pt-BR"), checked against the configuration. */
export type Locale = string;

export interface LanguageSettings {
  /** The offered languages, in the order the switcher lists them. */
  languages: readonly Locale[];
  /** The language of a request that asks for none of them, and the last fallback of every string. */
  defaultLanguage: Locale;
  /** Each language's name in that language ("Français"). */
  names: Readonly<Record<Locale, string>>;
  /** Per language, the languages a missing string is taken from before the default ("ca": ["es"]). */
  fallbacks: Readonly<Record<Locale, readonly Locale[]>>;
  /** Per language, the tag whose conventions dates are written in ("en": "en-GB", "1 May 2026"). */
  formatting: Readonly<Record<Locale, string>>;
}

// Live bindings: every importer sees the configured values once setLanguageSettings ran.
export let locales: readonly Locale[] = [];
export let defaultLocale: Locale = "en";
export let localeNames: Readonly<Record<Locale, string>> = {};
let fallbackOf: Readonly<Record<Locale, readonly Locale[]>> = {};
let formattingOf: Readonly<Record<Locale, string>> = {};

export function setLanguageSettings(settings: LanguageSettings) {
  locales = [...settings.languages];
  defaultLocale = settings.defaultLanguage;
  localeNames = { ...settings.names };
  fallbackOf = { ...settings.fallbacks };
  formattingOf = { ...settings.formatting };
}

/** The tag dates of `locale` are formatted with: its configured conventions, or itself. */
export function formattingLocale(locale: Locale): string {
  return formattingOf[locale] ?? locale;
}

export function languageSettings(): LanguageSettings {
  return { languages: locales, defaultLanguage: defaultLocale, names: localeNames, fallbacks: fallbackOf, formatting: formattingOf };
}

/** The languages a string of `locale` is looked up in, in order: itself, its fallbacks, the default. */
export function fallbackChain(locale: Locale): Locale[] {
  const chain = [locale, ...(fallbackOf[locale] ?? []), defaultLocale];
  return chain.filter((l, i) => chain.indexOf(l) === i);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && locales.includes(value);
}

/** Picks the best offered language from an Accept-Language header ("fr-CA" picks "fr-CA", then "fr"). */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .slice(0, 50)
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const offered = new Map(locales.map((l) => [l.toLowerCase(), l]));
  for (const { tag } of ranked) {
    const exact = offered.get(tag);
    if (exact) return exact;
    const base = offered.get(tag.split("-")[0]);
    if (base) return base;
  }
  return undefined;
}
