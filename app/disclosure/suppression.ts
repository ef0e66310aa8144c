/**
 * Primary and complementary suppression over the linked tables of one indicator.
 *
 * A "layer" is one family of additive figures published per cell: the counts and sums (n, mean x n)
 * of the organisations with a value; the answered counts behind the applicable share; the category
 * counts behind the category shares. Each layer has its own population and its own rule saying
 * whether the aggregate over a set of organisations may be known (`fails` returns 0 when it may,
 * otherwise how many organisations it isolates).
 *
 * The method (docs/disclosure.md):
 * 1. primary: hide every cell that fails the rule (and every empty cell);
 * 2. greedy complements: in every total/parts structure whose total is visible, the hidden parts
 *    together must pass the rule (smallest visible parts are added until they do); a hidden total
 *    needs at least one hidden non-empty part;
 * 3. audit: compute what the visible cells determine (exact linear algebra over every relation
 *    between cells, structural or accidental) and look for a hidden failing cell that is
 *    determined, a total minus its visible parts that fails, or two hidden cells whose sum or
 *    difference is determined and fails; for each finding hide the smallest visible neighbour;
 *    back to 2 until the audit finds nothing. The hidden set only grows, so this ends;
 * 4. release: every complement is tried for release, the largest first, and stays published when
 *    steps 2 and 3 find nothing without it (see `releaseComplements`).
 */
import { PRIME, ReducedBasis } from "./modular";
import type { Structure } from "./structure";

export type Layer = {
  name: string;
  /** Organisations of the layer's population in each cell. */
  members: number[][];
  /** 0 when the aggregate over these organisations may be known; otherwise the organisations it isolates. */
  fails: (orgs: number[]) => number;
  /** Linear relations between cells for the layer's population (see `cellRelations`). */
  relations: Float64Array[];
  /** The same rule over the union of disjoint cells, from per-cell summaries (faster; optional). */
  failsCells?: (cells: readonly number[]) => number;
  /** The atoms of the layer's population, when shared with other layers (optional). */
  atoms?: () => { atomOrgs: number[][]; cellBits: Uint32Array[] };
};

/** The rule over the union of disjoint cells. */
function unionFails(layer: Layer, cells: readonly number[]): number {
  if (layer.failsCells) return layer.failsCells(cells);
  if (cells.length === 1) return layer.fails(layer.members[cells[0]]);
  return layer.fails(cells.flatMap((c) => layer.members[c]));
}

export type Finding =
  | { kind: "published"; cells: [number]; isolated: number; organisations: number }
  | { kind: "recovered"; cells: [number]; isolated: number; organisations: number }
  | { kind: "difference"; total: number; finerTable: number; cells: number[]; isolated: number; organisations: number }
  | { kind: "combination"; sign: 1 | -1; cells: [number, number]; isolated: number; organisations: number }
  | { kind: "nested"; outer: string; inner: string; base: number[]; cells: number[]; isolated: number; organisations: number };

export function primaryHidden(layer: Layer): Uint8Array {
  return Uint8Array.from(layer.members, (m, c) => (m.length === 0 || unionFails(layer, [c]) > 0 ? 1 : 0));
}

/** Step 2: complements within every total/parts structure, until stable. Mutates `hidden`. */
export function greedyComplements(structure: Structure, layer: Layer, hidden: Uint8Array): void {
  const size = Int32Array.from(layer.members, (m) => m.length);
  const order = (a: number, b: number) => size[a] - size[b] || a - b;
  const hiddenParts: number[] = [];
  const candidates: number[] = [];
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of structure.groups) {
      if (size[g.total] === 0) continue;
      hiddenParts.length = 0;
      candidates.length = 0;
      for (const p of g.parts) {
        if (size[p] === 0) continue;
        if (hidden[p]) hiddenParts.push(p);
        else candidates.push(p);
      }
      if (!hidden[g.total]) {
        if (hiddenParts.length === 0) continue;
        if (unionFails(layer, hiddenParts) === 0) continue;
        candidates.sort(order);
        for (const c of candidates) {
          hidden[c] = 1;
          changed = true;
          hiddenParts.push(c);
          if (unionFails(layer, hiddenParts) === 0) break;
        }
      } else if (hiddenParts.length === 0 && candidates.length > 0) {
        candidates.sort(order);
        hidden[candidates[0]] = 1;
        changed = true;
      }
    }
  }
}

