import { useRouteLoaderData } from "@remix-run/react";
import { defaultLocale, isLocale, type Locale } from "./locales";
import { makeTranslate, type Translate } from "./translate";

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: string } | undefined;
  return isLocale(data?.locale) ? data.locale : defaultLocale;
}

export function useT(): Translate {
  return makeTranslate(useLocale());
}
