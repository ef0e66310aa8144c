import { describe, expect, it } from "vitest";
import { attackRelease } from "./attack";
import { countsFails } from "./layers";
import { protectRelease } from "./protect";
import { parseDisclosureSettings } from "./settings";
import type { IndicatorMeta, OrganisationRecord, ProtectedRelease, ProtectedRow } from "./types";

const turnover: IndicatorMeta = { code: "ECO01", label: "Turnover", unit: "EUR", kind: "magnitude" };
const womenShare: IndicatorMeta = { code: "EQU01", label: "Share of women in positions of responsibility", unit: "share", kind: "measure" };
const bank: IndicatorMeta = {
  code: "ENV07",
  label: "Bank",
  unit: "category",
  kind: "category",
  categories: [
    { id: "ethical", label: "Ethical finance" },
    { id: "conventional", label: "Conventional bank" },
  ],
};

let counter = 0;
function org(breakdowns: Record<string, string>, values: OrganisationRecord["values"]): OrganisationRecord {
  counter += 1;
  return { organisationId: `org-${counter}`, breakdowns, values };
}

function many(count: number, breakdowns: Record<string, string>, values: (i: number) => OrganisationRecord["values"]) {
  return Array.from({ length: count }, (_, i) => org(breakdowns, values(i)));
}

function row(release: ProtectedRelease, table: string, indicator: string, group: Record<string, string>): ProtectedRow {
  const t = release.tables.find((x) => x.id === table);
  const r = t?.rows.find((x) => x.indicator === indicator && Object.entries(group).every(([k, v]) => x.group[k] === v));
  if (!r) throw new Error(`no row ${table} ${indicator} ${JSON.stringify(group)}`);
  return r;
}

const regionOnly = { breakdowns: ["region"], pairs: [] as Array<[string, string]> };

describe("settings", () => {
  it("defaults to k = 10 and the (1,50) (2,67) dominance rules", () => {
    const s = parseDisclosureSettings();
    expect(s.k).toBe(10);
    expect(s.dominance).toEqual({ n1: 1, p1: 50, n2: 2, p2: 67 });
  });

  it("refuses k below 3, whoever asks", () => {
    expect(() => parseDisclosureSettings({ k: 2 })).toThrow(/k must be at least 3/);
    expect(() => protectRelease({ records: [], indicators: [], settings: { k: 1 } })).toThrow(/at least 3/);
    expect(() => parseDisclosureSettings({ k: 3 })).not.toThrow();
  });

  it("refuses a pair that crosses an unknown breakdown", () => {
    expect(() => parseDisclosureSettings({ breakdowns: ["region"], pairs: [["region", "sector"]] })).toThrow(/sector/);
  });
});

