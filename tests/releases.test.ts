import { eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { answers, assessments, auditLog, campaigns, organisations, releases } from "#db/schema/index";
import { attackRelease, parseCsv, readWithSchema, tabularDataPackageSchema, type OrganisationRecord, type ProtectedRelease } from "#app/disclosure/index";
import { storeResult } from "#app/models/assessments.server";
import { getDefinition, recordDefinitions, versionIdOf } from "#app/models/definitions.server";
import { seedDemo } from "#app/models/demo.server";
import { buildRelease, campaignIdByYear, downloadRelease, DOWNLOADS_PER_HOUR, loadCampaignRecords } from "#app/models/releases.server";
import { scoreAssessment } from "#app/scoring/score";
import { generateAnswers, rng } from "./factories/answers";
import { setupTestDatabase } from "./setup/database";
import "#app/models/assessments-demo.server";
import "#app/models/releases-demo.server";

setupTestDatabase();

const VERSION = versionIdOf("social-balance-basic", "2025.1");
const legalForms = ["worker_cooperative", "consumer_cooperative", "association", "foundation"];
const sectors = ["food", "education", "care", "energy", "culture"];
const regions = ["barcelona", "girona", "lleida", "tarragona"];
const bands = ["micro", "small", "medium"];

/** Submits organisation `index`; `like` gives it the profile and answers of organisation `like`. */
async function submitted(campaignId: string, index: number, headcount?: number, like = index) {
  headcount ??= 3 + (like % 40);
  const db = await getDb();
  const compiled = (await getDefinition(VERSION))!;
  const [org] = await db
    .insert(organisations)
    .values({
      name: `Release org ${index}`,
      legalForm: legalForms[like % legalForms.length],
      sector: sectors[(like * 7) % sectors.length],
      region: regions[(like * 3 + (like >> 2)) % regions.length],
      headcount,
      sizeBand: bands[(like * 5) % bands.length],
    })
    .returning({ id: organisations.id });
  const [a] = await db
    .insert(assessments)
    .values({ organisationId: org.id, campaignId, questionnaire: "social-balance-basic", versionId: VERSION, status: "submitted", submittedAt: new Date() })
    .returning();
  const given = generateAnswers(compiled, rng(1000 + like), { quality: (like % 10) / 10, headcount });
  await db.insert(answers).values(Object.entries(given).map(([questionId, value]) => ({ assessmentId: a.id, questionId, value })));
  const result = scoreAssessment(compiled, given);
  await db.transaction((tx) => storeResult(tx, a, result, null));
  return org.id;
}

let campaignId = "";

beforeAll(async () => {
  await recordDefinitions();
  await seedDemo();
  const db = await getDb();
  const [c] = await db.insert(campaigns).values({ year: 2030, opensOn: "2030-04-20", closesOn: "2030-07-15", status: "closed" }).returning({ id: campaigns.id });
  campaignId = c.id;
  for (let i = 0; i < 60; i++) await submitted(campaignId, i);
}, 120_000);

async function stored(releaseId: string) {
  const db = await getDb();
  const [row] = await db.select().from(releases).where(eq(releases.id, releaseId));
  return row;
}

describe("the demo data's release", () => {
  it("exists for the latest closed campaign, and the attack checker finds nothing in it", async () => {
    const demoCampaign = (await campaignIdByYear(2025))!;
    const db = await getDb();
    const [row] = await db.select().from(releases).where(eq(releases.campaignId, demoCampaign));
    expect(row).toBeDefined();
    expect(row.organisations).toBe(3);
    expect(attackRelease(row.tables as ProtectedRelease, row.records as OrganisationRecord[])).toEqual([]);
  });
});

describe("a release of 60 organisations, built from the database", () => {
  let releaseId = "";

  it("refuses a campaign that is not closed", async () => {
    const open = (await campaignIdByYear(2026))!;
    expect(await buildRelease({ campaignId: open, actorUserId: null })).toEqual({ ok: false, error: "research.campaignNotClosed" });
  });

  it("is built, stored and passes the attack checker", async () => {
    const built = await buildRelease({ campaignId, actorUserId: null, language: "ca" });
    if (!built.ok) throw new Error(JSON.stringify(built));
    releaseId = built.releaseId;
    expect(built.version).toBe(1);
    const row = await stored(releaseId);
    expect(row.organisations).toBe(60);
    expect((await loadCampaignRecords(campaignId)).records).toHaveLength(60);
    // the records stored with the release: results plus the answers to choice questions
    const records = row.records as OrganisationRecord[];
    expect(records).toHaveLength(60);
    expect(records.some((r) => typeof r.values.free_software === "string")).toBe(true);
    const release = row.tables as ProtectedRelease;
    expect(attackRelease(release, records)).toEqual([]);
    // With 60 organisations and k = 10 some cells are published, some are not.
    const overall = release.tables.find((t) => t.id === "overall")!.rows;
    expect(overall.some((r) => typeof r.n === "number" && r.n >= 10)).toBe(true);
    expect(release.tables.flatMap((t) => t.rows).some((r) => r.n === "C")).toBe(true);
  });

  it("serves a zip that unzips into a valid data package whose CSVs parse with their schemas", async () => {
    const db = await getDb();
    const { users } = await import("#db/schema/index");
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, "researcher@uni.example"));
    expect(user, "the demo data's researcher").toMatchObject({ id: expect.any(String) });
    const download = await downloadRelease({ releaseId, userId: user.id, tokenId: null, via: "web" });
    if (!download.ok) throw new Error(`download refused: ${download.status}`);
    const files = unzipSync(download.zip);
    const names = Object.keys(files).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "README.md",
        "SHA256SUMS",
        "codebook.md",
        "CHANGELOG.md",
        "CITATION.cff",
        "datapackage.json",
        "data/overall.csv",
        "data/by_region_size_band.csv",
        "data/overall_categories.csv",
        "data/codelists.csv",
      ]),
    );
    // choice questions are released as categories, with the answers' shares
    const categories = parseCsv(new TextDecoder().decode(files["data/overall_categories.csv"]));
    expect(categories.length).toBeGreaterThan(2);
    expect(categories.slice(1).some((row) => /^\d/.test(row[row.length - 1])), JSON.stringify(categories.slice(0, 6))).toBe(true);
    const descriptor = tabularDataPackageSchema.parse(JSON.parse(new TextDecoder().decode(files["datapackage.json"])));
    expect(descriptor.sources?.map((s: { title?: string }) => s.title)).toContain("social-balance-basic 2025.1");
    for (const resource of descriptor.resources) {
      const text = new TextDecoder().decode(files[resource.path as string]);
      expect(parseCsv(text)[0]).toEqual(resource.schema.fields.map((f) => f.name));
      const rows = readWithSchema(text, resource.schema);
      expect(rows.length).toBeGreaterThan(0);
    }
    const codebook = new TextDecoder().decode(files["codebook.md"]);
    expect(codebook).toContain("social-balance-basic 2025.1");
    // Catalan labels, codes unchanged.
    const compiled = (await getDefinition(VERSION))!;
    const first = compiled.definition.indicators[0];
    expect(codebook).toContain(`| ${first.code} | ${first.label.ca.replaceAll("|", "\\|")} |`);
    const logged = await db.select().from(auditLog).where(eq(auditLog.action, "research.downloaded"));
    expect(logged.some((l) => l.targetId === releaseId && l.actorUserId === user.id)).toBe(true);
    expect(download.sha256).toBe((await stored(releaseId)).packageSha256);
  });

  it("refuses a second release that would isolate a late submission, with the reason", async () => {
    await submitted(campaignId, 60);
    const again = await buildRelease({ campaignId, actorUserId: null });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toBe("research.releaseRefused");
    expect(again.reasons!.some((r) => /overall.*n went from 60 to 61|overall.*1 organisation/.test(r))).toBe(true);
    const db = await getDb();
    expect(await db.select({ id: releases.id }).from(releases).where(eq(releases.campaignId, campaignId))).toHaveLength(1);
    const refused = await db.select().from(auditLog).where(eq(auditLog.action, "research.release_refused"));
    expect(refused.some((r) => r.targetId === campaignId)).toBe(true);
  });

  it("accepts a second release once k late submissions are in every cell they change", async () => {
    // Nine more organisations with the profile and answers of the late one: ten late submissions,
    // all in the same cells, so every published cell moved by 0 or by k = 10.
    for (let i = 61; i < 70; i++) await submitted(campaignId, i, undefined, 60);
    const again = await buildRelease({ campaignId, actorUserId: null });
    expect(again, JSON.stringify(again).slice(0, 600)).toMatchObject({ ok: true, version: 2 });
    const db = await getDb();
    expect(await db.select({ id: releases.id }).from(releases).where(eq(releases.campaignId, campaignId))).toHaveLength(2);
  });
});

