import { RemixI18Next } from "remix-i18next/server";
import { isLocale, localeFromAcceptLanguage, defaultLocale, locales, type Locale } from "#app/i18n/locales";
import { readCookieHeader, serializeCookie } from "./cookies.server";

export const LOCALE_COOKIE = "bilan_lang";

/** The language chosen by the person: the account's setting, then the switcher's cookie. */
function chosenLocale(header: (name: string) => string | null | undefined, user?: { locale: string } | null): Locale | undefined {
  if (user && isLocale(user.locale)) return user.locale;
  const chosen = readCookieHeader(header("cookie"), LOCALE_COOKIE);
  return isLocale(chosen) ? chosen : undefined;
}

/**
 * The page's language, detected in the root loader with remix-i18next: the account's setting,
 * then the switcher's cookie, then Accept-Language, then the installation's default. The header
 * is read by our own parser (in the detector's custom step): remix-i18next 6 answers its fallback
 * when the first language asked for is not offered ("de, es" would give English, not Spanish).
 */
export async function detectLocale(request: Request, user?: { locale: string } | null): Promise<Locale> {
  const detector = new RemixI18Next({
    detection: {
      supportedLanguages: [...locales],
      fallbackLanguage: defaultLocale,
      order: ["custom"],
      findLocale: async (r) => resolveLocale(r, user),
    },
  });
  const locale = await detector.getLocale(request);
  return isLocale(locale) ? locale : defaultLocale;
}

/**
 * The same order, synchronously, for the answers given before or outside a page (refusals, the
 * autosave endpoint, the front door): the account's language, the switcher's, the browser's.
 */
export function resolveLocale(request: Request, user?: { locale: string } | null): Locale {
  return chosenLocale((name) => request.headers.get(name), user) ?? localeOfHeaders((name) => request.headers.get(name));
}

/** The language of an anonymous request from its headers alone (the switcher's cookie, then the browser's). */
export function localeOfHeaders(header: (name: string) => string | null | undefined): Locale {
  return chosenLocale(header) ?? localeFromAcceptLanguage(header("accept-language")) ?? defaultLocale;
}

export function localeCookie(locale: Locale) {
  return serializeCookie(LOCALE_COOKIE, locale, { maxAge: 365 * 24 * 3600 });
}
