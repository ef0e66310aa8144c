/**
 * The audit of a second release of one campaign against the first, on the union of both suppression
 * patterns: everything both releases publish is one system of linear equations over the
 * organisations' values, and the audit asks which combinations of the values of the organisations
 * that changed between them (withdrawn, added, moved to another breakdown, corrected) it determines.
 *
 * Per indicator and per layer (counts and sums; answered counts behind the applicable share;
 * category counts), the unknowns are "versions of organisations": an organisation with the same
 * breakdowns and the same value in both releases is one unknown, counted in the cells of both; an
 * organisation that changed is two unknowns, its old version in the first release and its new one in
 * the second (or one, when it is in only one of them). Versions with the same cells are merged into
 * atoms. A published cell is the sum of its atoms. The combinations the two releases determine are
 * the row space R of the visible cells; those that speak only of changed organisations are
 * R ∩ span(changed atoms), computed exactly (modulo a prime, see modular.ts) by eliminating the
 * unchanged atoms. The second release is refused when a nonzero combination in that space involves
 * fewer than k organisations: exhaustively over every set of changed atoms when there are at most 16
 * of them, otherwise over the reduced basis and the whole set (a bounded search, and said so).
 *
 * What each release shows on its own is the single-release audit's job (attack.ts); a combination
 * mixing changed and unchanged organisations is left to it too: such a combination is determined
 * from the first release alone only if it was already, and the tests attack both releases together
 * exhaustively on small populations to check the pair.
 */
import { leftNullSpace, mod, ReducedBasis } from "./modular";
import { UNKNOWN_VALUE } from "./structure";
import { CONFIDENTIAL, type OrganisationRecord, type ProtectedRelease, type ProtectedRow } from "./types";

type LayerKind = "counts" | "applicability" | "shares";

type Version = { org: string; releases: 0 | 1 | 2; breakdowns: Record<string, string>; changed: boolean };

/** At most this many changed atoms are searched exhaustively (2^16 subsets at worst, pruned by size). */
export const EXHAUSTIVE_CHANGED_ATOMS = 16;

function inLayer(record: OrganisationRecord | undefined, code: string, kind: LayerKind): boolean {
  if (!record || !Object.prototype.hasOwnProperty.call(record.values, code)) return false;
  const v = record.values[code];
  if (v === undefined) return false;
  return kind === "applicability" ? true : v !== null;
}

function hiddenIn(row: ProtectedRow, kind: LayerKind): boolean {
  if (kind === "counts") return row.n === CONFIDENTIAL;
  if (kind === "applicability") return row.applicable_share === CONFIDENTIAL || row.n === CONFIDENTIAL;
  return row.n === CONFIDENTIAL || Object.values(row.shares ?? {}).some((v) => v === CONFIDENTIAL);
}

function sameBreakdowns(a: Record<string, string>, b: Record<string, string>, dims: string[]): boolean {
  return dims.every((d) => (a[d] ?? UNKNOWN_VALUE) === (b[d] ?? UNKNOWN_VALUE));
}

function sameValue(a: OrganisationRecord, b: OrganisationRecord, code: string, kind: LayerKind): boolean {
  if (kind === "applicability") return (a.values[code] === null) === (b.values[code] === null);
  return JSON.stringify(a.values[code]) === JSON.stringify(b.values[code]);
}

function rowIndex(release: ProtectedRelease, code: string): Map<string, ProtectedRow> {
  const out = new Map<string, ProtectedRow>();
  for (const t of release.tables) {
    for (const r of t.rows) if (r.indicator === code) out.set(JSON.stringify([t.id, ...t.dimensions.map((d) => r.group[d])]), r);
  }
  return out;
}

/** Rank of a set of rows restricted to some columns. */
function rankOn(rows: Float64Array[], columns: number[], width: number): number {
  const basis = new ReducedBasis(width);
  for (const r of rows) {
    const v = new Float64Array(width);
    for (const c of columns) v[c] = r[c];
    basis.add(v);
  }
  return basis.dimension;
}

/**
 * Every reason to refuse `next` given `previous` and the records of both: combinations of the two
 * releases' published cells that isolate fewer than k organisations among those that changed.
 */