describe("threshold and complements in a two-way table", () => {
  // region x size, counts of organisations:
  //        s   m   l
  //   A    3  15  14
  //   B   12  13  16
  //   C   11  17  15
  const layout: Record<string, Record<string, number>> = {
    A: { s: 3, m: 15, l: 14 },
    B: { s: 12, m: 13, l: 16 },
    C: { s: 11, m: 17, l: 15 },
  };
  const records = Object.entries(layout).flatMap(([region, sizes]) =>
    Object.entries(sizes).flatMap(([size_band, count]) =>
      many(count, { region, size_band }, (i) => ({ EQU01: 0.2 + ((i * 37) % 60) / 100 })),
    ),
  );
  const settings = { k: 10, breakdowns: ["region", "size_band"], pairs: [["region", "size_band"]] as Array<[string, string]> };
  const release = protectRelease({ records, indicators: [womenShare], settings });
  const cell = (region: string, size_band: string) => row(release, "by_region_size_band", "EQU01", { region, size_band });

  it("suppresses a cell of 3 organisations with k = 10, every statistic flagged C", () => {
    expect(cell("A", "s")).toMatchObject({ n: "C", mean: "C", median: "C", q1: "C", q3: "C", applicable_share: "C" });
  });

  it("suppresses a complement in its row and in its column", () => {
    const rowA = ["m", "l"].filter((s) => cell("A", s).n === "C");
    const colS = ["B", "C"].filter((r) => cell(r, "s").n === "C");
    expect(rowA.length).toBeGreaterThanOrEqual(1);
    expect(colS.length).toBeGreaterThanOrEqual(1);
  });

  it("leaves at least k organisations behind every total minus its visible cells", () => {
    for (const region of ["A", "B", "C"]) {
      const hidden = ["s", "m", "l"].filter((s) => cell(region, s).n === "C");
      const behind = hidden.reduce((sum, s) => sum + layout[region][s], 0);
      expect(behind === 0 || behind >= 10, `row ${region}: ${behind}`).toBe(true);
    }
    for (const size of ["s", "m", "l"]) {
      const hidden = ["A", "B", "C"].filter((r) => cell(r, size).n === "C");
      const behind = hidden.reduce((sum, r) => sum + layout[r][size], 0);
      expect(behind === 0 || behind >= 10, `column ${size}: ${behind}`).toBe(true);
    }
    expect(attackRelease(release, records)).toEqual([]);
  });

  it("publishes the margins, which are large enough", () => {
    expect(row(release, "overall", "EQU01", {}).n).toBe(records.length);
    expect(row(release, "by_region", "EQU01", { region: "A" }).n).toBe(32);
  });

  it("catches the attack on a naive suppression of the same table", () => {
    const naive = structuredClone(release);
    for (const t of naive.tables) {
      for (const r of t.rows) {
        const visible = !(r.group.region === "A" && r.group.size_band === "s");
        if (visible && t.id === "by_region_size_band") {
          const count = layout[r.group.region][r.group.size_band];
          Object.assign(r, { n: count, mean: 0.5, median: 0.5, q1: 0.3, q3: 0.7, applicable_share: 1 });
        }
      }
    }
    const findings = attackRelease(naive, records);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.isolatedOrganisations === 3)).toBe(true);
  });
});

describe("two single-organisation cells", () => {
  it("get a third suppressed cell in their row, so that neither learns the other", () => {
    const records = [
      org({ region: "A" }, { EQU01: 0.5 }),
      org({ region: "B" }, { EQU01: 0.7 }),
      ...many(30, { region: "C" }, () => ({ EQU01: 0.4 })),
      ...many(40, { region: "D" }, () => ({ EQU01: 0.6 })),
    ];
    const release = protectRelease({ records, indicators: [womenShare], settings: regionOnly });
    const n = (region: string) => row(release, "by_region", "EQU01", { region }).n;
    expect(n("A")).toBe("C");
    expect(n("B")).toBe("C");
    expect(n("C")).toBe("C");
    expect(n("D")).toBe(40);
    expect(row(release, "overall", "EQU01", {}).n).toBe(72);
    expect(attackRelease(release, records)).toEqual([]);
  });
});

describe("dominance", () => {
  it("catches contributions 52,000 / 50,000 / 8,000 with the (2,67) rule", () => {
    const fails = countsFails(3, { n1: 1, p1: 50, n2: 2, p2: 67 }, Float64Array.from([52_000, 50_000, 8_000]));
    expect(fails([0, 1, 2])).toBe(2);
    const records = [
      org({ region: "A" }, { ECO01: 52_000 }),
      org({ region: "A" }, { ECO01: 50_000 }),
      org({ region: "A" }, { ECO01: 8_000 }),
      ...many(6, { region: "B" }, (i) => ({ ECO01: 30_000 + i * 1_000 })),
      ...many(7, { region: "C" }, (i) => ({ ECO01: 20_000 + i * 1_500 })),
    ];
    const release = protectRelease({ records, indicators: [turnover], settings: { ...regionOnly, k: 3 } });
    expect(row(release, "by_region", "ECO01", { region: "A" }).n).toBe("C");
    // its complement: the smallest other region
    expect(row(release, "by_region", "ECO01", { region: "B" }).n).toBe("C");
    expect(attackRelease(release, records)).toEqual([]);
  });

  it("applies the (1,50) rule to one large contributor, on absolute values", () => {
    const fails = countsFails(3, { n1: 1, p1: 50, n2: 2, p2: 67 }, Float64Array.from([-900, 100, 100, 100, 100].map(Math.abs)));
    expect(fails([0, 1, 2, 3, 4])).toBe(1);
    expect(fails([1, 2, 3, 4])).toBe(0);
  });

  it("does not apply to measures (shares, ratios, scores)", () => {
    const records = [
      org({ region: "A" }, { EQU01: 0.99 }),
      ...many(11, { region: "A" }, () => ({ EQU01: 0.01 })),
      ...many(12, { region: "B" }, () => ({ EQU01: 0.02 })),
    ];
    const release = protectRelease({ records, indicators: [womenShare], settings: regionOnly });
    expect(row(release, "by_region", "EQU01", { region: "A" }).n).toBe(12);
  });
});

