/**
 * Taxonomy entries taken out of indicators/taxonomies while organisations use them: the start
 * is refused naming the file and the entries, unless each is mapped to a successor; the mapping
 * is applied to the organisations and kept in their history.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { organisations } from "#db/schema/index";
import { applyTaxonomyChanges, listTaxonomyChanges } from "#app/models/taxonomies.server";
import { TaxonomiesSchema, taxonomyLabel } from "#app/utils/taxonomies";
import { getTaxonomies, resetTaxonomies } from "#app/utils/taxonomies.server";
import { setupTestDatabase } from "./setup/database";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

let dir: string;
let world: World;
let shipped: any;
const file = () => join(dir, "taxonomies.yaml");

/** Writes a taxonomies file and reads it as a new start would. */
async function useTaxonomies(t: unknown) {
  await writeFile(file(), stringify(t));
  resetTaxonomies(file());
}

/** The shipped taxonomies without worker_cooperative and barcelona (the entries the world's organisations use). */
function withoutUsedEntries() {
  const t = structuredClone(shipped);
  t.legal_forms = t.legal_forms.filter((e: { id: string }) => e.id !== "worker_cooperative");
  t.regions = t.regions.filter((e: { id: string }) => e.id !== "barcelona");
  return t;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bilan-taxonomies-"));
  shipped = parse(await readFile("indicators/taxonomies/taxonomies.yaml", "utf8"));
  world = await createWorld();
});

afterAll(async () => {
  resetTaxonomies();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("taxonomy entries in use", () => {
  it("are all in the shipped file: the start goes on and moves nothing", async () => {
    resetTaxonomies();
    expect(await applyTaxonomyChanges()).toEqual({ moved: 0 });
  });

  it("taken out without a successor refuse the start, naming the file and each entry", async () => {
    await useTaxonomies(withoutUsedEntries());
    const refusal = applyTaxonomyChanges();
    await expect(refusal).rejects.toThrow(/cannot start/);
    await expect(refusal).rejects.toThrow(`${file()}: legal_forms: "worker_cooperative"`);
    await expect(refusal).rejects.toThrow(`${file()}: regions: "barcelona"`);
    const db = await getDb();
    const [org] = await db.select().from(organisations).where(eq(organisations.id, world.orgA));
    expect(org).toMatchObject({ legalForm: "worker_cooperative", region: "barcelona" });
  });

  it("mapped to a successor move the organisations, keep the change in their history, and keep the retired label", async () => {
    const t = withoutUsedEntries();
    t.retired = {
      legal_forms: [{ id: "worker_cooperative", replaced_by: "other_cooperative", label: { en: "Worker cooperative (until 2026)", fr: "f", ca: "c", es: "e" } }],
      regions: [{ id: "barcelona", replaced_by: "girona" }],
    };
    await useTaxonomies(t);
    const { moved } = await applyTaxonomyChanges();
    const db = await getDb();
    const orgs = await db.select().from(organisations);
    expect(moved).toBe(orgs.length * 2);
    for (const o of orgs) expect(o).toMatchObject({ legalForm: "other_cooperative", region: "girona" });
    expect(await listTaxonomyChanges(world.orgA)).toEqual([
      { taxonomy: "legal_forms", fromId: "worker_cooperative", toId: "other_cooperative", changedAt: expect.any(Date) },
      { taxonomy: "regions", fromId: "barcelona", toId: "girona", changedAt: expect.any(Date) },
    ]);
    expect(taxonomyLabel(getTaxonomies(), "legal_forms", "worker_cooperative", "en")).toBe("Worker cooperative (until 2026)");
    // the next start has nothing left to move
    expect(await applyTaxonomyChanges()).toEqual({ moved: 0 });
    expect(await listTaxonomyChanges(world.orgA)).toHaveLength(2);
  });

  it("a removed size band is recomputed from the headcount", async () => {
    const t = structuredClone(shipped);
    const removed = t.size_bands[0].id;
    const db = await getDb();
    await db.update(organisations).set({ sizeBand: removed }).where(eq(organisations.id, world.orgA));
    t.size_bands = t.size_bands.slice(1);
    await useTaxonomies(t);
    await applyTaxonomyChanges();
    const [org] = await db.select({ sizeBand: organisations.sizeBand }).from(organisations).where(eq(organisations.id, world.orgA));
    expect(org.sizeBand).toBe(t.size_bands.find((b: { max?: number }) => b.max === undefined || b.max >= 5).id);
    expect((await listTaxonomyChanges(world.orgA)).at(-1)).toMatchObject({ taxonomy: "size_bands", fromId: removed, toId: org.sizeBand });
  });

  it("a mapping must name an existing successor and a retired entry must be gone", () => {
    const t = withoutUsedEntries();
    t.retired = { regions: [{ id: "barcelona", replaced_by: "nowhere" }, { id: "girona", replaced_by: "lleida" }] };
    const parsed = TaxonomiesSchema.safeParse(t);
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain('retired.regions.0.replaced_by: "nowhere" is not an entry of regions');
    expect(messages).toContain('retired.regions.1.id: "girona" is still an entry of regions');
  });
});
