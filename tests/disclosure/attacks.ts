/**
 * Attacks on research releases, written apart from the disclosure code (no import of its audit):
 * each takes what a researcher downloads (the protected tables and the codebook) plus the records
 * they were built from (to know the truth), and lists what can be learnt about fewer than k
 * organisations. Exhaustive within small bounded sizes; plain floating-point linear algebra.
 */
import type { IndicatorMeta, OrganisationRecord, ProtectedRelease, ProtectedRow } from "#app/disclosure/index";

const EPS = 1e-7;
const isHidden = (x: unknown) => x === "C";
const dimValue = (r: OrganisationRecord, d: string) => r.breakdowns[d] ?? "unknown";
const inRow = (r: OrganisationRecord, dims: string[], row: ProtectedRow) => dims.every((d) => dimValue(r, d) === row.group[d]);

/** Basis of {x : M x = 0} (rows of M given), by Gauss-Jordan elimination. */
function kernel(rows: number[][], width: number): number[][] {
  const a = rows.map((r) => [...r]);
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < width && rank < a.length; col++) {
    let best = rank;
    for (let i = rank + 1; i < a.length; i++) if (Math.abs(a[i][col]) > Math.abs(a[best][col])) best = i;
    if (Math.abs(a[best]?.[col] ?? 0) < EPS) continue;
    [a[rank], a[best]] = [a[best], a[rank]];
    const p = a[rank][col];
    for (let j = 0; j < width; j++) a[rank][j] /= p;
    for (let i = 0; i < a.length; i++) {
      if (i === rank || Math.abs(a[i][col]) < EPS) continue;
      const f = a[i][col];
      for (let j = 0; j < width; j++) a[i][j] -= f * a[rank][j];
    }
    pivots.push(col);
    rank++;
  }
  const free = Array.from({ length: width }, (_, j) => j).filter((j) => !pivots.includes(j));
  return free.map((f) => {
    const x = new Array<number>(width).fill(0);
    x[f] = 1;
    pivots.forEach((p, r) => (x[p] = -a[r][f]));
    return x;
  });
}

function rank(rows: number[][]): number {
  const a = rows.map((r) => [...r]);
  const width = a[0]?.length ?? 0;
  let r = 0;
  for (let col = 0; col < width && r < a.length; col++) {
    let best = r;
    for (let i = r + 1; i < a.length; i++) if (Math.abs(a[i][col]) > Math.abs(a[best][col])) best = i;
    if (Math.abs(a[best][col]) < EPS) continue;
    [a[r], a[best]] = [a[best], a[r]];
    for (let i = r + 1; i < a.length; i++) {
      const f = a[i][col] / a[r][col];
      for (let j = col; j < width; j++) a[i][j] -= f * a[r][j];
    }
    r++;
  }
  return r;
}

/**
 * (1) Two releases of one campaign. Unknowns: each organisation's value in each release (one
 * unknown when nothing about it changed). Every visible cell of either release is an equation.
 * Searches every set S of unknowns (grouped into atoms with the same cells) covering between 1 and
 * k-1 organisations, at least one of which changed, for a combination the equations determine with
 * support inside S: R ∩ span(S) ≠ 0 exactly when the kernel's columns S are dependent.
 */
