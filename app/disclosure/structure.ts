/**
 * The linked tables of a release and their cells: overall, one table per breakdown, one per pair.
 * Every cell of a finer table lies inside exactly one cell of each coarser table whose dimensions it
 * contains, so a coarser cell and its sub-cells in a finer table form an additive structure (a total
 * and its parts).
 */
import { leftNullSpace } from "./modular";
import type { DisclosureSettings, OrganisationRecord } from "./types";

/** The value standing for an organisation with no value for a breakdown, so that parts always add up to totals. */
export const UNKNOWN_VALUE = "unknown";

export type TableDef = { id: string; dimensions: string[] };

export function tableDefinitions(settings: DisclosureSettings): TableDef[] {
  return [
    { id: "overall", dimensions: [] },
    ...settings.breakdowns.map((b) => ({ id: `by_${b}`, dimensions: [b] })),
    ...settings.pairs.map(([a, b]) => ({ id: `by_${a}_${b}`, dimensions: [a, b] })),
  ];
}

export type Cell = {
  index: number;
  table: number;
  /** Value index per dimension of the table (aligned with `TableDef.dimensions`). */
  values: number[];
};

/** A total and its parts in a finer table. */
export type Group = { total: number; parts: number[]; finerTable: number };

/** The cells of all tables for a campaign (independent of the indicator). */
export type Structure = {
  tables: TableDef[];
  /** All breakdowns in settings order. */
  dimensions: string[];
  dimensionValues: string[][];
  cells: Cell[];
  tableOffsets: number[];
  /** Per organisation: value index per dimension. */
  orgValues: Int32Array[];
  /** Per organisation, the cell of each table it falls in: `orgCells[org * tables.length + table]`. */
  orgCells: Int32Array;
  /** Per organisation, its atom: the organisations sharing every breakdown value share an atom. */
  atomOfOrg: Int32Array;
  groups: Group[];
  /** Groups each cell belongs to (as total or as part). */
  groupsOfCell: number[][];
};

function dimIndexOf(structure: { dimensions: string[] }, name: string): number {
  return structure.dimensions.indexOf(name);
}

export function buildStructure(
  records: OrganisationRecord[],
  settings: DisclosureSettings,
  fixedDimensionValues?: Record<string, string[]>,
): Structure {
  const tables = tableDefinitions(settings);
  const dimensions = [...settings.breakdowns];
  const dimensionValues = dimensions.map((d) => {
    if (fixedDimensionValues?.[d]) return [...fixedDimensionValues[d]];
    const set = new Set<string>();
    for (const r of records) set.add(r.breakdowns[d] ?? UNKNOWN_VALUE);
    return [...set].sort();
  });
  const valueIndex = dimensionValues.map((vs) => new Map(vs.map((v, i) => [v, i])));
  const orgValues = records.map((r) => {
    const v = new Int32Array(dimensions.length);
    dimensions.forEach((d, i) => {
      const idx = valueIndex[i].get(r.breakdowns[d] ?? UNKNOWN_VALUE);
      if (idx === undefined) throw new Error(`Breakdown ${d} of organisation ${r.organisationId} has a value the release does not list`);
      v[i] = idx;
    });
    return v;
  });

  const cells: Cell[] = [];
  const tableOffsets: number[] = [];
  tables.forEach((t, ti) => {
    tableOffsets.push(cells.length);
    const dims = t.dimensions.map((d) => dimIndexOf({ dimensions }, d));
    const sizes = dims.map((d) => dimensionValues[d].length);
    const count = sizes.reduce((a, b) => a * b, 1);
    for (let i = 0; i < count; i++) {
      const values: number[] = [];
      let rest = i;
      for (let j = sizes.length - 1; j >= 0; j--) {
        values[j] = rest % sizes[j];
        rest = Math.floor(rest / sizes[j]);
      }
      cells.push({ index: cells.length, table: ti, values });
    }
  });

  const structure: Structure = {
    tables,
    dimensions,
    dimensionValues,
    cells,
    tableOffsets,
    orgValues,
    orgCells: new Int32Array(records.length * tables.length),
    atomOfOrg: new Int32Array(records.length),
    groups: [],
    groupsOfCell: cells.map(() => []),
  };
  const dimPositions = tables.map((t) => t.dimensions.map((d) => dimensions.indexOf(d)));
  const sizes = dimensionValues.map((vs) => vs.length);
  const atomIds = new Map<number | string, number>();
  const numericKeys = sizes.reduce((a, b) => a * b, 1) < 2 ** 52;
  for (let org = 0; org < records.length; org++) {
    const ov = orgValues[org];
    for (let ti = 0; ti < tables.length; ti++) {
      let idx = 0;
      for (const d of dimPositions[ti]) idx = idx * sizes[d] + ov[d];
      structure.orgCells[org * tables.length + ti] = tableOffsets[ti] + idx;
    }
    // the atom key: the mixed-radix number of all breakdown values (exact below 2^53)
    let key: number | string = 0;
    if (numericKeys) for (let d = 0; d < dimensions.length; d++) key = key * sizes[d] + ov[d];
    else key = ov.join(",");
    let atom = atomIds.get(key);
    if (atom === undefined) {
      atom = atomIds.size;
      atomIds.set(key, atom);
    }
    structure.atomOfOrg[org] = atom;
  }

  // Groups: every table and every strictly finer table.
  tables.forEach((coarse, ci) => {
    tables.forEach((fine, fi) => {
      if (fine.dimensions.length <= coarse.dimensions.length) return;
      if (!coarse.dimensions.every((d) => fine.dimensions.includes(d))) return;
      const byTotal = new Map<number, number[]>();
      const positions = coarse.dimensions.map((d) => fine.dimensions.indexOf(d));
      for (let c = tableOffsets[fi]; c < (tableOffsets[fi + 1] ?? cells.length); c++) {
        const parentValues = positions.map((p) => cells[c].values[p]);
        const total = cellIndexOf(structure, ci, parentValues);
        const list = byTotal.get(total) ?? [];
        list.push(c);
        byTotal.set(total, list);
      }
      for (const [total, parts] of byTotal) {
        const g = structure.groups.length;
        structure.groups.push({ total, parts, finerTable: fi });
        structure.groupsOfCell[total].push(g);
        for (const p of parts) structure.groupsOfCell[p].push(g);
      }
    });
  });
  return structure;
}

