/**
 * npm run bench:autosave [-- --editors 100 --seconds 30 --pgbench-seconds 15]
 *
 * The built server (npm run build first) on a temporary PostgreSQL database; `editors` people,
 * each signed in to their own organisation and draft, save answers through the autosave API
 * (POST …/answers, one answer per request, with the revision of their last save) with
 * autocannon, one connection per editor, each sending its next save as soon as the previous one
 * is acknowledged: the hardest case, well beyond a person's typing.
 *
 * The limit, in the same run: pgbench on the same database, a single-row upsert into a table
 * shaped like `answers`, at the same concurrency (one client per editor; the app's server is
 * stopped first, so that its connections do not count against max_connections).
 * Targets: p95 < 50 ms, and at least a quarter of pgbench's rate.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { createEditors, FREE_QUESTIONS, latencySummary, machine, record, saveBody, snapshotBuild, startServer, tempPostgres } from "./lib/harness";

const { values } = parseArgs({
  options: {
    editors: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" },
    "pgbench-seconds": { type: "string", default: "15" },
    "pgbench-clients": { type: "string" },
  },
});
const editorsCount = Number(values.editors);
const seconds = Number(values.seconds);
const pgbenchSeconds = Number(values["pgbench-seconds"]);
const pgbenchClients = Number(values["pgbench-clients"] ?? values.editors);

function findPgbench() {
  for (const candidate of ["/usr/lib/postgresql/15/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench", "/usr/bin/pgbench"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error("pgbench is missing: apt-get install -y postgresql-contrib");
}

const started = machine();
const database = await tempPostgres("bilan_bench_autosave");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true" } });
  const editors = await createEditors(database.url, editorsCount, "autosave");
  console.log(`autosave: ${editors.length} editors on ${server.baseUrl}, ${seconds} s`);

  // warm-up: each editor's first save (and the server's JIT)
  const revisions = editors.map(() => new Map<string, number>());
  for (const [i, e] of editors.entries()) {
    for (const q of FREE_QUESTIONS.slice(0, 2)) {
      const response = await fetch(`${server.baseUrl}/o/${e.organisationId}/assessments/${e.assessmentId}/answers`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: e.cookie },
        body: saveBody(q.id, q.section, 1),
      });
      const body = (await response.json()) as { revision?: number };
      if (response.status !== 200) throw new Error(`warm-up save answered ${response.status}: ${JSON.stringify(body)}`);
      revisions[i].set(q.id, body.revision ?? 1);
    }
  }

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let nextEditor = editors.length * 2;
  const instance = autocannon({
    url: server.baseUrl,
    connections: editors.length,
    duration: seconds,
    timeout: 10,
    initialContext: {},
    requests: [
      {
        method: "POST",
        setupRequest(request: any, context: any) {
          // autocannon clears the context between requests: editors take turns, round robin, so
          // that each has at most about one save in flight (a slower one may meet a 409, counted).
          const k = nextEditor++;
          context.editor = k % editors.length;
          const q = FREE_QUESTIONS[Math.floor(k / editors.length) % 2];
          context.question = q.id;
          const e = editors[context.editor];
          context.n = k;
          return {
            ...request,
            path: `/o/${e.organisationId}/assessments/${e.assessmentId}/answers`,
            headers: { "content-type": "application/x-www-form-urlencoded", cookie: e.cookie },
            body: saveBody(q.id, q.section, k, revisions[context.editor].get(q.id)),
          };
        },
        onResponse(status: number, body: string, context: any) {
          if (status === 200) {
            try {
              revisions[context.editor].set(context.question, (JSON.parse(body) as { revision: number }).revision);
            } catch {
              // counted by status
            }
          }
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const latency = latencySummary(latencies);
  const ok = statuses["200"] ?? 0;
  const rate = ok / seconds;
  console.log(`autosave: ${JSON.stringify({ statuses, latency, rate: Math.round(rate), errors: result.errors, timeouts: result.timeouts })}`);

  // The same database's view: every acknowledged save is a revision.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const [{ n: revisionsStored }] = await sql<{ n: number }[]>`select coalesce(sum(revision - 1), 0)::int as n from answers a join assessments s on s.id = a.assessment_id join organisations o on o.id = s.organisation_id where o.name like 'Cooperativa autosave %'`;

  // pgbench: the limit
  await sql`create table bench_answers (assessment_id int not null, question_id int not null, value jsonb, revision int not null default 1, updated_at timestamptz not null default now(), primary key (assessment_id, question_id))`;
  await sql.end();
  await server.stop();
  server = undefined;
  const script = path.join(os.tmpdir(), `bilan-pgbench-${process.pid}.sql`);
  fs.writeFileSync(
    script,
    [
      `\\set a random(1, ${editorsCount})`,
      "\\set q random(1, 2)",
      "\\set v random(1, 1000000)",
      "insert into bench_answers (assessment_id, question_id, value, revision, updated_at) values (:a, :q, jsonb_build_object('v', :v), 1, now()) on conflict (assessment_id, question_id) do update set value = excluded.value, revision = bench_answers.revision + 1, updated_at = now();",
      "",
    ].join("\n"),
  );
  const out = execFileSync(findPgbench(), ["-n", "-f", script, "-c", String(pgbenchClients), "-j", String(Math.min(pgbenchClients, os.cpus().length)), "-T", String(pgbenchSeconds), database.url], { encoding: "utf8" });
  fs.rmSync(script, { force: true });
  const tps = Number(out.match(/tps = ([\d.]+)/)?.[1] ?? NaN);
  const pgLatency = Number(out.match(/latency average = ([\d.]+) ms/)?.[1] ?? NaN);
  console.log(`pgbench: ${tps.toFixed(0)} tps, latency average ${pgLatency} ms (${pgbenchClients} clients)`);

  const figures = [
    {
      name: "autosave p95 latency",
      value: latency.p95,
      unit: "ms",
      limit: { name: "pgbench upsert average latency", value: pgLatency, unit: "ms" },
      ratio: Math.round((latency.p95 / pgLatency) * 100) / 100,
      target: "< 50 ms",
      pass: latency.p95 < 50,
      note: `p50 ${latency.p50} ms, p99 ${latency.p99} ms, ${editors.length} editors back to back`,
    },
    {
      name: "autosave rate",
      value: Math.round(rate),
      unit: "saves/s",
      limit: { name: `pgbench single-row upsert, ${pgbenchClients} clients`, value: Math.round(tps), unit: "tps" },
      ratio: Math.round((rate / tps) * 100) / 100,
      target: ">= 0.25 x pgbench",
      pass: rate / tps >= 0.25,
    },
  ];
  record({
    bench: "autosave",
    command: `npm run bench:autosave -- --editors ${editorsCount} --seconds ${seconds}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures,
    details: { statuses, latency, errors: result.errors, timeouts: result.timeouts, revisionsStored, acknowledged: ok },
  });
  // Every save acknowledged under load is a revision (warm-up saves are revision 1 of each answer).
  if (revisionsStored < ok) throw new Error(`acknowledged saves missing: ${ok} acknowledged, ${revisionsStored} revisions stored`);
} finally {
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
