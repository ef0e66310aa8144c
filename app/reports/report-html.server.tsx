import { ReportBody, type ReportData } from "#app/components/charts/report-view";
import type { Locale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import { markupCache } from "#app/utils/markup-cache.server";

/** The report's body as HTML for <ServerHtml>: rendered once per content and language (see markup-cache). */
export function reportBodyHtml(data: ReportData, locale: Locale): string {
  return markupCache.renderStatic(["report", locale, data], <ReportBody data={data} locale={locale} t={makeTranslate(locale)} />);
}