type CellRelation = "disjoint" | "first-contains-second" | "second-contains-first" | "overlapping";

function relationBetween(structure: Structure, a: number, b: number): CellRelation {
  const ca = structure.cells[a];
  const cb = structure.cells[b];
  const da = structure.tables[ca.table].dimensions;
  const db = structure.tables[cb.table].dimensions;
  for (let i = 0; i < da.length; i++) {
    const j = db.indexOf(da[i]);
    if (j >= 0 && ca.values[i] !== cb.values[j]) return "disjoint";
  }
  if (da.every((d) => db.includes(d))) return "first-contains-second";
  if (db.every((d) => da.includes(d))) return "second-contains-first";
  return "overlapping";
}

/** Step 3 and the reusable attack: every determined difference that fails the layer's rule. */
export function auditLayer(structure: Structure, layer: Layer, hidden: Uint8Array): Finding[] {
  const cellCount = structure.cells.length;
  const hiddenList: number[] = [];
  const position = new Int32Array(cellCount).fill(-1);
  for (let c = 0; c < cellCount; c++) {
    if (hidden[c]) {
      position[c] = hiddenList.length;
      hiddenList.push(c);
    }
  }
  const findings: Finding[] = [];
  // (0) a visible cell that fails the rule by itself
  for (let c = 0; c < cellCount; c++) {
    if (hidden[c] || layer.members[c].length === 0) continue;
    const isolated = unionFails(layer, [c]);
    if (isolated > 0) findings.push({ kind: "published", cells: [c], isolated, organisations: layer.members[c].length });
  }
  if (hiddenList.length === 0) {
    findings.push(...nestedDifferences(structure, layer, Uint8Array.from(hidden, (h) => 1 - h)));
    return findings;
  }

  // What the attacker knows about hidden cells: the relations, restricted to hidden coordinates.
  const knowledge = new ReducedBasis(hiddenList.length);
  for (const r of layer.relations) {
    const v = new Float64Array(hiddenList.length);
    let any = false;
    for (let i = 0; i < hiddenList.length; i++) {
      v[i] = r[hiddenList[i]];
      if (v[i] !== 0) any = true;
    }
    if (any) knowledge.add(v);
  }

  // Residual of each hidden cell: a set of hidden cells has a determined sum iff its residuals add to 0.
  const residualKey = new Map<number, string>();
  const negatedKey = new Map<number, string>();
  const known = new Uint8Array(cellCount);
  for (let c = 0; c < cellCount; c++) if (!hidden[c]) known[c] = 1;
  for (const c of hiddenList) {
    const res = knowledge.residual([[position[c], 1]]);
    if (res.every((x) => x === 0)) {
      known[c] = 1;
      continue;
    }
    residualKey.set(c, Array.from(res).join(","));
    negatedKey.set(c, Array.from(res, (x) => (x === 0 ? 0 : PRIME - x)).join(","));
  }

  // (a) hidden cells determined exactly
  for (const c of hiddenList) {
    if (!known[c] || layer.members[c].length === 0) continue;
    const isolated = unionFails(layer, [c]);
    if (isolated > 0) findings.push({ kind: "recovered", cells: [c], isolated, organisations: layer.members[c].length });
  }

  // (b) every known total minus its known parts, in every finer linked table
  for (const g of structure.groups) {
    if (!known[g.total]) continue;
    const unknownParts = g.parts.filter((p) => !known[p] && layer.members[p].length > 0);
    if (unknownParts.length === 0) continue;
    const isolated = unionFails(layer, unknownParts);
    if (isolated > 0) {
      let organisations = 0;
      for (const p of unknownParts) organisations += layer.members[p].length;
      findings.push({ kind: "difference", total: g.total, finerTable: g.finerTable, cells: unknownParts, isolated, organisations });
    }
  }

  // (c) two unknown hidden cells whose sum (disjoint cells) or difference (nested cells) is determined
  const byKey = new Map<string, number[]>();
  const unknown = hiddenList.filter((c) => !known[c] && layer.members[c].length > 0);
  for (const c of unknown) {
    const key = residualKey.get(c)!;
    const list = byKey.get(key) ?? [];
    list.push(c);
    byKey.set(key, list);
  }
  const seen = new Set<string>();
  for (const a of unknown) {
    // sum a + b determined when residual(b) = -residual(a)
    for (const b of byKey.get(negatedKey.get(a)!) ?? []) {
      if (b <= a || relationBetween(structure, a, b) !== "disjoint") continue;
      const isolated = unionFails(layer, [a, b]);
      if (isolated > 0 && !seen.has(`+${a},${b}`)) {
        seen.add(`+${a},${b}`);
        findings.push({ kind: "combination", sign: 1, cells: [a, b], isolated, organisations: layer.members[a].length + layer.members[b].length });
      }
    }
    // difference a - b determined when residual(b) = residual(a)
    for (const b of byKey.get(residualKey.get(a)!) ?? []) {
      if (b === a) continue;
      if (relationBetween(structure, a, b) !== "first-contains-second") continue;
      const inner = new Set(layer.members[b]);
      const rest = layer.members[a].filter((o) => !inner.has(o));
      const isolated = layer.fails(rest);
      if (isolated > 0 && !seen.has(`-${a},${b}`)) {
        seen.add(`-${a},${b}`);
        findings.push({ kind: "combination", sign: -1, cells: [a, b], isolated, organisations: rest.length });
      }
    }
  }
  findings.push(...nestedDifferences(structure, layer, known));
  return findings;
}

