/**
 * npm run bench:pages [-- --sizes 500,2000,5000 --years 3 --seconds 4 --rounds 3 --connections 10
 *                        --people 1000 --submits 1 --database-url postgres://…/bench_perf]
 *
 * Pages as a network uses them, on PostgreSQL, at growing network sizes:
 *   - each request comes from a different organisation with its own session (up to `--people`
 *     organisations per page, taken in turn): the report page of its latest result, a section
 *     page of its draft, the home page; a reviewer's queue (pages 1 to 5 of the open campaign);
 *     a funder's portfolio of 200 shares;
 *   - while every page is measured, submissions trickle in through the app (`--submits` per
 *     second: returned balances submitted again, each storing a result and moving the
 *     benchmarks);
 *   - each page is interleaved in rounds with its floor, a plain handler of the same server
 *     (GET /favicon.ico: the front door, compression and a static file, no database), under the
 *     same load; the figure is the page's p95 over the floor's p95, over all rounds.
 * The sizes grow one database: `--sizes 500,2000,5000` seeds 500 organisations, measures, adds
 * 1,500, measures, adds 3,000, measures. `--database-url` reuses a database (seeded up to the
 * sizes asked; dropped only when the bench created it).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { CSRF, latencySummary, machine, record, ROOT, sessionFor, sleep, snapshotBuild, startServer, tempPostgres } from "./lib/harness";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "500,2000,5000" },
    years: { type: "string", default: "3" },
    seconds: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    people: { type: "string", default: "1000" },
    submits: { type: "string", default: "1" },
    "database-url": { type: "string" },
  },
});
const sizes = values.sizes!.split(",").map(Number);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);
const people = Number(values.people);
const submitsPerSecond = Number(values.submits);
const TARGET_RATIO = 10;

interface Visit {
  path: string;
  cookie?: string;
}

/** `seconds` of load over the visits, each request the next visit. */
async function load(baseUrl: string, visits: Visit[]) {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: baseUrl + visits[0].path,
    connections,
    duration: seconds,
    timeout: 20,
    requests: [
      {
        setupRequest: (request: { path: string; headers?: Record<string, string> }) => {
          const visit = visits[next++ % visits.length];
          return { ...request, path: visit.path, headers: { ...(request.headers ?? {}), ...(visit.cookie ? { cookie: visit.cookie } : {}) } };
        },
      },
    ],
  });
  instance.on("response", (_c: unknown, status: number, _b: number, time: number) => {
    latencies.push(time);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  await instance;
  return { latencies, statuses };
}

/** Page and floor in alternating rounds; latencies pooled over the rounds. */
async function interleaved(baseUrl: string, visits: Visit[]) {
  const floor = { latencies: [] as number[], statuses: {} as Record<string, number> };
  const page = { latencies: [] as number[], statuses: {} as Record<string, number> };
  const merge = (into: typeof floor, from: typeof floor) => {
    into.latencies.push(...from.latencies);
    for (const [s, n] of Object.entries(from.statuses)) into.statuses[s] = (into.statuses[s] ?? 0) + n;
  };
  await load(baseUrl, visits.slice(0, 50)); // warm-up, not counted
  for (let r = 0; r < rounds; r++) {
    merge(floor, await load(baseUrl, [{ path: "/favicon.ico" }]));
    merge(page, await load(baseUrl, visits));
  }
  const p = latencySummary(page.latencies);
  const f = latencySummary(floor.latencies);
  return { page: p, floor: f, ratio: Math.round((p.p95 / f.p95) * 10) / 10, statuses: page.statuses, rate: Math.round((page.statuses["200"] ?? 0) / (seconds * rounds)) };
}

/** Submissions through the app at a steady rate, until stopped: returned balances submitted again. */
function trickle(baseUrl: string, subjects: Visit[]) {
  let stop = false;
  let next = 0;
  const outcomes: Record<string, number> = {};
  const done = (async () => {
    while (!stop && next < subjects.length) {
      const s = subjects[next++];
      const t0 = Date.now();
      const response = await fetch(baseUrl + s.path, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: s.cookie!, "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
        body: new URLSearchParams({ csrf: CSRF, intent: "submit" }).toString(),
      }).catch(() => null);
      await response?.arrayBuffer().catch(() => null);
      const key = String(response?.status ?? "error");
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      await sleep(Math.max(0, 1000 / submitsPerSecond - (Date.now() - t0)));
    }
  })();
  return {
    outcomes,
    async end() {
      stop = true;
      await done;
    },
  };
}

