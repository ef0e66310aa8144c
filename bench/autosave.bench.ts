/**
 * npm run bench:autosave [-- --editors 100 --seconds 10 --rounds 3]
 *
 * The built server (npm run build first) on a temporary PostgreSQL database; `editors` people,
 * each signed in to their own organisation and draft, save answers through the autosave API
 * (POST …/answers, one answer per request, with the revision of their last save) with
 * autocannon, one connection per editor, each sending its next save as soon as the previous one
 * is acknowledged: the hardest case, well beyond a person's typing.
 *
 * The limit, interleaved with it in rounds in the same run (autosave, then pgbench, `rounds`
 * times, the server staying up): pgbench running the statements a save runs, on the same rows of
 * the same database (the autosave lookup joining session, user, membership, organisation,
 * assessment, campaign and answer, then the revision update of that answer), one pgbench script
 * per editor with its ids written in, at the same concurrency. The concurrency is cut to what
 * the shared PostgreSQL has free: max_connections, less its reserved ones, less the connections
 * in use when the run starts, less the server's pool, less a margin of 5 for everyone else.
 * Targets: p95 < 50 ms, and at least a quarter of pgbench's rate (rounds pooled).
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { createEditors, FREE_QUESTIONS, freeConnections, latencySummary, machine, parsePgbench, pgbenchPath, record, saveBody, snapshotBuild, startServer, tempPostgres } from "./lib/harness";

const { values } = parseArgs({
  options: {
    editors: { type: "string", default: "100" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
  },
});
const requested = Number(values.editors);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const POOL = 10;

const started = machine();
const database = await tempPostgres("bilan_bench_autosave");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-pgbench-"));
try {
  const free = await freeConnections(database.url);
  const concurrency = Math.max(1, Math.min(requested, free.free - POOL - 5));
  console.log(`autosave: PostgreSQL max_connections ${free.max}, ${free.reserved} reserved, ${free.inUse} in use: ${concurrency} editors and pgbench clients`);
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true", DATABASE_POOL_SIZE: String(POOL) } });
  const editors = await createEditors(database.url, concurrency, "autosave");
  console.log(`autosave: ${editors.length} editors on ${server.baseUrl}, ${rounds} rounds of ${seconds} s, each followed by pgbench`);

  // warm-up: each editor's first saves (and the server's JIT)
  const revisions = editors.map(() => new Map<string, number>());
  const questions = FREE_QUESTIONS.slice(0, 2);
  for (const [i, e] of editors.entries()) {
    for (const q of questions) {
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

  // pgbench's script: a save's two statements, each client saving as its own editor (pgbench's
  // :client_id picks the ids from arrays written into the statements), like the app's round robin
  // where no two editors write the same row.
  const ids = (pick: (e: (typeof editors)[number]) => string) => `(array[${editors.map((e) => `'${pick(e)}'`).join(",")}])[:client_id + 1]`;
  const sessionIds = editors.map((e) => createHash("sha256").update(/bilan_session=([^;]+)/.exec(e.cookie)![1]).digest("hex"));
  const sessionOf = new Map(editors.map((e, i) => [e, sessionIds[i]]));
  const question = `(array['${questions[0].id}', '${questions[1].id}'])[:q]`;
  const script = path.join(work, "save.sql");
  fs.writeFileSync(
    script,
    [
      "\\set q random(1, 2)",
      "\\set v random(1, 1000000)",
      `select s.id, s.last_seen_at, s.expires_at, u.id, u.kind, u.funder_id, u.locale, u.disabled_at, u.deleted_at, m.role, o.disabled_at, a.status, a.version_id, c.status, an.value, an.note, an.revision, an.updated_at, an.updated_by from sessions s inner join users u on u.id = s.user_id left join memberships m on m.user_id = u.id and m.organisation_id = ${ids((e) => e.organisationId)} left join organisations o on o.id = m.organisation_id left join assessments a on a.id = ${ids((e) => e.assessmentId)} and a.organisation_id = ${ids((e) => e.organisationId)} left join campaigns c on c.id = a.campaign_id left join answers an on an.assessment_id = a.id and an.question_id = ${question} where s.id = ${ids((e) => sessionOf.get(e)!)};`,
      `update answers set value = to_jsonb((:v)::int), note = note, updated_by = ${ids((e) => e.userId)}, updated_at = now(), revision = revision + 1, save_id = null where assessment_id = ${ids((e) => e.assessmentId)} and question_id = ${question} returning revision, note;`,
      "",
    ].join("\n"),
  );

  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const pgLatencies: number[] = [];
  const perRound: Array<{ saves: number; savesPerSecond: number; p95: number; pgbenchTps: number; pgbenchP95: number; ratio: number; load: number }> = [];
  let okTotal = 0;
  let pgTransactions = 0;
  let pgSeconds = 0;
  let errors = 0;
  let timeouts = 0;
  let nextEditor = editors.length * 2;
  const base = server.baseUrl;
  for (let round = 1; round <= rounds; round++) {
    const roundLatencies: number[] = [];
    let roundOk = 0;
    const instance = autocannon({
      url: base,
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
            const q = questions[Math.floor(k / editors.length) % 2];
            context.question = q.id;
            const e = editors[context.editor];
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
      roundLatencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode === 200) roundOk++;
    });
    const result = await instance;
    errors += result.errors;
    timeouts += result.timeouts;
    okTotal += roundOk;

    // pgbench: the same statements on the same rows, same concurrency, same length; the server idles.
    const logDir = fs.mkdtempSync(path.join(work, `round-${round}-`));
    const args = ["-n", "-M", "prepared", "-f", script, "-c", String(editors.length), "-j", String(Math.min(editors.length, os.cpus().length)), "-T", String(seconds), "-l", "--log-prefix", path.join(logDir, "tx"), database.url];
    const out = execFileSync(pgbenchPath(), args, { encoding: "utf8", cwd: logDir, maxBuffer: 64 * 1024 * 1024 });
    const pg = parsePgbench(out, logDir);
    pgLatencies.push(...pg.latencies);
    pgTransactions += pg.transactions;
    pgSeconds += pg.seconds;
    const roundSummary = latencySummary(roundLatencies);
    const savesPerSecond = roundOk / seconds;
    // pgbench moved the answers' revisions on: the editors read them again, as a reload would.
    const fresh = postgres(database.url, { max: 1, onnotice: () => {} });
    const rows = await fresh<{ assessment_id: string; question_id: string; revision: number }[]>`select assessment_id, question_id, revision from answers where assessment_id = any(${editors.map((e) => e.assessmentId)})`;
    await fresh.end();
    const byAssessment = new Map(editors.map((e, i) => [e.assessmentId, i]));
    for (const r of rows) revisions[byAssessment.get(r.assessment_id)!].set(r.question_id, r.revision);
    perRound.push({ saves: roundOk, savesPerSecond: Math.round(savesPerSecond), p95: roundSummary.p95, pgbenchTps: Math.round(pg.tps), pgbenchP95: latencySummary(pg.latencies).p95, ratio: Math.round((savesPerSecond / pg.tps) * 100) / 100, load: os.loadavg()[0] });
    console.log(`round ${round}: ${JSON.stringify(perRound[perRound.length - 1])}`);
  }
  const latency = latencySummary(latencies);
  const pgLatency = latencySummary(pgLatencies);
  const rate = okTotal / (seconds * rounds);
  const tps = pgTransactions / pgSeconds;
  console.log(`autosave: ${JSON.stringify({ statuses, latency, rate: Math.round(rate), errors, timeouts })}`);
  console.log(`pgbench: ${tps.toFixed(0)} tps, ${JSON.stringify(pgLatency)} (${editors.length} clients)`);

  // The same database's view: every acknowledged save is a revision (pgbench's updates counted apart).
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const [{ n: revisionsStored }] = await sql<{ n: number }[]>`select coalesce(sum(revision - 1), 0)::int - ${pgTransactions} as n from answers a join assessments s on s.id = a.assessment_id join organisations o on o.id = s.organisation_id where o.name like 'Cooperativa autosave %'`;
  await sql.end();

  const figures = [
    {
      name: "autosave p95 latency",
      value: latency.p95,
      unit: "ms",
      limit: { name: "pgbench p95, the same two statements", value: pgLatency.p95, unit: "ms" },
      ratio: Math.round((latency.p95 / pgLatency.p95) * 100) / 100,
      target: "< 50 ms",
      pass: latency.p95 < 50,
      note: `p50 ${latency.p50} ms, p99 ${latency.p99} ms, ${editors.length} editors back to back, ${rounds} rounds`,
    },
    {
      name: "autosave rate",
      value: Math.round(rate),
      unit: "saves/s",
      limit: { name: `pgbench, a save's lookup and update, ${editors.length} clients, interleaved`, value: Math.round(tps), unit: "tps" },
      ratio: Math.round((rate / tps) * 100) / 100,
      target: ">= 0.25 x pgbench",
      pass: rate / tps >= 0.25,
      note: `rounds: ${perRound.map((r) => r.ratio).join(", ")}`,
    },
  ];
  record({
    bench: "autosave",
    command: `npm run bench:autosave -- --editors ${requested} --seconds ${seconds} --rounds ${rounds}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures,
    details: { connections: { ...free, concurrency }, perRound, statuses, latency, pgbench: pgLatency, errors, timeouts, revisionsStored, acknowledged: okTotal },
  });
  // Every save acknowledged under load is a revision (warm-up saves are revision 1 of each answer).
  if (revisionsStored < okTotal) throw new Error(`acknowledged saves missing: ${okTotal} acknowledged, ${revisionsStored} revisions stored`);
} finally {
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
}
