/**
 * npm run bench:report [-- --orgs 5000 --years 5 --seconds 15 --connections 20]
 *
 * Pages under load, on a temporary PostgreSQL database filled by `npm run seed -- --orgs 5000
 * --years 5` (the demo network plus a generated population):
 *   - the report page /o/:orgId/reports/:assessmentId of an organisation with five years of
 *     results (its progress lines and its position against every participant), 20 concurrent
 *     requests; target p95 < 100 ms;
 *   - the questionnaire: a section page GET of this year's draft, same load.
 *   - first views: the same load over the reports of 3,000 different organisations, read by a
 *     network admin, each once: every page renders its body anew (no target; for the record).
 * The limit measured in the same run: GET /healthz (one `select 1`, no page), same load.
 * Each load is preceded by `--warmup` seconds of the same requests, not counted: the figures are
 * those of a running server, after the JIT compiled the page's code.
 * Latencies are measured by the client on 127.0.0.1, which is the server's time plus the loopback.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { latencySummary, machine, record, ROOT, sessionFor, snapshotBuild, startServer, tempPostgres } from "./lib/harness";

const { values } = parseArgs({
  options: {
    orgs: { type: "string", default: "5000" },
    years: { type: "string", default: "5" },
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const warmupSeconds = Number(values.warmup);

/** `paths`: each request takes the next one (first views); otherwise always `url`. */
async function load(url: string, cookie?: string, paths?: string[]) {
  let next = 0;
  const options = {
    url,
    connections,
    timeout: 20,
    headers: cookie ? { cookie } : {},
    ...(paths ? { requests: [{ setupRequest: (request: any) => ({ ...request, path: paths[next++ % paths.length] }) }] } : {}),
  };
  if (warmupSeconds > 0) await autocannon({ ...options, duration: warmupSeconds });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({ ...options, duration: seconds });
  instance.on("response", (_c: unknown, status: number, _b: number, time: number) => {
    latencies.push(time);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  await instance;
  return { latency: latencySummary(latencies), statuses, rate: Math.round((statuses["200"] ?? 0) / seconds) };
}

const started = machine();
const database = await tempPostgres("bilan_bench_report");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  const t0 = Date.now();
  execFileSync(process.execPath, ["--import", "tsx", "db/seed-cli.ts", "--orgs", values.orgs!, "--years", values.years!], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const seedSeconds = (Date.now() - t0) / 1000;
  console.log(`report: seeded ${values.orgs} organisations x ${values.years} years in ${seedSeconds.toFixed(1)} s`);
  server = await startServer({ dir, env: { DATABASE_URL: database.url } });

  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  // An organisation with a submitted balance in each of the years, and a draft this year.
  const [org] = await sql<{ organisation_id: string; assessment_id: string; user_id: string; years: number }[]>`
    select s.organisation_id, max(s.id) filter (where c.year = (select max(year) from campaigns c2 join assessments s2 on s2.campaign_id = c2.id and s2.status <> 'draft' where s2.organisation_id = s.organisation_id)) as assessment_id,
           min(m.user_id) as user_id, count(distinct c.year) filter (where s.status <> 'draft')::int as years
    from assessments s join campaigns c on c.id = s.campaign_id join memberships m on m.organisation_id = s.organisation_id
    group by s.organisation_id order by years desc, s.organisation_id limit 1`;
  const [draft] = await sql<{ id: string }[]>`select s.id from assessments s join campaigns c on c.id = s.campaign_id where c.status = 'open' and s.status = 'draft' and s.organisation_id <> ${org.organisation_id} limit 1`;
  const [draftOwner] = await sql<{ organisation_id: string; user_id: string }[]>`select s.organisation_id, m.user_id from assessments s join memberships m on m.organisation_id = s.organisation_id where s.id = ${draft.id} limit 1`;
  const cookie = await sessionFor(sql, org.user_id);
  const draftCookie = await sessionFor(sql, draftOwner.user_id);
  const [counts] = await sql<{ organisations: number; results: number }[]>`select (select count(*) from organisations)::int as organisations, (select count(*) from results)::int as results`;
  // First views: a network admin reads other organisations' latest reports, each once.
  const [admin] = await sql<{ id: string }[]>`select id from users where kind = 'admin' limit 1`;
  const adminCookie = await sessionFor(sql, admin.id);
  const others = await sql<{ organisation_id: string; assessment_id: string }[]>`
    select distinct on (s.organisation_id) s.organisation_id, s.id as assessment_id
    from assessments s join campaigns c on c.id = s.campaign_id join results r on r.assessment_id = s.id and r.current
    where s.organisation_id <> ${org.organisation_id}
    order by s.organisation_id, c.year desc limit 3000`;
  const firstViewPaths = others.map((o) => `/o/${o.organisation_id}/reports/${o.assessment_id}`);
  await sql.end();

  const reportPath = `/o/${org.organisation_id}/reports/${org.assessment_id}`;
  const sectionPath = `/o/${draftOwner.organisation_id}/assessments/${draft.id}/general`;
  for (const [path, c] of [[reportPath, cookie], [sectionPath, draftCookie]] as const) {
    const response = await fetch(server.baseUrl + path, { headers: { cookie: c } });
    const html = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${html.slice(0, 300)}`);
  }
  console.log(`report: ${reportPath} (${org.years} years of results), ${connections} connections, ${seconds} s each`);
  const healthz = await load(`${server.baseUrl}/healthz`);
  const report = await load(server.baseUrl + reportPath, cookie);
  const section = await load(server.baseUrl + sectionPath, draftCookie);
  const firstViews = await load(server.baseUrl + firstViewPaths[0], adminCookie, firstViewPaths);
  console.log(JSON.stringify({ healthz, report, section, firstViews }));
  if (!Object.keys(firstViews.statuses).every((status) => status === "200")) throw new Error(`first views answered ${JSON.stringify(firstViews.statuses)}`);
  const figure = (name: string, r: typeof report, target: number) => ({
    name,
    value: r.latency.p95,
    unit: "ms",
    limit: { name: "GET /healthz p95, same load", value: healthz.latency.p95, unit: "ms" },
    ratio: Math.round((r.latency.p95 / healthz.latency.p95) * 10) / 10,
    target: `< ${target} ms`,
    pass: r.latency.p95 < target && Object.keys(r.statuses).every((s) => s === "200"),
    note: `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.rate} pages/s, statuses ${JSON.stringify(r.statuses)}`,
  });
  record({
    bench: "pages",
    command: `npm run bench:report -- --orgs ${values.orgs} --years ${values.years} --seconds ${seconds} --connections ${connections} --warmup ${warmupSeconds}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures: [
      figure(`report page p95 (${org.years} years of results, ${counts.organisations} organisations)`, report, 100),
      figure("questionnaire section page p95", section, 100),
      {
        name: `report page p95, first views (${firstViewPaths.length} different reports, each rendered anew)`,
        value: firstViews.latency.p95,
        unit: "ms",
        limit: { name: "GET /healthz p95, same load", value: healthz.latency.p95, unit: "ms" },
        ratio: Math.round((firstViews.latency.p95 / healthz.latency.p95) * 10) / 10,
        target: "none (for the record)",
        pass: undefined,
        note: `p50 ${firstViews.latency.p50} ms, p99 ${firstViews.latency.p99} ms, ${firstViews.rate} pages/s, statuses ${JSON.stringify(firstViews.statuses)}`,
      },
      { name: `seed ${values.orgs} organisations x ${values.years} years on PostgreSQL`, value: Math.round(seedSeconds), unit: "s", target: "< 180 s", pass: seedSeconds < 180 },
    ],
    details: { healthz, report, section, firstViews, reportPath, counts, warmupSeconds },
  });
} finally {
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