describe("group disclosure on category shares", () => {
  it("suppresses a 100% share in a cell of fewer than 2k organisations, and its complement", () => {
    const records = [
      ...many(12, { region: "A" }, () => ({ ENV07: "ethical" })),
      ...many(14, { region: "B" }, (i) => ({ ENV07: i % 3 === 0 ? "conventional" : "ethical" })),
      ...many(15, { region: "C" }, (i) => ({ ENV07: i % 4 === 0 ? "conventional" : "ethical" })),
    ];
    const release = protectRelease({ records, indicators: [bank], settings: regionOnly });
    const a = row(release, "by_region", "ENV07", { region: "A" });
    expect(a.n).toBe(12);
    expect(a.shares).toEqual({ ethical: "C", conventional: "C" });
    const b = row(release, "by_region", "ENV07", { region: "B" });
    expect(b.shares).toEqual({ ethical: "C", conventional: "C" });
    const c = row(release, "by_region", "ENV07", { region: "C" });
    expect(c.shares).toEqual({ ethical: 0.7333, conventional: 0.2667 });
    expect(row(release, "overall", "ENV07", {}).shares).toEqual({ ethical: 0.7805, conventional: 0.2195 });
    expect(attackRelease(release, records)).toEqual([]);
  });

  it("keeps a 100% share in a cell of at least 2k organisations", () => {
    const records = [
      ...many(20, { region: "A" }, () => ({ ENV07: "ethical" })),
      ...many(25, { region: "B" }, (i) => ({ ENV07: i % 2 ? "conventional" : "ethical" })),
    ];
    const release = protectRelease({ records, indicators: [bank], settings: regionOnly });
    expect(row(release, "by_region", "ENV07", { region: "A" }).shares).toEqual({ ethical: 1, conventional: 0 });
  });

  it("treats the applicable share like a category: 100% applicable in a small cell is suppressed", () => {
    const records = [
      ...many(12, { region: "A" }, () => ({ EQU01: 0.5 })),
      ...many(30, { region: "B" }, (i) => ({ EQU01: i % 5 === 0 ? null : 0.4 })),
      ...many(31, { region: "C" }, (i) => ({ EQU01: i % 6 === 0 ? null : 0.6 })),
    ];
    const release = protectRelease({ records, indicators: [womenShare], settings: regionOnly });
    const a = row(release, "by_region", "EQU01", { region: "A" });
    expect(a.n).toBe(12);
    expect(a.mean).toBe(0.5);
    expect(a.applicable_share).toBe("C");
    expect(row(release, "by_region", "EQU01", { region: "B" }).applicable_share).toBe("C");
    expect(row(release, "by_region", "EQU01", { region: "C" }).applicable_share).toBe(0.8065);
    expect(attackRelease(release, records)).toEqual([]);
  });
});

