import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { compareReleases } from "./compare";
import { readWithSchema, tabularDataPackageSchema } from "./frictionless";
import { buildReleasePackage, buildZip, csvText, sha256Hex, type ReleasePackageInput } from "./package";
import { protectRelease } from "./protect";
import type { IndicatorMeta, OrganisationRecord } from "./types";

const indicators: IndicatorMeta[] = [
  {
    code: "ECO01",
    label: "Turnover, \"sales and subsidies\"",
    unit: "EUR",
    kind: "magnitude",
    formulaInWords: "Total income of the year",
    versions: ["2025.1"],
    comparability: "Comparable since 2019",
  },
  { code: "EQU01", label: "Women in positions of responsibility", unit: "share", kind: "measure", versions: ["2025.1"] },
  {
    code: "ENV07",
    label: "Bank",
    unit: "category",
    kind: "category",
    categories: [
      { id: "ethical", label: "Ethical finance" },
      { id: "conventional", label: "Conventional, with a comma" },
    ],
  },
];

const regions = ["north", "south", "east", "west"];
const sizes = ["1-9", "10-49", "50+"];
function records(count: number): OrganisationRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    organisationId: `org-${i}`,
    breakdowns: { region: regions[(i * 7) % 4], size_band: sizes[(i * 5 + (i >> 2)) % 3], legal_form: i % 3 ? "cooperative" : "association" },
    values: {
      ECO01: 10_000 + ((i * 7919) % 90_000),
      EQU01: i % 9 === 0 ? null : ((i * 31) % 100) / 100,
      ENV07: i % 4 === 0 ? "conventional" : "ethical",
    },
  }));
}

const settings = { k: 5, breakdowns: ["legal_form", "region", "size_band"], pairs: [["region", "size_band"]] as Array<[string, string]> };

