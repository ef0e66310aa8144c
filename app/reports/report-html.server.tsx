import { AxisProgressChart, IndicatorProgress, ReportBody, type ReportData } from "#app/components/charts/report-view";
import type { Locale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import type { ChartProgress } from "#app/reports/progress";
import type { ReportSource } from "#app/models/reports.server";
import { markupCache } from "#app/utils/markup-cache.server";

/**
 * The report's body as HTML for <ServerHtml>: rendered once per set of sources (see ReportSource),
 * the report itself built only then.
 */
export function reportBodyHtml(source: ReportSource, locale: Locale): Promise<string> {
  return markupCache.renderStatic(["report", source.key], async () => <ReportBody data={await source.build()} locale={locale} t={makeTranslate(locale)} />);
}

/**
 * A report already built (a funder's view of the shared years) as HTML, rendered once per report:
 * its charts (recharts, decision 0820) are drawn on the server only and never shipped to the browser.
 */
export function reportDataHtml(data: ReportData, locale: Locale): Promise<string> {
  return markupCache.renderStatic(["report-data", locale, data], async () => <ReportBody data={data} locale={locale} t={makeTranslate(locale)} />);
}

/** The progress page's charts as HTML, drawn on the server like the report's. */
export function progressHtml(input: { progress: ChartProgress; codeInfo: Record<string, { label: string; unit: string }>; axisTitles: Record<string, string> }, locale: Locale): Promise<string> {
  const t = makeTranslate(locale);
  return markupCache.renderStatic(["progress", locale, input], async () => (
    <>
      <section aria-labelledby="axes-progress-title">
        <h2 id="axes-progress-title">{t("report.axesOverYears")}</h2>
        <AxisProgressChart progress={input.progress} axisTitles={input.axisTitles} t={t} locale={locale} />
      </section>
      <section aria-labelledby="indicators-progress-title">
        <h2 id="indicators-progress-title">{t("report.indicatorsOverYears")}</h2>
        <IndicatorProgress progress={input.progress} codeInfo={input.codeInfo} locale={locale} t={t} />
      </section>
    </>
  ));
}