describe("published figures", () => {
  const records = [
    ...many(11, { region: "A" }, (i) => ({ ECO01: 1000 * (i + 1), EQU01: i / 10 })),
    ...many(13, { region: "B" }, (i) => ({ ECO01: 500 * (i + 1), EQU01: i % 2 === 0 ? null : 0.3 })),
    org({ region: "B" }, {}),
  ];
  const release = protectRelease({ records, indicators: [turnover, womenShare], settings: regionOnly });

  it("gives n, mean, median and quartiles, never minimum or maximum", () => {
    const a = row(release, "by_region", "ECO01", { region: "A" });
    expect(a).toEqual({ indicator: "ECO01", group: { region: "A" }, n: 11, mean: 6000, median: 6000, q1: 3500, q3: 8500, applicable_share: "C" });
    expect(Object.keys(a)).not.toContain("min");
    expect(Object.keys(a)).not.toContain("max");
  });

  it("counts organisations with a value, and the applicable share among those who answered", () => {
    const overall = row(release, "overall", "EQU01", {});
    expect(overall.n).toBe(17);
    expect(overall.applicable_share).toBe(0.7083);
  });

  it("never emits NaN, Infinity, an empty string or a zero for a suppressed value", () => {
    for (const t of release.tables) {
      for (const r of t.rows) {
        for (const v of [r.n, r.mean, r.median, r.q1, r.q3, r.applicable_share, ...Object.values(r.shares ?? {})]) {
          if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
          else expect(v === "C" || v === null).toBe(true);
        }
        if (r.n === "C") expect(r.mean).toBe("C");
      }
    }
  });

  it("is the same for the same data, whatever the order of the records", () => {
    const again = protectRelease({ records: [...records].reverse(), indicators: [turnover, womenShare], settings: regionOnly });
    expect(again).toEqual(release);
  });
});

describe("bad input", () => {
  it("refuses an organisation given twice", () => {
    const r = org({ region: "A" }, { EQU01: 1 });
    expect(() => protectRelease({ records: [r, r], indicators: [womenShare], settings: regionOnly })).toThrow(/appears twice/);
  });
  it("refuses text for a number and an unknown category", () => {
    expect(() => protectRelease({ records: [org({ region: "A" }, { EQU01: "x" })], indicators: [womenShare], settings: regionOnly })).toThrow(
      /finite number/,
    );
    expect(() => protectRelease({ records: [org({ region: "A" }, { EQU01: Number.NaN })], indicators: [womenShare], settings: regionOnly })).toThrow(
      /finite number/,
    );
    expect(() => protectRelease({ records: [org({ region: "A" }, { ENV07: "gold" })], indicators: [bank], settings: regionOnly })).toThrow(
      /unknown category/,
    );
  });
  it("puts an organisation without a breakdown value in the cell `unknown`, so that parts add up", () => {
    const records = [...many(12, { region: "A" }, () => ({ EQU01: 0.1 })), ...many(11, {}, () => ({ EQU01: 0.2 }))];
    const release = protectRelease({ records, indicators: [womenShare], settings: regionOnly });
    expect(row(release, "by_region", "EQU01", { region: "unknown" }).n).toBe(11);
  });
});

describe("flags", () => {
  it("gives n = 0, an applicable share of 0 and Z (not applicable) for the statistics where the indicator applies to none of at least 2k answering organisations", () => {
    const records = [
      ...many(25, { region: "A" }, () => ({ EQU01: null })),
      ...many(30, { region: "B" }, (i) => ({ EQU01: i / 30 })),
    ];
    const release = protectRelease({ records, indicators: [womenShare], settings: regionOnly });
    expect(row(release, "by_region", "EQU01", { region: "A" })).toEqual({
      indicator: "EQU01",
      group: { region: "A" },
      n: 0,
      mean: "Z",
      median: "Z",
      q1: "Z",
      q3: "Z",
      applicable_share: 0,
    });
    expect(attackRelease(release, records)).toEqual([]);
  });

  it("keeps C where fewer than 2k answered: none applicable is then a disclosure", () => {
    const records = [...many(12, { region: "A" }, () => ({ EQU01: null })), ...many(30, { region: "B" }, (i) => ({ EQU01: i / 30 }))];
    const release = protectRelease({ records, indicators: [womenShare], settings: regionOnly });
    const a = row(release, "by_region", "EQU01", { region: "A" });
    expect(a.n).toBe("C");
    expect(a.applicable_share).toBe("C");
  });
});