function input(recs = records(120)): ReleasePackageInput {
  return {
    release: protectRelease({ records: recs, indicators, settings }),
    indicators,
    campaign: { year: 2025, name: "Balanç Social" },
    sources: [{ questionnaire: "social-balance-basic", version: "2025.1", contentHash: "sha256:" + "ab".repeat(32) }],
    createdAt: new Date("2025-09-01T10:00:00Z"),
    releaseId: "release-2025-1",
    version: "1.0.0",
    licence: { name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/", title: "Creative Commons Attribution 4.0" },
    language: "ca",
    languages: ["en", "fr", "ca", "es"],
    codeLists: {
      region: regions.map((r) => ({ id: r, labels: { en: `Region ${r}`, ca: `Territori ${r}` } })),
      size_band: [
        { id: "1-9", labels: { en: "1 to 9" }, headcount: { min: 1, max: 9 } },
        { id: "10-49", labels: { en: "10 to 49" }, headcount: { min: 10, max: 49 } },
        { id: "50+", labels: { en: "50 or more" }, headcount: { min: 50 } },
      ],
    },
    organisations: 120,
  };
}

const decoder = new TextDecoder("utf-8", { fatal: true });

describe("research release package", () => {
  it("has a descriptor valid against the Tabular Data Package profile", async () => {
    const files = await buildReleasePackage(input());
    const descriptor = JSON.parse(decoder.decode(files.find((f) => f.path === "datapackage.json")!.bytes));
    const parsed = tabularDataPackageSchema.safeParse(descriptor);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(descriptor.name).toBe("bilan-balanc-social-2025");
    expect(descriptor.sources[0]).toMatchObject({ questionnaire: "social-balance-basic", version: "2025.1" });
    expect(descriptor["bilan:disclosure"]).toMatchObject({ k: 5, dominance: { n1: 1, p1: 50, n2: 2, p2: 67 }, flag: "C" });
    expect(descriptor.resources.map((r: { path: string }) => r.path)).toContain("data/by_region_size_band.csv");
    // labels in the release's language
    expect(descriptor.resources[0].schema.fields[0].title).toBe("Codi de l'indicador");
  });

  it("parses every CSV back with its schema, with C only where declared as missing", async () => {
    const files = await buildReleasePackage(input());
    const byPath = new Map(files.map((f) => [f.path, f]));
    const descriptor = JSON.parse(decoder.decode(byPath.get("datapackage.json")!.bytes));
    let confidential = 0;
    for (const resource of descriptor.resources) {
      const file = byPath.get(resource.path)!;
      expect(resource.hash).toBe(`sha256:${await sha256Hex(file.bytes)}`);
      expect(resource.bytes).toBe(file.bytes.length);
      const text = decoder.decode(file.bytes);
      expect(text.endsWith("\r\n")).toBe(true);
      expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
      const rows = readWithSchema(text, resource.schema);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) for (const v of Object.values(row)) if (v === null) confidential++;
      expect(resource.schema.missingValues).toEqual(resource.name === "codelists" ? [""] : ["C", "Z"]);
      // with C no longer declared missing, the numeric fields refuse it: C is only a declared flag
      if (text.includes(",C,") || text.includes(",C\r\n")) {
        expect(() => readWithSchema(text, { ...resource.schema, missingValues: [] })).toThrow(/is not/);
      }
    }
    expect(confidential).toBeGreaterThan(0);
  });

  it("describes itself: description, keywords, contributors, sources with paths, code lists, a changelog and a citation", async () => {
    const first = await buildReleasePackage(input());
    const byPath = new Map(first.map((f) => [f.path, decoder.decode(f.bytes)]));
    const descriptor = JSON.parse(byPath.get("datapackage.json")!);
    expect(descriptor.description).toMatch(/social balance/);
    expect(descriptor.keywords.length).toBeGreaterThan(2);
    expect(descriptor.contributors[0]).toMatchObject({ title: "Balanç Social", role: "publisher" });
    expect(descriptor.sources[0].path).toBe("indicators/social-balance-basic/2025.1.yaml");
    const codelists = descriptor.resources.find((r: { name: string }) => r.name === "codelists");
    const rows = readWithSchema(byPath.get("data/codelists.csv")!, codelists.schema);
    expect(rows).toContainEqual({ breakdown: "size_band", code: "50+", label_en: "50 or more", label_fr: "50 or more", label_ca: "50 or more", label_es: "50 or more", headcount_min: 50, headcount_max: null });
    expect(rows).toContainEqual(expect.objectContaining({ breakdown: "region", code: "north", label_ca: "Territori north" }));
    expect(byPath.get("codebook.md")).toMatch(/### size_band[\s\S]*\| 10-49 \| 10 to 49 \| 10 to 49 \|/);
    expect(byPath.get("CITATION.cff")).toMatch(/^cff-version: 1\.2\.0\n[\s\S]*type: dataset[\s\S]*version: "1\.0\.0"/);
    expect(byPath.get("CHANGELOG.md")).toMatch(/First release of the campaign, 120 organisations/);
    const multilingual = await buildReleasePackage({ ...input(), indicators: indicators.map((i) => ({ ...i, labels: { en: `${i.code} en`, fr: `${i.code} fr`, ca: `${i.code} ca`, es: `${i.code} es` } })) });
    const book = decoder.decode(multilingual.find((f) => f.path === "codebook.md")!.bytes);
    expect(book).toMatch(/## Labels in every language[\s\S]*\| ECO01 \| ECO01 en \| ECO01 fr \| ECO01 ca \| ECO01 es \|/);
    const second = await buildReleasePackage({ ...input(), version: "2.0.0", organisations: 131, history: [{ version: "1.0.0", created: "2025-09-01T10:00:00Z", organisations: 120 }] });
    const changelog = decoder.decode(second.find((f) => f.path === "CHANGELOG.md")!.bytes);
    expect(changelog).toMatch(/## 2\.0\.0[\s\S]*Supersedes version 1\.0\.0 \(131 organisations; version 1\.0\.0 had 120\)[\s\S]*## 1\.0\.0/);
    const again = JSON.parse(decoder.decode(second.find((f) => f.path === "datapackage.json")!.bytes));
    expect(again.name).toBe(descriptor.name);
  });

  it("refuses a CSV value that is not of its field's type", () => {
    const schema = { fields: [{ name: "n", type: "integer" as const }], missingValues: ["C"] };
    expect(readWithSchema("n\r\n3\r\nC\r\n", schema)).toEqual([{ n: 3 }, { n: null }]);
    expect(() => readWithSchema("n\r\n3.5\r\n", schema)).toThrow(/not an integer/);
    expect(() => readWithSchema("n\r\n\r\n", schema)).toThrow(/not an integer/);
    expect(() => readWithSchema("n\n3\n", schema)).toThrow(/CRLF/);
  });

  it("quotes fields the RFC 4180 way", () => {
    expect(csvText([["a,b", 'say "hi"', "plain"]])).toBe('"a,b","say ""hi""",plain\r\n');
  });

  it("has a codebook with every indicator and a README on the method", async () => {
    const files = await buildReleasePackage(input());
    const codebook = decoder.decode(files.find((f) => f.path === "codebook.md")!.bytes);
    for (const i of indicators) expect(codebook).toContain(`| ${i.code} |`);
    expect(codebook).toContain("Comparable since 2019");
    const readme = decoder.decode(files.find((f) => f.path === "README.md")!.bytes);
    expect(readme).toMatch(/k = 5/);
    expect(readme).toMatch(/Dominance/);
    expect(readme).toMatch(/Complementary suppression/);
    expect(readme).toMatch(/`C`/);
  });

  it("lists the SHA-256 of every file", async () => {
    const files = await buildReleasePackage(input());
    const sums = decoder.decode(files.find((f) => f.path === "SHA256SUMS")!.bytes);
    for (const f of files.filter((x) => x.path !== "SHA256SUMS")) expect(sums).toContain(`${f.sha256}  ${f.path}\n`);
    expect(await sha256Hex(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("zips deterministically: the same release gives the same bytes", async () => {
    const a = buildZip(await buildReleasePackage(input()));
    const b = buildZip(await buildReleasePackage(input()));
    expect(await sha256Hex(a)).toBe(await sha256Hex(b));
    const unzipped = unzipSync(a);
    expect(Object.keys(unzipped)).toContain("datapackage.json");
    expect(Object.keys(unzipped)).toContain("data/overall.csv");
  });
});

describe("a second release of the same campaign", () => {
  const first = records(120);
  const release1 = protectRelease({ records: first, indicators, settings });

  it("is refused when a late submission isolates one organisation", () => {
    const late: OrganisationRecord = { organisationId: "late", breakdowns: { region: "north", size_band: "1-9", legal_form: "cooperative" }, values: { ECO01: 55_000 } };
    const second = [...first, late];
    const release2 = protectRelease({ records: second, indicators, settings });
    const result = compareReleases(release1, release2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reasons.some((r) => r.startsWith("ECO01 overall: n went from 120 to 121"))).toBe(true);
    expect(compareReleases(release1, release2, { previous: first, next: second }).ok).toBe(false);
  });

  it("is accepted when k organisations or more came in", () => {
    const lates = Array.from({ length: 12 }, (_, i) => ({
      organisationId: `late-${i}`,
      breakdowns: { region: regions[i % 4], size_band: sizes[i % 3], legal_form: "cooperative" },
      values: {},
    }));
    // answering nothing: no indicator cell changes
    const release2 = protectRelease({ records: [...first, ...lates], indicators, settings });
    expect(compareReleases(release1, release2)).toEqual({ ok: true });
    const many = records(240);
    const release3 = protectRelease({ records: many, indicators, settings });
    const result = compareReleases(release1, release3, { previous: first, next: many });
    // every published cell gained at least k organisations or was suppressed in one of the releases
    expect(result).toEqual({ ok: true });
  });

  it("is refused when one organisation's value was corrected", () => {
    const corrected = first.map((r) => (r.organisationId === "org-3" ? { ...r, values: { ...r.values, ECO01: 99_999 } } : r));
    const release2 = protectRelease({ records: corrected, indicators, settings });
    expect(compareReleases(release1, release2).ok).toBe(false);
    const withRecords = compareReleases(release1, release2, { previous: first, next: corrected });
    expect(withRecords.ok).toBe(false);
    if (!withRecords.ok) expect(withRecords.reasons.some((r) => r.includes("1 organisation(s) changed"))).toBe(true);
  });

  it("is accepted when nothing changed", () => {
    expect(compareReleases(release1, protectRelease({ records: first, indicators, settings }), { previous: first, next: first })).toEqual({ ok: true });
  });
});
