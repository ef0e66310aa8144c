/**
 * Every page's <title>: the deepest route's `handle.title`, in the reader's language, then
 * "· Bilan" ("Membres · Bilan"). Pure: the root's meta function calls it with Remix's matches.
 *
 * A handle's title is a message key, or a function of the route's data and the language giving
 * a text or a key with its parameters (an organisation's name, a section's title).
 */
import { isLocale, defaultLocale, type Locale } from "#app/i18n/locales";
import { translate, type MessageParams } from "#app/i18n/translate";

export type PageTitle = string | ((data: any, locale: Locale) => string | { key: string; params?: MessageParams } | null | undefined);

export interface TitleHandle {
  title: PageTitle;
}

interface MatchLike {
  id: string;
  data?: unknown;
  handle?: unknown;
}

export const SITE_NAME = "Bilan";

export function pageTitle(matches: ReadonlyArray<MatchLike | undefined>): string {
  const root = matches.find((m) => m?.id === "root")?.data as { locale?: unknown } | undefined;
  const locale: Locale = isLocale(root?.locale) ? root.locale : defaultLocale;
  for (let i = matches.length - 1; i >= 0; i--) {
    const match = matches[i];
    const title = (match?.handle as Partial<TitleHandle> | undefined)?.title;
    if (!match || title === undefined) continue;
    let text: string | null | undefined;
    if (typeof title === "string") text = translate(locale, title);
    else if (match.data !== undefined && match.data !== null) {
      const made = title(match.data, locale);
      text = typeof made === "string" || made == null ? made : translate(locale, made.key, made.params);
    }
    if (text) return `${text} · ${SITE_NAME}`;
  }
  return SITE_NAME;
}
