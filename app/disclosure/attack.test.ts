/**
 * The attack test: on random data, every difference the published tables allow covers either no
 * organisation or at least k of them (and is not dominated, and shows no 0%/100% share in fewer than
 * 2k organisations). Checked twice: with the exported checker `attackRelease`, and with an
 * independent brute-force oracle written here, which tries every set of "atoms" (organisations
 * sharing all breakdown values) and asks whether the visible cells determine its total.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attackRelease } from "./attack";
import { protectRelease } from "./protect";
import type { DisclosureSettings, IndicatorMeta, OrganisationRecord, ProtectedRelease } from "./types";

const indicators: IndicatorMeta[] = [
  { code: "ECO01", label: "Turnover", unit: "EUR", kind: "magnitude" },
  { code: "EQU01", label: "Women in positions of responsibility", unit: "share", kind: "measure" },
  {
    code: "ENV07",
    label: "Bank",
    unit: "category",
    kind: "category",
    categories: [
      { id: "ethical", label: "Ethical" },
      { id: "cooperative", label: "Cooperative" },
      { id: "conventional", label: "Conventional" },
    ],
  },
];

type Layout = { breakdowns: string[]; values: Record<string, string[]>; pairs: Array<[string, string]> };

const layouts: Layout[] = [
  { breakdowns: ["region", "size_band"], values: { region: ["n", "s", "e"], size_band: ["1-9", "10-49", "50+"] }, pairs: [["region", "size_band"]] },
  {
    breakdowns: ["legal_form", "region", "size_band"],
    values: { legal_form: ["coop", "assoc"], region: ["n", "s"], size_band: ["1-9", "10-49", "50+"] },
    pairs: [["region", "size_band"]],
  },
  { breakdowns: ["sector", "region"], values: { sector: ["food", "care", "energy", "media"], region: ["n", "s", "e"] }, pairs: [] },
];

const valueArb = fc.record({
  pick: fc.array(fc.nat({ max: 99 }), { minLength: 3, maxLength: 3 }),
  turnover: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 5_000_000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -50_000, max: -1 }) },
  ),
  turnoverState: fc.constantFrom("value", "value", "value", "value", "null", "missing"),
  women: fc.double({ min: 0, max: 1, noNaN: true }),
  womenState: fc.constantFrom("value", "value", "value", "null", "missing"),
  bank: fc.oneof(
    fc.constantFrom<string | string[]>("ethical", "ethical", "cooperative", "conventional"),
    fc.subarray(["ethical", "cooperative", "conventional"], { minLength: 1 }),
  ),
  bankState: fc.constantFrom("value", "value", "value", "null", "missing"),
});

const scenarioArb = fc.record({
  layout: fc.constantFrom(...layouts),
  k: fc.constantFrom(3, 4, 5, 10),
  // skewed weights make small cells frequent
  orgs: fc.array(valueArb, { minLength: 0, maxLength: 70 }),
  skew: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 4, maxLength: 4 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function buildRecords(s: Scenario): OrganisationRecord[] {
  return s.orgs.map((o, i) => {
    const breakdowns: Record<string, string> = {};
    s.layout.breakdowns.forEach((d, j) => {
      const vals = s.layout.values[d];
      // pick by cumulative skewed weights
      const weights = vals.map((_, v) => (v === 0 ? s.skew[j % 4] * 3 : s.skew[(j + v) % 4]));
      const total = weights.reduce((a, b) => a + b, 0);
      let x = (o.pick[j] / 100) * total;
      let v = 0;
      while (x >= weights[v] && v < vals.length - 1) x -= weights[++v - 1];
      breakdowns[d] = vals[v];
    });
    const values: OrganisationRecord["values"] = {};
    if (o.turnoverState !== "missing") values.ECO01 = o.turnoverState === "null" ? null : o.turnover;
    if (o.womenState !== "missing") values.EQU01 = o.womenState === "null" ? null : o.women;
    if (o.bankState !== "missing") values.ENV07 = o.bankState === "null" ? null : o.bank;
    return { organisationId: `org-${i}`, breakdowns, values };
  });
}

// ---------------------------------------------------------------- independent oracle

type OracleLayer = "counts" | "applicability" | "shares";

function inSpan(basis: number[][], vector: number[]): boolean {
  const v = [...vector];
  for (const row of basis) {
    const p = row.findIndex((x) => Math.abs(x) > 1e-9);
    const f = v[p] / row[p];
    if (Math.abs(f) > 1e-12) for (let j = 0; j < v.length; j++) v[j] -= f * row[j];
  }
  return v.every((x) => Math.abs(x) < 1e-7);
}

function addToBasis(basis: number[][], vector: number[]): void {
  const v = [...vector];
  for (const row of basis) {
    const p = row.findIndex((x) => Math.abs(x) > 1e-9);
    const f = v[p] / row[p];
    if (Math.abs(f) > 1e-12) for (let j = 0; j < v.length; j++) v[j] -= f * row[j];
  }
  if (v.some((x) => Math.abs(x) > 1e-7)) {
    const p = v.findIndex((x) => Math.abs(x) > 1e-7);
    for (const row of basis) {
      const f = row[p] / v[p];
      if (Math.abs(f) > 1e-12) for (let j = 0; j < v.length; j++) row[j] -= f * v[j];
    }
    basis.push(v.map((x) => (Math.abs(x) < 1e-12 ? 0 : x)));
  }
}

/**
 * Organisations a reader knows to be applicable: members of a published overall or one-way cell of at
 * least 2k answering organisations whose applicable share is 1.
 */
