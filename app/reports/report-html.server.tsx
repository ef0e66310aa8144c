import { ReportBody } from "#app/components/charts/report-view";
import type { Locale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import type { ReportSource } from "#app/models/reports.server";
import { markupCache } from "#app/utils/markup-cache.server";

/**
 * The report's body as HTML for <ServerHtml>: rendered once per set of sources (see ReportSource),
 * the report itself built only then.
 */
export function reportBodyHtml(source: ReportSource, locale: Locale): Promise<string> {
  return markupCache.renderStatic(["report", source.key], async () => <ReportBody data={await source.build()} locale={locale} t={makeTranslate(locale)} />);
}
