/**
 * Lines over the years, as plain SVG in the server HTML. Each series is drawn as its segments:
 * a break (a version changed the indicator's meaning) leaves a gap and a dashed marker with a
 * note number. The caller gives a text alternative (a table); the SVG has an aria-label.
 */
import { el, text } from "./svg";
import { CHART_COLOURS } from "./swatch";
import { niceTicks } from "./ticks";

export interface LineSeries {
  name: string;
  segments: Array<Array<{ year: number; value: number | null }>>;
}

export interface LineChartProps {
  label: string;
  years: number[];
  series: LineSeries[];
  /** Fixed range (scores: 0 to 10); otherwise from the data. */
  min?: number;
  max?: number;
  breaks?: Array<{ year: number; mark: string }>;
  width?: number;
  height?: number;
  /** Numbers in the reader's language (ticks, points' titles). */
  format: (value: number) => string;
  /** A yes/no indicator: two ticks, read as the words. */
  yesNo?: { yes: string; no: string };
}

const COLOURS = CHART_COLOURS;
const round = (n: number) => Math.round(n * 10) / 10;

/** The chart as SVG text (see svg.ts): the same markup on the server and in the browser. */
export function lineChartSvg({ label, years, series, min, max, breaks = [], width = 560, height = 220, format, yesNo }: LineChartProps): string {
  const values = series.flatMap((s) => s.segments.flat().map((p) => p.value)).filter((v): v is number => v !== null && Number.isFinite(v));
  // round ticks (ticks.ts), and a y axis as wide as its longest label at the CSS's 13 px
  const ticks = yesNo ? [0, 1] : niceTicks(min ?? Math.min(...values, Infinity), max ?? Math.max(...values, -Infinity), 5, min === undefined && max === undefined);
  const tickText = (v: number) => (yesNo ? (v >= 0.5 ? yesNo.yes : yesNo.no) : format(v));
  const left = Math.ceil(Math.max(...ticks.map((v) => tickText(v).length)) * 13 * 0.6) + 10;
  const right = 14;
  const top = 14;
  const bottom = 30;
  const lo = yesNo ? -0.15 : ticks[0];
  const hi = yesNo ? 1.15 : ticks[ticks.length - 1];
  const xs = [...new Set(years)].sort((a, b) => a - b);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (year: number) => {
    const i = xs.indexOf(year);
    return round(xs.length <= 1 ? left + plotW / 2 : left + (plotW * i) / (xs.length - 1));
  };
  const y = (v: number) => round(top + plotH - ((v - lo) / (hi - lo || 1)) * plotH);
  // Presentation that every chart shares is in report.css (.chart …): the markup carries the
  // geometry and the series' colours only, about a third less HTML.
  const axes = el(
    "g",
    { class: "axes" },
    ...ticks.flatMap((t) => [el("line", { x1: left, x2: width - right, y1: y(t), y2: y(t) }), el("text", { class: "tick-y", x: left - 6, y: y(t) }, text(tickText(t)))]),
    ...xs.map((year) => el("text", { class: "tick-x", x: x(year), y: height - 10 }, String(year))),
  );
  const breakMarks = breaks.map((b) =>
    el("g", { class: "break" }, el("line", { x1: x(b.year) - 6, x2: x(b.year) - 6, y1: top, y2: top + plotH }), el("text", { x: x(b.year) - 4, y: top + 10 }, text(b.mark))),
  );
  const lines = series.map((s, si) => {
    const colour = COLOURS[si % COLOURS.length];
    const runs = s.segments.flatMap((segment) => {
      // A missing value (not applicable that year) also leaves a gap.
      const out: Array<Array<{ year: number; value: number }>> = [[]];
      for (const p of segment) {
        if (p.value === null || !Number.isFinite(p.value)) out.push([]);
        else out[out.length - 1].push({ year: p.year, value: p.value });
      }
      return out.filter((run) => run.length > 0);
    });
    return el(
      "g",
      { class: "series", stroke: colour, fill: colour },
      ...runs.flatMap((run) => [
        run.length > 1 ? el("polyline", { points: run.map((p) => `${x(p.year)},${y(p.value)}`).join(" ") }) : "",
        ...run.map((p) => el("circle", { cx: x(p.year), cy: y(p.value), r: 3 }, el("title", {}, text(`${s.name} ${p.year}: ${tickText(p.value)}`)))),
      ]),
    );
  });
  return el(
    "svg",
    { class: "chart line-chart", role: "img", "aria-label": label, width, height, viewBox: `0 0 ${width} ${height}` },
    el("title", {}, text(label)),
    axes,
    ...breakMarks,
    ...lines,
  );
}

export function LineChart(props: LineChartProps) {
  return <div className="chart-box" dangerouslySetInnerHTML={{ __html: lineChartSvg(props) }} />;
}

export const chartColour = (index: number) => COLOURS[index % COLOURS.length];
