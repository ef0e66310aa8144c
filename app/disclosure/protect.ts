/**
 * protectRelease: per-organisation indicator values of a campaign -> the protected tables of a research
 * release. Suppression is decided per indicator (each indicator has its own population: the
 * organisations with a value), jointly over all the linked tables of that indicator.
 */
import { impliedApplicable, indicatorLayers, readIndicators, RelationsCache, type IndicatorLayers } from "./layers";
import { parseDisclosureSettings } from "./settings";
import { roundShare, summariseSorted } from "./statistics";
import { buildStructure, type Structure } from "./structure";
import { primaryHidden, protectLayer } from "./suppression";
import {
  CONFIDENTIAL,
  NOT_APPLICABLE,
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
  /** 1 where the number of organisations that answered must stay unknown (the share's own protection). */
  applicabilityOwn: Uint8Array;
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

/**
 * Whether the applicable share of an indicator says nothing the codebook does not: an indicator that
 * applies to every organisation that answers has a share of 1 everywhere, known in advance.
 */
export function applicabilityIsKnown(layers: IndicatorLayers): boolean {
  const { indicator, answered, withValue } = layers.data;
  return indicator.alwaysApplies === true && answered.length === withValue.length;
}

/** Runs primary and complementary suppression on every layer of one indicator. */
export function suppressIndicator(structure: Structure, layers: IndicatorLayers, countsHidden?: Uint8Array): SuppressionPattern {
  const initial = primaryHidden(layers.counts);
  if (countsHidden) countsHidden.forEach((h, c) => (initial[c] |= h));
  const counts = protectLayer(structure, layers.counts, initial);
  return suppressShares(structure, layers, counts);
}

/**
 * The applicable share and the category shares, given the cells whose counts are hidden.
 * The applicable share is protected on its own rule only (`applicabilityOwn`), as if every cell whose
 * n is hidden still showed how many organisations answered: another indicator answered by the same
 * organisations may show it there (see protectTogether). Its published pattern adds the cells whose
 * n is hidden (a share without its n would say nothing anyway).
 */
function suppressShares(structure: Structure, layers: IndicatorLayers, counts: Uint8Array, applicabilityOwn?: Uint8Array): SuppressionPattern {
  const withCounts = (initial: Uint8Array) => initial.map((h, c) => (h || counts[c] ? 1 : 0));
  // A share known in advance protects nothing: hidden only where the counts are.
  const own = applicabilityIsKnown(layers)
    ? new Uint8Array(counts.length)
    : protectLayer(structure, layers.applicability, applicabilityOwn ?? primaryHidden(layers.applicability));
  const shares = layers.shares ? protectLayer(structure, layers.shares, withCounts(primaryHidden(layers.shares))) : undefined;
  return { counts, applicability: withCounts(own), applicabilityOwn: own, shares };
}

/**
 * Indicators answered by the same organisations are protected together. Every published count is
 * the number of a population's organisations in a cell: the n of an indicator that always applies
 * counts those who answered, an applicable share (with its n) gives those who answered. Where two
 * indicators count the same population, hiding the count in one is useless if the other publishes it
 * (a suppressed applicable share is n divided by the n of an indicator that always applies and is
 * answered by the same organisations). So every layer that counts one population hides the count
 * wherever an applicable share over that population hides it (the union of the shares' own
 * patterns), each layer then protected again, until nothing changes (hidden cells only grow, so
 * this ends).
 */
export function protectTogether(structure: Structure, all: Array<{ layers: IndicatorLayers; pattern: SuppressionPattern }>): void {
  type Entry = { index: number; which: "counts" | "applicability" };
  const groups = new Map<number[][], Entry[]>();
  const add = (members: number[][], entry: Entry) => {
    const list = groups.get(members) ?? [];
    list.push(entry);
    groups.set(members, list);
  };
  // The count of a population is public knowledge of a reader only where the codebook says who is
  // counted: the n of an indicator that always applies counts everyone who answered; an applicable
  // share (with its n) gives the number who answered. The n of an indicator that applies under a
  // condition counts a population the reader cannot tell apart, and is left out.
  all.forEach(({ layers }, index) => {
    if (applicabilityIsKnown(layers)) add(layers.counts.members, { index, which: "counts" });
    else add(layers.applicability.members, { index, which: "applicability" });
  });
  const hiddenOf = (e: Entry) => (e.which === "counts" ? all[e.index].pattern.counts : all[e.index].pattern.applicabilityOwn);
  const shared = [...groups.values()].filter((g) => g.length > 1);
  // Each round hides at least one more cell of some layer, or stops: bounded by layers x cells.
  for (let round = 0, limit = all.length * 2 * structure.cells.length + 1; round < limit; round++) {
    let changed = false;
    for (const group of shared) {
      // What is protected is the number who answered, where an applicable share is hidden; the counts
      // of the indicators that always apply publish it, and hide it too. (Their own hidden cells protect
      // their values, not the count: they are not imposed on the others.)
      const union = new Uint8Array(structure.cells.length);
      for (const e of group) if (e.which === "applicability") hiddenOf(e).forEach((h, c) => (union[c] |= h));
      for (const e of group) {
        const hidden = hiddenOf(e);
        if (!union.some((h, c) => h === 1 && hidden[c] === 0)) continue;
        changed = true;
        const item = all[e.index];
        if (e.which === "counts") {
          const counts = protectLayer(structure, item.layers.counts, Uint8Array.from(union, (h, c) => h | item.pattern.counts[c]));
          item.pattern = suppressShares(structure, item.layers, counts, item.pattern.applicabilityOwn);
        } else {
          const own = Uint8Array.from(union, (h, c) => h | item.pattern.applicabilityOwn[c]);
          item.pattern = suppressShares(structure, item.layers, item.pattern.counts, own);
        }
      }
    }
    if (!changed) return;
  }
  throw new Error("Protecting indicators that share their organisations did not settle");
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

/**
 * Whether a cell's median and quartiles could pin its values: the middle half is one value and
 * either the cell is too small for its extremes to move (fewer than 5), or it has fewer than 2k
 * organisations and the mean is that value too (the pattern where every value may be forced: on a
 * bound of the domain nothing can lie beyond it). Elsewhere the smallest and the largest values can
 * move apart without changing a published figure, or q1 < q3 says the values differ.
 */
export function quartilesMayPin(s: { n: number; mean: number; q1: number; q3: number }, k: number): boolean {
  if (s.q1 !== s.q3) return false;
  return s.n < 5 || (s.n < 2 * k && s.mean === s.q1);
}

function rowFor(
  structure: Structure,
  layers: IndicatorLayers,
  pattern: SuppressionPattern,
  cell: number,
  sorted: Array<Float64Array | null> | null,
  k: number,
): ProtectedRow {
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
  const answeredHere = layers.applicability.members[cell].length;
  if (pattern.counts[cell] && members.length === 0 && answeredHere > 0 && !pattern.applicabilityOwn[cell] && !applicabilityIsKnown(layers)) {
    // Organisations answered, the indicator applies to none of them, and the share may be shown
    // (at least 2k answered): n is 0 and the statistics do not exist.
    const row: ProtectedRow = {
      indicator: indicator.code,
      group,
      n: 0,
      mean: isCategory ? null : NOT_APPLICABLE,
      median: isCategory ? null : NOT_APPLICABLE,
      q1: isCategory ? null : NOT_APPLICABLE,
      q3: isCategory ? null : NOT_APPLICABLE,
      applicable_share: 0,
    };
    if (isCategory) row.shares = Object.fromEntries(indicator.categories!.map((k) => [k.id, NOT_APPLICABLE]));
    return row;
  }
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
  if (quartilesMayPin(s, k)) {
    return { indicator: indicator.code, group, n: s.n, mean: s.mean, median: CONFIDENTIAL, q1: CONFIDENTIAL, q3: CONFIDENTIAL, applicable_share };
  }
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
  // "All applicable" in a small cell says nothing new inside a published cell of at least 2k where
  // every organisation is applicable (all micro organisations have workers): such cells are taken as
  // published, and checked to be so at the end; an indicator where one is not is protected again
  // without them.
  const build = (without: Set<number>) => {
    const all = input.indicators.map((indicator, j) => {
      const data = read[j];
      const implied = without.has(j)
        ? { implied: null, cells: [] as number[] }
        : impliedApplicable(structure, settings.k, relations.population(data.answered).members, data.applicable, null);
      const layers = indicatorLayers(structure, input.records, indicator, settings, relations, data, implied.cells.length ? implied.implied : null);
      return { layers, pattern: suppressIndicator(structure, layers), reliesOn: implied.cells };
    });
    protectTogether(structure, all);
    return all;
  };
  const without = new Set<number>();
  let all = build(without);
  for (let round = 0; round <= input.indicators.length; round++) {
    const broken = all.flatMap((x, j) => (x.reliesOn.some((c) => x.pattern.applicability[c] === 1) ? [j] : []));
    if (broken.length === 0) break;
    for (const j of broken) without.add(j);
    all = build(without);
  }
  for (const { layers, pattern } of all) {
    const sorted = layers.data.indicator.kind === "category" ? null : sortedCellValues(structure, layers, pattern);
    for (const cell of structure.cells) {
      tables[cell.table].rows.push(rowFor(structure, layers, pattern, cell.index, sorted, settings.k));
    }
  }
  return {
    settings,
    indicators: input.indicators.map((i) => structuredClone(i)),
    dimensionValues: Object.fromEntries(structure.dimensions.map((d, i) => [d, [...structure.dimensionValues[i]]])),
    tables,
  };
}
