/**
 * npm run bench:release [-- --organisations 5000 --rounds 3]
 *
 * Builds the research release of a campaign with 5,000 organisations on PostgreSQL and compares it
 * with the limit: a plain SQL GROUP BY computing only the cell counts and means of the same tables
 * (every indicator code, overall, by each breakdown and by the pair), in one scan with grouping sets.
 *
 * It creates a temporary database on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * fills it in bulk (organisations, submitted assessments, current results, and result_indicators rows with
 * generated values: no questionnaire is filled in), times both over several rounds, drops the database,
 * prints the numbers and writes bench/results/release.json and the "Research release" section of
 * docs/performance.md.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { closeDatabase, openDatabase, installConnection } from "#db/client";
import { prepareRelease, releaseSettings } from "#app/models/releases.server";
import { getDefinition, recordDefinitions, versionIdOf } from "#app/models/definitions.server";
import { isMagnitudeUnit } from "#app/questionnaires/index";
import { attackRelease } from "#app/disclosure/index";

const { values: args } = parseArgs({
  options: {
    organisations: { type: "string", default: "5000" },
    rounds: { type: "string", default: "3" },
    /** print only: leave docs/performance.md alone */
    "no-docs": { type: "boolean", default: false },
    /** keep the filled database (to profile queries by hand) instead of dropping it */
    keep: { type: "boolean", default: false },
  },
});
const ORGANISATIONS = Number(args.organisations);
const ROUNDS = Number(args.rounds);
const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const BASIC = versionIdOf("social-balance-basic", "2025.1");
const COMPLETE = versionIdOf("social-balance-complete", "2025.1");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg().map((x) => Number(x.toFixed(2)));

async function fill(sql: postgres.Sql, campaignId: string) {
  const basic = (await getDefinition(BASIC))!;
  const complete = (await getDefinition(COMPLETE))!;
  const taxonomy = {
    legal: ["worker_cooperative", "consumer_cooperative", "other_cooperative", "association", "foundation", "labour_company", "commercial_company", "self_employed"],
    sector: ["food", "education", "care", "culture", "housing", "energy", "finance", "consulting", "technology", "textile", "social_services", "other"],
    region: ["barcelona", "girona", "lleida", "tarragona", "valencia", "balearic_islands", "madrid", "basque_country", "andalusia", "other"],
    size: ["none", "micro", "small", "medium", "large"],
  };
  await sql`select setseed(0.42)`;
  // Skewed breakdowns (many associations and small organisations, few in some regions): realistic small cells.
  await sql`
    insert into organisations (id, name, legal_form, sector, region, headcount, size_band)
    select 'bench-org-' || g, 'Organisation ' || g,
      (${taxonomy.legal}::text[])[1 + floor(power(random(), 1.6) * ${taxonomy.legal.length})::int],
      (${taxonomy.sector}::text[])[1 + floor(power(random(), 1.3) * ${taxonomy.sector.length})::int],
      (${taxonomy.region}::text[])[1 + floor(power(random(), 1.8) * ${taxonomy.region.length})::int],
      h, case when h = 0 then 'none' when h < 10 then 'micro' when h < 50 then 'small' when h < 250 then 'medium' else 'large' end
    from (select g, floor(power(random(), 3) * 400)::int as h from generate_series(1, ${ORGANISATIONS}) g) s`;
  // One in five organisations answers the complete questionnaire, the others the basic one.
  await sql`
    insert into assessments (id, organisation_id, campaign_id, questionnaire, version_id, status, submitted_at)
    select 'bench-a-' || g, 'bench-org-' || g, ${campaignId},
      case when g % 5 = 0 then 'social-balance-complete' else 'social-balance-basic' end,
      case when g % 5 = 0 then ${COMPLETE} else ${BASIC} end, 'submitted', now()
    from generate_series(1, ${ORGANISATIONS}) g`;
  await sql`
    insert into results (id, assessment_id, organisation_id, campaign_id, version_id, definition_hash, engine_version, total, seal_passed, result, current,
      legal_form, sector, region, size_band)
    select 'bench-r-' || g, 'bench-a-' || g, 'bench-org-' || g, ${campaignId},
      case when g % 5 = 0 then ${COMPLETE} else ${BASIC} end, 'bench', 'bench', 5, true, '{}'::jsonb, true,
      o.legal_form, o.sector, o.region, o.size_band
    from generate_series(1, ${ORGANISATIONS}) g join organisations o on o.id = 'bench-org-' || g`;
  for (const [compiled, complete_] of [
    [basic, false],
    [complete, true],
  ] as const) {
    const codes = compiled.definition.indicators.map((i) => i.code);
    const magnitude = compiled.definition.indicators.map((i) => String(isMagnitudeUnit(i.unit)));
    const conditional = compiled.definition.indicators.map((i) => String(Boolean(i.applies_when)));
    // Organisations without workers (headcount 0): conditional indicators do not apply.
    await sql`
      insert into result_indicators (result_id, code, axis, value, score, applicable)
      select r.id, c.code, null,
        case when c.conditional and o.headcount = 0 then null
             when c.magnitude then round((exp(random() * 8) * (1 + o.headcount))::numeric, 2)::float8
             else round(random()::numeric, 4)::float8 end,
        null, not (c.conditional and o.headcount = 0)
      from results r join organisations o on o.id = r.organisation_id
      cross join unnest(${codes}::text[], ${magnitude}::text[]::boolean[], ${conditional}::text[]::boolean[]) as c(code, magnitude, conditional)
      where r.campaign_id = ${campaignId} and (r.version_id = ${complete_ ? COMPLETE : BASIC})`;
  }
  await sql`analyze`;
}

