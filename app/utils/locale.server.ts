import { isLocale, localeFromAcceptLanguage, defaultLocale, type Locale } from "#app/i18n/locales";
import { readCookieHeader, serializeCookie } from "./cookies.server";

export const LOCALE_COOKIE = "bilan_lang";

/** The account's language, then the one chosen with the switcher, then the browser's. */
export function resolveLocale(request: Request, user?: { locale: string } | null): Locale {
  if (user && isLocale(user.locale)) return user.locale;
  return localeOfHeaders((name) => request.headers.get(name));
}

/** The language of an anonymous request from its headers alone (the switcher's cookie, then the browser's). */
export function localeOfHeaders(header: (name: string) => string | null | undefined): Locale {
  const chosen = readCookieHeader(header("cookie"), LOCALE_COOKIE);
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(header("accept-language")) ?? defaultLocale;
}

export function localeCookie(locale: Locale) {
  return serializeCookie(LOCALE_COOKIE, locale, { maxAge: 365 * 24 * 3600 });
}