/** Atoms (organisations sharing every breakdown value) of a layer, and each cell as a bitset of atoms. */
type AtomIndex = { atomOrgs: number[][]; cellBits: Uint32Array[] };
const atomIndexCache = new WeakMap<Layer, AtomIndex>();

function atomIndex(structure: Structure, layer: Layer): AtomIndex {
  if (layer.atoms) return layer.atoms();
  const cached = atomIndexCache.get(layer);
  if (cached) return cached;
  const ids = new Map<string, number>();
  const atomOfOrg = new Map<number, number>();
  const atomOrgs: number[][] = [];
  for (const org of layer.members[0] ?? []) {
    const key = Array.from(structure.orgValues[org]).join(",");
    let id = ids.get(key);
    if (id === undefined) {
      id = atomOrgs.length;
      ids.set(key, id);
      atomOrgs.push([]);
    }
    atomOrgs[id].push(org);
    atomOfOrg.set(org, id);
  }
  const words = Math.ceil(atomOrgs.length / 32);
  const cellBits = layer.members.map((members) => {
    const bits = new Uint32Array(words);
    for (const org of members) {
      const a = atomOfOrg.get(org)!;
      bits[a >>> 5] |= 1 << (a & 31);
    }
    return bits;
  });
  const index = { atomOrgs, cellBits };
  atomIndexCache.set(layer, index);
  return index;
}

const nestedTablesCache = new WeakMap<Structure, Uint8Array>();

/** Whether the tables of two cells are nested (one's dimensions contain the other's), from a per-structure matrix. */
function tablesNested(structure: Structure, a: number, b: number): boolean {
  let matrix = nestedTablesCache.get(structure);
  const t = structure.tables.length;
  if (!matrix) {
    matrix = new Uint8Array(t * t);
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) {
        const da = structure.tables[i].dimensions;
        const db = structure.tables[j].dimensions;
        matrix[i * t + j] = da.every((d) => db.includes(d)) || db.every((d) => da.includes(d)) ? 1 : 0;
      }
    }
    nestedTablesCache.set(structure, matrix);
  }
  return matrix[structure.cells[a].table * t + structure.cells[b].table] === 1;
}

/** A set of organisations whose total the attacker knows, with the visible cells it is computed from. */
type KnownSet = { bits: Uint32Array; size: number; label: string; base: number[]; cell: number; first: number; last: number };

function hashBits(bits: Uint32Array): number {
  let h = 2166136261;
  for (let w = 0; w < bits.length; w++) h = Math.imul(h ^ bits[w], 16777619);
  return h >>> 0;
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let w = 0; w < a.length; w++) if (a[w] !== b[w]) return false;
  return true;
}

/**
 * (d) Accidental nesting: a known set (a known cell, or a known total minus its known parts) that holds
 * only organisations of another known set (all "size 50+" organisations are cooperatives, say): their
 * difference is known too. One level of differences is checked (a difference of differences is not
 * followed: the number of such sets grows too fast with the size of the tables).
 */
