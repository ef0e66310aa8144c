import { defaultLocale, type Locale } from "./locales";
import { messages } from "./messages/index";

export type MessageParams = Record<string, string | number>;
export type Translate = (key: string, params?: MessageParams) => string;

/** Looks a key up in the locale's messages; `{name}` placeholders take the params. */
export function translate(locale: Locale, key: string, params?: MessageParams): string {
  const template = messages[locale][key] ?? messages[defaultLocale][key];
  if (template === undefined) return key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    params[name] === undefined ? match : formatParam(locale, name, params[name]),
  );
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

export function formatDate(locale: Locale, value: Date | string, options?: Intl.DateTimeFormatOptions) {
  const date = typeof value === "string" ? new Date(value) : value;
  const all: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "UTC", ...options };
  return cached(dateFormats, `${locale}|${JSON.stringify(all)}`, () => new Intl.DateTimeFormat(locale, all)).format(date);
}

export function formatDateTime(locale: Locale, value: Date | string) {
  return formatDate(locale, value, { dateStyle: "medium", timeStyle: "short" });
}
