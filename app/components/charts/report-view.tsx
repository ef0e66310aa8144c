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
import { CachedMarkup } from "../markup-cache";
import { formatScore, formatValue } from "./format";
import { LineChart } from "./line-chart";
import { RadarChart } from "./radar-chart";

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

/**
 * The text alternative of a chart over the years: a column a year, a row a line (with its name in
 * a first column under `rowHeading`, when the chart has several).
 */
export function YearsTable({
  caption,
  captionHidden,
  compact,
  years,
  rowHeading,
  rows,
}: {
  caption: string;
  captionHidden?: boolean;
  compact?: boolean;
  years: number[];
  rowHeading?: string;
  rows: Array<{ name: string | null; cells: ReactNode[] }>;
}) {
  return (
    <table className={compact ? "data-table compact" : "data-table"}>
      <caption className={captionHidden ? "visually-hidden" : undefined}>{caption}</caption>
      <thead>
        <tr>
          {rowHeading !== undefined ? <th scope="col">{rowHeading}</th> : null}
          {years.map((y) => (
            <th key={y} scope="col">
              {y}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={row.name ?? r}>
            {row.name !== null ? <th scope="row">{row.name}</th> : null}
            {row.cells.map((cell, i) => (
              <td key={i}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AxisProgressChart({ progress, axisTitles, locale, t, width = 600 }: { progress: ChartProgress; axisTitles: Record<string, string>; locale: Locale; t: Translate; width?: number }) {
  const series = [
    { name: t("report.total"), segments: [progress.total.points.map((p) => ({ year: p.year, value: p.score }))] },
    ...progress.axes.map((a) => ({ name: axisTitles[a.id] ?? a.id, segments: [a.points.map((p) => ({ year: p.year, value: p.score }))] })),
  ];
  return (
    <figure className="chart-figure">
      <LineChart label={t("report.axesOverYears")} years={progress.years} series={series} min={0} max={10} width={width} height={240} format={(v) => formatScore(locale, v)} />
      <figcaption>
        <ul className="legend">
          {series.map((s, i) => (
            <li key={s.name}>
              <span className={`swatch swatch-${i % 8}`} aria-hidden="true" /> {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
      <YearsTable
        caption={t("report.axesOverYears")}
        years={progress.years}
        rowHeading={t("report.axis")}
        rows={series.map((s) => ({ name: s.name, cells: s.segments[0].map((p) => (p.value === null ? "—" : p.value)) }))}
      />
    </figure>
  );
}

export function IndicatorProgress({ progress, codeInfo, locale, t, compact }: { progress: ChartProgress; codeInfo: Record<string, { label: string; unit: string }>; locale: Locale; t: Translate; compact?: boolean }) {
  let noteNumber = 0;
  return (
    <div className="indicator-progress">
      {progress.indicators.map((line) => {
        const info = codeInfo[line.code] ?? { label: line.code, unit: "" };
        const notes = line.notes.map((n) => ({ ...n, mark: `${++noteNumber}` }));
        const byYear = new Map(line.segments.flatMap((s) => s.map((p) => [p.year, p] as const)));
        return (
          <section key={line.code} className="progress-item">
            <h4>
              {info.label} <span className="code">{line.code}</span>
            </h4>
            <LineChart
              label={t("report.lineOf", { name: info.label })}
              years={progress.years}
              series={[{ name: info.label, segments: line.segments.map((s) => s.map((p) => ({ year: p.year, value: p.value }))) }]}
              breaks={notes.filter((n) => n.kind === "break").map((n) => ({ year: n.year, mark: n.mark }))}
              width={compact ? 360 : 520}
              height={compact ? 120 : 170}
              format={(v) => formatNumber(locale, v)}
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
                        ? t("report.noteReplaced", { year: String(n.year), from: n.fromCode, to: n.toCode })
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

function IndicatorTable({ rows, data, locale, t, caption, withScore }: { rows: ReportIndicatorData[]; data: ReportData; locale: Locale; t: Translate; caption: string; withScore: boolean }) {
  return (
    <table className="data-table indicators">
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
      {i.label} <span className="code">{i.code}</span>
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

/** The report with the page's own parts (a form, links) after it. */
export function ReportView({ data, locale, t, children }: { data: ReportData; locale: Locale; t: Translate; children?: ReactNode }) {
  return (
    <article className="report">
      {/* The body is a pure function of the data and the language: rendered once on the server. */}
      <CachedMarkup cacheKey={["report", locale, data]}>
        <ReportBody data={data} locale={locale} t={t} />
      </CachedMarkup>
      {children}
    </article>
  );
}

/** Everything the report shows but the page's own parts; presentational, drawn from `data` alone. */
export function ReportBody({ data, locale, t }: { data: ReportData; locale: Locale; t: Translate }) {
  // a points method's radar shows each axis as its share of the maximum, on the same 0-10 grid
  const onRadar = (a: ReportData["axes"][number]) => (!data.points ? a.score : a.score !== null && a.maximum ? Math.max(0, (a.score / a.maximum) * 10) : null);
  const radarAxes = data.axes.map((a) => ({ id: a.id, label: a.title, score: onRadar(a), benchmark: !data.points && a.benchmark.all.shown ? a.benchmark.all.median : null }));
  const radarLabel = t("report.radarLabel", {
    scores: data.axes.map((a) => `${a.title} ${formatScore(locale, a.score)}`).join(", "),
  });
  return (
    <>
      <header className="report-header">
        <p className="org-name">{data.organisation.name}</p>
        <h1>{t("report.title", { year: String(data.year) })}</h1>
        <p className="hint">
          {data.questionnaireTitle} · {t("report.version", { version: data.version })}
        </p>
      </header>

      <section className="report-summary keep-together" aria-labelledby="summary-title">
        <h2 id="summary-title">{t("report.summary")}</h2>
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
      </section>

      <section className="report-axes keep-together" aria-labelledby="axes-title">
        <h2 id="axes-title">{t("report.axes")}</h2>
        <figure className="chart-figure">
          <RadarChart axes={radarAxes} label={radarLabel} benchmarkLabel={t("report.medianAll")} format={(v) => formatScore(locale, v)} />
          <figcaption className="hint">{t("report.radarCaption")}</figcaption>
        </figure>
        <table className="data-table">
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
            {data.axes.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.title}</th>
                <td className={a.score !== null && a.score < a.minimum ? "low" : undefined}>{a.applicable ? (data.points ? pointsText(locale, t, a.score, a.maximum ?? null) : formatScore(locale, a.score)) : t("report.notApplicable")}</td>
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
      </section>

      <section className="report-indicators" aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t("report.indicators")}</h2>
        {data.axes.map((a) => {
          const rows = data.indicators.filter((i) => i.axis === a.id);
          return rows.length ? <IndicatorTable key={a.id} rows={rows} data={data} locale={locale} t={t} caption={a.title} withScore /> : null;
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
          <table className="data-table">
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
                    {c.label} <span className="code">{c.code}</span>
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
          <AxisProgressChart progress={data.progress} axisTitles={data.axisTitles} locale={locale} t={t} />
          <h3>{t("report.indicatorsOverYears")}</h3>
          <IndicatorProgress progress={data.progress} codeInfo={data.codeInfo} locale={locale} t={t} compact />
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
