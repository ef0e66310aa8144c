import { and, asc, eq, inArray, sql, type Placeholder, type SQL } from "drizzle-orm";
import { getDb, getReadDb, preparedPerConnection, selectRows, type Db } from "#db/client";
import { assessments, campaigns, commitments, organisations, results } from "#db/schema/index";
import type { Locale } from "#app/i18n/locales";
import type { AssessmentResult, CompiledDefinition, LocalizedText } from "#app/questionnaires/index";
import { buildProgress, checkCommitment, forCharts, relateFromDefinitions, type ChartProgress, type CommitmentCheck, type ResultPoint } from "#app/reports/progress";
import { chosenLabels, scoringRuleOf, type ScoringRule } from "#app/reports/scoring-rule";
import { disclose, type Benchmark } from "#app/reports/stats";
import { campaignBenchmarks } from "./benchmarks.server";
import { fromDefinitions, getDefinition } from "./definitions.server";
import { getOrganisation } from "./organisations.server";

/** A score below this gets the definition's advice in the report. */
export const LOW_SCORE = 5;

export type ShareYearsFilter = "all" | number[];

const pick = (text: LocalizedText | undefined, locale: Locale) => (text ? (text[locale] ?? text.en) : null);

export interface HistoryEntry extends ResultPoint {
  assessmentId: string;
  questionnaire: string;
  campaignId: string;
  sealGranted: boolean;
  sealPassed: boolean;
}

/**
 * Every current result of the organisation, oldest first: one query through the assessments'
 * organisation index. With `years`, only those years (a funder's share).
 */
export async function organisationHistory(organisationId: string, years: ShareYearsFilter = "all"): Promise<HistoryEntry[]> {
  return (await historyRows(organisationId, years)).map(toHistoryEntry);
}

/** The rows behind the history, with each result whole and the assessment's status. */
async function historyRows(organisationId: string, years: ShareYearsFilter) {
  const db = await getDb();
  if (years === "all") return allHistory(db).execute({ organisationId });
  return historyQuery(db, organisationId, years.length ? inArray(campaigns.year, years) : eq(campaigns.year, -1));
}

/** Every year's results: what each report and progress page reads, prepared once per connection. */
const allHistory = preparedPerConnection((db: Db) => historyQuery(db, sql.placeholder("organisationId")).prepare("organisation_history"));

function historyQuery(db: Db, organisationId: string | Placeholder, yearsCondition?: SQL) {
  return db
    .select({
      assessmentId: assessments.id,
      questionnaire: assessments.questionnaire,
      status: assessments.status,
      resultId: results.id,
      versionId: results.versionId,
      sealGranted: assessments.sealGranted,
      campaignId: campaigns.id,
      year: campaigns.year,
      total: results.total,
      sealPassed: results.sealPassed,
      result: results.result,
    })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(and(eq(assessments.organisationId, organisationId), yearsCondition))
    .orderBy(asc(campaigns.year), asc(assessments.questionnaire));
}

function toHistoryEntry(r: Awaited<ReturnType<typeof historyRows>>[number]): HistoryEntry {
  {
    const result = r.result as AssessmentResult;
    return {
      assessmentId: r.assessmentId,
      questionnaire: r.questionnaire,
      campaignId: r.campaignId,
      versionId: r.versionId,
      year: r.year,
      total: r.total,
      sealPassed: r.sealPassed,
      sealGranted: r.sealGranted,
      indicators: result.indicators.map((i) => ({ code: i.code, axis: i.axis, value: i.value, score: i.score })),
      axes: result.axes.map((a) => ({ id: a.id, score: a.score })),
    };
  }
}

const commitmentsQuery = preparedPerConnection((db: Db) =>
  db
    .select({ id: commitments.id, assessmentId: commitments.assessmentId, code: commitments.code, direction: commitments.direction, target: commitments.target, note: commitments.note })
    .from(commitments)
    .where(eq(commitments.organisationId, sql.placeholder("organisationId")))
    .orderBy(asc(commitments.createdAt))
    .prepare("organisation_commitments"),
);

