/**
 * The layers of one indicator (see suppression.ts) and the rules that say whether an aggregate over
 * a set of organisations may be known:
 * - counts and sums: at least k organisations; for magnitudes, not dominated ((n1, p1) and (n2, p2)
 *   on absolute values); for indicators with a bound in the codebook (yes/no, percentages, counts),
 *   below 2k, not every value on the same bound (a mean of 0 or 1 says every member has, or lacks, it);
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
    const where = () => `indicator ${indicator.code} of organisation ${r.organisationId}`;
    if (indicator.kind === "category") {
      const ids = typeof v === "string" ? [v] : Array.isArray(v) ? v : null;
      if (!ids) throw new Error(`${where()}: expected a category id or a list of category ids, got ${typeof v}`);
      const idx = new Set<number>();
      for (const id of ids) {
        const k = categoryIndex.get(id);
        if (k === undefined) throw new Error(`${where()}: unknown category ${JSON.stringify(id)}`);
        idx.add(k);
      }
      choices[i] = [...idx];
    } else {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${where()}: expected a finite number, got ${JSON.stringify(v)}`);
      }
      numbers[i] = v;
    }
    applicable[i] = 1;
    withValue.push(i);
  });
  return { indicator, answered, withValue, numbers, choices, applicable };
}

/**
 * Reads every indicator in one pass over the records (the same result as `readIndicator` for each):
 * looking up each indicator's code in each record separately costs far more than walking each
 * record's values once.
 */
