/**
 * The report of one submitted assessment, shared by the organisation's page, the funder's page
 * and printing: the total and the seal, the radar, every indicator with its benchmarks and
 * advice, data-only indicators, progress lines and last year's commitments. Presentational only.
 */
import type { ReactNode } from "react";
import type { Locale } from "#app/i18n/locales";
import { formatNumber, type Translate } from "#app/i18n/translate";
import type { ChartProgress } from "#app/reports/progress";
import type { Benchmark } from "#app/reports/stats";
import type { ScoringRule } from "#app/reports/scoring-rule";
import { formatScore, formatValue } from "./format";
import { LineChart } from "./line-chart";
import { RadarChart } from "./radar-chart";
import { niceTicks } from "./ticks";
import { Swatch } from "./swatch";
import { YearsChart } from "./years-chart";
import { YearsTable } from "./years-table";

export { YearsTable };

export interface ReportData {
  organisation: { id: string; name: string };
  year: number;
  questionnaireTitle: string;
  version: string;
  status: string;
  total: number | null;
  seal: { passed: boolean; granted: boolean; failures: string[]; totalMinimum: number };
  axes: Array<{ id: string; title: string; score: number | null; minimum: number; applicable: boolean; benchmark: { all: Benchmark; sameForm: Benchmark }; maximum?: number | null }>;
  /** Points methods (docs/methods.md): scores are points, shown with their maximum and percentage. */
  points?: { maximum: number | null };
  indicators: ReportIndicatorData[];
  dataOnly: ReportIndicatorData[];
  benchmarkTotal: { all: Benchmark; sameForm: Benchmark };
  k: number;
  progress: ChartProgress;
  codeInfo: Record<string, { label: string; unit: string }>;
  axisTitles: Record<string, string>;
  earlierCommitments: Array<{ id: string; code: string; label: string; unit: string | null; direction: "at_least" | "at_most"; target: number; note: string | null; setInYear: number; check: { status: string; value?: number; target?: number; code?: string } }>;
}

export interface ReportIndicatorData {
  code: string;
  label: string;
  description: string | null;
  unit: string;
  axis: string | null;
  value: number | null;
  score: number | null;
  applicable: boolean;
  advice: string | null;
  benchmark: { all: Benchmark; sameForm: Benchmark };
  /** How it is scored; absent or null for data only. */
  rule?: ScoringRule | null;
  /** Choice indicators: the choices selected. */
  chosen?: string[] | null;
}

export function BenchmarkCell({ b, locale, t, unit, k, asScore }: { b: Benchmark; locale: Locale; t: Translate; unit: string | null; k: number; asScore?: boolean }) {
  if (!b.shown) {
    return (
      <span className="hidden-benchmark" title={t("report.benchmarkHidden", { k })}>
        {t("report.notEnough")}
      </span>
    );
  }
  const f = (v: number) => (asScore ? formatScore(locale, v) : formatValue(locale, t, v, unit === "boolean" ? "ratio" : unit));
  return (
    <span>
      {f(b.median)} <span className="quartiles">({f(b.q1)}–{f(b.q3)}; n = {b.n})</span>
    </span>
  );
}

function SealVerdict({ data, t }: { data: ReportData; t: Translate }) {
  if (data.seal.granted) return <strong className="seal seal-granted">{t("report.sealGranted")}</strong>;
  if (data.seal.passed) return <strong className="seal seal-passed">{t("report.sealPassed")}</strong>;
  return <strong className="seal seal-failed">{t("report.sealFailed")}</strong>;
}

/** One chart of lines over the years with its legend and its table (the text alternative). */
function ScoreLinesFigure({ label, years, series, rowHeading, locale }: { label: string; years: number[]; series: Array<{ name: string; points: Array<{ year: number; score: number | null }> }>; rowHeading: string; locale: Locale }) {
  return (
    <figure className="chart-figure">
      <YearsChart
        label={label}
        years={years}
        series={series.map((s) => ({ name: s.name, segments: [s.points.map((p) => ({ year: p.year, value: p.score }))] }))}
        min={0}
        max={10}
        format={(v) => formatNumber(locale, v)}
      />
      <figcaption>
        {series.length > 1 ? (
          <ul className="legend">
            {series.map((s, i) => (
              <li key={s.name}>
                <Swatch index={i} /> {s.name}
              </li>
            ))}
          </ul>
        ) : null}
      </figcaption>
      <YearsTable
        caption={label}
        captionHidden
        compact
        years={years}
        rowHeading={rowHeading}
        rows={series.map((s) => ({ name: s.name, cells: years.map((y) => formatScore(locale, s.points.find((p) => p.year === y)?.score ?? null)) }))}
      />
    </figure>
  );
}

