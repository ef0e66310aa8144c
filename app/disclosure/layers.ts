/**
 * The layers of one indicator (see suppression.ts) and the rules that say whether an aggregate over
 * a set of organisations may be known:
 * - counts and sums: at least k organisations; for magnitudes, not dominated ((n1, p1) and (n2, p2)
 *   on absolute values);
 * - applicable share: at least k answering organisations; below 2k, not all or none applicable;
 * - category shares: at least k organisations; below 2k, no category at 0% or 100%.
 */
import { cellMembers, cellRelations, type Structure } from "./structure";
import type { Layer } from "./suppression";
import type { DisclosureSettings, IndicatorMeta, OrganisationRecord } from "./types";

export type IndicatorData = {
  indicator: IndicatorMeta;
  /** Organisations that answered (value present, applicable or not). */
  answered: number[];
  /** Organisations with a value (applicable). */
  withValue: number[];
  /** Numeric value per organisation index (NaN when none). */
  numbers: Float64Array;
  /** Chosen category indices per organisation index (category indicators). */
  choices: Array<number[] | undefined>;
  applicable: Uint8Array;
};

export function readIndicator(records: OrganisationRecord[], indicator: IndicatorMeta): IndicatorData {
  const numbers = new Float64Array(records.length).fill(Number.NaN);
  const choices: Array<number[] | undefined> = new Array(records.length);
  const applicable = new Uint8Array(records.length);
  const answered: number[] = [];
  const withValue: number[] = [];
  const categoryIndex = new Map((indicator.categories ?? []).map((c, i) => [c.id, i]));
  if (indicator.kind === "category" && categoryIndex.size === 0) {
    throw new Error(`Indicator ${indicator.code} is a category indicator without categories`);
  }
  records.forEach((r, i) => {
    if (!Object.prototype.hasOwnProperty.call(r.values, indicator.code)) return;
    const v = r.values[indicator.code];
    if (v === undefined) return;
    answered.push(i);
    if (v === null) return;
    const where = `indicator ${indicator.code} of organisation ${r.organisationId}`;
    if (indicator.kind === "category") {
      const ids = typeof v === "string" ? [v] : Array.isArray(v) ? v : null;
      if (!ids) throw new Error(`${where}: expected a category id or a list of category ids, got ${typeof v}`);
      const idx = new Set<number>();
      for (const id of ids) {
        const k = categoryIndex.get(id);
        if (k === undefined) throw new Error(`${where}: unknown category ${JSON.stringify(id)}`);
        idx.add(k);
      }
      choices[i] = [...idx];
    } else {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${where}: expected a finite number, got ${JSON.stringify(v)}`);
      }
      numbers[i] = v;
    }
    applicable[i] = 1;
    withValue.push(i);
  });
  return { indicator, answered, withValue, numbers, choices, applicable };
}

export function countsFails(k: number, dominance: DisclosureSettings["dominance"], absValues: Float64Array | null) {
  const m = Math.max(dominance.n1, dominance.n2);
  return (orgs: number[]): number => {
    const n = orgs.length;
    if (n === 0) return 0;
    if (n < k) return n;
    if (!absValues) return 0;
    const top: number[] = [];
    let total = 0;
    for (const o of orgs) {
      const v = absValues[o];
      total += v;
      if (top.length < m || v > top[top.length - 1]) {
        let i = top.length < m ? top.length : m - 1;
        top[i] = v;
        while (i > 0 && top[i - 1] < top[i]) {
          [top[i - 1], top[i]] = [top[i], top[i - 1]];
          i--;
        }
      }
    }
    if (!(total > 0)) return 0;
    const sumTop = (count: number) => top.slice(0, count).reduce((a, b) => a + b, 0);
    if (sumTop(dominance.n1) > (dominance.p1 / 100) * total) return dominance.n1;
    if (sumTop(dominance.n2) > (dominance.p2 / 100) * total) return dominance.n2;
    return 0;
  };
}

export function applicabilityFails(k: number, applicable: Uint8Array) {
  return (orgs: number[]): number => {
    const a = orgs.length;
    if (a === 0) return 0;
    if (a < k) return a;
    if (a >= 2 * k) return 0;
    let n = 0;
    for (const o of orgs) n += applicable[o];
    return n === 0 || n === a ? a : 0;
  };
}

export function sharesFails(k: number, choices: Array<number[] | undefined>, categoryCount: number) {
  return (orgs: number[]): number => {
    const n = orgs.length;
    if (n === 0) return 0;
    if (n < k) return n;
    if (n >= 2 * k) return 0;
    const counts = new Int32Array(categoryCount);
    for (const o of orgs) for (const c of choices[o] ?? []) counts[c]++;
    for (const c of counts) if (c === 0 || c === n) return n;
    return 0;
  };
}

export type IndicatorLayers = {
  data: IndicatorData;
  counts: Layer;
  applicability: Layer;
  shares?: Layer;
};

/** Caches the relations between cells per population (indicators with the same respondents share them). */
export class RelationsCache {
  private readonly cache = new Map<string, Float64Array[]>();
  constructor(private readonly structure: Structure) {}
  get(population: number[]): Float64Array[] {
    const key = population.join(",");
    let r = this.cache.get(key);
    if (!r) {
      r = cellRelations(this.structure, population);
      this.cache.set(key, r);
    }
    return r;
  }
}

export function indicatorLayers(
  structure: Structure,
  records: OrganisationRecord[],
  indicator: IndicatorMeta,
  settings: DisclosureSettings,
  relations: RelationsCache,
): IndicatorLayers {
  const data = readIndicator(records, indicator);
  const valueMembers = cellMembers(structure, data.withValue);
  const valueRelations = relations.get(data.withValue);
  const absValues = indicator.kind === "magnitude" ? Float64Array.from(data.numbers, (v) => (Number.isNaN(v) ? 0 : Math.abs(v))) : null;
  const counts: Layer = {
    name: `${indicator.code} counts`,
    members: valueMembers,
    fails: countsFails(settings.k, settings.dominance, absValues),
    relations: valueRelations,
  };
  const applicability: Layer = {
    name: `${indicator.code} applicable share`,
    members: cellMembers(structure, data.answered),
    fails: applicabilityFails(settings.k, data.applicable),
    relations: relations.get(data.answered),
  };
  const shares: Layer | undefined =
    indicator.kind === "category"
      ? {
          name: `${indicator.code} category shares`,
          members: valueMembers,
          fails: sharesFails(settings.k, data.choices, indicator.categories!.length),
          relations: valueRelations,
        }
      : undefined;
  return { data, counts, applicability, shares };
}
