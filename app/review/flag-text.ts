import type { Locale } from "#app/i18n/locales";

/**
 * The parameters of a flag's text as a reviewer reads them: an axis by its title in the reader's
 * language ("Environmental sustainability"), not its id ("environment"). Pure.
 */
export function flagTextParams(
  detail: Record<string, string | number>,
  axes: ReadonlyArray<{ id: string; title: Partial<Record<Locale, string>> }>,
  locale: Locale,
): Record<string, string | number> {
  const title = (id: string | number) => {
    const axis = axes.find((a) => a.id === String(id));
    return axis?.title[locale] ?? axis?.title.en ?? String(id);
  };
  const params = { ...detail };
  if (detail.axis !== undefined) params.axis = title(detail.axis);
  if (typeof detail.axes === "string") params.axes = detail.axes.split(",").map(title).join(", ");
  return params;
}