export function readIndicators(records: OrganisationRecord[], indicators: IndicatorMeta[]): IndicatorData[] {
  const n = records.length;
  const byCode = new Map(indicators.map((indicator, j) => [indicator.code, j]));
  const out: IndicatorData[] = indicators.map((indicator) => {
    if (indicator.kind === "category" && (indicator.categories ?? []).length === 0) {
      throw new Error(`Indicator ${indicator.code} is a category indicator without categories`);
    }
    return {
      indicator,
      answered: [],
      withValue: [],
      numbers: new Float64Array(n).fill(Number.NaN),
      choices: new Array<number[] | undefined>(n),
      applicable: new Uint8Array(n),
    };
  });
  const categoryIndex = indicators.map((indicator) => new Map((indicator.categories ?? []).map((c, i) => [c.id, i])));
  for (let i = 0; i < n; i++) {
    const r = records[i];
    const values = r.values;
    // for-in walks the object's own keys with its enumeration cache (values are plain data objects)
    for (const code in values) {
      const j = byCode.get(code);
      if (j === undefined || !Object.prototype.hasOwnProperty.call(values, code)) continue;
      const v = values[code];
      if (v === undefined) continue;
      const data = out[j];
      data.answered.push(i);
      if (v === null) continue;
      const indicator = data.indicator;
      if (typeof v === "number" && indicator.kind !== "category" && Number.isFinite(v)) {
        data.numbers[i] = v;
        data.applicable[i] = 1;
        data.withValue.push(i);
        continue;
      }
      const where = () => `indicator ${indicator.code} of organisation ${r.organisationId}`;
      if (indicator.kind === "category") {
        const ids = typeof v === "string" ? [v] : Array.isArray(v) ? v : null;
        if (!ids) throw new Error(`${where()}: expected a category id or a list of category ids, got ${typeof v}`);
        const idx = new Set<number>();
        for (const id of ids) {
          const k = categoryIndex[j].get(id);
          if (k === undefined) throw new Error(`${where()}: unknown category ${JSON.stringify(id)}`);
          idx.add(k);
        }
        data.choices[i] = [...idx];
      } else {
        if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where()}: expected a finite number, got ${JSON.stringify(v)}`);
        data.numbers[i] = v;
      }
      data.applicable[i] = 1;
      data.withValue.push(i);
    }
  }
  return out;
}

/**
 * Per organisation, whether its value sits on a bound of the indicator's domain: 1 on the minimum,
 * 2 on the maximum, 0 elsewhere; null when the codebook declares no bound.
 */
export function boundFlags(indicator: IndicatorMeta, numbers: Float64Array): Uint8Array | null {
  const d = indicator.domain;
  if (indicator.kind === "category" || !d || (d.min === undefined && d.max === undefined)) return null;
  return Uint8Array.from(numbers, (v) => (Number.isNaN(v) ? 0 : v === d.min ? 1 : v === d.max ? 2 : 0));
}

/** Below 2k organisations, every value on one bound reveals every member's value. */
function allOnOneBound(k: number, n: number, atMin: number, atMax: number): boolean {
  return n < 2 * k && (atMin === n || atMax === n);
}

export function countsFails(k: number, dominance: DisclosureSettings["dominance"], absValues: Float64Array | null, bounds: Uint8Array | null = null) {
  const m = Math.max(dominance.n1, dominance.n2);
  return (orgs: number[]): number => {
    const n = orgs.length;
    if (n === 0) return 0;
    if (n < k) return n;
    if (bounds && n < 2 * k) {
      let atMin = 0;
      let atMax = 0;
      for (const o of orgs) {
        if (bounds[o] === 1) atMin++;
        else if (bounds[o] === 2) atMax++;
      }
      if (allOnOneBound(k, n, atMin, atMax)) return n;
    }
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

/**
 * `implied` marks the organisations already known to be applicable from a published cell of at least
 * 2k organisations where the share is 1 (see `impliedApplicable`): "all applicable" in a smaller
 * cell of theirs says nothing new.
 */
export function applicabilityFails(k: number, applicable: Uint8Array, implied: Uint8Array | null = null) {
  return (orgs: number[]): number => {
    const a = orgs.length;
    if (a === 0) return 0;
    if (a < k) return a;
    if (a >= 2 * k) return 0;
    let n = 0;
    let known = 0;
    for (const o of orgs) {
      n += applicable[o];
      if (implied) known += implied[o];
    }
    if (n === a && known === a) return 0;
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

/** What is shared by every indicator with the same population (the same organisations, in the same order). */
export type PopulationData = {
  members: number[][];
  relations: () => Float64Array[];
  atoms: () => AtomIndex;
};

/** Atoms (organisations sharing every breakdown value) of a population, and each cell as a bitset of atoms. */
export type AtomIndex = { atomOrgs: number[][]; cellBits: Uint32Array[] };

function populationAtoms(structure: Structure, population: number[], members: number[][]): AtomIndex {
  const local = new Map<number, number>();
  const atomOrgs: number[][] = [];
  const atomOf = new Int32Array(structure.atomOfOrg.length);
  for (const org of population) {
    const global = structure.atomOfOrg[org];
    let id = local.get(global);
    if (id === undefined) {
      id = atomOrgs.length;
      local.set(global, id);
      atomOrgs.push([]);
    }
    atomOrgs[id].push(org);
    atomOf[org] = id;
  }
  const words = Math.ceil(atomOrgs.length / 32);
  const cellBits = members.map((m) => {
    const bits = new Uint32Array(words);
    for (const org of m) {
      const a = atomOf[org];
      bits[a >>> 5] |= 1 << (a & 31);
    }
    return bits;
  });
  return { atomOrgs, cellBits };
}

/**
 * Caches, per population, the members of every cell, the relations between cells and the atoms:
 * indicators with the same respondents share them (computed once per applicability pattern).
 */
export class RelationsCache {
  private readonly cache = new Map<number, Array<{ population: number[]; data: PopulationData }>>();
  constructor(private readonly structure: Structure) {}
  population(population: number[]): PopulationData {
    let h = 2166136261 ^ population.length;
    for (const o of population) h = Math.imul(h ^ o, 16777619);
    const same = this.cache.get(h) ?? [];
    const hit = same.find((e) => e.population.length === population.length && e.population.every((o, i) => o === population[i]));
    let found = hit?.data;
    if (!found) {
      const members = cellMembers(this.structure, population);
      let relations: Float64Array[] | undefined;
      let atoms: AtomIndex | undefined;
      found = {
        members,
        relations: () => (relations ??= cellRelations(this.structure, population)),
        atoms: () => (atoms ??= populationAtoms(this.structure, population, members)),
      };
      same.push({ population, data: found });
      this.cache.set(h, same);
    }
    return found;
  }
  get(population: number[]): Float64Array[] {
    return this.population(population).relations();
  }
}

/** Fast rules over unions of disjoint cells, from per-cell summaries (no pass over the organisations). */
export function countsFailsCells(
  k: number,
  dominance: DisclosureSettings["dominance"],
  members: number[][],
  absValues: Float64Array | null,
  bounds: Uint8Array | null = null,
) {
  const cellCount = members.length;
  const size = Int32Array.from(members, (m) => m.length);
  const atMin = new Int32Array(cellCount);
  const atMax = new Int32Array(cellCount);
  if (bounds) {
    for (let c = 0; c < cellCount; c++) {
      for (const o of members[c]) {
        if (bounds[o] === 1) atMin[c]++;
        else if (bounds[o] === 2) atMax[c]++;
      }
    }
  }
  const m = Math.max(dominance.n1, dominance.n2);
  const totals = new Float64Array(cellCount);
  const tops = new Float64Array(cellCount * m).fill(-1);
  if (absValues) {
    for (let c = 0; c < cellCount; c++) {
      let total = 0;
      const base = c * m;
      for (const o of members[c]) {
        const v = absValues[o];
        total += v;
        if (v > tops[base + m - 1]) {
          let i = m - 1;
          tops[base + i] = v;
          while (i > 0 && tops[base + i - 1] < tops[base + i]) {
            const x = tops[base + i - 1];
            tops[base + i - 1] = tops[base + i];
            tops[base + i] = x;
            i--;
          }
        }
      }
      totals[c] = total;
    }
  }
  const top = new Float64Array(m);
  return (cells: readonly number[]): number => {
    let n = 0;
    for (const c of cells) n += size[c];
    if (n === 0) return 0;
    if (n < k) return n;
    if (bounds && n < 2 * k) {
      let lo = 0;
      let hi = 0;
      for (const c of cells) {
        lo += atMin[c];
        hi += atMax[c];
      }
      if (allOnOneBound(k, n, lo, hi)) return n;
    }
    if (!absValues) return 0;
    let total = 0;
    top.fill(-1);
    for (const c of cells) {
      total += totals[c];
      for (let j = 0; j < m; j++) {
        const v = tops[c * m + j];
        if (v <= top[m - 1]) break;
        let i = m - 1;
        top[i] = v;
        while (i > 0 && top[i - 1] < top[i]) {
          const x = top[i - 1];
          top[i - 1] = top[i];
          top[i] = x;
          i--;
        }
      }
    }
    if (!(total > 0)) return 0;
    const sumTop = (count: number) => {
      let s = 0;
      for (let i = 0; i < count; i++) if (top[i] > 0) s += top[i];
      return s;
    };
    if (sumTop(dominance.n1) > (dominance.p1 / 100) * total) return dominance.n1;
    if (sumTop(dominance.n2) > (dominance.p2 / 100) * total) return dominance.n2;
    return 0;
  };
}

export function applicabilityFailsCells(k: number, members: number[][], applicable: Uint8Array, implied: Uint8Array | null = null) {
  const size = Int32Array.from(members, (m) => m.length);
  const count = (flags: Uint8Array | null) =>
    Int32Array.from(members, (m) => {
      let n = 0;
      if (flags) for (const o of m) n += flags[o];
      return n;
    });
  const yes = count(applicable);
  const knownYes = count(implied);
  return (cells: readonly number[]): number => {
    let a = 0;
    let n = 0;
    let known = 0;
    for (const c of cells) {
      a += size[c];
      n += yes[c];
      known += knownYes[c];
    }
    if (a === 0) return 0;
    if (a < k) return a;
    if (a >= 2 * k) return 0;
    if (n === a && known === a) return 0;
    return n === 0 || n === a ? a : 0;
  };
}

/**
 * The organisations known to be applicable from cells of the overall and one-way tables that hold at
 * least 2k answering organisations, all applicable, and whose share is published (`visible`; when
 * given as null, every such cell is taken as published and the caller checks it afterwards).
 * Returns the flags and the cells they rely on.
 */
export function impliedApplicable(
  structure: Structure,
  k: number,
  answeredMembers: number[][],
  applicable: Uint8Array,
  visible: ((cell: number) => boolean) | null,
): { implied: Uint8Array; cells: number[] } {
  const implied = new Uint8Array(applicable.length);
  const cells: number[] = [];
  for (const cell of structure.cells) {
    if (structure.tables[cell.table].dimensions.length > 1) continue;
    const m = answeredMembers[cell.index];
    if (m.length < 2 * k || !m.every((o) => applicable[o] === 1)) continue;
    if (visible && !visible(cell.index)) continue;
    cells.push(cell.index);
    for (const o of m) implied[o] = 1;
  }
  return { implied, cells };
}

export function sharesFailsCells(k: number, members: number[][], choices: Array<number[] | undefined>, categoryCount: number) {
  const size = Int32Array.from(members, (m) => m.length);
  const counts = members.map((m) => {
    const out = new Int32Array(categoryCount);
    for (const o of m) for (const c of choices[o] ?? []) out[c]++;
    return out;
  });
  const sum = new Int32Array(categoryCount);
  return (cells: readonly number[]): number => {
    let n = 0;
    for (const c of cells) n += size[c];
    if (n === 0) return 0;
    if (n < k) return n;
    if (n >= 2 * k) return 0;
    sum.fill(0);
    for (const c of cells) for (let j = 0; j < categoryCount; j++) sum[j] += counts[c][j];
    for (const c of sum) if (c === 0 || c === n) return n;
    return 0;
  };
}

export function indicatorLayers(
  structure: Structure,
  records: OrganisationRecord[],
  indicator: IndicatorMeta,
  settings: DisclosureSettings,
  relations: RelationsCache,
  read?: IndicatorData,
  implied: Uint8Array | null = null,
): IndicatorLayers {
  const data = read ?? readIndicator(records, indicator);
  const withValue = relations.population(data.withValue);
  const answered = relations.population(data.answered);
  const valueMembers = withValue.members;
  const absValues = indicator.kind === "magnitude" ? Float64Array.from(data.numbers, (v) => (Number.isNaN(v) ? 0 : Math.abs(v))) : null;
  const bounds = boundFlags(indicator, data.numbers);
  const counts: Layer = {
    name: `${indicator.code} counts`,
    members: valueMembers,
    fails: countsFails(settings.k, settings.dominance, absValues, bounds),
    failsCells: countsFailsCells(settings.k, settings.dominance, valueMembers, absValues, bounds),
    get relations() {
      return withValue.relations();
    },
    atoms: withValue.atoms,
  };
  const applicability: Layer = {
    name: `${indicator.code} applicable share`,
    members: answered.members,
    fails: applicabilityFails(settings.k, data.applicable, implied),
    failsCells: applicabilityFailsCells(settings.k, answered.members, data.applicable, implied),
    get relations() {
      return answered.relations();
    },
    atoms: answered.atoms,
  };
  const shares: Layer | undefined =
    indicator.kind === "category"
      ? {
          name: `${indicator.code} category shares`,
          members: valueMembers,
          fails: sharesFails(settings.k, data.choices, indicator.categories!.length),
          failsCells: sharesFailsCells(settings.k, valueMembers, data.choices, indicator.categories!.length),
          get relations() {
            return withValue.relations();
          },
          atoms: withValue.atoms,
        }
      : undefined;
  return { data, counts, applicability, shares };
}
