/**
 * The reusable attack checker: given a release and the data it was built from, computes every
 * difference the published tables allow and reports those that isolate fewer than k organisations
 * (or a dominated total, or a 0%/100% share in fewer than 2k organisations). An empty answer means
 * the release passes.
 *
 * What is computed, per indicator and per published family of additive figures (counts and sums;
 * applicable shares; category shares), over all linked tables at once:
 * - every suppressed cell that the visible cells determine exactly (exact linear algebra over every
 *   relation between cells: totals and parts, and accidental ones such as two cells with the same
 *   organisations);
 * - every total (visible or determined) minus its visible parts, in every finer linked table;
 * - every pair of suppressed cells whose sum (disjoint cells) or difference (nested cells) is determined.
 */
import { impliedApplicable, indicatorLayers, readIndicators, RelationsCache } from "./layers";
import { checkRecords } from "./protect";
import { parseDisclosureSettings } from "./settings";
import { buildStructure, type Structure } from "./structure";
import { auditLayer, type Finding, type Layer } from "./suppression";
import { CONFIDENTIAL, type AttackFinding, type DisclosureSettings, type OrganisationRecord, type ProtectedRelease, type ProtectedRow } from "./types";

export function describeCell(structure: Structure, cell: number): string {
  const c = structure.cells[cell];
  const t = structure.tables[c.table];
  if (t.dimensions.length === 0) return t.id;
  const parts = t.dimensions.map((d, j) => `${d}=${structure.dimensionValues[structure.dimensions.indexOf(d)][c.values[j]]}`);
  return `${t.id}[${parts.join(", ")}]`;
}

export function describeFinding(structure: Structure, layer: Layer, f: Finding): string {
  const what = `${layer.name}: `;
  const tail = f.isolated < f.organisations ? ` (dominated by ${f.isolated} of ${f.organisations})` : "";
  switch (f.kind) {
    case "published":
      return `${what}cell ${describeCell(structure, f.cells[0])} is published (${f.organisations} organisations${tail})`;
    case "recovered":
      return `${what}suppressed cell ${describeCell(structure, f.cells[0])} is determined by the visible cells (${f.organisations} organisations${tail})`;
    case "difference":
      return (
        `${what}${describeCell(structure, f.total)} minus its visible parts in ${structure.tables[f.finerTable].id} ` +
        `leaves ${f.cells.map((c) => describeCell(structure, c)).join(" + ")} (${f.organisations} organisations${tail})`
      );
    case "nested": {
      const name = (label: string) => label.replace(/#(\d+)/g, (_, c: string) => describeCell(structure, Number(c)));
      return `${what}${name(f.outer)} minus ${name(f.inner)}, which holds only organisations of the first, is known (${f.organisations} organisations${tail})`;
    }
    case "combination":
      return (
        `${what}${describeCell(structure, f.cells[0])} ${f.sign === 1 ? "+" : "-"} ${describeCell(structure, f.cells[1])} ` +
        `is determined (${f.organisations} organisations${tail})`
      );
  }
}

function rowKey(tableId: string, indicator: string, dims: string[], group: Record<string, string>): string {
  return JSON.stringify([tableId, indicator, ...dims.map((d) => group[d])]);
}

/**
 * Attacks a release with the records it was built from. Returns every finding; [] means no published
 * difference isolates fewer than k organisations. Throws when the release does not match the records.
 */
export function attackRelease(
  release: ProtectedRelease,
  records: OrganisationRecord[],
  settings: Partial<DisclosureSettings> = release.settings,
): AttackFinding[] {
  const s = parseDisclosureSettings(settings);
  checkRecords(records);
  const structure = buildStructure(records, s, release.dimensionValues);
  const relations = new RelationsCache(structure);
  const rows = new Map<string, ProtectedRow>();
  for (const t of release.tables) {
    for (const r of t.rows) rows.set(rowKey(t.id, r.indicator, t.dimensions, r.group), r);
  }
  const findings: AttackFinding[] = [];
  const read = readIndicators(records, release.indicators);
  for (const [j, indicator] of release.indicators.entries()) {
    const withValueMembers = relations.population(read[j].withValue).members;
    const counts = new Uint8Array(structure.cells.length);
    const applicability = new Uint8Array(structure.cells.length);
    const shares = new Uint8Array(structure.cells.length);
    for (const cell of structure.cells) {
      const t = structure.tables[cell.table];
      const group = Object.fromEntries(
        t.dimensions.map((d, j) => [d, structure.dimensionValues[structure.dimensions.indexOf(d)][cell.values[j]]]),
      );
      const row = rows.get(rowKey(t.id, indicator.code, t.dimensions, group));
      if (!row) throw new Error(`The release has no row for ${indicator.code} in ${describeCell(structure, cell.index)}`);
      counts[cell.index] = row.n === CONFIDENTIAL ? 1 : 0;
      if (row.n !== CONFIDENTIAL && row.n !== withValueMembers[cell.index].length) {
        throw new Error(`The release does not match the records: n of ${indicator.code} in ${describeCell(structure, cell.index)}`);
      }
      applicability[cell.index] = row.applicable_share === CONFIDENTIAL ? 1 : 0;
      shares[cell.index] = row.shares && Object.values(row.shares).some((v) => v === CONFIDENTIAL) ? 1 : 0;
    }
    // what published cells of at least 2k, all applicable, already say (see protectRelease)
    const implied = impliedApplicable(structure, s.k, relations.population(read[j].answered).members, read[j].applicable, (c) => applicability[c] === 0);
    const layers = indicatorLayers(structure, records, indicator, s, relations, read[j], implied.cells.length ? implied.implied : null);
    const audit = (layer: Layer, hidden: Uint8Array) => {
      for (const f of auditLayer(structure, layer, hidden)) {
        findings.push({ description: `${indicator.code}: ${describeFinding(structure, layer, f)}`, isolatedOrganisations: f.isolated });
      }
    };
    audit(layers.counts, counts);
    audit(layers.applicability, applicability);
    if (layers.shares) audit(layers.shares, shares);
  }
  return findings;
}
