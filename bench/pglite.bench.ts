/**
 * npm run bench:pglite [-- --orgs 500 --years 2 --seconds 8 --rounds 2 --editors 20 --connections 10]
 *
 * The same network on the embedded database (PGlite, DATA_DIR) and on PostgreSQL: both seeded
 * with `npm run seed -- --orgs N --years Y`, the built server started on each (two servers,
 * side by side), then in rounds, one database after the other so that both meet the same load
 * of the shared machine:
 *   - report: the latest report of a different organisation on each request, each read by its
 *     owner's own session (autocannon, `connections`);
 *   - autosave: `editors` owners saving one answer of their own draft back to back through the
 *     autosave API, with their revisions (the fault scripts' load).
 * Prints p50/p95 and the rate of each on each database and PGlite's share of PostgreSQL's rate.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import autocannon from "autocannon";
import postgres from "postgres";
import { CSRF, latencySummary, machine, record, ROOT, snapshotBuild, startServer, tempPostgres } from "./lib/harness";
import { startLoad } from "./faults/lib";

const { values } = parseArgs({
  options: {
    orgs: { type: "string", default: "500" },
    years: { type: "string", default: "2" },
    seconds: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
    editors: { type: "string", default: "20" },
    connections: { type: "string", default: "10" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const editorsCount = Number(values.editors);
const connections = Number(values.connections);

type Query = (text: string, params?: unknown[]) => Promise<Array<Record<string, string>>>;

/** Owners' sessions, their latest reports and their drafts, written with the database's own client. */
async function prepare(query: Query) {
  const owners = await query(`select distinct on (m.organisation_id) m.organisation_id, m.user_id from memberships m join organisations o on o.id = m.organisation_id and o.disabled_at is null where m.role = 'owner' order by m.organisation_id, m.user_id limit 400`);
  const cookies = new Map<string, string>();
  const now = new Date();
  for (const o of owners) {
    const token = randomBytes(32).toString("base64url");
    const id = createHash("sha256").update(token).digest("hex");
    await query(`insert into sessions (id, user_id, created_at, last_seen_at, expires_at) values ($1, $2, $3, $3, $4)`, [id, o.user_id, now.toISOString(), new Date(now.getTime() + 12 * 3600_000).toISOString()]);
    cookies.set(o.organisation_id, `bilan_session=${token}; bilan_csrf=${CSRF}`);
  }
  const ids = owners.map((o) => o.organisation_id);
  const reports = await query(`select distinct on (a.organisation_id) a.organisation_id, a.id as assessment_id from assessments a join campaigns c on c.id = a.campaign_id join results r on r.assessment_id = a.id and r.current where a.organisation_id = any($1) order by a.organisation_id, c.year desc`, [ids]);
  const drafts = await query(`select distinct on (a.organisation_id) a.organisation_id, a.id as assessment_id from assessments a join campaigns c on c.id = a.campaign_id and c.status = 'open' where a.status = 'draft' and a.version_id like 'social-balance-basic@%' and a.organisation_id = any($1) order by a.organisation_id`, [ids]);
  return {
    reports: reports.map((r) => ({ path: `/o/${r.organisation_id}/reports/${r.assessment_id}`, cookie: cookies.get(r.organisation_id)! })),
    writers: drafts.slice(0, editorsCount).map((d, i) => ({ label: `editor ${i}`, organisationId: d.organisation_id, assessmentId: d.assessment_id, cookie: cookies.get(d.organisation_id)!, questionId: "members_total", sectionId: "general" })),
  };
}

