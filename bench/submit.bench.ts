/**
 * npm run bench:submit [-- --clients 10 --seconds 10 --rounds 3 --orgs 2000]
 *
 * Submissions through the built server against the equivalent pgbench transaction, interleaved
 * in rounds in the same run. A temporary PostgreSQL database is seeded (`--orgs` organisations,
 * one year); the open campaign's submitted balances are returned to their organisations, and
 * `clients` owners submit them again through the app (POST …/check-answers: the guard,
 * the whole scoring, the result with its indicators and axes, the flags, the campaign's
 * benchmarks marked stale, the event and the audit line, in one transaction), each taking the
 * next balance as soon as the previous one is answered.
 *
 * The limit: pgbench, at the same concurrency, running one transaction with the same reads (the
 * assessment locked, its campaign, its answers, the organisation's facts) and the same writes:
 * every row a real submission of the app wrote (found by its transaction id, xmin, in every
 * table), written again as literal INSERTs, the previous result no longer current, the campaign's
 * benchmark request counted, the assessment submitted. Each pgbench client submits its own
 * balance (:client_id), so no two clients lock the same row, as in the app. It does not score:
 * the scoring is what the app adds to the database's work. Between rounds the balances are
 * returned again (not measured). Concurrency is cut to the shared server's free connections.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { CSRF, freeConnections, latencySummary, machine, parsePgbench, pgbenchPath, record, ROOT, sessionFor, snapshotBuild, startServer, tempPostgres } from "./lib/harness";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "10" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    orgs: { type: "string", default: "2000" },
  },
});
const requested = Number(values.clients);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const POOL = 10;

/** A value as an SQL literal for a pgbench script (the column's type gives it meaning in an INSERT). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  const text = v instanceof Date ? v.toISOString() : typeof v === "string" ? v : JSON.stringify(v);
  // pgbench reads `:name` as a variable even inside quotes: colons are written as \x3a in an E'' string
  return `E'${text.replace(/\\/g, "\\\\").replace(/'/g, "''").replace(/:/g, "\\x3a")}'`;
}

const started = machine();
const database = await tempPostgres("bilan_bench_submit");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-pgbench-submit-"));
const sql = postgres(database.url, { max: 2, onnotice: () => {} });
try {
  const free = await freeConnections(database.url);
  const concurrency = Math.max(1, Math.min(requested, free.free - POOL - 5 - 2));
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true", DATABASE_POOL_SIZE: String(POOL) } });
  await server.stop();
  execFileSync(process.execPath, ["--import", "tsx", "db/seed-cli.ts", "--orgs", values.orgs!, "--years", "1"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "ignore", "inherit"] });
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DATABASE_POOL_SIZE: String(POOL) } });
  const [campaign] = await sql<{ id: string }[]>`select id from campaigns where status = 'open' order by year desc limit 1`;
  const balances = await sql<{ organisation_id: string; assessment_id: string; user_id: string }[]>`
    select distinct on (a.id) a.organisation_id, a.id as assessment_id, m.user_id from assessments a
    join results r on r.assessment_id = a.id and r.current
    join memberships m on m.organisation_id = a.organisation_id and m.role = 'owner'
    where a.campaign_id = ${campaign.id} and a.status in ('submitted', 'validated', 'under_review', 'returned')
    order by a.id, m.user_id`;
  if (balances.length < concurrency * 10) throw new Error(`only ${balances.length} submitted balances in the open campaign: seed more (--orgs)`);
  const ids = balances.map((b) => b.assessment_id);
  const returnAll = () => sql`update assessments set status = 'returned' where id = any(${ids})`;
  await returnAll();
  const subjects: Array<{ path: string; cookie: string; assessmentId: string }> = [];
  for (const b of balances) subjects.push({ path: `/o/${b.organisation_id}/assessments/${b.assessment_id}/check-answers`, cookie: await sessionFor(sql, b.user_id), assessmentId: b.assessment_id });
  console.log(`submit: max_connections ${free.max}, ${free.inUse} in use: ${concurrency} clients; ${subjects.length} balances; ${rounds} rounds of ${seconds} s`);

  const submit = async (s: (typeof subjects)[number]) => {
    const t0 = performance.now();
    const response = await fetch(server!.baseUrl + s.path, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded", origin: server!.baseUrl },
      body: new URLSearchParams({ csrf: CSRF, intent: "submit" }).toString(),
    }).catch(() => null);
    await response?.arrayBuffer().catch(() => null);
    return { ms: performance.now() - t0, status: String(response?.status ?? "error") };
  };

  // One submission through the app first: its rows are what pgbench writes again.
  const sample = subjects[subjects.length - 1];
  const first = await submit(sample);
  if (first.status !== "302" && first.status !== "303") throw new Error(`a submission answered ${first.status}`);
  const [{ txid, status }] = await sql<{ txid: string; status: string }[]>`select r.xmin::text as txid, a.status from results r join assessments a on a.id = r.assessment_id where r.assessment_id = ${sample.assessmentId} and r.current`;
  if (status !== "submitted") throw new Error(`the sample submission left the balance ${status}`);
  const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
  const [sampleRow] = balances.filter((b) => b.assessment_id === sample.assessmentId);
  const [{ result_id: sampleResult }] = await sql<{ result_id: string }[]>`select id as result_id from results where assessment_id = ${sample.assessmentId} and current`;
  const pick = (column: string) => `(array[${balances.slice(0, concurrency).map((b) => literal((b as Record<string, string>)[column])).join(",")}])[:client_id + 1]`;
  const inserts: string[] = [];
  const written: Record<string, number> = {};
  // the result first: the rows that reference it after
  for (const { name } of [...tables].sort((x, y) => Number(y.name === "results") - Number(x.name === "results"))) {
    if (name === "assessments" || name === "benchmark_sets" || name.startsWith("__")) continue;
    const rows = await sql.unsafe(`select * from "${name}" where xmin::text = $1`, [txid]);
    const types = new Map((await sql<{ column_name: string; data_type: string }[]>`select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = ${name}`).map((c) => [c.column_name, c.data_type]));
    for (const row of rows) {
      if (name === "results" && row.current === false) continue; // the previous result, updated below
      written[name] = (written[name] ?? 0) + 1;
      const columns = Object.keys(row);
      const valuesOf = columns.map((c) => {
        if (name === "results" && c === "id") return ":rid";
        if (c === "result_id" && row[c] === sampleResult) return ":rid";
        if (c === "id" && types.get(c) === "uuid") return "gen_random_uuid()";
        if (c === "id" && /int|serial/.test(types.get(c) ?? "")) return "default";
        if (c === "id") return "gen_random_uuid()::text";
        if (c === "assessment_id") return pick("assessment_id");
        if (c === "organisation_id") return pick("organisation_id");
        if (c === "target_id" && row[c] === sample.assessmentId) return pick("assessment_id");
        return literal(row[c]);
      });
      // answers the submission wrote (the organisation's facts) exist already in pgbench's balance
      const onConflict = name === "answers" ? ` on conflict (assessment_id, question_id) do update set ${columns.filter((c) => c !== "assessment_id" && c !== "question_id").map((c) => `"${c}" = excluded."${c}"`).join(", ")}` : "";
      inserts.push(`insert into "${name}" (${columns.map((c) => `"${c}"`).join(", ")}) values (${valuesOf.join(", ")})${onConflict};`);
    }
  }
  const a = pick("assessment_id");
  const script = path.join(work, "submit.sql");
  fs.writeFileSync(
    script,
    [
      "begin;",
      `select * from assessments where id = ${a} and organisation_id = ${pick("organisation_id")} for update;`,
      `select status, year from campaigns where id = ${literal(campaign.id)};`,
      `select question_id, value, note, revision, updated_at, updated_by from answers where assessment_id = ${a};`,
      `select legal_form, sector, region, size_band, headcount from organisations where id = ${pick("organisation_id")};`,
      `update results set current = false where assessment_id = ${a} and current;`,
      "select gen_random_uuid()::text as rid \\gset",
      ...inserts,
      `insert into benchmark_sets (campaign_id, requested) values (${literal(campaign.id)}, 1) on conflict (campaign_id) do update set requested = benchmark_sets.requested + 1;`,
      `update assessments set status = 'submitted', submitted_at = now(), submitted_by = ${pick("user_id")} where id = ${a};`,
      "commit;",
      "",
    ].join("\n"),
  );
  console.log(`submit: pgbench writes ${JSON.stringify(written)} per transaction, as the app's submission of ${sampleRow.assessment_id} did`);

  const latencies: number[] = [];
  const pgLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  const perRound: Array<{ submits: number; perSecond: number; p95: number; pgbenchTps: number; pgbenchP95: number; ratio: number; load: number }> = [];
  let pgTransactions = 0;
  let pgSeconds = 0;
  const queue = subjects.slice(concurrency, subjects.length - 1); // pgbench's own balances apart
  for (let round = 1; round <= rounds; round++) {
    await returnAll();
    let next = 0;
    let ok = 0;
    const roundLatencies: number[] = [];
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < end && next < queue.length) {
          const r = await submit(queue[next++]);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          if (r.status === "302" || r.status === "303") {
            ok++;
            roundLatencies.push(r.ms);
          }
        }
      }),
    );
    if (next >= queue.length) console.log(`submit: round ${round} ran out of balances (${queue.length}); seed more for longer rounds`);
    const elapsed = (seconds * 1000 - Math.max(0, end - Date.now())) / 1000;
    latencies.push(...roundLatencies);
    const logDir = fs.mkdtempSync(path.join(work, `round-${round}-`));
    const out = execFileSync(pgbenchPath(), ["-n", "-M", "prepared", "-f", script, "-c", String(concurrency), "-j", String(Math.min(concurrency, os.cpus().length)), "-T", String(seconds), "-l", "--log-prefix", path.join(logDir, "tx"), database.url], { encoding: "utf8", cwd: logDir, maxBuffer: 64 * 1024 * 1024 });
    const pg = parsePgbench(out, logDir);
    if (pg.failed) throw new Error(`pgbench: ${pg.failed} failed transactions\n${out}`);
    pgLatencies.push(...pg.latencies);
    pgTransactions += pg.transactions;
    pgSeconds += pg.seconds;
    const perSecond = ok / elapsed;
    perRound.push({ submits: ok, perSecond: Math.round(perSecond * 10) / 10, p95: latencySummary(roundLatencies).p95, pgbenchTps: Math.round(pg.tps), pgbenchP95: latencySummary(pg.latencies).p95, ratio: Math.round((perSecond / pg.tps) * 100) / 100, load: os.loadavg()[0] });
    console.log(`round ${round}: ${JSON.stringify(perRound[perRound.length - 1])}`);
  }
  const latency = latencySummary(latencies);
  const pgLatency = latencySummary(pgLatencies);
  const rate = perRound.reduce((s, r) => s + r.submits, 0) / perRound.reduce((s, r) => s + r.submits / Math.max(r.perSecond, 1e-9), 0);
  const tps = pgTransactions / pgSeconds;
  // Every submission answered is a stored result of the app's (pgbench's carry no scoring run).
  const [{ n: submitted }] = await sql<{ n: number }[]>`select count(*)::int as n from assessments where id = any(${queue.map((q) => q.assessmentId)}) and status = 'submitted'`;
  console.log(`submit: ${JSON.stringify({ statuses, latency, rate: Math.round(rate * 10) / 10 })}; pgbench ${tps.toFixed(0)} tps ${JSON.stringify(pgLatency)}`);
  record({
    bench: "submit",
    command: `npm run bench:submit -- --clients ${requested} --seconds ${seconds} --rounds ${rounds} --orgs ${values.orgs}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures: [
      {
        name: "submission rate",
        value: Math.round(rate * 10) / 10,
        unit: "submissions/s",
        limit: { name: `pgbench, the submission's reads and writes, ${concurrency} clients, interleaved`, value: Math.round(tps), unit: "tps" },
        ratio: Math.round((rate / tps) * 100) / 100,
        target: ">= 0.25 x pgbench",
        pass: rate / tps >= 0.25,
        note: `p50 ${latency.p50} ms, p95 ${latency.p95} ms; pgbench p95 ${pgLatency.p95} ms; rounds: ${perRound.map((r) => r.ratio).join(", ")}`,
      },
    ],
    details: { connections: { ...free, concurrency }, written, perRound, statuses, latency, pgbench: pgLatency, submittedInLastRound: submitted },
  });
} finally {
  await sql.end().catch(() => {});
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
}
