/**
 * The four disclosures found by an independent attack on research releases, each attacked with its
 * own code (tests/disclosure/attacks.ts) on a seeded population and on random data:
 * 1. two releases of one campaign (a withdrawal plus late submissions);
 * 2. yes/no indicators and percentages published as means on a bound in small cells;
 * 3. a suppressed applicable share read through the n of an indicator answered by the same organisations;
 * 4. whole-number values pinned by the mean and the quartiles.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareReleases, protectRelease, type IndicatorMeta, type OrganisationRecord } from "#app/disclosure/index";
import { attackGroupDisclosure, attackPinnedValues, attackReleasePair, attackSharedPopulation } from "./attacks";
import { POPULATION_INDICATORS, seededPopulation } from "./population";

const turnover: IndicatorMeta = { code: "ECO01", label: "Turnover", unit: "eur", kind: "magnitude", alwaysApplies: true };
const loss: IndicatorMeta = { code: "ECO02", label: "Loss", unit: "boolean", kind: "measure", domain: { min: 0, max: 1, integer: true }, alwaysApplies: true };
const assemblies: IndicatorMeta = { code: "DEM01", label: "Assemblies", unit: "count", kind: "magnitude", domain: { min: 0, integer: true }, alwaysApplies: true };
const women: IndicatorMeta = { code: "EQU01", label: "Women", unit: "percent", kind: "measure", domain: { min: 0, max: 100 } };

const bySector = { k: 5, breakdowns: ["sector"], pairs: [] as Array<[string, string]> };

function orgs(prefix: string, count: number, breakdowns: Record<string, string>, values: (i: number) => OrganisationRecord["values"]): OrganisationRecord[] {
  return Array.from({ length: count }, (_, i) => ({ organisationId: `${prefix}-${i}`, breakdowns, values: values(i) }));
}

describe("1. two releases of one campaign", () => {
  // sectors A and B are published, C and D (3 organisations each) are suppressed; X is in C.
  const first = [
    ...orgs("a", 10, { sector: "A" }, (i) => ({ ECO01: 50_000 + 1000 * i })),
    ...orgs("b", 10, { sector: "B" }, (i) => ({ ECO01: 60_000 + 1000 * i })),
    ...orgs("c", 3, { sector: "C" }, (i) => ({ ECO01: 40_000 + 1000 * i })),
    ...orgs("d", 3, { sector: "D" }, (i) => ({ ECO01: 45_000 + 1000 * i })),
  ];
  const withdrawn = "c-0";
  // X withdraws; six late submissions arrive in sector A
  const second = [...first.filter((r) => r.organisationId !== withdrawn), ...orgs("late", 6, { sector: "A" }, (i) => ({ ECO01: 70_000 + 1000 * i }))];

  it("the attack recovers the withdrawn organisation from the two releases when both are published", () => {
    const previous = protectRelease({ records: first, indicators: [turnover], settings: bySector });
    const next = protectRelease({ records: second, indicators: [turnover], settings: bySector });
    const findings = attackReleasePair(previous, next, first, second);
    expect(findings.some((f) => f.includes(`{${withdrawn}}`))).toBe(true);
  });

  it("refuses the second release, naming the combination", () => {
    const previous = protectRelease({ records: first, indicators: [turnover], settings: bySector });
    const next = protectRelease({ records: second, indicators: [turnover], settings: bySector });
    const compared = compareReleases(previous, next, { previous: first, next: second });
    expect(compared.ok).toBe(false);
    if (!compared.ok) expect(compared.reasons.join("\n")).toMatch(/ECO01 counts: the two releases together determine a combination of the values of 1 organisation/);
  });

  it("accepts a second release that changes enough organisations everywhere it shows", () => {
    const late = [...first, ...orgs("late", 6, { sector: "A" }, (i) => ({ ECO01: 70_000 + 1000 * i })), ...orgs("late-b", 6, { sector: "B" }, () => ({ ECO01: 1000 }))];
    const previous = protectRelease({ records: first, indicators: [turnover], settings: bySector });
    const next = protectRelease({ records: late, indicators: [turnover], settings: bySector });
    expect(compareReleases(previous, next, { previous: first, next: late })).toEqual({ ok: true });
    expect(attackReleasePair(previous, next, first, late)).toEqual([]);
  });

  const change = fc.record({
    withdraw: fc.array(fc.nat({ max: 40 }), { maxLength: 3 }),
    move: fc.array(fc.nat({ max: 40 }), { maxLength: 2 }),
    correct: fc.array(fc.nat({ max: 40 }), { maxLength: 2 }),
    late: fc.array(fc.record({ sector: fc.constantFrom("A", "B", "C", "D"), region: fc.constantFrom("n", "s"), value: fc.integer({ min: 1000, max: 90_000 }) }), { maxLength: 8 }),
  });
  const population = fc.array(
    fc.record({ sector: fc.constantFrom("A", "A", "A", "B", "B", "C", "D"), region: fc.constantFrom("n", "n", "s"), value: fc.integer({ min: 1000, max: 90_000 }) }),
    { minLength: 12, maxLength: 40 },
  );

  it("on random pairs, every second release it accepts resists the exhaustive attack", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(population, change, (base, ch) => {
        const settings = { k: 4, breakdowns: ["sector", "region"], pairs: [] as Array<[string, string]> };
        const a: OrganisationRecord[] = base.map((o, i) => ({ organisationId: `o${i}`, breakdowns: { sector: o.sector, region: o.region }, values: { ECO01: o.value } }));
        const gone = new Set(ch.withdraw.map((w) => `o${w % a.length}`));
        const b: OrganisationRecord[] = a
          .filter((r) => !gone.has(r.organisationId))
          .map((r) => {
            const i = Number(r.organisationId.slice(1));
            const moved = ch.move.some((m) => m % a.length === i);
            const corrected = ch.correct.some((m) => m % a.length === i);
            return {
              organisationId: r.organisationId,
              breakdowns: moved ? { ...r.breakdowns, region: r.breakdowns.region === "n" ? "s" : "n" } : r.breakdowns,
              values: corrected ? { ECO01: (r.values.ECO01 as number) + 777 } : r.values,
            };
          });
        ch.late.forEach((l, i) => b.push({ organisationId: `late${i}`, breakdowns: { sector: l.sector, region: l.region }, values: { ECO01: l.value } }));
        const previous = protectRelease({ records: a, indicators: [turnover], settings });
        const next = protectRelease({ records: b, indicators: [turnover], settings });
        const compared = compareReleases(previous, next, { previous: a, next: b });
        if (compared.ok) {
          accepted++;
          expect(attackReleasePair(previous, next, a, b)).toEqual([]);
        } else refused++;
      }),
      { numRuns: 60, seed: 20_260_601 },
    );
    // the property is not vacuous: both outcomes occur
    expect(accepted).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(3);
  });
});

describe("2. yes/no indicators and percentages published as means", () => {
  it("suppresses a cell of fewer than 2k where every member has, or lacks, the property", () => {
    const records = [
      ...orgs("and", 12, { region: "andalusia" }, () => ({ ECO02: 0, EQU01: 100 })),
      ...orgs("bcn", 30, { region: "barcelona" }, (i) => ({ ECO02: i % 4 === 0 ? 1 : 0, EQU01: (i * 7) % 100 })),
    ];
    const release = protectRelease({ records, indicators: [loss, women], settings: { k: 10, breakdowns: ["region"], pairs: [] } });
    expect(attackGroupDisclosure(release, records)).toEqual([]);
    const andalusia = release.tables.find((t) => t.id === "by_region")!.rows.find((r) => r.indicator === "ECO02" && r.group.region === "andalusia")!;
    expect(andalusia.mean).toBe("C");
  });

  it("leaves nothing to learn on a seeded release of 300 organisations", () => {
    const records = seededPopulation(300);
    const release = protectRelease({ records, indicators: POPULATION_INDICATORS });
    expect(attackGroupDisclosure(release, records)).toEqual([]);
  });

  it("on random data, no published or derived cell under 2k has its mean on a bound", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ r: fc.constantFrom("n", "s", "e", "w"), s: fc.constantFrom("x", "y"), yes: fc.boolean(), p: fc.constantFrom(0, 50, 100) }), { minLength: 5, maxLength: 80 }), (list) => {
        const records = list.map((o, i) => ({ organisationId: `o${i}`, breakdowns: { region: o.r, size_band: o.s }, values: { ECO02: o.yes ? 1 : 0, EQU01: o.p } }));
        const release = protectRelease({ records, indicators: [loss, women], settings: { k: 4, breakdowns: ["region", "size_band"], pairs: [["region", "size_band"]] } });
        expect(attackGroupDisclosure(release, records)).toEqual([]);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe("3. indicators answered by the same organisations", () => {
  it("a suppressed applicable share is not given away by the n of another indicator", () => {
    const records = [
      // region A: every organisation has workers (EQU01 applies to all), a cell under 2k
      ...orgs("a", 12, { region: "A" }, (i) => ({ ECO01: 10_000 + i * 100, EQU01: 40 + i })),
      ...orgs("b", 25, { region: "B" }, (i) => ({ ECO01: 20_000 + i * 100, EQU01: i % 3 === 0 ? null : 50 })),
    ];
    const release = protectRelease({ records, indicators: [turnover, women], settings: { k: 10, breakdowns: ["region"], pairs: [] } });
    expect(attackSharedPopulation(release, records)).toEqual([]);
  });

  it("leaves nothing to read on a seeded release of 300 organisations", () => {
    const records = seededPopulation(300);
    const release = protectRelease({ records, indicators: POPULATION_INDICATORS });
    expect(attackSharedPopulation(release, records)).toEqual([]);
  });
});

describe("4. values pinned by the mean and the quartiles", () => {
  it("does not publish a cell of 13 whole numbers all on the bound, nor quartiles that pin", () => {
    const records = [
      ...orgs("a", 13, { region: "A" }, () => ({ DEM01: 0 })),
      ...orgs("b", 13, { region: "B" }, (i) => ({ DEM01: i === 0 ? 0 : i === 12 ? 2 : 1 })),
      ...orgs("c", 30, { region: "C" }, (i) => ({ DEM01: i % 4 })),
    ];
    const release = protectRelease({ records, indicators: [assemblies], settings: { k: 10, breakdowns: ["region"], pairs: [] } });
    expect(attackPinnedValues(release, records, { DEM01: [0, 4] })).toEqual([]);
  });

  it("on random small whole numbers, no cell under 2k is pinned", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ r: fc.constantFrom("n", "s", "e"), v: fc.constantFrom(0, 0, 1, 1, 1, 2, 3) }), { minLength: 5, maxLength: 60 }), (list) => {
        const records = list.map((o, i) => ({ organisationId: `o${i}`, breakdowns: { region: o.r }, values: { DEM01: o.v, ECO02: o.v > 1 ? 1 : 0 } }));
        const release = protectRelease({ records, indicators: [assemblies, loss], settings: { k: 4, breakdowns: ["region"], pairs: [] } });
        expect(attackPinnedValues(release, records, { DEM01: [0, 4], ECO02: [0, 1] })).toEqual([]);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