function knownApplicable(release: ProtectedRelease, records: OrganisationRecord[], indicator: IndicatorMeta): Set<string> {
  const out = new Set<string>();
  for (const t of release.tables) {
    if (t.dimensions.length > 1) continue;
    for (const row of t.rows) {
      if (row.indicator !== indicator.code || row.applicable_share !== 1 || row.n === "C") continue;
      const members = records.filter((r) => r.values[indicator.code] !== undefined && t.dimensions.every((d) => (r.breakdowns[d] ?? "unknown") === row.group[d]));
      if (members.length >= 2 * release.settings.k) for (const m of members) out.add(m.organisationId);
    }
  }
  return out;
}

function violates(
  layer: OracleLayer,
  indicator: IndicatorMeta,
  orgs: OrganisationRecord[],
  settings: DisclosureSettings,
  known: Set<string> = new Set(),
): boolean {
  const { k, dominance } = settings;
  const n = orgs.length;
  if (n === 0) return false;
  if (n < k) return true;
  if (layer === "counts" && indicator.kind === "magnitude") {
    const abs = orgs.map((o) => Math.abs(o.values[indicator.code] as number)).sort((a, b) => b - a);
    const total = abs.reduce((a, b) => a + b, 0);
    if (total > 0) {
      const top = (m: number) => abs.slice(0, m).reduce((a, b) => a + b, 0);
      if (top(dominance.n1) > (dominance.p1 / 100) * total || top(dominance.n2) > (dominance.p2 / 100) * total) return true;
    }
  }
  if (n >= 2 * k) return false;
  if (layer === "applicability") {
    const applicable = orgs.filter((o) => o.values[indicator.code] !== null).length;
    if (applicable === n && orgs.every((o) => known.has(o.organisationId))) return false;
    return applicable === 0 || applicable === n;
  }
  if (layer === "shares") {
    return indicator.categories!.some((c) => {
      const chose = orgs.filter((o) => {
        const v = o.values[indicator.code];
        return v === c.id || (Array.isArray(v) && v.includes(c.id));
      }).length;
      return chose === 0 || chose === n;
    });
  }
  return false;
}

