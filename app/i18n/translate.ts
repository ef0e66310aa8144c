/**
 * Interface strings through i18next. The catalogues are JSON, one file per language and namespace
 * (app/locales/<lang>/<ns>.json, flat keys); the call sites keep `t("ns.key", params)`: the part
 * before the first dot is the namespace, the rest the key. Plurals are i18next's (`key_one`,
 * `key_other`, ... chosen by Intl.PluralRules from `count`). A string missing in a language comes
 * from its fallbacks, then from the default language, never as a raw key (a key missing
 * everywhere is shown as the key, and `npm run i18n:check` fails on it).
 *
 * The catalogues are given to this module: on the server by app/i18n/setup.server.ts (from disk,
 * every language), in the browser by the root route (the page's language, as the root loader sent
 * it). See docs/decisions/0720-interface-strings-in-i18next-catalogues.md.
 *
 * Pure module: safe on the server and in the browser.
 */
import i18next, { type i18n as I18n } from "i18next";
import { defaultLocale, fallbackChain, formattingLocale, locales, type Locale } from "./locales";

export type MessageParams = Record<string, string | number>;
export type Translate = (key: string, params?: MessageParams) => string;
/** One language's strings: namespace -> key -> text. */
export type Catalogue = Record<string, Record<string, string>>;

let instance: I18n | undefined;
const loaded = new Set<Locale>();

function createInstance(): I18n {
  const created = i18next.createInstance();
  void created.init({
    resources: {},
    lng: defaultLocale,
    fallbackLng: (code: string) => fallbackChain(code).slice(1),
    supportedLngs: false,
    ns: [],
    defaultNS: false,
    keySeparator: false,
    nsSeparator: false,
    returnNull: false,
    returnEmptyString: false,
    initImmediate: false,
    // React escapes text; the catalogues' strings are plain text.
    interpolation: { escapeValue: false },
  });
  return created;
}

function getInstance(): I18n {
  return (instance ??= createInstance());
}

/** Puts one language's strings in place (replacing what that language had). */
export function addCatalogue(locale: Locale, catalogue: Catalogue) {
  const i18n = getInstance();
  for (const [ns, strings] of Object.entries(catalogue)) i18n.addResourceBundle(locale, ns, strings, false, true);
  loaded.add(locale);
}

/** Forgets every catalogue (tests that load another configuration). */
export function resetCatalogues() {
  instance = undefined;
  loaded.clear();
}

export function hasCatalogue(locale: Locale) {
  return loaded.has(locale);
}

/** The strings of `namespaces` in `locale`, each missing one taken from the fallback chain. */
export function catalogueFor(locale: Locale, namespaces?: readonly string[]): Catalogue {
  const i18n = getInstance();
  const out: Catalogue = {};
  const chain = fallbackChain(locale).reverse();
  const names = namespaces ?? [...new Set(chain.flatMap((l) => Object.keys(i18n.store.data[l] ?? {})))];
  for (const ns of names) {
    const merged: Record<string, string> = {};
    for (const l of chain) Object.assign(merged, i18n.getResourceBundle(l, ns) ?? {});
    out[ns] = merged;
  }
  return out;
}

function split(key: string): [string, string] {
  const dot = key.indexOf(".");
  return dot > 0 ? [key.slice(0, dot), key.slice(dot + 1)] : ["common", key];
}

/**
 * The text of `key` ("report.total") in `locale`, its `{{placeholders}}` filled from `params`.
 * Numbers are written in the reader's format ("1,234.5", "1 234,5"), except a `year` (or a name
 * ending in `Year`), which stays "2026"; `count` also picks the plural form.
 */
export function translate(locale: Locale, key: string, params?: MessageParams): string {
  const i18n = getInstance();
  if (loaded.size === 0) {
    throw new Error("interface catalogues are not loaded: import \"#app/i18n/setup.server\" on the server before translating");
  }
  const [ns, rest] = split(key);
  const lng = locales.includes(locale) || loaded.has(locale) ? locale : defaultLocale;
  const options: Record<string, unknown> = { lng, ns };
  if (params) {
    for (const [name, value] of Object.entries(params)) options[name] = formatParam(lng, name, value);
    if (typeof params.count === "number") options.count = params.count;
  }
  const text = i18n.t(rest, { ...options, defaultValue: key });
  return typeof text === "string" ? text : key;
}

/** Numbers in the reader's format ("1,234.5", "1 234,5"); a {year} is a year, never "2,026". */
function formatParam(locale: Locale, name: string, value: string | number) {
  if (typeof value !== "number") return value;
  return name === "year" || name.endsWith("Year") ? String(value) : formatNumber(locale, value);
}

export function makeTranslate(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

// Building an Intl formatter costs far more than formatting with it (a report formats a few
// thousand numbers): keep one per language and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached<F>(formats: Map<string, F>, key: string, create: () => F): F {
  let format = formats.get(key);
  if (!format) {
    if (formats.size > 200) formats.clear();
    formats.set(key, (format = create()));
  }
  return format;
}

/** The formatters of option objects passed again and again (constants), by the object itself. */
const formatsByOptions = new WeakMap<Intl.NumberFormatOptions, Map<Locale, Intl.NumberFormat>>();
const plainFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions) {
  // A report formats thousands of numbers: no key built per call for the common cases.
  let byLocale = options ? formatsByOptions.get(options) : plainFormats;
  if (!byLocale) formatsByOptions.set(options!, (byLocale = new Map()));
  let format = byLocale.get(locale);
  if (!format) {
    const all = { maximumFractionDigits: 2, ...options };
    format = cached(numberFormats, `${locale}|${JSON.stringify(all)}`, () => new Intl.NumberFormat(locale, all));
    byLocale.set(locale, format);
  }
  return format.format(value);
}

/** A year as people write it: "2026" in every language (never "2,026" or "2 026"). */
export function formatYear(year: number) {
  return String(year);
}

export function formatDate(locale: Locale, value: Date | string, options?: Intl.DateTimeFormatOptions) {
  const date = typeof value === "string" ? new Date(value) : value;
  const all: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "UTC", ...options };
  return cached(dateFormats, `${locale}|${JSON.stringify(all)}`, () => new Intl.DateTimeFormat(formattingLocale(locale), all)).format(date);
}

export function formatDateTime(locale: Locale, value: Date | string) {
  return formatDate(locale, value, { dateStyle: "medium", timeStyle: "short" });
}