export function attackReleasePair(
  previous: ProtectedRelease,
  next: ProtectedRelease,
  before: OrganisationRecord[],
  after: OrganisationRecord[],
  maxAtoms = 60,
): string[] {
  const k = Math.max(previous.settings.k, next.settings.k);
  const findings: string[] = [];
  const releases = [previous, next];
  const recs = [new Map(before.map((r) => [r.organisationId, r])), new Map(after.map((r) => [r.organisationId, r]))];
  const ids = [...new Set([...recs[0].keys(), ...recs[1].keys()])];
  for (const indicator of next.indicators) {
    for (const layer of ["counts", "applicability"] as const) {
      const present = (r: OrganisationRecord | undefined) =>
        r !== undefined && r.values[indicator.code] !== undefined && (layer === "applicability" || r.values[indicator.code] !== null);
      const visible: Array<{ release: number; dims: string[]; row: ProtectedRow }> = [];
      releases.forEach((rel, ri) => {
        for (const t of rel.tables) {
          for (const row of t.rows) {
            if (row.indicator !== indicator.code) continue;
            const hidden = layer === "counts" ? isHidden(row.n) : isHidden(row.n) || isHidden(row.applicable_share);
            if (!hidden) visible.push({ release: ri, dims: t.dimensions, row });
          }
        }
      });
      // unknowns: [org, release set]
      type Unknown = { org: string; column: number[]; changed: boolean };
      const unknowns: Unknown[] = [];
      const columnOf = (r: OrganisationRecord, releasesIn: number[]) => visible.map((v) => (releasesIn.includes(v.release) && inRow(r, v.dims, v.row) ? 1 : 0));
      for (const id of ids) {
        const a = recs[0].get(id);
        const b = recs[1].get(id);
        const pa = present(a);
        const pb = present(b);
        const same =
          pa && pb && JSON.stringify(a!.breakdowns) === JSON.stringify(b!.breakdowns) && JSON.stringify(a!.values[indicator.code]) === JSON.stringify(b!.values[indicator.code]);
        if (same) unknowns.push({ org: id, column: columnOf(a!, [0, 1]), changed: false });
        else {
          if (pa) unknowns.push({ org: id, column: columnOf(a!, [0]), changed: true });
          if (pb) unknowns.push({ org: id, column: columnOf(b!, [1]), changed: true });
        }
      }
      if (!unknowns.some((u) => u.changed) || visible.length === 0) continue;
      const atoms = new Map<string, { orgs: Set<string>; changed: boolean; column: number[] }>();
      for (const u of unknowns) {
        const key = `${u.changed}|${u.column.join("")}`;
        const atom = atoms.get(key) ?? { orgs: new Set<string>(), changed: u.changed, column: u.column };
        atom.orgs.add(u.org);
        atoms.set(key, atom);
      }
      const list = [...atoms.values()];
      if (list.length > maxAtoms) throw new Error(`attack bound: ${list.length} atoms`);
      const matrix = visible.map((_, c) => list.map((a) => a.column[c]));
      const ker = kernel(matrix, list.length);
      const dependent = (set: number[]) => (ker.length === 0 ? true : rank(ker.map((x) => set.map((j) => x[j]))) < set.length);
      const weight = (set: number[]) => new Set(set.flatMap((j) => [...list[j].orgs])).size;
      const seen = new Set<string>();
      const search = (start: number, chosen: number[]) => {
        for (let j = start; j < list.length; j++) {
          const set = [...chosen, j];
          if (weight(set) >= k) continue;
          if (dependent(set)) {
            if (set.some((i) => list[i].changed)) {
              const orgs = [...new Set(set.flatMap((i) => [...list[i].orgs]))].sort().join(", ");
              if (!seen.has(orgs)) {
                seen.add(orgs);
                findings.push(`${indicator.code} ${layer}: a combination of both releases isolates {${orgs}}`);
              }
            }
            continue; // supersets of a dependent set are dependent: nothing new
          }
          search(j + 1, set);
        }
      };
      search(0, []);
    }
  }
  return findings;
}

/** Cells the tables let a reader compute for one indicator: visible cells, and each total minus its visible parts. */
type Derived = { label: string; members: OrganisationRecord[]; n: number; sum: number };

function derivedCells(release: ProtectedRelease, records: OrganisationRecord[], indicator: IndicatorMeta): Derived[] {
  const withValue = records.filter((r) => typeof r.values[indicator.code] === "number");
  const out: Derived[] = [];
  const cell = (dims: string[], row: ProtectedRow): Derived => {
    const members = withValue.filter((r) => inRow(r, dims, row));
    return { label: `${JSON.stringify(row.group)}`, members, n: members.length, sum: members.reduce((s, r) => s + (r.values[indicator.code] as number), 0) };
  };
  const tables = release.tables.map((t) => ({ t, rows: t.rows.filter((r) => r.indicator === indicator.code) }));
  for (const { t, rows } of tables) for (const row of rows) if (!isHidden(row.n)) out.push(cell(t.dimensions, row));
  // total minus its visible parts, for every coarser table and every finer one containing its dimensions
  for (const coarse of tables) {
    for (const fine of tables) {
      if (fine.t.dimensions.length <= coarse.t.dimensions.length || !coarse.t.dimensions.every((d) => fine.t.dimensions.includes(d))) continue;
      for (const total of coarse.rows) {
        if (isHidden(total.n)) continue;
        const parts = fine.rows.filter((p) => coarse.t.dimensions.every((d) => p.group[d] === total.group[d]));
        const hiddenParts = parts.filter((p) => isHidden(p.n));
        if (hiddenParts.length === 0) continue;
        const members = withValue.filter((r) => inRow(r, coarse.t.dimensions, total) && hiddenParts.some((p) => inRow(r, fine.t.dimensions, p)));
        out.push({
          label: `${JSON.stringify(total.group)} minus its visible parts in ${fine.t.id}`,
          members,
          n: members.length,
          sum: members.reduce((s, r) => s + (r.values[indicator.code] as number), 0),
        });
      }
    }
  }
  return out;
}

/**
 * (2) A mean on a bound of the codebook's domain (a yes/no indicator at 0 or 1, a percentage at 0 or
 * 100) in a published or derived cell of fewer than 2k organisations says every member's value.
 */
