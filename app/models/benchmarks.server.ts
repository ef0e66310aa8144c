import { eq, sql } from "drizzle-orm";
import { getBackgroundDb, getDb, selectRows, type Db, type Tx } from "#db/client";
import { settings, type StoredBenchmarks, type StoredQuartiles } from "#db/schema/index";
import { DEFAULT_K, effectiveK, MIN_K, type Quartiles } from "#app/reports/stats";
import { log } from "#app/utils/log.server";

export const DISCLOSURE_K_KEY = "disclosure.k";

/** The network's disclosure threshold: the `disclosure.k` setting, default 10, never below 3. */
export async function getDisclosureK(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, DISCLOSURE_K_KEY));
  return row ? effectiveK(row.value) : DEFAULT_K;
}

/** Refuses anything below 3: fewer organisations cannot protect each other. */
export async function setDisclosureK(k: number) {
  if (!Number.isInteger(k) || k < MIN_K) throw new Error(`disclosure.k must be a whole number of at least ${MIN_K}`);
  const db = await getDb();
  await db
    .insert(settings)
    .values({ key: DISCLOSURE_K_KEY, value: k })
    .onConflictDoUpdate({ target: settings.key, set: { value: k, updatedAt: new Date() } });
}

export interface BenchmarkPair {
  all: Quartiles | null;
  sameForm: Quartiles | null;
}

export interface CampaignBenchmarks {
  /** Indicator values, by code. */
  indicators: Record<string, BenchmarkPair>;
  /** Axis scores, by axis id. */
  axes: Record<string, BenchmarkPair>;
  total: BenchmarkPair;
}

// ------------------------------------------------------------------ marking and computing

/**
 * Says that the campaign's numbers changed (a result stored, an organisation disabled or moved
 * to another legal form): one indexed row, in the caller's transaction, so that a computation
 * that started before the change cannot pass for a current one.
 */
export async function markBenchmarksStale(db: Db | Tx, campaignId: string) {
  await db.execute(sql`
    insert into benchmark_sets (campaign_id, requested) values (${campaignId}, 1)
    on conflict (campaign_id) do update set requested = benchmark_sets.requested + 1
  `);
}

/** The same for every campaign an organisation has a current result in. */
export async function markOrganisationBenchmarksStale(db: Db | Tx, organisationId: string) {
  await db.execute(sql`
    insert into benchmark_sets (campaign_id, requested)
    select distinct campaign_id, 1 from results where organisation_id = ${organisationId} and current
    on conflict (campaign_id) do update set requested = benchmark_sets.requested + 1
  `);
}

/** An organisation disabled, enabled or moved to another legal form: its campaigns' numbers follow. */
export async function benchmarksFollowOrganisation(organisationId: string) {
  const db = await getDb();
  await markOrganisationBenchmarksStale(db, organisationId);
  const rows = await selectRows<{ campaign_id: string }>(sql`select distinct campaign_id from results where organisation_id = ${organisationId} and current`);
  for (const r of rows) refreshBenchmarksInBackground(r.campaign_id);
}

/** A seeded or imported population: every campaign with results. */
export async function markAllBenchmarksStale(db: Db | Tx) {
  await db.execute(sql`
    insert into benchmark_sets (campaign_id, requested)
    select id, 1 from campaigns
    on conflict (campaign_id) do update set requested = benchmark_sets.requested + 1
  `);
}

interface StatRow {
  key: string;
  legal_form: string | null;
  whole: number;
  n: number;
  q1: number | null;
  med: number | null;
  q3: number | null;
}

/**
 * Quartiles of every indicator value, axis score and total of the campaign's current results,
 * over all participants and over each legal form, in one query (grouping sets). Each
 * organisation counts once per number (an organisation with two questionnaires contributes the
 * mean of its values); only applicable values count; disabled organisations are left out.
 */
