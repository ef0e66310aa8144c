/**
 * npx tsx bench/release-suppression.ts [--organisations 300,2000] [--seed 2025] [--k 10]
 *
 * The share of cells a research release suppresses, on the seeded population of
 * tests/disclosure/population.ts (7 indicators of every kind, 4 skewed breakdowns and the
 * region x size band pair, default disclosure settings): per table, the share of the cells holding
 * at least one organisation with a value
 * whose n is flagged and whose applicable share is flagged, and the indicators flagged even overall.
 * Prints one JSON object per population size.
 */
import { parseArgs } from "node:util";
import { protectRelease, type OrganisationRecord, type ProtectedRelease } from "#app/disclosure/index";
import { POPULATION_INDICATORS, seededPopulation } from "../tests/disclosure/population";

const { values: args } = parseArgs({
  options: { organisations: { type: "string", default: "300,2000" }, seed: { type: "string", default: "2025" }, k: { type: "string", default: "10" } },
});

/** Whether some organisation of the records has a value for the indicator in the row's cell. */
function nonEmpty(records: OrganisationRecord[], indicator: string, group: Record<string, string>): boolean {
  return records.some((r) => r.values[indicator] != null && Object.entries(group).every(([d, v]) => (r.breakdowns[d] ?? "unknown") === v));
}

export function suppressionShares(release: ProtectedRelease, records: OrganisationRecord[]) {
  const tables: Record<string, { cells: number; n: string; applicable_share: string; quartiles: string }> = {};
  let cells = 0;
  let hidden = 0;
  for (const t of release.tables) {
    const rows = t.rows.filter((r) => nonEmpty(records, r.indicator, r.group));
    let n = 0;
    let share = 0;
    let quartiles = 0;
    let numeric = 0;
    for (const r of rows) {
      if (r.n === "C") n++;
      if (r.applicable_share === "C") share++;
      if (r.median !== null) {
        numeric++;
        if (r.median === "C") quartiles++;
      }
    }
    cells += rows.length;
    hidden += n;
    const pct = (x: number, of: number) => `${of === 0 ? 0 : ((100 * x) / of).toFixed(1)} %`;
    tables[t.id] = { cells: rows.length, n: pct(n, rows.length), applicable_share: pct(share, rows.length), quartiles: pct(quartiles, numeric) };
  }
  const overall = release.tables.find((t) => t.id === "overall")!;
  return {
    cellsSuppressed: `${((100 * hidden) / cells).toFixed(1)} %`,
    indicatorsSuppressedOverall: overall.rows.filter((r) => r.n === "C").map((r) => r.indicator),
    tables,
  };
}

for (const size of args.organisations.split(",").map(Number)) {
  const records = seededPopulation(size, Number(args.seed));
  const t0 = performance.now();
  const release = protectRelease({ records, indicators: POPULATION_INDICATORS, settings: { k: Number(args.k) } });
  const ms = Math.round(performance.now() - t0);
  console.log(JSON.stringify({ organisations: size, k: Number(args.k), protectMs: ms, ...suppressionShares(release, records) }));
}
