/**
 * protectRelease: per-organisation indicator values of a campaign -> the protected tables of a research
 * release. Suppression is decided per indicator (each indicator has its own population: the
 * organisations with a value), jointly over all the linked tables of that indicator.
 */
import { indicatorLayers, RelationsCache, type IndicatorLayers } from "./layers";
import { parseDisclosureSettings } from "./settings";
import { roundShare, summarise } from "./statistics";
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

function rowFor(structure: Structure, layers: IndicatorLayers, pattern: SuppressionPattern, cell: number): ProtectedRow {
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
  const s = summarise(members.map((o) => layers.data.numbers[o]));
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
  for (const indicator of input.indicators) {
    const layers = indicatorLayers(structure, input.records, indicator, settings, relations);
    const pattern = suppressIndicator(structure, layers);
    for (const cell of structure.cells) {
      tables[cell.table].rows.push(rowFor(structure, layers, pattern, cell.index));
    }
  }
  return {
    settings,
    indicators: input.indicators.map((i) => structuredClone(i)),
    dimensionValues: Object.fromEntries(structure.dimensions.map((d, i) => [d, [...structure.dimensionValues[i]]])),
    tables,
  };
}