async function computeStored(campaignId: string): Promise<StoredBenchmarks> {
  const db = await getBackgroundDb();
  const rows = await selectRows<StatRow>(sql`
    with base as (
      select r.id, r.organisation_id, o.legal_form, r.total
      from results r
      join organisations o on o.id = r.organisation_id and o.disabled_at is null
      where r.campaign_id = ${campaignId} and r.current
    ),
    v as (
      select 'i:' || ri.code as key, b.organisation_id, b.legal_form, avg(ri.value) as value
      from base b join result_indicators ri on ri.result_id = b.id
      where ri.applicable and ri.value is not null
      group by ri.code, b.organisation_id, b.legal_form
      union all
      select 'a:' || ra.axis, b.organisation_id, b.legal_form, avg(ra.score)
      from base b join result_axes ra on ra.result_id = b.id
      where ra.applicable and ra.score is not null
      group by ra.axis, b.organisation_id, b.legal_form
      union all
      select 't:', b.organisation_id, b.legal_form, avg(b.total)
      from base b where b.total is not null
      group by b.organisation_id, b.legal_form
    )
    select key, legal_form, grouping(legal_form)::int as whole, count(*)::int as n,
      percentile_cont(0.25) within group (order by value) as q1,
      percentile_cont(0.5) within group (order by value) as med,
      percentile_cont(0.75) within group (order by value) as q3
    from v
    group by grouping sets ((key), (key, legal_form))
  `, db);
  const out: StoredBenchmarks = { all: {}, byLegalForm: {} };
  for (const row of rows) {
    if (row.q1 === null || row.med === null || row.q3 === null) continue;
    const cell: StoredQuartiles = [Number(row.n), Number(row.q1), Number(row.med), Number(row.q3)];
    if (Number(row.whole) === 1) out.all[row.key] = cell;
    else (out.byLegalForm[row.legal_form ?? ""] ??= {})[row.key] = cell;
  }
  return out;
}

/**
 * Computes the campaign's numbers and stores them with the `requested` count read before the
 * computation: a change that lands meanwhile leaves the row stale, and the next computation
 * catches it. A computation never overwrites a newer one (another server's). Resolves to
 * whether the row is still stale afterwards.
 */
async function computeAndStore(campaignId: string): Promise<boolean> {
  const db = await getBackgroundDb();
  await db.execute(sql`insert into benchmark_sets (campaign_id, requested) values (${campaignId}, 1) on conflict (campaign_id) do nothing`);
  const [{ requested }] = await selectRows<{ requested: number }>(sql`select requested from benchmark_sets where campaign_id = ${campaignId}`, db);
  const data = await computeStored(campaignId);
  const [after] = await selectRows<{ requested: number; generation: number }>(sql`
    update benchmark_sets set data = ${JSON.stringify(data)}::jsonb, generation = ${requested}, computed_at = now()
    where campaign_id = ${campaignId} and (generation < ${requested} or data is null)
    returning requested, generation
  `, db);
  return after ? after.requested > after.generation : true;
}

/** One computation in flight per campaign in this process; resolves to "still stale". */
const inFlight = new Map<string, Promise<boolean>>();
/** A background computation waiting for its turn, by campaign. */
const scheduled = new Map<string, ReturnType<typeof setTimeout>>();
const lastStarted = new Map<string, number>();

/**
 * Background computations of one campaign start at least this far apart: submissions arriving
 * together share one, and each report is rebuilt at most once per interval (the numbers lag a
 * submission by that much at most, plus the computation).
 */
export const BENCHMARK_INTERVAL_MS = 2_000;

function computeOnce(campaignId: string): Promise<boolean> {
  let running = inFlight.get(campaignId);
  if (!running) {
    lastStarted.set(campaignId, Date.now());
    running = computeAndStore(campaignId).finally(() => inFlight.delete(campaignId));
    inFlight.set(campaignId, running);
    running.then((stale) => stale && refreshBenchmarksInBackground(campaignId), () => undefined);
  }
  return running;
}

/**
 * Computes (or joins the computation of) a campaign's numbers now; resolves when numbers at
 * least as new as the moment of the call are stored. Readers do not wait for it (see
 * campaignBenchmarks), except for a campaign never computed.
 */
export async function refreshBenchmarks(campaignId: string): Promise<void> {
  const joined = inFlight.has(campaignId);
  const stale = await computeOnce(campaignId);
  // A computation joined may have started before the call: one more if the row is still stale.
  if (joined && stale) await computeOnce(campaignId);
}

