import { useRouteLoaderData } from "@remix-run/react";
import { addCatalogue, hasCatalogue, makeTranslate, type Catalogue, type Translate } from "./translate";
import { defaultLocale, isLocale, locales, setLanguageSettings, type LanguageSettings, type Locale } from "./locales";

/** What the root loader sends for the page's language (see app/i18n/page-catalogue.server.ts). */
export interface PageI18n {
  locale: Locale;
  settings: LanguageSettings;
  /** The page's language's strings, each missing one already taken from its fallbacks. */
  catalogue: Catalogue;
}

/**
 * In the browser, puts the root loader's languages and strings in place before anything renders
 * (the root Layout calls it first); on the server they are already there.
 */
export function installCatalogues(i18n: PageI18n | undefined) {
  if (!i18n || typeof document === "undefined") return;
  if (locales.length === 0 || !locales.includes(i18n.locale)) setLanguageSettings(i18n.settings);
  if (!hasCatalogue(i18n.locale)) addCatalogue(i18n.locale, i18n.catalogue);
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: string } | undefined;
  return isLocale(data?.locale) ? data.locale : defaultLocale;
}

/** `t("ns.key", params)` in the reader's language. */
export function useT(): Translate {
  return makeTranslate(useLocale());
}
