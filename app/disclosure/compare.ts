/**
 * A second release of the same campaign (late submissions, a correction) is compared with the first:
 * subtracting one from the other must not isolate fewer than k organisations.
 */
import { auditReleasePair } from "./rerelease";
import { CONFIDENTIAL, type OrganisationRecord, type ProtectedRelease, type ProtectedRow } from "./types";

export type CompareResult = { ok: true } | { ok: false; reasons: string[] };

function key(tableId: string, dims: string[], row: ProtectedRow): string {
  return JSON.stringify([tableId, row.indicator, ...dims.map((d) => row.group[d])]);
}

function label(tableId: string, row: ProtectedRow): string {
  const g = Object.entries(row.group).map(([d, v]) => `${d}=${v}`);
  return `${row.indicator} ${tableId}${g.length ? `[${g.join(", ")}]` : ""}`;
}

function figures(row: ProtectedRow): unknown[] {
  return [row.mean, row.median, row.q1, row.q3, row.applicable_share, row.shares ?? null];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Refuses `next` when, for a cell published (n visible) in both releases:
 * - n changed by between 1 and k-1 organisations; or
 * - with the records of both releases: between 1 and k-1 organisations of the cell were added,
 *   removed, moved or changed their value; or
 * - with the records of both releases: any combination of the cells of both (derived cells included:
 *   a total minus its visible parts, on the union of both suppression patterns) determines the values
 *   of fewer than k of the organisations that changed (see rerelease.ts); or
 * - without records: n did not change but a published figure did (the number of corrected
 *   organisations cannot be told, so the change is taken as isolating).
 * k is the larger of the two releases' k.
 */
export function compareReleases(
  previous: ProtectedRelease,
  next: ProtectedRelease,
  records?: { previous: OrganisationRecord[]; next: OrganisationRecord[] },
): CompareResult {
  const k = Math.max(previous.settings.k, next.settings.k);
  const reasons: string[] = [];
  const before = new Map<string, ProtectedRow>();
  for (const t of previous.tables) for (const r of t.rows) before.set(key(t.id, t.dimensions, r), r);

  const prevById = records ? new Map(records.previous.map((r) => [r.organisationId, r])) : null;
  const nextById = records ? new Map(records.next.map((r) => [r.organisationId, r])) : null;
  const allIds = records ? [...new Set([...prevById!.keys(), ...nextById!.keys()])] : [];
  const inCell = (r: OrganisationRecord | undefined, indicator: string, group: Record<string, string>) =>
    r !== undefined &&
    r.values[indicator] !== undefined &&
    r.values[indicator] !== null &&
    Object.entries(group).every(([d, v]) => (r.breakdowns[d] ?? "unknown") === v);

  for (const t of next.tables) {
    for (const r of t.rows) {
      const old = before.get(key(t.id, t.dimensions, r));
      if (!old || old.n === CONFIDENTIAL || r.n === CONFIDENTIAL) continue;
      const delta = Math.abs(r.n - old.n);
      if (delta > 0 && delta < k) {
        reasons.push(`${label(t.id, r)}: n went from ${old.n} to ${r.n}, the difference isolates ${delta} organisation(s) (k = ${k})`);
        continue;
      }
      if (records) {
        let changed = 0;
        for (const id of allIds) {
          const a = prevById!.get(id);
          const b = nextById!.get(id);
          const wasIn = inCell(a, r.indicator, r.group);
          const isIn = inCell(b, r.indicator, r.group);
          if (!wasIn && !isIn) continue;
          if (wasIn !== isIn || !sameValue(a!.values[r.indicator], b!.values[r.indicator])) changed++;
        }
        if (changed > 0 && changed < k) {
          reasons.push(`${label(t.id, r)}: ${changed} organisation(s) changed between the releases (k = ${k})`);
        }
      } else if (delta === 0 && !sameValue(figures(old), figures(r))) {
        reasons.push(`${label(t.id, r)}: figures changed while n stayed ${r.n}; a correction of fewer than k organisations cannot be ruled out`);
      }
    }
  }
  if (records) reasons.push(...auditReleasePair(previous, next, records));
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