/** After a change committed, or a stale row read: a computation in the background, spaced out, never failing a request. */
export function refreshBenchmarksInBackground(campaignId: string) {
  if (inFlight.has(campaignId) || scheduled.has(campaignId)) return; // the running one checks staleness when it ends
  const wait = Math.max(0, (lastStarted.get(campaignId) ?? 0) + BENCHMARK_INTERVAL_MS - Date.now());
  const timer = setTimeout(() => {
    scheduled.delete(campaignId);
    computeOnce(campaignId).catch((error: unknown) => log.warn("benchmarks: computation failed for campaign", campaignId, error));
  }, wait);
  timer.unref?.();
  scheduled.set(campaignId, timer);
}

// ------------------------------------------------------------------ reading

function quartiles(cell: StoredQuartiles | undefined): Quartiles | null {
  return cell ? { n: cell[0], q1: cell[1], median: cell[2], q3: cell[3] } : null;
}

function forLegalForm(stored: StoredBenchmarks, legalForm: string): CampaignBenchmarks {
  const form = stored.byLegalForm[legalForm] ?? {};
  const out: CampaignBenchmarks = { indicators: {}, axes: {}, total: { all: null, sameForm: null } };
  for (const key of Object.keys(stored.all)) {
    const pair = { all: quartiles(stored.all[key]), sameForm: quartiles(form[key]) };
    const kind = key.slice(0, 2);
    const id = key.slice(2);
    if (kind === "i:") out.indicators[id] = pair;
    else if (kind === "a:") out.axes[id] = pair;
    else out.total = pair;
  }
  return out;
}

/** The stored numbers this process has read, by campaign, with the generation they belong to. */
const readCache = new Map<string, { generation: number; stored: StoredBenchmarks; byForm: Map<string, CampaignBenchmarks> }>();

export function clearBenchmarkCache() {
  readCache.clear();
}

/**
 * The campaign's benchmarks for an organisation of one legal form, as stored: one indexed
 * read of the threshold and the row's generation (the numbers themselves only when this process
 * does not hold that generation yet). Stale numbers are served while a computation runs in the
 * background; only a campaign never computed makes its first reader wait (shared with every
 * other reader). `computation` is the generation: equal generations, equal numbers.
 */
export async function campaignBenchmarks(campaignId: string, legalForm: string): Promise<{ k: number; benchmarks: CampaignBenchmarks; computation: number }> {
  const held = readCache.get(campaignId);
  const read = () =>
    selectRows<{ k: unknown; generation: number | null; requested: number | null; data: StoredBenchmarks | string | null }>(sql`
      select (select value from settings where key = ${DISCLOSURE_K_KEY}) as k, b.generation, b.requested,
        case when b.generation is distinct from ${held?.generation ?? -1}::int then b.data end as data
      from (select 1) as one left join benchmark_sets b on b.campaign_id = ${campaignId}
    `);
  let [row] = await read();
  if (row.generation === null || row.generation === 0) {
    // Never computed (a new campaign, a database from before stored benchmarks): wait for it.
    await refreshBenchmarks(campaignId);
    [row] = await read();
  } else if ((row.requested ?? 0) > (row.generation ?? 0)) {
    refreshBenchmarksInBackground(campaignId);
  }
  const k = effectiveK(row.k);
  const generation = row.generation ?? 0;
  let entry = readCache.get(campaignId);
  if (!entry || entry.generation !== generation) {
    const data = typeof row.data === "string" ? (JSON.parse(row.data) as StoredBenchmarks) : row.data;
    if (!data) throw new Error(`benchmarks of campaign ${campaignId} are missing`);
    if (readCache.size > 1000) readCache.clear();
    entry = { generation, stored: data, byForm: new Map() };
    readCache.set(campaignId, entry);
  }
  let benchmarks = entry.byForm.get(legalForm);
  if (!benchmarks) entry.byForm.set(legalForm, (benchmarks = forLegalForm(entry.stored, legalForm)));
  return { k, benchmarks, computation: generation };
}
