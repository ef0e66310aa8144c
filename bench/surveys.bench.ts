/**
 * npm run bench:surveys [-- --respondents 500 --organisations 5000]
 *
 * The built server (npm run build first) on a temporary PostgreSQL database.
 *
 * 1. Autosave, same run, for comparison: 50 editors each saving 10 answers, all at once.
 * 2. `respondents` people answering one organisation's worker survey at once, without an
 *    account: each posts a first save (which starts the response and sets their cookie), then
 *    sends the whole survey. p95 of each request and the rate of the phase.
 * 3. The cost of the aggregates at `organisations` organisations: every organisation with a
 *    worker survey of 5 to 40 responses (bulk SQL), then every survey's aggregates computed as
 *    submission computes them (the responses read, app/surveys/aggregates.ts), against one plain
 *    SQL GROUP BY of the same means.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { loadDefinitionFile } from "#app/questionnaires/files";
import { aggregateSurvey, type ResponseAnswers } from "#app/surveys/aggregates";
import { createEditors, CSRF, FREE_QUESTIONS, latencySummary, machine, record, saveBody, snapshotBuild, startServer, tempPostgres } from "./lib/harness";

const { values } = parseArgs({ options: { respondents: { type: "string", default: "500" }, organisations: { type: "string", default: "5000" } } });
const respondents = Number(values.respondents);
const organisations = Number(values.organisations);
const VERSION = "social-balance-complete@2026.1";

const loaded = await loadDefinitionFile("indicators/social-balance-complete/2026.1.yaml");
if (!loaded.ok) throw new Error("2026.1 does not load");
const workers = loaded.compiled.definition.surveys!.find((s) => s.group === "workers")!;
const scaleIds = workers.questions.filter((q) => q.type === "scale").map((q) => q.id);

async function timed(fn: () => Promise<Response>, latencies: number[], statuses: Record<string, number>) {
  const t0 = performance.now();
  const r = await fn();
  latencies.push(performance.now() - t0);
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return r;
}

const started = machine();
const database = await tempPostgres("bilan_bench_surveys");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const sql = postgres(database.url, { max: 4, onnotice: () => {} });
try {
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true" } });
  const base = server.baseUrl;

  // 1. autosave, same run
  const editors = await createEditors(database.url, 50, "surveys");
  const autosaveLatencies: number[] = [];
  const autosaveStatuses: Record<string, number> = {};
  const t1 = performance.now();
  await Promise.all(
    editors.map(async (e, i) => {
      const revisions = new Map<string, number>();
      for (let k = 0; k < 10; k++) {
        const q = FREE_QUESTIONS[k % 2];
        const r = await timed(
          () => fetch(`${base}/o/${e.organisationId}/assessments/${e.assessmentId}/answers`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: e.cookie }, body: saveBody(q.id, q.section, i * 100 + k, revisions.get(q.id)) }),
          autosaveLatencies,
          autosaveStatuses,
        );
        const body = (await r.json().catch(() => ({}))) as { revision?: number };
        if (body.revision) revisions.set(q.id, body.revision);
      }
    }),
  );
  const autosaveSeconds = (performance.now() - t1) / 1000;
  const autosave = latencySummary(autosaveLatencies);
  console.log(`autosave: ${JSON.stringify({ autosaveStatuses, autosave, rate: Math.round(autosaveLatencies.length / autosaveSeconds) })}`);

  // 2. respondents at once
  const [campaign] = await sql<{ id: string }[]>`select id from campaigns where status = 'open' order by year desc limit 1`;
  await sql`insert into campaign_versions (campaign_id, version_id) values (${campaign.id}, ${VERSION}) on conflict do nothing`;
  const organisationId = crypto.randomUUID();
  const assessmentId = crypto.randomUUID();
  const linkToken = "benchsurvey" + crypto.randomUUID().replace(/-/g, "").slice(0, 16);
  await sql`insert into organisations (id, name, legal_form, sector, region, headcount, size_band) values (${organisationId}, 'Cooperativa gran', 'worker_cooperative', 'food', 'barcelona', 600, 'large')`;
  await sql`insert into assessments (id, organisation_id, campaign_id, questionnaire, version_id) values (${assessmentId}, ${organisationId}, ${campaign.id}, 'social-balance-complete', ${VERSION})`;
  await sql`insert into surveys (id, assessment_id, organisation_id, group_id, link_token) values (${crypto.randomUUID()}, ${assessmentId}, ${organisationId}, 'workers', ${linkToken})`;
  const page = await fetch(`${base}/s/${linkToken}`, { headers: { cookie: `bilan_csrf=${CSRF}` } });
  if (page.status !== 200) throw new Error(`survey page answered ${page.status}`);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const form = (intent: string, n: number, all: boolean) => {
    const f = new URLSearchParams({ csrf: CSRF, intent });
    for (const [i, id] of scaleIds.entries()) if (all || i < 3) f.set(`q_${id}`, String(1 + ((n + i) % 5)));
    return f.toString();
  };
  const t2 = performance.now();
  await Promise.all(
    Array.from({ length: respondents }, async (_, n) => {
      const first = await timed(() => fetch(`${base}/s/${linkToken}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: `bilan_csrf=${CSRF}` }, body: form("save", n, false) }), latencies, statuses);
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0];
      await timed(() => fetch(`${base}/s/${linkToken}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: `bilan_csrf=${CSRF}; ${cookie}` }, body: form("finish", n, true) }), latencies, statuses);
    }),
  );
  const respondSeconds = (performance.now() - t2) / 1000;
  const respond = latencySummary(latencies);
  const [{ n: completed }] = await sql<{ n: number }[]>`select count(*)::int as n from survey_responses r join surveys s on s.id = r.survey_id where s.link_token = ${linkToken} and r.completed`;
  console.log(`respondents: ${JSON.stringify({ statuses, respond, completed, seconds: respondSeconds })}`);
  await server.stop();
  server = undefined;

  // 3. aggregates at N organisations
  const t3 = performance.now();
  await sql`insert into organisations (id, name, legal_form, sector, region, headcount, size_band)
    select 'agg-org-' || g, 'Org ' || g, 'worker_cooperative', 'food', 'barcelona', 20, 'small' from generate_series(1, ${organisations}) g`;
  await sql`insert into assessments (id, organisation_id, campaign_id, questionnaire, version_id)
    select 'agg-a-' || g, 'agg-org-' || g, ${campaign.id}, 'social-balance-complete', ${VERSION} from generate_series(1, ${organisations}) g`;
  await sql`insert into surveys (id, assessment_id, organisation_id, group_id, link_token)
    select 'agg-s-' || g, 'agg-a-' || g, 'agg-org-' || g, 'workers', 'agg-link-' || g from generate_series(1, ${organisations}) g`;
  const answersJson = sql.unsafe(`jsonb_build_object(${scaleIds.map((id) => `'${id}', 1 + floor(random() * 5)::int`).join(", ")})`);
  await sql`insert into survey_responses (id, survey_id, answers, completed, day)
    select gen_random_uuid()::text, 'agg-s-' || g, ${answersJson}, true, current_date
    from generate_series(1, ${organisations}) g, lateral generate_series(1, 5 + (g % 36)) r`;
  await sql`analyze`;
  const [{ n: responseRows }] = await sql<{ n: number }[]>`select count(*)::int as n from survey_responses where survey_id like 'agg-s-%'`;
  const fillSeconds = (performance.now() - t3) / 1000;

  const t4 = performance.now();
  const t4cpu = process.cpuUsage();
  let released = 0;
  const batch = 250;
  for (let from = 1; from <= organisations; from += batch) {
    const ids = Array.from({ length: Math.min(batch, organisations - from + 1) }, (_, k) => `agg-s-${from + k}`);
    const rows = await sql<{ survey_id: string; answers: ResponseAnswers }[]>`select survey_id, answers from survey_responses where survey_id in ${sql(ids)} and completed`;
    const bySurvey = new Map<string, ResponseAnswers[]>();
    for (const r of rows) (bySurvey.get(r.survey_id) ?? bySurvey.set(r.survey_id, []).get(r.survey_id)!).push(r.answers);
    for (const id of ids) if (aggregateSurvey(workers, bySurvey.get(id) ?? [], { minimum: 5, codesIssued: 0 }).released) released++;
  }
  const aggregateMs = performance.now() - t4;
  const cpu = process.cpuUsage(t4cpu);
  const t5 = performance.now();
  await sql.unsafe(`select survey_id, count(*), ${scaleIds.map((id) => `avg((answers->>'${id}')::int)`).join(", ")} from survey_responses where survey_id like 'agg-s-%' and completed group by survey_id`);
  const groupByMs = performance.now() - t5;
  console.log(`aggregates: ${JSON.stringify({ organisations, responseRows, released, aggregateMs, groupByMs, fillSeconds, cpuMs: (cpu.user + cpu.system) / 1000 })}`);

  const round = (x: number) => Math.round(x * 10) / 10;
  const respondRate = Math.round(latencies.length / respondSeconds);
  record({
    bench: "surveys",
    command: `npm run bench:surveys -- --respondents ${respondents} --organisations ${organisations}`,
    machine: { ...started, loadAverage: machine().loadAverage },
    figures: [
      {
        name: `survey answers p95, ${respondents} respondents at once`,
        value: respond.p95,
        unit: "ms",
        limit: { name: "autosave p95, same run (50 editors x 10 saves at once)", value: autosave.p95, unit: "ms" },
        ratio: round(respond.p95 / autosave.p95),
        target: "none (for the record)",
        note: `p50 ${respond.p50} ms, p99 ${respond.p99} ms, ${respondRate} requests/s, ${completed} of ${respondents} completed, statuses ${JSON.stringify(statuses)}`,
      },
      {
        name: `survey aggregates, ${organisations} organisations`,
        value: Math.round(aggregateMs),
        unit: "ms",
        limit: { name: "SQL GROUP BY of the same means", value: Math.round(groupByMs), unit: "ms" },
        ratio: round(aggregateMs / groupByMs),
        target: "none (for the record)",
        note: `${responseRows} responses, ${round(aggregateMs / organisations)} ms per organisation, CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms`,
      },
    ],
    details: { autosave, autosaveStatuses, autosaveRate: Math.round(autosaveLatencies.length / autosaveSeconds), respond, statuses, respondSeconds, completed, responseRows, released, fillSeconds },
  });
  if (completed !== respondents) throw new Error(`${respondents - completed} responses missing`);
} finally {
  await sql.end();
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