function nestedDifferences(structure: Structure, layer: Layer, known: Uint8Array): Finding[] {
  const { atomOrgs, cellBits } = atomIndex(structure, layer);
  const words = cellBits[0]?.length ?? 0;
  const sets: KnownSet[] = [];
  const seen = new Map<number, Uint32Array[]>();
  const add = (bits: Uint32Array, size: number, label: () => string, base: number[], cell: number) => {
    if (size === 0) return;
    const h = hashBits(bits);
    const same = seen.get(h);
    if (same) {
      for (const b of same) if (sameBits(b, bits)) return;
      same.push(bits);
    } else seen.set(h, [bits]);
    let first = 0;
    while (first < words && bits[first] === 0) first++;
    let last = words - 1;
    while (last > first && bits[last] === 0) last--;
    sets.push({ bits, size, label: label(), base, cell, first, last });
  };
  for (const c of structure.cells) {
    if (known[c.index]) add(cellBits[c.index], layer.members[c.index].length, () => `#${c.index}`, [c.index], c.index);
  }
  for (const g of structure.groups) {
    if (!known[g.total]) continue;
    let size = 0;
    let any = false;
    for (const p of g.parts) {
      if (!known[p] && layer.members[p].length > 0) {
        any = true;
        size += layer.members[p].length;
      }
    }
    if (!any) continue;
    const bits = new Uint32Array(words);
    for (const p of g.parts) {
      if (known[p] || layer.members[p].length === 0) continue;
      const pb = cellBits[p];
      for (let w = 0; w < words; w++) bits[w] |= pb[w];
    }
    const base = [g.total, ...g.parts].filter((c) => known[c]);
    add(bits, size, () => `#${g.total} minus its visible parts in ${structure.tables[g.finerTable].id}`, base, -1);
  }
  const findings: Finding[] = [];
  const orgsOf = (bits: Uint32Array) => {
    const out: number[] = [];
    for (let w = 0; w < words; w++) {
      let x = bits[w];
      while (x !== 0) {
        const bit = 31 - Math.clz32(x & -x);
        for (const o of atomOrgs[w * 32 + bit]) out.push(o);
        x &= x - 1;
      }
    }
    return out;
  };
  const check = (outer: KnownSet, inner: KnownSet) => {
    if (inner.size >= outer.size) return;
    if (inner.first < outer.first || inner.last > outer.last) return;
    if ((inner.bits[inner.first] & ~outer.bits[inner.first]) !== 0) return;
    if (outer.cell >= 0 && inner.cell >= 0 && tablesNested(structure, outer.cell, inner.cell)) return;
    for (let w = inner.first + 1; w <= inner.last; w++) if ((inner.bits[w] & ~outer.bits[w]) !== 0) return;
    const bits = new Uint32Array(words);
    for (let w = 0; w < words; w++) bits[w] = outer.bits[w] & ~inner.bits[w];
    const rest = orgsOf(bits);
    const isolated = layer.fails(rest);
    if (isolated > 0) {
      const base = [...new Set([...outer.base, ...inner.base])];
      findings.push({ kind: "nested", outer: outer.label, inner: inner.label, base, cells: [], isolated, organisations: rest.length });
    }
  };
  // A set inside another holds the other's... first atom of the inner set: only the sets holding that
  // atom are candidates. Pairs are then checked in the order (i < j; i outer first, then j outer) of
  // a plain double loop, so that findings come out in the same order.
  const firstAtom = sets.map((set) => (set.first < words ? set.first * 32 + (31 - Math.clz32(set.bits[set.first] & -set.bits[set.first])) : -1));
  const holders = new Map<number, number[]>();
  const firstMask = new Uint32Array(words);
  for (const a of firstAtom) {
    if (a < 0 || holders.has(a)) continue;
    holders.set(a, []);
    firstMask[a >>> 5] |= 1 << (a & 31);
  }
  sets.forEach((set, index) => {
    for (let w = set.first; w <= set.last; w++) {
      let x = set.bits[w] & firstMask[w];
      while (x !== 0) {
        holders.get(w * 32 + (31 - Math.clz32(x & -x)))!.push(index);
        x &= x - 1;
      }
    }
  });
  const pairs: number[] = [];
  sets.forEach((_, inner) => {
    for (const outer of holders.get(firstAtom[inner]) ?? []) {
      if (outer === inner || sets[inner].size >= sets[outer].size) continue;
      const i = Math.min(inner, outer);
      const j = Math.max(inner, outer);
      pairs.push((i * sets.length + j) * 2 + (outer === i ? 0 : 1));
    }
  });
  pairs.sort((a, b) => a - b);
  for (const key of pairs) {
    const pair = Math.floor(key / 2);
    const i = Math.floor(pair / sets.length);
    const j = pair % sets.length;
    if (key % 2 === 0) check(sets[i], sets[j]);
    else check(sets[j], sets[i]);
  }
  return findings;
}