async function reportLoad(baseUrl: string, visits: Array<{ path: string; cookie: string }>, duration: number) {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: baseUrl + visits[0].path,
    connections,
    duration,
    timeout: 30,
    requests: [{ setupRequest: (request: { path: string }) => ({ ...request, path: visits[next % visits.length].path, headers: { cookie: visits[next++ % visits.length].cookie } }) }],
  });
  instance.on("response", (_c: unknown, status: number, _b: number, time: number) => {
    latencies.push(time);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  await instance;
  return { latencies, statuses };
}

const seed = (env: Record<string, string>) =>
  execFileSync(process.execPath, ["--import", "tsx", "db/seed-cli.ts", "--orgs", values.orgs!, "--years", values.years!], { cwd: ROOT, env: { ...process.env, DATABASE_URL: "", ...env }, stdio: ["ignore", "ignore", "inherit"] });

const started = machine();
const dir = snapshotBuild();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-bench-pglite-"));
const database = await tempPostgres("bilan_bench_pglite");
const servers: Array<Awaited<ReturnType<typeof startServer>>> = [];
try {
  let t0 = Date.now();
  seed({ DATA_DIR: dataDir });
  const seedPglite = (Date.now() - t0) / 1000;
  t0 = Date.now();
  seed({ DATABASE_URL: database.url });
  const seedPostgres = (Date.now() - t0) / 1000;
  console.log(`pglite: seeded ${values.orgs} organisations x ${values.years} years: PGlite ${seedPglite.toFixed(1)} s, PostgreSQL ${seedPostgres.toFixed(1)} s`);

  const pglite = await PGlite.create(path.join(dataDir, "pglite"));
  const onPglite = await prepare(async (text, params) => (await pglite.query<Record<string, string>>(text, params)).rows);
  await pglite.close();
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const onPostgres = await prepare((text, params) => sql.unsafe(text, params as never) as unknown as Promise<Array<Record<string, string>>>);
  await sql.end();

  const kinds = {
    pglite: { server: await startServer({ dir, env: { DATA_DIR: dataDir } }), subjects: onPglite },
    postgres: { server: await startServer({ dir, env: { DATABASE_URL: database.url } }), subjects: onPostgres },
  };
  servers.push(kinds.pglite.server, kinds.postgres.server);
  const results: Record<string, { report: { latencies: number[]; statuses: Record<string, number>; seconds: number }; autosave: { latencies: number[]; statuses: Record<string, number>; ok: number; seconds: number } }> = {};
  for (const [kind, k] of Object.entries(kinds)) {
    console.log(`pglite: ${kind}: ${k.subjects.reports.length} reports, ${k.subjects.writers.length} editors`);
    if (k.subjects.writers.length < editorsCount || k.subjects.reports.length < 100) throw new Error(`${kind}: too few reports or drafts to measure`);
    await reportLoad(k.server.baseUrl, k.subjects.reports.slice(0, 30), 2); // warm-up, not counted
    results[kind] = { report: { latencies: [], statuses: {}, seconds: 0 }, autosave: { latencies: [], statuses: {}, ok: 0, seconds: 0 } };
  }
  for (let round = 1; round <= rounds; round++) {
    for (const [kind, k] of Object.entries(kinds)) {
      const r = await reportLoad(k.server.baseUrl, k.subjects.reports, seconds);
      results[kind].report.latencies.push(...r.latencies);
      for (const [s, n] of Object.entries(r.statuses)) results[kind].report.statuses[s] = (results[kind].report.statuses[s] ?? 0) + n;
      results[kind].report.seconds += seconds;
    }
    for (const [kind, k] of Object.entries(kinds)) {
      const load = startLoad(() => k.server.baseUrl, k.subjects.writers, { maxMs: seconds * 1000 });
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      await load.stop();
      const a = results[kind].autosave;
      for (const t of load.timeline) {
        a.statuses[t.status] = (a.statuses[t.status] ?? 0) + 1;
        if (t.status === "200") {
          a.ok++;
          a.latencies.push(t.ms);
        }
      }
      a.seconds += load.elapsed() / 1000;
    }
    console.log(`pglite: round ${round} done, load ${os.loadavg()[0].toFixed(1)}`);
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([kind, r]) => [
      kind,
      {
        report: { ...latencySummary(r.report.latencies), rate: Math.round((r.report.statuses["200"] ?? 0) / r.report.seconds), statuses: r.report.statuses },
        autosave: { ...latencySummary(r.autosave.latencies), rate: Math.round(r.autosave.ok / r.autosave.seconds), statuses: r.autosave.statuses },
      },
    ]),
  );
  console.log(`pglite: ${JSON.stringify(summary)}`);
  const figure = (what: "report" | "autosave", unit: string) => ({
    name: `${what} on PGlite, ${values.orgs} organisations`,
    value: summary.pglite[what].rate,
    unit,
    limit: { name: `the same on PostgreSQL, same run`, value: summary.postgres[what].rate, unit },
    ratio: Math.round((summary.pglite[what].rate / summary.postgres[what].rate) * 100) / 100,
    target: "none (where PGlite stops)",
    note: `p50/p95 PGlite ${summary.pglite[what].p50}/${summary.pglite[what].p95} ms, PostgreSQL ${summary.postgres[what].p50}/${summary.postgres[what].p95} ms`,
  });
  record({
    bench: "pglite",
    command: `npm run bench:pglite -- --orgs ${values.orgs} --years ${values.years} --seconds ${seconds} --rounds ${rounds} --editors ${editorsCount} --connections ${connections}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures: [figure("report", "pages/s"), figure("autosave", "saves/s")],
    details: { summary, seedSeconds: { pglite: seedPglite, postgres: seedPostgres } },
  });
} finally {
  for (const s of servers) await s.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
