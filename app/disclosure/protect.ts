/**
 * protectRelease: per-organisation indicator values of a campaign -> the protected tables of a research
 * release. Suppression is decided per indicator (each indicator has its own population: the
 * organisations with a value), jointly over all the linked tables of that indicator.
 */
import { indicatorLayers, readIndicators, RelationsCache, type IndicatorLayers } from "./layers";
import { parseDisclosureSettings } from "./settings";
import { roundShare, summariseSorted } from "./statistics";
import { buildStructure, type Structure } from "./structure";
import { primaryHidden, protectLayer } from "./suppression";
import {
  CONFIDENTIAL,
  type DisclosureSettings,
  type IndicatorMeta,
  type OrganisationRecord,
  type ProtectedRelease,
  type ProtectedRow,
  type ProtectedTable,
} from "./types";

export type SuppressionPattern = {
  /** 1 where n and every statistic of the cell are suppressed. */
  counts: Uint8Array;
  /** 1 where the applicable share is suppressed. */
  applicability: Uint8Array;
  /** 1 where the category shares are suppressed (category indicators). */
  shares?: Uint8Array;
};

export function checkRecords(records: OrganisationRecord[]): void {
  const ids = new Set<string>();
  for (const r of records) {
    if (typeof r.organisationId !== "string" || r.organisationId === "") throw new Error("A record has no organisationId");
    if (ids.has(r.organisationId)) {
      throw new Error(`Organisation ${r.organisationId} appears twice: a cell counts distinct organisations, give one record each`);
    }
    ids.add(r.organisationId);
  }
}

export function checkIndicators(indicators: IndicatorMeta[]): void {
  const codes = new Set<string>();
  for (const i of indicators) {
    if (codes.has(i.code)) throw new Error(`Indicator ${i.code} is listed twice`);
    codes.add(i.code);
    if (i.kind === "category") {
      const ids = (i.categories ?? []).map((c) => c.id);
      if (ids.length === 0) throw new Error(`Indicator ${i.code} is a category indicator without categories`);
      if (new Set(ids).size !== ids.length) throw new Error(`Indicator ${i.code} lists a category twice`);
    }
  }
}

/** Runs primary and complementary suppression on every layer of one indicator. */
export function suppressIndicator(structure: Structure, layers: IndicatorLayers): SuppressionPattern {
  const counts = protectLayer(structure, layers.counts, primaryHidden(layers.counts));
  const withCounts = (initial: Uint8Array) => initial.map((h, c) => (h || counts[c] ? 1 : 0));
  const applicability = protectLayer(structure, layers.applicability, withCounts(primaryHidden(layers.applicability)));
  const shares = layers.shares ? protectLayer(structure, layers.shares, withCounts(primaryHidden(layers.shares))) : undefined;
  return { counts, applicability, shares };
}

/**
 * The values of every published cell, each in ascending order, without a sort per cell: the
 * indicator's values are sorted once (a native typed-array sort), each organisation finds its rank
 * by binary search (equal values take consecutive ranks), and the organisations are dealt out to
 * their cells in rank order.
 */
export function sortedCellValues(structure: Structure, layers: IndicatorLayers, pattern: SuppressionPattern): Array<Float64Array | null> {
  const { numbers, withValue } = layers.data;
  const n = withValue.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = numbers[withValue[i]];
  sorted.sort();
  const orgAtRank = new Int32Array(n);
  const taken = new Int32Array(n);
  for (const org of withValue) {
    const v = numbers[org];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    orgAtRank[lo + taken[lo]++] = org;
  }
  const members = layers.counts.members;
  const out = members.map((m, c) => (pattern.counts[c] ? null : new Float64Array(m.length)));
  const fill = new Int32Array(members.length);
  const t = structure.tables.length;
  for (let r = 0; r < n; r++) {
    const org = orgAtRank[r];
    const v = numbers[org];
    for (let ti = 0; ti < t; ti++) {
      const c = structure.orgCells[org * t + ti];
      const target = out[c];
      if (target) target[fill[c]++] = v;
    }
  }
  return out;
}