async function groupByLimit(sql: postgres.Sql, campaignId: string) {
  const rows = await sql`
    select ri.code, o.legal_form, o.sector, o.region, o.size_band, count(*)::int as n, avg(ri.value) as mean
    from result_indicators ri
    join results r on r.id = ri.result_id and r.current and r.campaign_id = ${campaignId}
    join organisations o on o.id = r.organisation_id
    where ri.applicable and ri.value is not null
    group by grouping sets ((ri.code), (ri.code, o.legal_form), (ri.code, o.sector), (ri.code, o.region), (ri.code, o.size_band), (ri.code, o.region, o.size_band))`;
  return rows.length;
}

async function main() {
  const name = `bilan_bench_release_${process.pid}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const startedAt = new Date();
  const loadBefore = load();
  try {
    const connection = await openDatabase({ kind: "postgres", url: url.toString(), max: 4 });
    installConnection(connection);
    const sql = connection.sql!;
    await recordDefinitions();
    const [campaign] = await sql`insert into campaigns (id, year, opens_on, closes_on, status) values ('bench-campaign', 2025, '2025-04-20', '2025-07-15', 'closed') returning id`;
    await sql`insert into campaign_versions (campaign_id, version_id) values (${campaign.id}, ${BASIC}), (${campaign.id}, ${COMPLETE})`;
    const t0 = performance.now();
    await fill(sql, campaign.id);
    const [{ n: indicatorRows }] = await sql`select count(*)::int as n from result_indicators`;
    console.log(`filled ${ORGANISATIONS} organisations, ${indicatorRows} result_indicators rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const settings = await releaseSettings();

    const build: Array<{ totalMs: number; loadMs: number; protectMs: number; packageMs: number; cpuMs: number }> = [];
    const limit: number[] = [];
    let cells = 0;
    let released = { indicators: 0, rows: 0, suppressed: 0, zipBytes: 0 };
    let last: Awaited<ReturnType<typeof prepareRelease>> = null;
    for (let round = 0; round < ROUNDS + 1; round++) {
      // alternate, so that a change in the machine's load touches both
      const s0 = performance.now();
      cells = await groupByLimit(sql, campaign.id);
      const sqlMs = performance.now() - s0;
      const cpu0 = process.cpuUsage();
      const b0 = performance.now();
      const prepared = (await prepareRelease({ campaignId: campaign.id, language: "en", version: 1, settings }))!;
      const totalMs = performance.now() - b0;
      const cpu = process.cpuUsage(cpu0);
      last = prepared;
      const rows = prepared.release.tables.flatMap((t) => t.rows);
      released = { indicators: prepared.release.indicators.length, rows: rows.length, suppressed: rows.filter((r) => r.n === "C").length, zipBytes: prepared.zip.length };
      const label = round === 0 ? "warm-up" : `round ${round}`;
      console.log(
        `${label}: release ${totalMs.toFixed(0)} ms (load ${prepared.timings.loadMs.toFixed(0)}, protect ${prepared.timings.protectMs.toFixed(0)}, package ${prepared.timings.packageMs.toFixed(0)}; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), SQL GROUP BY ${sqlMs.toFixed(0)} ms, load average ${load().join(" ")}`,
      );
      if (round === 0) continue;
      build.push({ totalMs, ...prepared.timings, cpuMs: (cpu.user + cpu.system) / 1000 });
      limit.push(sqlMs);
    }
    // Not timed: the attack checker on the last release must find nothing.
    const a0 = performance.now();
    const findings = attackRelease(last!.release, last!.records);
    const attackMs = performance.now() - a0;
    console.log(`attack checker: ${findings.length} findings in ${attackMs.toFixed(0)} ms`);
    if (findings.length > 0) throw new Error(`the release fails the attack checker: ${findings.slice(0, 5).map((f) => f.description).join("; ")}`);
    const buildMs = median(build.map((b) => b.totalMs));
    const limitMs = median(limit);
    const ratio = buildMs / limitMs;
    const cpuModel = /model name\s*:\s*(.+)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
    const [{ version: pgVersion }] = await sql`select current_setting('server_version') as version`;
    const result = {
      measuredAt: startedAt.toISOString(),
      command: "npm run bench:release",
      machine: { nproc: Number(execSync("nproc").toString().trim()), cpu: cpuModel, node: process.version, postgres: pgVersion, loadAverageBefore: loadBefore, loadAverageAfter: load() },
      data: { organisations: ORGANISATIONS, resultIndicatorRows: indicatorRows, indicators: released.indicators, breakdowns: settings.breakdowns, pairs: settings.pairs, k: settings.k },
      release: { rows: released.rows, suppressedRows: released.suppressed, zipBytes: released.zipBytes, medianMs: Math.round(buildMs), rounds: build.map((b) => ({ totalMs: Math.round(b.totalMs), loadMs: Math.round(b.loadMs), protectMs: Math.round(b.protectMs), packageMs: Math.round(b.packageMs), cpuMs: Math.round(b.cpuMs) })) },
      limit: { query: "one SELECT with GROUPING SETS: count and avg of value per code, overall, by each breakdown and by the pair", cells, medianMs: Math.round(limitMs), roundsMs: limit.map(Math.round) },
      ratio: Number(ratio.toFixed(2)),
      target: "at most 3",
      attack: { findings: findings.length, ms: Math.round(attackMs) },
    };
    console.log(`\nrelease ${buildMs.toFixed(0)} ms, SQL GROUP BY ${limitMs.toFixed(0)} ms: ratio ${ratio.toFixed(2)} (target at most 3)`);
    fs.mkdirSync("bench/results", { recursive: true });
    fs.writeFileSync("bench/results/release.json", JSON.stringify(result, null, 2) + "\n");
    if (!args["no-docs"]) writeDocs(result);
  } finally {
    await closeDatabase();
    if (args.keep) console.log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

type Result = {
  measuredAt: string;
  machine: { nproc: number; cpu: string; node: string; postgres: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  data: { organisations: number; resultIndicatorRows: number; indicators: number; pairs: Array<[string, string]>; k: number };
  release: { rows: number; suppressedRows: number; medianMs: number; rounds: Array<{ totalMs: number; loadMs: number; protectMs: number; packageMs: number; cpuMs: number }> };
  limit: { cells: number; medianMs: number };
  ratio: number;
};

/** Adds a row to the table of the "Research release" section of docs/performance.md (creates the section once). */
function writeDocs(r: Result) {
  const file = "docs/performance.md";
  let text = fs.readFileSync(file, "utf8");
  const heading = "## Research release";
  if (!text.includes(heading)) {
    text =
      text.trimEnd() +
      `

${heading}

\`npm run bench:release\` (bench/release.bench.ts) creates a temporary PostgreSQL database, fills it in bulk with the current results of 5,000 organisations in one closed campaign (one in five on \`social-balance-complete\` 2025.1, the others on \`social-balance-basic\` 2025.1: 79 indicator codes, 53 of them answered by everyone; skewed legal forms, sectors, regions and size bands; organisations without workers get "not applicable" for the worker indicators), then times, alternating over 3 rounds after a warm-up, the median of:

- **the release**: \`prepareRelease\` in app/models/releases.server.ts, i.e. loading the records from the database, protecting every table of every indicator (primary, complementary suppression and the exact audit) with the network's settings (k = 10; legal form, sector, region, size band; region x size band), and building the package (CSV, datapackage.json, codebook, README, SHA-256 of every file, zip);
- **the limit**: one plain SQL query computing only the cell counts and means of the same tables (GROUPING SETS over code, code x each breakdown, code x region x size band), rows fetched by the client.

Target: the release takes at most 3 times the limit. The machine is shared with other engineers' jobs: the load average is given, and the CPU time of the release is printed beside its wall-clock time. bench/results/release.json holds the last run in full.

| measured | machine | load average (before, after) | release: total (load + protect + package), CPU | SQL GROUP BY | ratio |
| --- | --- | --- | --- | --- | --- |
`;
  }
  const m = r.release.rounds.find((x) => x.totalMs === r.release.medianMs) ?? r.release.rounds[0];
  const row = `| ${r.measuredAt.slice(0, 16).replace("T", " ")} UTC, ${r.data.organisations} organisations, ${r.data.resultIndicatorRows.toLocaleString("en")} indicator rows | ${r.machine.cpu}, \`nproc\` = ${r.machine.nproc}, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres} | ${r.machine.loadAverageBefore[0]}, ${r.machine.loadAverageAfter[0]} | ${r.release.medianMs} ms (${m.loadMs} + ${m.protectMs} + ${m.packageMs}), CPU ${m.cpuMs} ms | ${r.limit.medianMs} ms | ${r.ratio} |\n`;
  // the table is the last block of the section: append the row after its last line
  const start = text.indexOf(heading);
  const next = text.indexOf("\n## ", start + heading.length);
  const end = next < 0 ? text.length : next + 1;
  const section = text.slice(start, end).trimEnd() + "\n" + row;
  text = text.slice(0, start) + section + (next < 0 ? "" : "\n" + text.slice(end));
  fs.writeFileSync(file, text.endsWith("\n") ? text : text + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