export function auditReleasePair(
  previous: ProtectedRelease,
  next: ProtectedRelease,
  records: { previous: OrganisationRecord[]; next: OrganisationRecord[] },
): string[] {
  const k = Math.max(previous.settings.k, next.settings.k);
  const releases = [previous, next];
  const before = new Map(records.previous.map((r) => [r.organisationId, r]));
  const after = new Map(records.next.map((r) => [r.organisationId, r]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const dims = [...new Set([...previous.settings.breakdowns, ...next.settings.breakdowns])];
  const codes = next.indicators.map((i) => i.code).filter((c) => previous.indicators.some((p) => p.code === c));
  const reasons: string[] = [];
  for (const code of codes) {
    const kinds: LayerKind[] = ["counts", "applicability"];
    if (next.indicators.find((i) => i.code === code)?.kind === "category") kinds.push("shares");
    const rows = releases.map((r) => rowIndex(r, code));
    for (const kind of kinds) {
      const versions: Version[] = [];
      for (const id of ids) {
        const a = before.get(id);
        const b = after.get(id);
        const inA = inLayer(a, code, kind);
        const inB = inLayer(b, code, kind);
        if (inA && inB && sameBreakdowns(a!.breakdowns, b!.breakdowns, dims) && sameValue(a!, b!, code, kind)) {
          versions.push({ org: id, releases: 2, breakdowns: a!.breakdowns, changed: false });
          continue;
        }
        if (inA) versions.push({ org: id, releases: 0, breakdowns: a!.breakdowns, changed: true });
        if (inB) versions.push({ org: id, releases: 1, breakdowns: b!.breakdowns, changed: true });
      }
      if (!versions.some((v) => v.changed)) continue;
      // atoms: versions in the same cells of both releases; each atom's visible cells
      const visibleIndex = new Map<string, number>();
      const atoms = new Map<string, { orgs: string[]; changed: boolean; cells: number[] }>();
      for (const v of versions) {
        const key = JSON.stringify([v.releases, v.changed, ...dims.map((d) => v.breakdowns[d] ?? UNKNOWN_VALUE)]);
        let atom = atoms.get(key);
        if (!atom) {
          const cells: number[] = [];
          for (const r of v.releases === 2 ? [0, 1] : [v.releases]) {
            for (const t of releases[r].tables) {
              const cellKey = JSON.stringify([t.id, ...t.dimensions.map((d) => v.breakdowns[d] ?? UNKNOWN_VALUE)]);
              const row = rows[r].get(cellKey);
              if (!row || hiddenIn(row, kind)) continue;
              const name = `${r}:${cellKey}`;
              let index = visibleIndex.get(name);
              if (index === undefined) {
                index = visibleIndex.size;
                visibleIndex.set(name, index);
              }
              cells.push(index);
            }
          }
          atom = { orgs: [], changed: v.changed, cells };
          atoms.set(key, atom);
        }
        atom.orgs.push(v.org);
      }
      const all = [...atoms.values()];
      const unchanged = all.filter((a) => !a.changed);
      const changed = all.filter((a) => a.changed);
      const m = visibleIndex.size;
      if (m === 0) continue;
      // y with y . M_U = 0: combinations of visible cells free of unchanged atoms (Gram matrix when
      // there are more unchanged atoms than cells: the same left null space, see cellRelations).
      const gram = unchanged.length > m;
      const width = gram ? m : unchanged.length;
      const matrix = Array.from({ length: m }, () => new Float64Array(width));
      unchanged.forEach((a, j) => {
        if (gram) for (const c of a.cells) for (const d of a.cells) matrix[c][d] += 1;
        else for (const c of a.cells) matrix[c][j] = 1;
      });
      const free = width === 0 ? Array.from({ length: m }, (_, i) => Float64Array.from({ length: m }, (_, j) => (i === j ? 1 : 0))) : leftNullSpace(matrix.map((r) => Float64Array.from(r, mod)), width);
      // the combinations they give over the changed atoms
      const space = new ReducedBasis(changed.length);
      for (const y of free) {
        const f = Float64Array.from(changed, (a) => mod(a.cells.reduce((s, c) => s + y[c], 0)));
        space.add(f);
      }
      if (space.dimension === 0) continue;
      const basis = space.basisRows();
      const weight = (atomIndices: number[]) => new Set(atomIndices.flatMap((i) => changed[i].orgs)).size;
      const describe = (atomIndices: number[]) => [...new Set(atomIndices.flatMap((i) => changed[i].orgs))].length;
      const refuse = (atomIndices: number[]) =>
        reasons.push(`${code} ${kind}: the two releases together determine a combination of the values of ${describe(atomIndices)} organisation(s) that changed between them (k = ${k})`);
      const allChanged = changed.map((_, i) => i);
      if (weight(allChanged) < k) {
        refuse(allChanged);
        continue;
      }
      if (changed.length <= EXHAUSTIVE_CHANGED_ATOMS) {
        const total = space.dimension;
        let found: number[] | null = null;
        const search = (start: number, chosen: number[], w: number) => {
          if (found) return;
          for (let i = start; i < changed.length && !found; i++) {
            const next = [...chosen, i];
            const nw = weight(next);
            if (nw >= k) continue;
            const rest = allChanged.filter((j) => !next.includes(j));
            if (total - rankOn(basis, rest, changed.length) > 0) {
              found = next;
              return;
            }
            search(i + 1, next, nw);
          }
          void w;
        };
        search(0, [], 0);
        if (found) refuse(found);
      } else {
        for (const row of basis) {
          const support = allChanged.filter((i) => row[i] !== 0);
          if (weight(support) < k) {
            refuse(support);
            break;
          }
        }
      }
    }
  }
  return reasons;
}