const started = machine();
const created = values["database-url"] ? null : await tempPostgres("bilan_bench_pages");
const url = values["database-url"] ?? created!.url;
const dir = snapshotBuild();
const growth: Array<{ organisations: number; results: number; pages: Record<string, Awaited<ReturnType<typeof interleaved>>>; submits: Record<string, number> }> = [];
try {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const count = async () => Number((await sql<{ n: number }[]>`select count(*)::int as n from organisations where name not like 'Cooperativa bench%'`.catch(() => [{ n: 0 }]))[0].n);
  for (const size of sizes) {
    const have = await count();
    if (have < size) {
      const t0 = Date.now();
      execFileSync(process.execPath, ["--import", "tsx", "db/seed-cli.ts", "--orgs", String(size - have), "--years", values.years!], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url },
        stdio: ["ignore", "ignore", "inherit"],
      });
      console.log(`pages: seeded ${size - have} organisations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const server = await startServer({ dir, env: { DATABASE_URL: url } });
    try {
      const [campaign] = await sql<{ id: string }[]>`select id from campaigns where status = 'open' order by year desc limit 1`;
      // Different organisations, each with its own owner's session.
      const owners = await sql<{ organisation_id: string; user_id: string }[]>`
        select distinct on (m.organisation_id) m.organisation_id, m.user_id from memberships m
        join organisations o on o.id = m.organisation_id and o.disabled_at is null
        where m.role = 'owner' order by m.organisation_id, m.user_id limit ${people * 3}`;
      const cookieOf = new Map<string, string>();
      const cookie = async (org: { organisation_id: string; user_id: string }) => {
        let c = cookieOf.get(org.organisation_id);
        if (!c) cookieOf.set(org.organisation_id, (c = await sessionFor(sql, org.user_id)));
        return c;
      };
      const ownerOf = new Map(owners.map((o) => [o.organisation_id, o]));
      const reports = await sql<{ organisation_id: string; assessment_id: string }[]>`
        select distinct on (a.organisation_id) a.organisation_id, a.id as assessment_id from assessments a
        join campaigns c on c.id = a.campaign_id join results r on r.assessment_id = a.id and r.current
        where a.organisation_id = any(${owners.map((o) => o.organisation_id)}) order by a.organisation_id, c.year desc`;
      const drafts = await sql<{ organisation_id: string; assessment_id: string }[]>`
        select distinct on (a.organisation_id) a.organisation_id, a.id as assessment_id from assessments a
        where a.campaign_id = ${campaign.id} and a.status = 'draft' and a.organisation_id = any(${owners.map((o) => o.organisation_id)})
        order by a.organisation_id`;
      const take = <T>(rows: T[]) => rows.slice(0, people);
      const visits = async (rows: Array<{ organisation_id: string; assessment_id: string }>, path: (r: { organisation_id: string; assessment_id: string }) => string) => {
        const out: Visit[] = [];
        for (const r of take(rows)) out.push({ path: path(r), cookie: await cookie(ownerOf.get(r.organisation_id)!) });
        return out;
      };
      const reportVisits = await visits(reports, (r) => `/o/${r.organisation_id}/reports/${r.assessment_id}`);
      const sectionVisits = await visits(drafts, (r) => `/o/${r.organisation_id}/assessments/${r.assessment_id}/general`);
      const homeVisits: Visit[] = [];
      for (const o of take(owners)) homeVisits.push({ path: `/o/${o.organisation_id}`, cookie: await cookie(o) });
      // A reviewer reads pages 1 to 5 of the open campaign's queue, a session per visit.
      const [reviewer] = await sql<{ id: string }[]>`select id from users where kind = 'reviewer' or email like 'reviewer@%' order by email limit 1`;
      const reviewVisits: Visit[] = [];
      for (let i = 0; i < 20; i++) reviewVisits.push({ path: `/review?campaign=${campaign.id}&page=${(i % 5) + 1}`, cookie: await sessionFor(sql, reviewer.id) });
      // A funder with 200 organisations sharing every year.
      const [funder] = await sql<{ id: string; funder_id: string }[]>`select id, funder_id from users where funder_id is not null order by email limit 1`;
      await sql`
        insert into shares (id, organisation_id, funder_id, years)
        select gen_random_uuid()::text, o.id, ${funder.funder_id}, '"all"'::jsonb from organisations o
        where not exists (select 1 from shares s where s.organisation_id = o.id and s.funder_id = ${funder.funder_id} and s.revoked_at is null)
        order by o.id limit greatest(0, 200 - (select count(*) from shares where funder_id = ${funder.funder_id} and revoked_at is null))`;
      const portfolioVisits: Visit[] = [];
      for (let i = 0; i < 10; i++) portfolioVisits.push({ path: "/funder/portfolio", cookie: await sessionFor(sql, funder.id) });
      // Balances to submit again while the pages are measured: returned by the network, as a reviewer would.
      const returned = await sql<{ organisation_id: string; assessment_id: string }[]>`
        update assessments set status = 'returned' where id in (
          select a.id from assessments a where a.campaign_id = ${campaign.id} and a.status in ('submitted', 'validated', 'under_review', 'returned')
          and a.organisation_id = any(${owners.map((o) => o.organisation_id)}) order by a.id limit 2000)
        returning organisation_id, id as assessment_id`;
      const submitVisits = await visits(returned, (r) => `/o/${r.organisation_id}/assessments/${r.assessment_id}/check-answers`);
      for (const [name, v] of Object.entries({ report: reportVisits, section: sectionVisits, home: homeVisits, review: reviewVisits, portfolio: portfolioVisits })) {
        const response = await fetch(server.baseUrl + v[0].path, { headers: { cookie: v[0].cookie ?? "" } });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`${name} ${v[0].path} answered ${response.status}: ${body.slice(0, 300)}`);
      }
      const [counts] = await sql<{ organisations: number; results: number }[]>`select (select count(*) from organisations)::int as organisations, (select count(*) from results where current)::int as results`;
      console.log(`pages: ${counts.organisations} organisations, ${counts.results} current results; ${reportVisits.length} reports, ${sectionVisits.length} sections, ${homeVisits.length} homes, ${submitVisits.length} balances to submit`);
      const submitting = trickle(server.baseUrl, submitVisits);
      const pages: Record<string, Awaited<ReturnType<typeof interleaved>>> = {};
      for (const [name, v] of Object.entries({ report: reportVisits, section: sectionVisits, home: homeVisits, review: reviewVisits, portfolio: portfolioVisits })) {
        pages[name] = await interleaved(server.baseUrl, v);
        console.log(`pages: ${counts.organisations} orgs ${name}: p50 ${pages[name].page.p50} p95 ${pages[name].page.p95} ms (floor p95 ${pages[name].floor.p95} ms, ×${pages[name].ratio}), ${pages[name].rate}/s ${JSON.stringify(pages[name].statuses)}`);
      }
      await submitting.end();
      console.log(`pages: submissions ${JSON.stringify(submitting.outcomes)}`);
      growth.push({ organisations: counts.organisations, results: counts.results, pages, submits: submitting.outcomes });
    } finally {
      const errors = server.logTail(4000).split("\n").filter((l) => /error|warn/i.test(l));
      if (errors.length) console.log(`pages: server log, errors and warnings (last 10 of ${errors.length}):\n${errors.slice(-10).join("\n")}`);
      await server.stop();
    }
  }
  await sql.end();
  const last = growth[growth.length - 1];
  record({
    bench: "network-pages",
    command: `npm run bench:pages -- --sizes ${values.sizes} --years ${values.years} --seconds ${seconds} --rounds ${rounds} --connections ${connections} --people ${people} --submits ${submitsPerSecond}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures: Object.entries(last.pages).map(([name, r]) => ({
      name: `${name} page p95, ${last.organisations} organisations, different organisations and sessions, ${submitsPerSecond} submission/s`,
      value: r.page.p95,
      unit: "ms",
      limit: { name: "GET /favicon.ico p95 (plain handler), interleaved", value: r.floor.p95, unit: "ms" },
      ratio: r.ratio,
      target: `≤ ${TARGET_RATIO}× floor`,
      pass: r.ratio <= TARGET_RATIO && Object.keys(r.statuses).every((s) => s === "200"),
      note: `p50 ${r.page.p50} ms, p99 ${r.page.p99} ms, ${r.rate} pages/s, statuses ${JSON.stringify(r.statuses)}`,
    })),
    details: {
      growth: growth.map((g) => ({
        organisations: g.organisations,
        results: g.results,
        submits: g.submits,
        pages: Object.fromEntries(Object.entries(g.pages).map(([n, r]) => [n, { p50: r.page.p50, p95: r.page.p95, p99: r.page.p99, floorP95: r.floor.p95, ratio: r.ratio, rate: r.rate, statuses: r.statuses }])),
      })),
    },
  });
} finally {
  await created?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