describe("breakdowns as they were at the campaign", () => {
  it("breaks results down by the values frozen at submission, not by today's, and keeps them through a rescoring", async () => {
    const db = await getDb();
    const [c] = await db.insert(campaigns).values({ year: 2031, opensOn: "2031-04-20", closesOn: "2031-07-15", status: "closed" }).returning({ id: campaigns.id });
    const orgId = await submitted(c.id, 200);
    const [before] = await db.select({ region: organisations.region, sizeBand: organisations.sizeBand }).from(organisations).where(eq(organisations.id, orgId));
    const region = before.region === "girona" ? "lleida" : "girona";
    await db.update(organisations).set({ region, sizeBand: "large" }).where(eq(organisations.id, orgId));
    const { records } = await loadCampaignRecords(c.id);
    const record = records.find((r) => r.organisationId === orgId)!;
    expect(record.breakdowns.region).toBe(before.region);
    expect(record.breakdowns.size_band).toBe(before.sizeBand);
    // a rescoring writes a new result and keeps the breakdowns of the one it replaces
    const [a] = await db.select().from(assessments).where(eq(assessments.campaignId, c.id));
    const compiled = (await getDefinition(VERSION))!;
    const result = scoreAssessment(compiled, generateAnswers(compiled, rng(7), { quality: 0.5, headcount: 5 }));
    await db.transaction((tx) => storeResult(tx, a, result, null, "rescore"));
    const again = (await loadCampaignRecords(c.id)).records.find((r) => r.organisationId === orgId)!;
    expect(again.breakdowns.region).toBe(before.region);
  });
});

describe("download limit", () => {
  it(`answers 429 after ${DOWNLOADS_PER_HOUR} downloads in an hour, counted in the database`, async () => {
    const db = await getDb();
    const { users } = await import("#db/schema/index");
    const [user] = await db.insert(users).values({ email: "limit@uni.example", name: "Limit", kind: "researcher" }).returning({ id: users.id });
    const [release] = await db.select({ id: releases.id }).from(releases).limit(1);
    for (let i = 0; i < DOWNLOADS_PER_HOUR; i++) {
      const d = await downloadRelease({ releaseId: release.id, userId: user.id, tokenId: null, via: "api" });
      expect(d.ok).toBe(true);
    }
    const refused = await downloadRelease({ releaseId: release.id, userId: user.id, tokenId: null, via: "api" });
    expect(refused).toMatchObject({ ok: false, status: 429 });
    const later = await downloadRelease({ releaseId: release.id, userId: user.id, tokenId: null, via: "api", now: new Date(Date.now() + 3_700_000) });
    expect(later.ok).toBe(true);
  });
});
