/**
 * A radar of axis scores (0 to 10), drawn as plain SVG so that it is in the server HTML: it
 * prints and shows without JavaScript. The caller gives a text alternative (a table) too; the
 * SVG carries an aria-label summing it up.
 */
import { el, text } from "./svg";

export interface RadarAxis {
  id: string;
  label: string;
  score: number | null;
  /** A comparison (e.g. the median of all participants), drawn dashed. */
  benchmark?: number | null;
  /** The score as the reader reads it, when it is not the chart's `format` of the score. */
  scoreText?: string;
}

export interface RadarChartProps {
  axes: RadarAxis[];
  label: string;
  benchmarkLabel?: string;
  /** A score in the reader's language ("6,8"): the labels beside the axes use it. */
  format: (value: number) => string;
  size?: number;
  max?: number;
  /**
   * "names": each axis named in full beside its end, wrapped over lines (never cut), 13 units;
   * "numbers": each axis numbered (the page lists the names), for a narrow screen, 300 units wide
   * with 16-unit text so it stays above 11 px at 320 px.
   */
  variant?: "names" | "numbers";
}

const round = (n: number) => Math.round(n * 10) / 10;
const NAME_FONT = 13;
const NAME_LINE = 15;
const NAME_CHARS = 16;

/** Words of `label` over lines of at most about `chars` characters (a longer word keeps its line). */
export function wrapLabel(label: string, chars = NAME_CHARS): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length ? lines : [""];
}

/** The radar as SVG text (see svg.ts): the same markup on the server and in the browser. */
export function radarChartSvg({ axes, label, benchmarkLabel, format, size, max = 10, variant = "names" }: RadarChartProps): string {
  const numbers = variant === "numbers";
  const height = size ?? (numbers ? 280 : 380);
  // names: room for about 16 characters of 13-unit text on both sides
  const width = numbers ? 300 : height + 2 * 120;
  const cx = width / 2;
  const cy = height / 2;
  const radius = numbers ? height / 2 - 34 : height / 2 - 60;
  const n = Math.max(axes.length, 1);
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, v: number) => {
    const r = (Math.max(0, Math.min(max, v)) / max) * radius;
    return [round(cx + r * Math.cos(angle(i))), round(cy + r * Math.sin(angle(i)))] as const;
  };
  const polygon = (values: Array<number | null | undefined>) => values.map((v, i) => point(i, v ?? 0).join(",")).join(" ");
  const rings = [2, 4, 6, 8, 10].filter((r) => r <= max);
  const hasBenchmark = axes.some((a) => a.benchmark !== undefined && a.benchmark !== null);
  const grid = el(
    "g",
    { class: "grid", fill: "none", stroke: "#c8c8c8", "stroke-width": 1 },
    ...rings.map((r) => el("polygon", { points: polygon(axes.map(() => r)) })),
    ...axes.map((_, i) => {
      const [x, y] = point(i, max);
      return el("line", { x1: cx, y1: cy, x2: x, y2: y });
    }),
  );
  const benchmark = hasBenchmark
    ? el(
        "polygon",
        { class: "benchmark", points: polygon(axes.map((a) => a.benchmark)), fill: "none", stroke: "#6b6b6b", "stroke-width": 1.5, "stroke-dasharray": "5 4" },
        ...(benchmarkLabel ? [el("title", {}, text(benchmarkLabel))] : []),
      )
    : "";
  const score = el("polygon", { class: "score", points: polygon(axes.map((a) => a.score)), fill: "#1f6f5c", "fill-opacity": 0.25, stroke: "#1f6f5c", "stroke-width": 2 });
  const dots = axes.map((a, i) => {
    if (a.score === null) return "";
    const [x, y] = point(i, a.score);
    return el("circle", { cx: x, cy: y, r: 3, fill: "#1f6f5c" });
  });
  const labels = axes.map((a, i) => {
    const [x, y] = point(i, max + (numbers ? 1.6 : 1.1));
    const anchor = Math.abs(x - cx) < 5 ? "middle" : x > cx ? "start" : "end";
    const scoreText = a.score === null ? "" : ` ${a.scoreText ?? format(a.score)}`;
    if (numbers) return el("text", { x, y, "text-anchor": anchor, "dominant-baseline": "middle", "font-size": 16, "font-weight": 700, fill: "#222" }, text(`${i + 1}`));
    const lines = wrapLabel(a.label + scoreText);
    // above the centre the lines grow upwards, below it downwards, beside it around the end
    const firstDy = y < cy - 5 ? -(lines.length - 1) * NAME_LINE : y > cy + 5 ? NAME_LINE / 2 : -((lines.length - 1) * NAME_LINE) / 2;
    return el(
      "text",
      { x, y: round(y + firstDy), "text-anchor": anchor, "dominant-baseline": "middle", "font-size": NAME_FONT, fill: "#222" },
      ...lines.map((line, li) => el("tspan", { x, dy: li === 0 ? 0 : NAME_LINE }, text(line))),
    );
  });
  return el(
    "svg",
    { class: `chart radar-chart radar-${variant}`, role: "img", "aria-label": label, width, height, viewBox: `0 0 ${width} ${height}` },
    el("title", {}, text(label)),
    grid,
    benchmark,
    score,
    ...dots,
    ...labels,
  );
}

export function RadarChart(props: RadarChartProps) {
  return <div className="chart-box" dangerouslySetInnerHTML={{ __html: radarChartSvg(props) }} />;
}