function rowFor(structure: Structure, layers: IndicatorLayers, pattern: SuppressionPattern, cell: number, sorted: Array<Float64Array | null> | null): ProtectedRow {
  const c = structure.cells[cell];
  const dims = structure.tables[c.table].dimensions;
  const group: Record<string, string> = {};
  dims.forEach((d, j) => {
    group[d] = structure.dimensionValues[structure.dimensions.indexOf(d)][c.values[j]];
  });
  const { indicator } = layers.data;
  const members = layers.counts.members[cell];
  const isCategory = indicator.kind === "category";
  const hiddenOrNull = isCategory ? null : CONFIDENTIAL;
  if (pattern.counts[cell]) {
    const row: ProtectedRow = {
      indicator: indicator.code,
      group,
      n: CONFIDENTIAL,
      mean: hiddenOrNull,
      median: hiddenOrNull,
      q1: hiddenOrNull,
      q3: hiddenOrNull,
      applicable_share: CONFIDENTIAL,
    };
    if (isCategory) row.shares = Object.fromEntries(indicator.categories!.map((k) => [k.id, CONFIDENTIAL]));
    return row;
  }
  const answered = layers.applicability.members[cell].length;
  const applicable_share = pattern.applicability[cell] ? CONFIDENTIAL : roundShare(members.length / answered);
  if (isCategory) {
    const counts = new Array<number>(indicator.categories!.length).fill(0);
    for (const o of members) for (const k of layers.data.choices[o] ?? []) counts[k]++;
    const sharesHidden = pattern.shares![cell] === 1;
    return {
      indicator: indicator.code,
      group,
      n: members.length,
      mean: null,
      median: null,
      q1: null,
      q3: null,
      applicable_share,
      shares: Object.fromEntries(
        indicator.categories!.map((k, i) => [k.id, sharesHidden ? CONFIDENTIAL : roundShare(counts[i] / members.length)]),
      ),
    };
  }
  let values = sorted?.[cell];
  if (!values) {
    values = new Float64Array(members.length);
    for (let i = 0; i < members.length; i++) values[i] = layers.data.numbers[members[i]];
    values.sort();
  }
  const s = summariseSorted(values);
  return { indicator: indicator.code, group, n: s.n, mean: s.mean, median: s.median, q1: s.q1, q3: s.q3, applicable_share };
}

export type ProtectInput = {
  records: OrganisationRecord[];
  indicators: IndicatorMeta[];
  settings?: Partial<DisclosureSettings>;
};

/** Builds the protected tables of a release. Throws on bad settings (k below 3) or bad values. */
export function protectRelease(input: ProtectInput): ProtectedRelease {
  const settings = parseDisclosureSettings(input.settings);
  checkRecords(input.records);
  checkIndicators(input.indicators);
  const structure = buildStructure(input.records, settings);
  const relations = new RelationsCache(structure);
  const tables: ProtectedTable[] = structure.tables.map((t) => ({ id: t.id, dimensions: [...t.dimensions], rows: [] }));
  const read = readIndicators(input.records, input.indicators);
  for (const [j, indicator] of input.indicators.entries()) {
    const layers = indicatorLayers(structure, input.records, indicator, settings, relations, read[j]);
    const pattern = suppressIndicator(structure, layers);
    const sorted = indicator.kind === "category" ? null : sortedCellValues(structure, layers, pattern);
    for (const cell of structure.cells) {
      tables[cell.table].rows.push(rowFor(structure, layers, pattern, cell.index, sorted));
    }
  }
  return {
    settings,
    indicators: input.indicators.map((i) => structuredClone(i)),
    dimensionValues: Object.fromEntries(structure.dimensions.map((d, i) => [d, [...structure.dimensionValues[i]]])),
    tables,
  };
}