/** The total, then the axes, over the years: two charts of scores out of 10. */
export function AxisProgressChart({ progress, axisTitles, t, locale }: { progress: ChartProgress; axisTitles: Record<string, string>; t: Translate; locale: Locale }) {
  return (
    <div className="progress-charts">
      <ScoreLinesFigure label={t("reportView.totalOverYears")} years={progress.years} series={[{ name: t("report.total"), points: progress.total.points }]} rowHeading={t("report.total")} locale={locale} />
      <ScoreLinesFigure
        label={t("reportView.axesOverYears")}
        years={progress.years}
        series={progress.axes.map((a) => ({ name: axisTitles[a.id] ?? a.id, points: a.points }))}
        rowHeading={t("report.axis")}
        locale={locale}
      />
    </div>
  );
}

export function IndicatorProgress({ progress, codeInfo, locale, t }: { progress: ChartProgress; codeInfo: Record<string, { label: string; unit: string }>; locale: Locale; t: Translate }) {
  let noteNumber = 0;
  return (
    <div className="indicator-progress">
      {progress.indicators.map((line) => {
        const info = codeInfo[line.code] ?? { label: line.code, unit: "" };
        const notes = line.notes.map((n) => ({ ...n, mark: `${++noteNumber}` }));
        const byYear = new Map(line.segments.flatMap((s) => s.map((p) => [p.year, p] as const)));
        return (
          <section key={line.code} className="progress-item">
            <h4>{info.label}</h4>
            {/* hand-written SVG (line-chart.tsx): a report has about fifty of these, and recharts
                costs about 7 ms each to render where this costs a tenth of one (decision 0820) */}
            <LineChart
              label={t("report.lineOf", { name: info.label })}
              years={progress.years}
              series={[{ name: info.label, segments: line.segments.map((s) => s.map((p) => ({ year: p.year, value: p.value }))) }]}
              breaks={notes.filter((n) => n.kind === "break").map((n) => ({ year: n.year, mark: n.mark }))}
              width={320}
              height={170}
              format={(v) => formatValue(locale, t, v, info.unit === "boolean" ? "ratio" : info.unit)}
              yesNo={info.unit === "boolean" ? { yes: t("report.yes"), no: t("report.no") } : undefined}
            />
            <YearsTable
              caption={t("report.lineOf", { name: info.label })}
              captionHidden
              compact
              years={progress.years}
              rows={[{ name: null, cells: progress.years.map((y) => (byYear.has(y) ? formatValue(locale, t, byYear.get(y)!.value, info.unit) : "—")) }]}
            />
            {notes.length ? (
              <ul className="line-notes">
                {notes.map((n) => (
                  <li key={n.mark} className={`line-note line-note-${n.kind}`}>
                    <span className="mark">{n.mark}</span>{" "}
                    {n.kind === "break"
                      ? t("report.noteBreak", { year: String(n.year) })
                      : n.kind === "replaced"
                        ? t("report.noteReplaced", { year: String(n.year), from: codeInfo[n.fromCode]?.label ?? n.fromCode, to: codeInfo[n.toCode]?.label ?? n.toCode })
                        : t("report.noteRescaled", { year: String(n.year) })}
                    {n.note ? ` ${n.note[locale] ?? n.note.en}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

/** "How it is scored" in one line, from the indicator's rule. */
export function scoringText(rule: ScoringRule, unit: string, locale: Locale, t: Translate): string {
  const bound = (b: number | string) => (typeof b === "number" ? formatValue(locale, t, b, unit) : b);
  const n = (x: number) => formatNumber(locale, x);
  switch (rule.kind) {
    case "linear":
      return t("reportView.linear", { from: bound(rule.from), to: bound(rule.to) });
    case "bands":
      return t("reportView.bands", {
        bands: rule.bands.map((b) => (b.upTo === null ? t("reportView.bandAbove", { score: n(b.score) }) : t("reportView.bandUpTo", { limit: bound(b.upTo), score: n(b.score) }))).join(" · "),
      });
    case "boolean":
      return t("reportView.boolean", { yes: n(rule.ifTrue), no: n(rule.ifFalse) });
    case "points":
      return t(rule.multiple ? "reportView.pointsMultiple" : "reportView.pointsSingle", { choices: rule.choices.map((c) => `${c.label} ${n(c.points)}`).join(" · ") });
    case "value":
      return rule.maximum === null ? t("reportView.value") : t("reportView.valueMaximum", { maximum: n(rule.maximum) });
  }
}

/** What the organisation answered, as what it is: yes or no, the choices made, or the value with its unit. */
function valueText(i: ReportIndicatorData, locale: Locale, t: Translate): string {
  if (!i.applicable) return t("report.notApplicable");
  if (i.chosen) return i.chosen.length ? i.chosen.join(", ") : t("reportView.chosenNone");
  return formatValue(locale, t, i.value, i.unit);
}

/** A yes/no benchmark read from its quartiles: how many of the organisations answered yes. */
function yesShareText(b: Extract<Benchmark, { shown: true }>, t: Translate): string {
  const key = b.q1 >= 0.5 ? "reportView.yesMost" : b.median >= 0.5 ? "reportView.yesHalf" : b.q3 >= 0.5 ? "reportView.yesQuarter" : "reportView.yesFew";
  return t(key, { n: b.n });
}

const BAR_WIDTH = 240;
const BAR_HEIGHT = 16;

/** The organisation's value against the middle half and the median of a group, as a bar. */
function BenchBar({ b, value, lo, hi }: { b: Extract<Benchmark, { shown: true }>; value: number | null; lo: number; hi: number }) {
  const x = (v: number) => Math.round((4 + ((v - lo) / (hi - lo || 1)) * (BAR_WIDTH - 8)) * 10) / 10;
  return (
    <svg className="bench-bar" width={BAR_WIDTH} height={BAR_HEIGHT} viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`} aria-hidden="true" focusable="false">
      <line x1={4} x2={BAR_WIDTH - 4} y1={BAR_HEIGHT / 2} y2={BAR_HEIGHT / 2} stroke="#bbb" strokeWidth={1} />
      <rect x={x(b.q1)} y={3} width={Math.max(2, x(b.q3) - x(b.q1))} height={BAR_HEIGHT - 6} fill="#c9d8e8" stroke="#5b7a99" strokeWidth={1} />
      <line x1={x(b.median)} x2={x(b.median)} y1={1} y2={BAR_HEIGHT - 1} stroke="#26435f" strokeWidth={2} />
      {value !== null ? <rect x={x(value) - 3} y={0} width={6} height={BAR_HEIGHT} fill="#1f6f5c" /> : null}
    </svg>
  );
}

function IndicatorBenchmarks({ i, locale, t, k }: { i: ReportIndicatorData; locale: Locale; t: Translate; k: number }) {
  const groups = [
    { name: t("reportView.all"), b: i.benchmark.all },
    { name: t("reportView.sameForm"), b: i.benchmark.sameForm },
  ];
  const shown = groups.flatMap((g) => (g.b.shown ? [g.b] : []));
  const yesNo = i.unit === "boolean";
  const numbers = [...shown.flatMap((b) => [b.q1, b.q3, b.median]), ...(i.value !== null && i.applicable ? [i.value] : [])];
  const ticks = niceTicks(Math.min(...numbers), Math.max(...numbers), 3, true);
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];
  const f = (v: number) => formatValue(locale, t, v, i.unit);
  return (
    <dl className="bench">
      {groups.map((g) => (
        <div key={g.name} className="bench-row">
          <dt>{g.name}</dt>
          <dd>
            {!g.b.shown ? (
              <span className="hidden-benchmark" title={t("report.benchmarkHidden", { k })}>
                {t("report.notEnough")}
              </span>
            ) : yesNo ? (
              yesShareText(g.b, t)
            ) : (
              <>
                {i.chosen === undefined || i.chosen === null ? <BenchBar b={g.b} value={i.applicable ? i.value : null} lo={lo} hi={hi} /> : null}
                <span className="bench-text">{t("reportView.bench", { median: f(g.b.median), q1: f(g.b.q1), q3: f(g.b.q3), n: g.b.n })}</span>
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One indicator: value, score, benchmarks, how it is scored, advice where low. */
function IndicatorCard({ i, locale, t, k }: { i: ReportIndicatorData; locale: Locale; t: Translate; k: number }) {
  const low = i.score !== null && i.score < 5;
  return (
    <li className={low ? "indicator-card low-score" : "indicator-card"}>
      <h4>{i.label}</h4>
      <p className="indicator-figures">
        <span className="indicator-value">{valueText(i, locale, t)}</span>
        {i.rule ? <span className={low ? "indicator-score low" : "indicator-score"}>{i.score === null ? t("reportView.notScored") : t("reportView.scoreOf", { score: formatScore(locale, i.score) })}</span> : null}
      </p>
      <IndicatorBenchmarks i={i} locale={locale} t={t} k={k} />
      {i.rule ? (
        <p className="scoring">
          <span className="scoring-label">{t("reportView.howScored")}</span> {scoringText(i.rule, i.unit, locale, t)}
        </p>
      ) : null}
      {i.advice ? (
        <p className="advice">
          <strong>{t("report.advice")}</strong> {i.advice}
        </p>
      ) : null}
    </li>
  );
}

/** The strongest and the weakest scored indicators, three of each at most. */
export function extremes(indicators: readonly ReportIndicatorData[], count = 3): { strongest: ReportIndicatorData[]; weakest: ReportIndicatorData[] } {
  const scored = indicators.filter((i) => i.applicable && i.score !== null && i.rule !== null);
  const sorted = [...scored].sort((a, b) => b.score! - a.score! || a.code.localeCompare(b.code));
  const strongest = sorted.slice(0, Math.min(count, Math.floor(sorted.length / 2)));
  const taken = new Set(strongest.map((i) => i.code));
  const weakest = [...sorted].reverse().filter((i) => !taken.has(i.code) && i.score! < 10).slice(0, count);
  return { strongest, weakest };
}

function IndicatorTable({ rows, data, locale, t, caption, withScore }: { rows: ReportIndicatorData[]; data: ReportData; locale: Locale; t: Translate; caption: string; withScore: boolean }) {
  return (
    // tabIndex: on a phone a wide table scrolls in its own box, which the keyboard must reach
    <table className="data-table indicators" tabIndex={0}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("report.indicator")}</th>
          <th scope="col">{t("report.value")}</th>
          {withScore ? <th scope="col">{t("report.score")}</th> : null}
          <th scope="col">{t("report.medianAll")}</th>
          <th scope="col">{t("report.medianSameForm")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => (
          <IndicatorRow key={i.code} i={i} data={data} locale={locale} t={t} withScore={withScore} />
        ))}
      </tbody>
    </table>
  );
}

function IndicatorRow({ i, data, locale, t, withScore }: { i: ReportIndicatorData; data: ReportData; locale: Locale; t: Translate; withScore: boolean }) {
  const cells: ReactNode[] = [
    <th key="l" scope="row">
      {i.label}
      {i.advice ? (
        <p className="advice">
          <strong>{t("report.advice")}</strong> {i.advice}
        </p>
      ) : null}
    </th>,
    <td key="v">{i.applicable ? formatValue(locale, t, i.value, i.unit) : t("report.notApplicable")}</td>,
  ];
  if (withScore) cells.push(<td key="s" className={i.score !== null && i.score < 5 ? "low" : undefined}>{formatScore(locale, i.score)}</td>);
  cells.push(
    <td key="a">
      <BenchmarkCell b={i.benchmark.all} locale={locale} t={t} unit={i.unit} k={data.k} />
    </td>,
    <td key="f">
      <BenchmarkCell b={i.benchmark.sameForm} locale={locale} t={t} unit={i.unit} k={data.k} />
    </td>,
  );
  return <tr>{cells}</tr>;
}

/** Everything the report shows but the page's own parts; presentational, drawn from `data` alone. */
export function ReportBody({ data, locale, t }: { data: ReportData; locale: Locale; t: Translate }) {
  // a points method's radar shows each axis as its share of the maximum, on the same 0-10 grid
  const onRadar = (a: ReportData["axes"][number]) => (!data.points ? a.score : a.score !== null && a.maximum ? Math.max(0, (a.score / a.maximum) * 10) : null);
  const radarAxes = data.axes.map((a) => ({ id: a.id, label: a.title, score: onRadar(a), scoreText: data.points ? undefined : formatScore(locale, a.score), benchmark: !data.points && a.benchmark.all.shown ? a.benchmark.all.median : null }));
  const radarLabel = t("report.radarLabel", {
    scores: data.axes.map((a) => `${a.title} ${formatScore(locale, a.score)}`).join(", "),
  });
  const { strongest, weakest } = extremes(data.indicators);
  const scoreText = (score: number | null, maximum?: number | null) => (data.points ? pointsText(locale, t, score, maximum ?? null) : formatScore(locale, score));
  return (
    <>
      <header className="report-header">
        <p className="org-name">{data.organisation.name}</p>
        <h1>{t("report.title", { year: String(data.year) })}</h1>
        <p className="hint">
          {data.questionnaireTitle} · {t("report.version", { version: data.version })}
        </p>
      </header>

      <section className="report-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">{t("report.summary")}</h2>
        <div className="summary-grid">
          <dl className="facts">
            <dt>{t("report.total")}</dt>
            <dd>
              {data.points ? <strong className="total">{pointsText(locale, t, data.total, data.points.maximum)}</strong> : <><strong className="total">{formatScore(locale, data.total)}</strong> / 10</>}
            </dd>
            <dt>{t("report.seal")}</dt>
            <dd>
              <SealVerdict data={data} t={t} />
              {data.seal.failures.length ? (
                <ul className="seal-failures">
                  {data.seal.failures.map((f) => {
                    const [kind, axis] = f.split(":");
                    return <li key={f}>{kind === "axis_below_minimum" ? t("report.failAxis", { axis: data.axisTitles[axis] ?? axis }) : kind === "total_below_minimum" ? t("report.failTotal", { minimum: data.seal.totalMinimum }) : kind.startsWith("pass_rule") ? t("methods.failPassRule") : t("report.failNoTotal")}</li>;
                  })}
                </ul>
              ) : null}
            </dd>
            <dt>{t("report.medianAll")}</dt>
            <dd>
              <BenchmarkCell b={data.benchmarkTotal.all} locale={locale} t={t} unit={null} k={data.k} asScore />
            </dd>
            <dt>{t("report.medianSameForm")}</dt>
            <dd>
              <BenchmarkCell b={data.benchmarkTotal.sameForm} locale={locale} t={t} unit={null} k={data.k} asScore />
            </dd>
          </dl>
          <figure className="chart-figure radar-figure">
            <div className="radar-wide">
              <RadarChart axes={radarAxes} label={radarLabel} benchmarkLabel={t("report.medianAll")} format={(v) => formatScore(locale, v)} />
            </div>
            <div className="radar-narrow">
              <RadarChart axes={radarAxes} label={radarLabel} benchmarkLabel={t("report.medianAll")} format={(v) => formatScore(locale, v)} variant="numbers" />
            </div>
            <figcaption className="hint">
              {t("report.radarCaption")} <span className="radar-narrow-note">{t("reportView.radarNumbers")}</span>
            </figcaption>
          </figure>
        </div>
        <table className="data-table axes-table" tabIndex={0}>
          <caption>{t("report.axesTable")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("report.axis")}</th>
              <th scope="col">{t("report.score")}</th>
              <th scope="col">{t("report.minimum")}</th>
              <th scope="col">{t("report.medianAll")}</th>
              <th scope="col">{t("report.medianSameForm")}</th>
            </tr>
          </thead>
          <tbody>
            {data.axes.map((a, n) => (
              <tr key={a.id}>
                <th scope="row">
                  <span className="axis-number">{n + 1}</span> {a.title}
                </th>
                <td className={a.score !== null && a.score < a.minimum ? "low" : undefined}>{a.applicable ? scoreText(a.score, a.maximum) : t("report.notApplicable")}</td>
                <td>{formatScore(locale, a.minimum)}</td>
                <td>
                  <BenchmarkCell b={a.benchmark.all} locale={locale} t={t} unit={null} k={data.k} asScore />
                </td>
                <td>
                  <BenchmarkCell b={a.benchmark.sameForm} locale={locale} t={t} unit={null} k={data.k} asScore />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t("report.benchmarkRule", { k: data.k })}</p>
        {strongest.length || weakest.length ? (
          <div className="extremes">
            {strongest.length ? (
              <section aria-labelledby="strongest-title">
                <h3 id="strongest-title">{t("reportView.strongest")}</h3>
                <ul className="extreme-list">
                  {strongest.map((i) => (
                    <li key={i.code}>
                      <strong>{i.label}</strong> <span className="extreme-score">{scoreText(i.score)}</span> <span className="hint">{valueText(i, locale, t)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {weakest.length ? (
              <section aria-labelledby="weakest-title">
                <h3 id="weakest-title">{t("reportView.weakest")}</h3>
                <ul className="extreme-list">
                  {weakest.map((i) => (
                    <li key={i.code}>
                      <strong>{i.label}</strong> <span className="extreme-score low">{scoreText(i.score)}</span> <span className="hint">{valueText(i, locale, t)}</span>
                      {i.advice ? <p className="advice">{i.advice}</p> : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </div>
        ) : null}
      </section>

      <section className="report-indicators" aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t("report.indicators")}</h2>
        <p className="hint bench-legend">{t("reportView.benchLegend")}</p>
        {data.axes.map((a) => {
          const rows = data.indicators.filter((i) => i.axis === a.id);
          return rows.length ? (
            <section key={a.id} className="axis-block" aria-labelledby={`axis-${a.id}`}>
              <h3 id={`axis-${a.id}`}>
                {a.title} <span className="axis-score">{data.points ? scoreText(a.score, a.maximum) : t("reportView.axisScore", { score: formatScore(locale, a.score) })}</span>
              </h3>
              <ul className="indicator-cards">
                {rows.map((i) => (
                  <IndicatorCard key={i.code} i={i} locale={locale} t={t} k={data.k} />
                ))}
              </ul>
            </section>
          ) : null;
        })}
      </section>

      {data.dataOnly.length ? (
        <section className="report-data-only" aria-labelledby="data-only-title">
          <h2 id="data-only-title">{t("report.dataOnly")}</h2>
          <p className="hint">{t("report.dataOnlyHint")}</p>
          <IndicatorTable rows={data.dataOnly} data={data} locale={locale} t={t} caption={t("report.dataOnly")} withScore={false} />
        </section>
      ) : null}

      {data.earlierCommitments.length ? (
        <section className="report-earlier-commitments keep-together" aria-labelledby="earlier-title">
          <h2 id="earlier-title">{t("report.earlierCommitments", { year: String(data.earlierCommitments[0].setInYear) })}</h2>
          <table className="data-table" tabIndex={0}>
            <caption className="visually-hidden">{t("report.earlierCommitments", { year: String(data.earlierCommitments[0].setInYear) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("report.indicator")}</th>
                <th scope="col">{t("report.target")}</th>
                <th scope="col">{t("report.newValue")}</th>
                <th scope="col">{t("report.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {data.earlierCommitments.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.label}
                    {c.note ? <p className="hint">{c.note}</p> : null}
                  </th>
                  <td>
                    {t(c.direction === "at_least" ? "report.atLeast" : "report.atMost")} {formatValue(locale, t, c.target, c.unit)}
                  </td>
                  <td>{c.check.value !== undefined ? formatValue(locale, t, c.check.value, data.codeInfo[c.check.code ?? c.code]?.unit ?? c.unit) : "—"}</td>
                  <td className={`outcome outcome-${c.check.status}`}>{t(`report.outcome_${c.check.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {data.progress.years.length > 1 ? (
        <section className="report-progress" aria-labelledby="progress-title">
          <h2 id="progress-title">{t("report.progress")}</h2>
          <AxisProgressChart progress={data.progress} axisTitles={data.axisTitles} t={t} locale={locale} />
          <details className="indicators-over-years">
            <summary>{t("reportView.indicatorsOnDemand", { count: data.progress.indicators.length })}</summary>
            <IndicatorProgress progress={data.progress} codeInfo={data.codeInfo} locale={locale} t={t} />
          </details>
        </section>
      ) : null}
    </>
  );
}

/** "111 of 270 points (41.1%)", or "111 points" when the maximum is unknown; points keep only the decimals they have. */
function pointsText(locale: Locale, t: Translate, points: number | null, maximum: number | null): string {
  if (points === null) return t("report.notApplicable");
  const n = (x: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);
  if (!maximum) return t("methods.points", { points: n(points, 2) });
  return t("methods.pointsOf", { points: n(points, 2), maximum: n(maximum, 2), percent: n((points / maximum) * 100, 1) });
}
