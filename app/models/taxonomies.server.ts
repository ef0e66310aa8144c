/**
 * Organisations and the taxonomies file: at start, an entry in use that the file no longer has
 * is either mapped to its successor (under `retired:`), applied to the organisations and kept
 * in their history, or it stops the start with the file and the entry named.
 */
import { and, count, eq, notInArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { organisations, organisationTaxonomyChanges } from "#db/schema/index";
import { CHOSEN_TAXONOMIES, planTaxonomyChanges, sizeBandFor, type ChosenTaxonomy } from "#app/utils/taxonomies";
import { getTaxonomies, taxonomiesFile } from "#app/utils/taxonomies.server";
import { log } from "#app/utils/log.server";
import { markAllBenchmarksStale } from "./benchmarks.server";

export class TaxonomiesError extends Error {}

const FIELD = { legal_forms: "legalForm", sectors: "sector", regions: "region" } as const;
const COLUMN = {
  legal_forms: organisations.legalForm,
  sectors: organisations.sector,
  regions: organisations.region,
} as const;

export async function applyTaxonomyChanges(): Promise<{ moved: number }> {
  const taxonomies = getTaxonomies();
  const db = await getDb();
  const inUse: { taxonomy: ChosenTaxonomy; id: string; organisations: number }[] = [];
  for (const taxonomy of CHOSEN_TAXONOMIES) {
    const column = COLUMN[taxonomy];
    const rows = await db
      .select({ id: column, n: count() })
      .from(organisations)
      .where(notInArray(column, taxonomies[taxonomy].map((e) => e.id)))
      .groupBy(column);
    for (const r of rows) inUse.push({ taxonomy, id: r.id, organisations: r.n });
  }
  const { moves, unknown } = planTaxonomyChanges(taxonomies, inUse);
  if (unknown.length) {
    const file = taxonomiesFile();
    throw new TaxonomiesError(
      `Bilan cannot start: ${file} no longer has entries that organisations use.\n` +
        unknown.map((u) => `  ${file}: ${u.taxonomy}: "${u.id}" (${u.organisations} organisations)`).join("\n") +
        `\nPut them back, or map each to its successor under retired.<taxonomy> (- id: ${unknown[0].id}\n    replaced_by: <new id>).`,
    );
  }

  let moved = 0;
  let bands = 0;
  await db.transaction(async (tx) => {
    for (const m of moves) {
      const column = COLUMN[m.taxonomy];
      const changed = await tx
        .update(organisations)
        .set({ [FIELD[m.taxonomy]]: m.to })
        .where(eq(column, m.from))
        .returning({ id: organisations.id });
      if (changed.length) {
        await tx.insert(organisationTaxonomyChanges).values(changed.map((o) => ({ organisationId: o.id, taxonomy: m.taxonomy, fromId: m.from, toId: m.to })));
      }
      moved += changed.length;
    }
    // size bands follow from the headcount: a band taken out is recomputed
    const stale = await tx
      .select({ id: organisations.id, sizeBand: organisations.sizeBand, headcount: organisations.headcount })
      .from(organisations)
      .where(notInArray(organisations.sizeBand, taxonomies.size_bands.map((b) => b.id)));
    for (const o of stale) {
      const band = sizeBandFor(taxonomies, o.headcount);
      await tx.update(organisations).set({ sizeBand: band }).where(and(eq(organisations.id, o.id), eq(organisations.sizeBand, o.sizeBand)));
      await tx.insert(organisationTaxonomyChanges).values({ organisationId: o.id, taxonomy: "size_bands", fromId: o.sizeBand, toId: band });
      moved++;
      bands++;
    }
    // legal forms moved: the benchmarks by legal form follow at their next computation
    if (moves.some((m) => m.taxonomy === "legal_forms")) await markAllBenchmarksStale(tx);
  });
  if (moved) {
    const parts = moves.map((m) => `${m.taxonomy} ${m.from} -> ${m.to} (${m.organisations})`);
    if (bands) parts.push(`size_bands recomputed from the headcount (${bands})`);
    log.info(`Bilan: ${moved} organisation profile entries moved from retired taxonomy entries: ${parts.join(", ")}`);
  }
  return { moved };
}

/** An organisation's taxonomy changes, oldest first. */
export async function listTaxonomyChanges(organisationId: string) {
  const db = await getDb();
  return db
    .select({
      taxonomy: organisationTaxonomyChanges.taxonomy,
      fromId: organisationTaxonomyChanges.fromId,
      toId: organisationTaxonomyChanges.toId,
      changedAt: organisationTaxonomyChanges.changedAt,
    })
    .from(organisationTaxonomyChanges)
    .where(eq(organisationTaxonomyChanges.organisationId, organisationId))
    .orderBy(organisationTaxonomyChanges.id);
}
