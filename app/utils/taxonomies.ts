import { z } from "zod";
import type { Locale } from "#app/i18n/locales";
import { LocalizedTextSchema } from "#app/questionnaires/schema";

/** A label in every language the installation offers (as a definition's texts). */
const Label = LocalizedTextSchema;
const entryId = z.string().regex(/^[a-z0-9_]+$/);
const Entry = z.object({ id: entryId, label: Label });
/** An entry taken out: organisations that had it move to `replaced_by` at the next start. */
const Retired = z.strictObject({ id: entryId, replaced_by: entryId, label: Label.optional() });

/** The taxonomies an organisation chooses from (size bands follow from the headcount). */
export const CHOSEN_TAXONOMIES = ["legal_forms", "sectors", "regions"] as const;
export type ChosenTaxonomy = (typeof CHOSEN_TAXONOMIES)[number];

export const TaxonomiesSchema = z
  .object({
    legal_forms: z.array(Entry).min(1),
    sectors: z.array(Entry).min(1),
    regions: z.array(Entry).min(1),
    size_bands: z.array(Entry.extend({ max: z.number().int().min(0).optional() })).min(1),
    retired: z
      .strictObject({
        legal_forms: z.array(Retired).optional(),
        sectors: z.array(Retired).optional(),
        regions: z.array(Retired).optional(),
      })
      .optional(),
  })
  .superRefine((t, ctx) => {
    for (const key of ["legal_forms", "sectors", "regions", "size_bands"] as const) {
      const ids = t[key].map((e) => e.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: [key], message: "duplicate ids" });
    }
    for (const key of CHOSEN_TAXONOMIES) {
      const active = new Set(t[key].map((e) => e.id));
      (t.retired?.[key] ?? []).forEach((r, i) => {
        if (active.has(r.id)) {
          ctx.addIssue({ code: "custom", path: ["retired", key, i, "id"], message: `"${r.id}" is still an entry of ${key}` });
        }
        if (!active.has(r.replaced_by)) {
          ctx.addIssue({ code: "custom", path: ["retired", key, i, "replaced_by"], message: `"${r.replaced_by}" is not an entry of ${key}` });
        }
      });
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
  const retired = name === "size_bands" ? undefined : taxonomies.retired?.[name]?.find((e) => e.id === id)?.label;
  return taxonomies[name].find((e) => e.id === id)?.label[locale] ?? retired?.[locale] ?? id;
}

/** Entries in use by organisations that the taxonomies no longer have: moved, or unknown. */
export function planTaxonomyChanges(
  taxonomies: Taxonomies,
  inUse: ReadonlyArray<{ taxonomy: ChosenTaxonomy; id: string; organisations: number }>,
): {
  moves: { taxonomy: ChosenTaxonomy; from: string; to: string; organisations: number }[];
  unknown: { taxonomy: ChosenTaxonomy; id: string; organisations: number }[];
} {
  const moves: { taxonomy: ChosenTaxonomy; from: string; to: string; organisations: number }[] = [];
  const unknown: { taxonomy: ChosenTaxonomy; id: string; organisations: number }[] = [];
  for (const u of inUse) {
    if (taxonomies[u.taxonomy].some((e) => e.id === u.id)) continue;
    const retired = taxonomies.retired?.[u.taxonomy]?.find((r) => r.id === u.id);
    if (retired) moves.push({ taxonomy: u.taxonomy, from: u.id, to: retired.replaced_by, organisations: u.organisations });
    else unknown.push(u);
  }
  return { moves, unknown };
}

export function taxonomyOptions(taxonomies: Taxonomies, name: TaxonomyName, locale: Locale) {
  return taxonomies[name].map((e) => ({ id: e.id, label: e.label[locale] }));
}