/** One result per year for the progress lines: the given questionnaire's where there are two. */
export function onePerYear(history: readonly HistoryEntry[], questionnaire: string | null): HistoryEntry[] {
  const byYear = new Map<number, HistoryEntry>();
  for (const entry of history) {
    const kept = byYear.get(entry.year);
    if (!kept || (kept.questionnaire !== questionnaire && entry.questionnaire === questionnaire)) byYear.set(entry.year, entry);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface ReportIndicator {
  code: string;
  label: string;
  description: string | null;
  unit: string;
  axis: string | null;
  axisTitle: string | null;
  value: number | null;
  score: number | null;
  scored: boolean;
  applicable: boolean;
  reason: string | null;
  advice: string | null;
  benchmark: { all: Benchmark; sameForm: Benchmark };
  /** How it is scored (its rule), null for a data-only indicator. */
  rule: ScoringRule | null;
  /** Choice indicators: the labels of the choices selected. */
  chosen: string[] | null;
}

export interface ReportAxis {
  id: string;
  title: string;
  score: number | null;
  minimum: number;
  applicable: boolean;
  benchmark: { all: Benchmark; sameForm: Benchmark };
  /** Points methods: the most the axis can score. */
  maximum?: number | null;
}

export interface ReportCommitment {
  id: string;
  code: string;
  label: string;
  unit: string | null;
  direction: "at_least" | "at_most";
  target: number;
  note: string | null;
}

export interface CheckedCommitment extends ReportCommitment {
  setInYear: number;
  check: CommitmentCheck;
}

export interface Report {
  assessmentId: string;
  organisation: { id: string; name: string; legalForm: string };
  year: number;
  campaignId: string;
  questionnaire: string;
  questionnaireTitle: string;
  version: string;
  status: string;
  total: number | null;
  /** Points methods: the total's maximum (the sum of the axes' maxima, when each is known). */
  points?: { maximum: number | null };
  seal: { passed: boolean; granted: boolean; failures: string[]; totalMinimum: number };
  axes: ReportAxis[];
  indicators: ReportIndicator[];
  dataOnly: ReportIndicator[];
  benchmarkTotal: { all: Benchmark; sameForm: Benchmark };
  k: number;
  progress: ChartProgress;
  /** Labels and units for the codes the report names (the latest definition that has them). */
  codeInfo: Record<string, { label: string; unit: string }>;
  axisTitles: Record<string, string>;
  commitments: ReportCommitment[];
  earlierCommitments: CheckedCommitment[];
}

function codeInfoFrom(definitions: Iterable<CompiledDefinition>, locale: Locale) {
  const info: Record<string, { label: string; unit: string }> = {};
  const axisTitles: Record<string, string> = {};
  for (const d of definitions) {
    for (const i of d.definition.indicators) info[i.code] = { label: pick(i.label, locale) ?? i.code, unit: i.unit };
    for (const a of d.definition.axes) axisTitles[a.id] = pick(a.title, locale) ?? a.id;
  }
  return { info, axisTitles };
}

/** Labels and units of every code, axis titles: per language, computed once (shared: read only). */
function labelsIn(locale: Locale) {
  return fromDefinitions(`labels:${locale}`, (definitions) => codeInfoFrom(definitions, locale));
}

/** How versions relate (comparability), answered once per question for the server's life. */
const relations = () => fromDefinitions("relate", relateFromDefinitions);

/** What the report page itself shows beside the report's body. */
export interface ReportPage {
  organisation: { id: string; name: string };
  year: number;
  commitments: ReportCommitment[];
  /** The indicators a commitment can be about. */
  choices: Array<{ code: string; label: string }>;
}

export interface ReportSource {
  /**
   * Everything the report is drawn from, in small: the results (a result never changes; a
   * rescoring makes a new one), the organisation's name and legal form, the commitments, the
   * threshold and the benchmarks' computation, the shared years. Equal keys, equal reports.
   */
  key: unknown;
  page: ReportPage;
  build(): Promise<Report>;
}

interface ReportArgs {
  organisationId: string;
  assessmentId: string;
  locale: Locale;
  years?: ShareYearsFilter;
  /** One GET request: its layout has read the organisation already (see getOrganisation). */
  requestKey?: object;
}

/**
 * Everything the report page shows, for one submitted assessment of the organisation the guard
 * allowed: the result, the definition's labels and advice, benchmarks for the campaign, the
 * progress lines over the organisation's years and the commitments. `years` limits what a
 * funder sees to the years shared with it.
 */
export async function loadReport(args: ReportArgs): Promise<Report | null> {
  const source = await readReport(args);
  return source ? source.build() : null;
}

/**
 * The report's sources, read in one round of indexed queries (the organisation's results, the
 * organisation, the commitments) and one for the threshold and the benchmarks. Building the
 * report from them is left to `build`, which a page whose body is already rendered skips.
 */
export async function readReport({ organisationId, assessmentId, locale, years = "all", requestKey }: ReportArgs): Promise<ReportSource | null> {
  if (assessmentId.length > 64) return null;
  const db = await getReadDb();
  // The assessment is one of the organisation's results: read them all at once (the progress
  // lines need them), with the organisation and the commitments beside.
  const [rows, organisation, commitmentRows] = await Promise.all([
    historyRows(organisationId, years),
    getOrganisation(organisationId, requestKey),
    commitmentsQuery(db).execute({ organisationId }),
  ]);
  const found = rows.find((r) => r.assessmentId === assessmentId);
  if (!found || !organisation) return null;
  const row = { ...found, orgName: organisation.name, legalForm: organisation.legalForm };
  const compiled = await getDefinition(row.versionId);
  if (!compiled) return null;
  const result = row.result as AssessmentResult;
  const { k, benchmarks: bench, computation } = await campaignBenchmarks(row.campaignId, row.legalForm);

  // A code's label and unit: this version's, else the latest definition's that has the code.
  const labels = await labelsIn(locale);
  const definitionOf = (code: string) => compiled.indicatorByCode.get(code)?.indicator;
  const known = (code: string) => definitionOf(code) !== undefined || code in labels.info;
  const labelOf = (code: string) => ({
    label: pick(definitionOf(code)?.label, locale) ?? labels.info[code]?.label ?? code,
    unit: definitionOf(code)?.unit ?? labels.info[code]?.unit ?? null,
  });
  const toCommitment = (c: (typeof commitmentRows)[number]): ReportCommitment => ({
    id: c.id,
    code: c.code,
    ...labelOf(c.code),
    direction: c.direction,
    target: c.target,
    note: c.note,
  });
  const page: ReportPage = {
    organisation: { id: organisationId, name: row.orgName },
    year: row.year,
    commitments: commitmentRows.filter((c) => c.assessmentId === assessmentId).map(toCommitment),
    choices: result.indicators.map((i) => ({ code: i.code, label: labelOf(i.code).label })),
  };
  const key = {
    assessmentId,
    locale,
    years,
    organisation: [organisation.name, organisation.legalForm],
    results: rows.map((r) => [r.assessmentId, r.resultId, r.status, r.sealGranted]),
    commitments: commitmentRows,
    benchmarks: [k, computation],
  };

  const build = async (): Promise<Report> => {
    const history = rows.map(toHistoryEntry);
    const axisTitle = new Map(compiled.definition.axes.map((a) => [a.id, pick(a.title, locale) ?? a.id]));
    const both = (pairOf: { all: unknown; sameForm: unknown } | undefined) => ({
      all: disclose((pairOf?.all ?? null) as never, k),
      sameForm: disclose((pairOf?.sameForm ?? null) as never, k),
    });
    const indicators: ReportIndicator[] = result.indicators.map((i) => {
      const def = compiled.indicatorByCode.get(i.code)?.indicator;
      const low = i.scored && i.score !== null && i.score < LOW_SCORE;
      const rule = i.scored ? scoringRuleOf(compiled, i.code, locale) : null;
      return {
        code: i.code,
        label: pick(def?.label, locale) ?? i.code,
        description: pick(def?.description, locale),
        unit: def?.unit ?? "",
        axis: i.axis,
        axisTitle: i.axis ? (axisTitle.get(i.axis) ?? i.axis) : null,
        value: i.value,
        score: i.score,
        scored: i.scored,
        applicable: i.applicable,
        reason: i.reason ?? null,
        advice: low ? pick(def?.advice, locale) : null,
        benchmark: both(bench.indicators[i.code]),
        rule,
        chosen: chosenLabels(rule, i.choices),
      };
    });
    const axes: ReportAxis[] = result.axes.map((a) => ({
      id: a.id,
      title: axisTitle.get(a.id) ?? a.id,
      score: a.score,
      minimum: a.minimum,
      applicable: a.applicable,
      benchmark: both(bench.axes[a.id]),
      ...(a.maximum !== undefined ? { maximum: a.maximum } : {}),
    }));

    const relate = await relations();
    const upToNow = onePerYear(history.filter((h) => h.year <= row.year), row.questionnaire);
    const progress = buildProgress(upToNow, relate);
    const axisTitles = { ...labels.axisTitles, ...Object.fromEntries(axisTitle) };
    // The commitments written after the latest earlier report are checked against this one.
    const byAssessment = new Map(history.map((h) => [h.assessmentId, h]));
    const earlierYears = commitmentRows.map((c) => byAssessment.get(c.assessmentId)?.year ?? -1).filter((y) => y >= 0 && y < row.year);
    const lastYear = earlierYears.length ? Math.max(...earlierYears) : null;
    const now = { versionId: row.versionId, indicators: result.indicators };
    const earlierCommitments: CheckedCommitment[] =
      lastYear === null
        ? []
        : commitmentRows
            .filter((c) => byAssessment.get(c.assessmentId)?.year === lastYear)
            .map((c) => ({ ...toCommitment(c), setInYear: lastYear, check: checkCommitment(c, byAssessment.get(c.assessmentId)!.versionId, now, relate) }));

    // Only the labels the report names: the lines' codes and the commitments'.
    const named = new Set([...progress.indicators.map((l) => l.code), ...commitmentRows.map((c) => c.code), ...earlierCommitments.map((c) => ("code" in c.check ? c.check.code : c.code))]);
    const codeInfo = Object.fromEntries([...named].filter(known).map((code) => [code, { label: labelOf(code).label, unit: labelOf(code).unit ?? "" }]));

    return {
      assessmentId,
      organisation: { id: organisationId, name: row.orgName, legalForm: row.legalForm },
      year: row.year,
      campaignId: row.campaignId,
      questionnaire: row.questionnaire,
      questionnaireTitle: pick(compiled.definition.title, locale) ?? row.questionnaire,
      version: compiled.definition.version,
      status: row.status,
      total: row.total,
      ...(result.method?.scale.kind === "points" ? { points: { maximum: pointsMaximum(result.axes) } } : {}),
      seal: { passed: result.seal.passed, granted: row.sealGranted, failures: result.seal.failures, totalMinimum: result.seal.totalMinimum },
      axes,
      indicators: indicators.filter((i) => i.scored && i.axis !== null),
      dataOnly: indicators.filter((i) => !i.scored || i.axis === null),
      benchmarkTotal: both(bench.total),
      k,
      progress: forCharts(progress),
      codeInfo,
      axisTitles,
      commitments: page.commitments,
      earlierCommitments,
    };
  };
  return { key, page, build };
}

/** The organisation's progress page: every year, lines following comparability. */
export async function loadProgress({ organisationId, locale, years = "all" }: { organisationId: string; locale: Locale; years?: ShareYearsFilter }) {
  const history = await organisationHistory(organisationId, years);
  const latest = history[history.length - 1];
  const series = onePerYear(history, latest?.questionnaire ?? null);
  const progress = buildProgress(series, await relations());
  const { info, axisTitles } = await labelsIn(locale);
  return { progress, codeInfo: info, axisTitles, reports: history.map((h) => ({ assessmentId: h.assessmentId, year: h.year, questionnaire: h.questionnaire, total: h.total })) };
}

/** The year of a submitted assessment of the organisation (for a funder's share check), or null. */
export async function reportYear(organisationId: string, assessmentId: string): Promise<number | null> {
  if (assessmentId.length > 64) return null;
  const db = await getDb();
  const [row] = await db
    .select({ year: campaigns.year })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)));
  return row?.year ?? null;
}