/** Index of the cell of table `table` with the given value indices. */
export function cellIndexOf(structure: Structure, table: number, values: ArrayLike<number>): number {
  const dims = structure.tables[table].dimensions;
  let idx = 0;
  for (let j = 0; j < dims.length; j++) {
    const d = structure.dimensions.indexOf(dims[j]);
    idx = idx * structure.dimensionValues[d].length + values[j];
  }
  return structure.tableOffsets[table] + idx;
}

/** The cell of each table an organisation falls in. */
export function cellsOfOrganisation(structure: Structure, org: number): number[] {
  const t = structure.tables.length;
  return Array.from(structure.orgCells.subarray(org * t, org * t + t));
}

/** Members (organisation indices) of every cell, for a population of organisations. */
export function cellMembers(structure: Structure, population: number[]): number[][] {
  const members: number[][] = structure.cells.map(() => []);
  const t = structure.tables.length;
  const orgCells = structure.orgCells;
  for (const org of population) {
    for (let ti = 0; ti < t; ti++) members[orgCells[org * t + ti]].push(org);
  }
  return members;
}

/**
 * All linear relations between the cells of one population (sum_c r_c * cell_c = 0 for every
 * additive statistic, whatever the values): the structural ones (a total equals the sum of its parts)
 * and the accidental ones (two cells holding exactly the same organisations, an empty cell).
 * Cells are vectors over "atoms" (the distinct combinations of all breakdown values present); when
 * there are more atoms than cells, the relations are those of the cells' Gram matrix (atoms shared
 * by two cells), which keeps every relation and, modulo the prime, adds one only with negligible
 * probability.
 */
export function cellRelations(structure: Structure, population: number[]): Float64Array[] {
  const atomIds = new Map<number, number>();
  const atomOfOrg: number[] = [];
  for (const org of population) {
    const key = structure.atomOfOrg[org];
    let id = atomIds.get(key);
    if (id === undefined) {
      id = atomIds.size;
      atomIds.set(key, id);
      atomOfOrg.push(org);
    }
  }
  const atoms = atomOfOrg.length;
  const cellCount = structure.cells.length;
  const atomCells = atomOfOrg.map((org) => cellsOfOrganisation(structure, org));
  // More atoms than cells: the Gram matrix G = M M^T of the cell x atom incidence matrix M
  // (G[c][d] = atoms in both cells) has, over the rationals, exactly the left null space of M
  // (x G = 0 gives x G x^T = |x M|^2 = 0). Modulo the prime every true relation still holds, and an
  // extra one appears only when the prime divides a minor of G: negligible, and only more cautious.
  // It costs one pass over the atoms instead of a projection of every atom.
  const gram = atoms > cellCount;
  const width = gram ? cellCount : atoms;
  const rows = structure.cells.map(() => new Float64Array(width));
  if (gram) {
    for (let a = 0; a < atoms; a++) {
      const cells = atomCells[a];
      for (const c of cells) {
        const row = rows[c];
        for (const d of cells) row[d] += 1;
      }
    }
  } else {
    for (let a = 0; a < atoms; a++) for (const c of atomCells[a]) rows[c][a] = 1;
  }
  return leftNullSpace(rows, width);
}
