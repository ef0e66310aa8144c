import { z } from "zod";
import type { Locale } from "#app/i18n/locales";

const Label = z.object({ en: z.string().min(1), fr: z.string().min(1), ca: z.string().min(1), es: z.string().min(1) });
const Entry = z.object({ id: z.string().regex(/^[a-z0-9_]+$/), label: Label });

export const TaxonomiesSchema = z
  .object({
    legal_forms: z.array(Entry).min(1),
    sectors: z.array(Entry).min(1),
    regions: z.array(Entry).min(1),
    size_bands: z.array(Entry.extend({ max: z.number().int().min(0).optional() })).min(1),
  })
  .superRefine((t, ctx) => {
    for (const key of ["legal_forms", "sectors", "regions", "size_bands"] as const) {
      const ids = t[key].map((e) => e.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: [key], message: "duplicate ids" });
    }
    const last = t.size_bands[t.size_bands.length - 1];
    if (last.max !== undefined) ctx.addIssue({ code: "custom", path: ["size_bands"], message: "the last band has no max" });
  });

export type Taxonomies = z.infer<typeof TaxonomiesSchema>;
export type TaxonomyName = "legal_forms" | "sectors" | "regions" | "size_bands";

/** The band whose range holds the headcount. */
export function sizeBandFor(taxonomies: Taxonomies, headcount: number): string {
  for (const band of taxonomies.size_bands) {
    if (band.max === undefined || headcount <= band.max) return band.id;
  }
  return taxonomies.size_bands[taxonomies.size_bands.length - 1].id;
}

export function taxonomyLabel(taxonomies: Taxonomies, name: TaxonomyName, id: string, locale: Locale): string {
  return taxonomies[name].find((e) => e.id === id)?.label[locale] ?? id;
}

export function taxonomyOptions(taxonomies: Taxonomies, name: TaxonomyName, locale: Locale) {
  return taxonomies[name].map((e) => ({ id: e.id, label: e.label[locale] }));
}