/** Every set of atoms whose total the visible cells determine and that breaks a rule. */
function bruteForceAttack(release: ProtectedRelease, records: OrganisationRecord[]): string[] {
  const problems: string[] = [];
  const settings = release.settings;
  const dimValue = (r: OrganisationRecord, d: string) => r.breakdowns[d] ?? "unknown";
  for (const indicator of release.indicators) {
    for (const layer of ["counts", "applicability", "shares"] as OracleLayer[]) {
      if (layer === "shares" && indicator.kind !== "category") continue;
      const population = records.filter((r) =>
        layer === "applicability" ? r.values[indicator.code] !== undefined : r.values[indicator.code] != null,
      );
      const atomKeys = [...new Set(population.map((r) => settings.breakdowns.map((d) => dimValue(r, d)).join("|")))];
      if (atomKeys.length === 0) continue;
      expect(atomKeys.length).toBeLessThanOrEqual(14);
      const atomOrgs = atomKeys.map((key) => population.filter((r) => settings.breakdowns.map((d) => dimValue(r, d)).join("|") === key));
      const basis: number[][] = [];
      for (const t of release.tables) {
        for (const row of t.rows) {
          if (row.indicator !== indicator.code) continue;
          const hidden =
            layer === "counts"
              ? row.n === "C"
              : layer === "applicability"
                ? row.applicable_share === "C"
                : Object.values(row.shares ?? {}).includes("C");
          if (hidden) continue;
          const vector = atomOrgs.map((orgs) => (orgs[0] && t.dimensions.every((d) => dimValue(orgs[0], d) === row.group[d]) ? 1 : 0));
          addToBasis(basis, vector);
        }
      }
      const known = layer === "applicability" ? knownApplicable(release, records, indicator) : undefined;
      for (let mask = 1; mask < 1 << atomKeys.length; mask++) {
        const vector = atomKeys.map((_, i) => ((mask >> i) & 1 ? 1 : 0));
        if (!inSpan(basis, vector)) continue;
        const orgs = atomOrgs.filter((_, i) => (mask >> i) & 1).flat();
        if (violates(layer, indicator, orgs, settings, known)) {
          problems.push(`${indicator.code} ${layer}: {${atomKeys.filter((_, i) => (mask >> i) & 1).join("; ")}} = ${orgs.length} organisations`);
        }
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------- properties

describe("attack on random releases", () => {
  it("finds no difference isolating fewer than k organisations (exported checker and brute force)", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const records = buildRecords(s);
        const release = protectRelease({
          records,
          indicators,
          settings: { k: s.k, breakdowns: s.layout.breakdowns, pairs: s.layout.pairs },
        });
        expect(attackRelease(release, records)).toEqual([]);
        expect(bruteForceAttack(release, records)).toEqual([]);
      }),
      { numRuns: 120, seed: 20250601 },
    );
  });

  it("the brute force oracle does see a disclosure when complements are removed", () => {
    const records = buildRecords({
      layout: layouts[0],
      k: 5,
      skew: [1, 1, 1, 1],
      orgs: Array.from({ length: 40 }, (_, i) => ({
        pick: [(i * 37) % 100, (i * 53) % 100, 0],
        turnover: 1000 + i,
        turnoverState: "value",
        women: 0.5,
        womenState: "value",
        bank: "ethical",
        bankState: "value",
      })),
    });
    const release = protectRelease({ records, indicators: [indicators[1]], settings: { k: 40, breakdowns: ["region", "size_band"], pairs: [["region", "size_band"]] } });
    const leaky = structuredClone(release);
    leaky.settings.k = 5;
    // publish every cell but one
    let first = true;
    for (const t of leaky.tables) {
      for (const r of t.rows) {
        const n = records.filter((o) => t.dimensions.every((d) => o.breakdowns[d] === r.group[d])).length;
        if (t.id === "by_region_size_band" && first && n > 0) {
          first = false;
          continue;
        }
        r.n = n;
      }
    }
    expect(bruteForceAttack(leaky, records).length).toBeGreaterThan(0);
    expect(attackRelease(leaky, records).length).toBeGreaterThan(0);
  });

  /** A Fisher-Yates shuffle from a seed (a small LCG); never the identity for two records or more. */
  function shuffle<T>(list: readonly T[], seed: number): T[] {
    const out = [...list];
    let state = (seed ^ 0x9e3779b9) >>> 0;
    for (let i = out.length - 1; i > 0; i--) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const j = state % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    // a shuffle may give the same order back: then rotate by one
    if (out.length >= 2 && out.every((x, i) => x === list[i])) out.push(out.shift()!);
    return out;
  }

  it("gives the same release whatever the order of the records", () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, seed) => {
        const records = buildRecords(s);
        const settings = { k: s.k, breakdowns: s.layout.breakdowns, pairs: s.layout.pairs };
        const expected = protectRelease({ records, indicators, settings });
        const ids = (list: OrganisationRecord[]) => list.map((o) => o.organisationId);
        for (const reordered of [[...records].reverse(), shuffle(records, seed)]) {
          if (records.length >= 2) expect(ids(reordered), "the order really changed").not.toEqual(ids(records));
          expect(protectRelease({ records: reordered, indicators, settings })).toEqual(expected);
        }
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
