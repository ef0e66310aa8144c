import { eq, sql } from "drizzle-orm";
import { getDb, selectRows } from "#db/client";
import { settings } from "#db/schema/index";
import { DEFAULT_K, effectiveK, MIN_K, type Quartiles } from "#app/reports/stats";

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

interface StatRow {
  key: string;
  n_all: number;
  q1_all: number | null;
  med_all: number | null;
  q3_all: number | null;
  n_form: number;
  q1_form: number | null;
  med_form: number | null;
  q3_form: number | null;
}

function pair(row: StatRow | undefined): BenchmarkPair {
  if (!row) return { all: null, sameForm: null };
  const q = (n: number, q1: number | null, median: number | null, q3: number | null): Quartiles | null =>
    n > 0 && q1 !== null && median !== null && q3 !== null ? { n: Number(n), q1: Number(q1), median: Number(median), q3: Number(q3) } : null;
  return { all: q(row.n_all, row.q1_all, row.med_all, row.q3_all), sameForm: q(row.n_form, row.q1_form, row.med_form, row.q3_form) };
}

/**
 * Quartiles of every indicator value, axis score and total of the current results of one
 * campaign, over all participants and over one legal form, in one query. Each organisation
 * counts once per number (an organisation with two questionnaires in the campaign contributes
 * the mean of its values); only applicable values count; disabled organisations are left out.
 * The numbers are raw: the caller shows them only where n reaches the threshold `k`, returned
 * beside them (disclose()). One query reads the threshold and the campaign's signature (how many
 * current results, the latest), which says whether the numbers kept from an earlier page are
 * still those of the database; `computation` tells one computation of the numbers from another.
 */
export async function campaignBenchmarks(campaignId: string, legalForm: string): Promise<{ k: number; benchmarks: CampaignBenchmarks; computation: number }> {
  const [signature] = await selectRows<{ n: number; latest: string | null; k: unknown }>(sql`
    select count(*)::int as n, max(created_at)::text as latest,
      (select value from settings where key = ${DISCLOSURE_K_KEY}) as k
    from results where campaign_id = ${campaignId} and current
  `);
  const k = effectiveK(signature?.k);
  const key = `${campaignId}|${legalForm}`;
  const stamp = `${signature?.n ?? 0}|${signature?.latest ?? ""}`;
  const cached = cache.get(key);
  if (cached && cached.stamp === stamp && cached.expires > Date.now()) return { k, benchmarks: cached.value, computation: cached.computation };
  const value = await computeBenchmarks(campaignId, legalForm);
  if (cache.size > 1000) cache.clear();
  const computation = ++computations;
  cache.set(key, { stamp, expires: Date.now() + CACHE_TTL_MS, value, computation });
  return { k, benchmarks: value, computation };
}

/** Numbers each computation: a page rendered from one set of numbers can tell it is still current. */
let computations = 0;

/**
 * The numbers change only when a result of the campaign is stored (a submission, a rescoring),
 * which changes the signature above; the short lifetime covers the rest (an organisation disabled).
 */
const CACHE_TTL_MS = 60_000;
const cache = new Map<string, { stamp: string; expires: number; value: CampaignBenchmarks; computation: number }>();

export function clearBenchmarkCache() {
  cache.clear();
}

async function computeBenchmarks(campaignId: string, legalForm: string): Promise<CampaignBenchmarks> {
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
    select key,
      count(*)::int as n_all,
      percentile_cont(0.25) within group (order by value) as q1_all,
      percentile_cont(0.5) within group (order by value) as med_all,
      percentile_cont(0.75) within group (order by value) as q3_all,
      (count(*) filter (where legal_form = ${legalForm}))::int as n_form,
      percentile_cont(0.25) within group (order by value) filter (where legal_form = ${legalForm}) as q1_form,
      percentile_cont(0.5) within group (order by value) filter (where legal_form = ${legalForm}) as med_form,
      percentile_cont(0.75) within group (order by value) filter (where legal_form = ${legalForm}) as q3_form
    from v
    group by key
  `);
  const out: CampaignBenchmarks = { indicators: {}, axes: {}, total: { all: null, sameForm: null } };
  for (const row of rows) {
    const kind = row.key.slice(0, 2);
    const id = row.key.slice(2);
    if (kind === "i:") out.indicators[id] = pair(row);
    else if (kind === "a:") out.axes[id] = pair(row);
    else out.total = pair(row);
  }
  return out;
}