function smallestVisible(layer: Layer, hidden: Uint8Array, candidates: Iterable<number>): number {
  let best = -1;
  for (const c of candidates) {
    if (hidden[c] || layer.members[c].length === 0) continue;
    if (best < 0 || layer.members[c].length < layer.members[best].length || (layer.members[c].length === layer.members[best].length && c < best)) {
      best = c;
    }
  }
  return best;
}

function neighbours(structure: Structure, cells: number[]): Set<number> {
  const out = new Set<number>();
  for (const c of cells) {
    for (const g of structure.groupsOfCell[c]) {
      out.add(structure.groups[g].total);
      for (const p of structure.groups[g].parts) out.add(p);
    }
  }
  return out;
}

/** At most this many complements are tried for release per call of `protectLayer` (step 4). */
export const RELEASE_TRIALS = 40;

/**
 * Step 4: suppress the least that meets the rules. The complements chosen by steps 2 and 3 (every
 * hidden cell that was not hidden on entry) are tried for release one by one, the largest first (it
 * carries the most information): a complement stays published when, with it visible, step 2 hides
 * nothing more and the audit finds nothing. Mutates `hidden`. Each release keeps the pattern safe with
 * respect to the same audit, so the result is as safe as before and never hides more. A bounded local
 * search in the spirit of tau-ARGUS's clean-up of a hypercube pattern, not an optimal suppression.
 */
export function releaseComplements(structure: Structure, layer: Layer, hidden: Uint8Array, fixed: Uint8Array): number {
  const size = (c: number) => layer.members[c].length;
  const candidates = [];
  for (let c = 0; c < hidden.length; c++) if (hidden[c] && !fixed[c] && size(c) > 0) candidates.push(c);
  candidates.sort((a, b) => size(b) - size(a) || a - b);
  let released = 0;
  for (const c of candidates.slice(0, RELEASE_TRIALS)) {
    const trial = Uint8Array.from(hidden);
    trial[c] = 0;
    const before = trial.reduce((s, h) => s + h, 0);
    greedyComplements(structure, layer, trial);
    if (trial.reduce((s, h) => s + h, 0) !== before) continue;
    if (auditLayer(structure, layer, trial).length > 0) continue;
    hidden[c] = 0;
    released++;
  }
  return released;
}

/** Runs steps 1 to 4 and returns the hidden cells (1 = suppressed). */
export function protectLayer(structure: Structure, layer: Layer, initialHidden: Uint8Array): Uint8Array {
  const hidden = closeLayer(structure, layer, initialHidden);
  releaseComplements(structure, layer, hidden, initialHidden);
  return hidden;
}

/** Steps 1 to 3: complements until the audit finds nothing. */
function closeLayer(structure: Structure, layer: Layer, initialHidden: Uint8Array): Uint8Array {
  const hidden = Uint8Array.from(initialHidden);
  for (;;) {
    greedyComplements(structure, layer, hidden);
    const findings = auditLayer(structure, layer, hidden);
    if (findings.length === 0) return hidden;
    let added = 0;
    for (const f of findings) {
      let pick = -1;
      if (f.kind === "difference") {
        const group = structure.groups.find((g) => g.total === f.total && g.finerTable === f.finerTable);
        if (group) pick = smallestVisible(layer, hidden, group.parts);
      }
      if (f.kind === "published") pick = f.cells[0];
      if (f.kind === "nested") pick = smallestVisible(layer, hidden, f.base);
      if (pick < 0) pick = smallestVisible(layer, hidden, neighbours(structure, f.cells));
      if (pick >= 0 && !hidden[pick]) {
        hidden[pick] = 1;
        added++;
      }
    }
    if (added === 0) {
      const pick = smallestVisible(layer, hidden, structure.cells.map((c) => c.index));
      if (pick < 0) throw new Error(`Suppression of ${layer.name} cannot close a disclosure: every cell is already hidden`);
      hidden[pick] = 1;
    }
  }
}