/** Organisations on one page of a funder's portfolio: its charts draw one line each. */
export const PORTFOLIO_PAGE_SIZE = 50;

/**
 * A funder's portfolio: the axis scores and totals of every organisation sharing with it, for
 * the years each one shared, one result per organisation and year. Summarised in SQL: the years
 * a share allows, one result per year and its axis scores (from result_axes, never the whole
 * stored result) are picked by the database, which sends only those numbers.
 */
export async function funderPortfolio(funderId: string, locale: Locale, { page = 1, pageSize = PORTFOLIO_PAGE_SIZE }: { page?: number; pageSize?: number } = {}) {
  const orgPage = await selectRows<{ id: string; name: string }>(sql`
    select o.id, o.name from shares s join organisations o on o.id = s.organisation_id and o.disabled_at is null
    where s.funder_id = ${funderId} and s.revoked_at is null
    order by o.name, o.id limit ${pageSize + 1} offset ${(page - 1) * pageSize}
  `);
  const hasMore = orgPage.length > pageSize;
  const shown = orgPage.slice(0, pageSize).map((o) => o.id);
  const rows = !shown.length ? [] : await selectRows<{ organisation_id: string; name: string; year: number; assessment_id: string; total: number | null; axes: Array<[string, number | null]> | string | null }>(sql`
    select p.* from (
      select distinct on (o.id, c.year) o.id as organisation_id, o.name, c.year, a.id as assessment_id, r.total,
        (select jsonb_agg(jsonb_build_array(ra.axis, ra.score)) from result_axes ra where ra.result_id = r.id) as axes
      from shares s
      join organisations o on o.id = s.organisation_id and o.disabled_at is null
      join assessments a on a.organisation_id = s.organisation_id
      join campaigns c on c.id = a.campaign_id
      join results r on r.assessment_id = a.id and r.current
      where s.funder_id = ${funderId} and s.revoked_at is null and s.organisation_id in (${sql.join(shown.map((id) => sql`${id}`), sql`, `)})
        and (s.years = '"all"'::jsonb or s.years @> to_jsonb(c.year))
      order by o.id, c.year, a.questionnaire
    ) p
    order by p.name, p.organisation_id, p.year
  `);
  const organisationsSeen = new Map<string, { id: string; name: string; points: Array<{ year: number; assessmentId: string; total: number | null; axes: Record<string, number | null> }> }>();
  const axisIds: string[] = [];
  const axisSeen = new Set<string>();
  const years = new Set<number>();
  for (const r of rows) {
    let org = organisationsSeen.get(r.organisation_id);
    if (!org) organisationsSeen.set(r.organisation_id, (org = { id: r.organisation_id, name: r.name, points: [] }));
    const pairs = (typeof r.axes === "string" ? JSON.parse(r.axes) : (r.axes ?? [])) as Array<[string, number | null]>;
    const axes: Record<string, number | null> = {};
    for (const [id, score] of pairs) {
      axes[id] = score === null ? null : Number(score);
      if (!axisSeen.has(id)) {
        axisSeen.add(id);
        axisIds.push(id);
      }
    }
    years.add(Number(r.year));
    org.points.push({ year: Number(r.year), assessmentId: r.assessment_id, total: r.total === null ? null : Number(r.total), axes });
  }
  const { axisTitles } = await labelsIn(locale);
  // Axes in the definitions' order (the order their titles were collected in), unknown ones last.
  const order = new Map(Object.keys(axisTitles).map((id, i) => [id, i]));
  axisIds.sort((a, b) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size));
  // An organisation sharing no result yet is listed all the same.
  const listed = orgPage.slice(0, pageSize).map((o) => organisationsSeen.get(o.id) ?? { id: o.id, name: o.name, points: [] });
  return { organisations: listed, axisIds, axisTitles, years: [...years].sort((a, b) => a - b), page, hasMore };
}

/** The public summary, when the organisation opted in: name, latest year, seal, axis scores. */
export async function publicSummary(organisationId: string, locale: Locale) {
  if (organisationId.length > 64) return null;
  const db = await getReadDb();
  const [org] = await db
    .select({ id: organisations.id, name: organisations.name, publicSummary: organisations.publicSummary, disabledAt: organisations.disabledAt })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!org || !org.publicSummary || org.disabledAt) return null;
  const history = await organisationHistory(organisationId);
  const latest = history[history.length - 1];
  const { axisTitles } = await labelsIn(locale);
  return {
    name: org.name,
    latest: latest
      ? {
          year: latest.year,
          total: latest.total,
          sealGranted: latest.sealGranted,
          axes: latest.axes.map((a) => ({ id: a.id, title: axisTitles[a.id] ?? a.id, score: a.score })),
        }
      : null,
  };
}

/** The most a points total can be: the sum of its axes' maxima, when every one is known. */
export function pointsMaximum(axes: ReadonlyArray<{ maximum?: number | null; weight: number }>): number | null {
  let sum = 0;
  for (const a of axes) {
    if (a.maximum === undefined || a.maximum === null) return null;
    sum += a.maximum * a.weight;
  }
  return sum;
}
