import { defaultLocale, type Locale } from "#app/i18n/locales";

/** "Basic social balance 2025.1" in the reader's language (see versionNames), the id when unknown. */
export function versionName(names: Readonly<Record<string, { title: Readonly<Record<string, string>>; version: string }>>, versionId: string, locale: Locale): string {
  const name = names[versionId];
  const title = name?.title[locale] ?? name?.title[defaultLocale];
  return title ? `${title} ${name.version}` : versionId;
}