export function attackGroupDisclosure(release: ProtectedRelease, records: OrganisationRecord[]): string[] {
  const k = release.settings.k;
  const findings: string[] = [];
  for (const indicator of release.indicators) {
    const d = indicator.domain;
    if (!d || indicator.kind === "category") continue;
    for (const c of derivedCells(release, records, indicator)) {
      if (c.n === 0 || c.n >= 2 * k) continue;
      if ((d.min !== undefined && Math.abs(c.sum - c.n * d.min) < EPS) || (d.max !== undefined && Math.abs(c.sum - c.n * d.max) < EPS)) {
        findings.push(`${indicator.code} ${c.label}: all ${c.n} organisations have the value ${c.sum / c.n}`);
      }
    }
  }
  return findings;
}

/**
 * (3) A suppressed applicable share read through the n of an indicator that always applies and is
 * answered by the same organisations: share = n(A) / n(B).
 */
export function attackSharedPopulation(release: ProtectedRelease, records: OrganisationRecord[]): string[] {
  const k = release.settings.k;
  const findings: string[] = [];
  const answered = (code: string) =>
    records
      .filter((r) => r.values[code] !== undefined)
      .map((r) => r.organisationId)
      .sort()
      .join(",");
  const always = release.indicators.filter((i) => i.alwaysApplies && records.every((r) => r.values[i.code] !== null));
  for (const a of release.indicators) {
    const partners = always.filter((b) => b.code !== a.code && answered(b.code) === answered(a.code));
    if (partners.length === 0) continue;
    for (const t of release.tables) {
      for (const row of t.rows) {
        if (row.indicator !== a.code || !isHidden(row.applicable_share) || isHidden(row.n)) continue;
        for (const b of partners) {
          const other = t.rows.find((r) => r.indicator === b.code && JSON.stringify(r.group) === JSON.stringify(row.group));
          if (!other || isHidden(other.n)) continue;
          const share = (row.n as number) / (other.n as number);
          const answeredCount = other.n as number;
          if (answeredCount < k || (answeredCount < 2 * k && (share === 0 || share === 1))) {
            findings.push(`${a.code} ${t.id} ${JSON.stringify(row.group)}: the suppressed applicable share is ${share} (n of ${b.code})`);
          }
        }
      }
    }
  }
  return findings;
}

function statistics(sorted: number[]) {
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  };
  const r6 = (x: number) => Number(x.toPrecision(6));
  return { mean: r6(sorted.reduce((s, v) => s + v, 0) / sorted.length), median: r6(q(0.5)), q1: r6(q(0.25)), q3: r6(q(0.75)) };
}

/**
 * (4) Values pinned: for a whole-number indicator, every multiset of n values in [min, max] that
 * gives the published mean and quartiles; when each of them is one value repeated, every member's
 * value is known. Exhaustive over the cells of fewer than 2k organisations.
 */
export function attackPinnedValues(release: ProtectedRelease, records: OrganisationRecord[], range: Record<string, [number, number]>): string[] {
  const k = release.settings.k;
  const findings: string[] = [];
  for (const indicator of release.indicators) {
    const bounds = range[indicator.code];
    if (!bounds || !indicator.domain?.integer) continue;
    const [lo, hi] = bounds;
    for (const t of release.tables) {
      for (const row of t.rows) {
        if (row.indicator !== indicator.code || isHidden(row.n) || isHidden(row.mean)) continue;
        const n = row.n as number;
        if (n >= 2 * k || n === 0) continue;
        const target = { mean: row.mean, median: row.median, q1: row.q1, q3: row.q3 };
        let matches = 0;
        let allEqual = true;
        const counts = new Array<number>(hi - lo + 1).fill(0);
        const walk = (value: number, left: number) => {
          if (!allEqual && matches > 0) return;
          if (value === hi) {
            counts[value - lo] = left;
            const sorted = counts.flatMap((c, i) => new Array<number>(c).fill(lo + i));
            const s = statistics(sorted);
            if (s.mean === target.mean && (isHidden(target.median) || (s.median === target.median && s.q1 === target.q1 && s.q3 === target.q3))) {
              matches++;
              if (counts.filter((c) => c > 0).length > 1) allEqual = false;
            }
            return;
          }
          for (let c = 0; c <= left; c++) {
            counts[value - lo] = c;
            walk(value + 1, left - c);
          }
          counts[value - lo] = 0;
        };
        walk(lo, n);
        if (matches > 0 && allEqual) findings.push(`${indicator.code} ${t.id} ${JSON.stringify(row.group)}: all ${n} values are forced to ${row.mean}`);
      }
    }
  }
  return findings;
}
