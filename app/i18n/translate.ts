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
    params[name] === undefined ? match : formatParam(locale, params[name]),
  );
}

function formatParam(locale: Locale, value: string | number) {
  return typeof value === "number" ? formatNumber(locale, value) : value;
}

export function makeTranslate(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, ...options }).format(value);
}

export function formatDate(locale: Locale, value: Date | string, options?: Intl.DateTimeFormatOptions) {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC", ...options }).format(date);
}

export function formatDateTime(locale: Locale, value: Date | string) {
  return formatDate(locale, value, { dateStyle: "medium", timeStyle: "short" });
}
