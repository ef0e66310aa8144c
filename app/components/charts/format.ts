import type { Locale } from "#app/i18n/locales";
import { formatNumber, type Translate } from "#app/i18n/translate";

/** An indicator value with its unit, in the reader's language. */
export function formatValue(locale: Locale, t: Translate, value: number | null, unit: string | null): string {
  if (value === null) return "—";
  if (unit === "boolean") return value >= 0.5 ? t("report.yes") : t("report.no");
  if (unit === "percent") return `${formatNumber(locale, value)} %`;
  if (unit === "eur") return `${formatNumber(locale, value)} €`;
  if (!unit || unit === "ratio" || unit === "points" || unit === "count") return formatNumber(locale, value);
  return `${formatNumber(locale, value)} ${t(`units.${unit}`)}`;
}

/** One object for every score: formatNumber keeps its formatter by the object. */
const SCORE_FORMAT: Intl.NumberFormatOptions = { maximumFractionDigits: 1, minimumFractionDigits: 1 };

export function formatScore(locale: Locale, value: number | null): string {
  return value === null ? "—" : formatNumber(locale, value, SCORE_FORMAT);
}
