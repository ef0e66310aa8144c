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
}

export interface RadarChartProps {
  axes: RadarAxis[];
  label: string;
  benchmarkLabel?: string;
  /** A score in the reader's language ("6,8"): the labels beside the axes use it. */
  format: (value: number) => string;
  size?: number;
  max?: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The radar as SVG text (see svg.ts): the same markup on the server and in the browser. */
export function radarChartSvg({ axes, label, benchmarkLabel, format, size = 340, max = 10 }: RadarChartProps): string {
  // Labels run up to 28 characters beside the axes' ends: room for them on both sides.
  const width = size + 200;
  const cx = width / 2;
  const cy = size / 2;
  const radius = size / 2 - 70;
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
    const [x, y] = point(i, max + 1.2);
    const anchor = Math.abs(x - cx) < 5 ? "middle" : x > cx ? "start" : "end";
    const name = a.label.length > 28 ? `${a.label.slice(0, 27)}…` : a.label;
    return el("text", { x, y, "text-anchor": anchor, "dominant-baseline": "middle", "font-size": 11, fill: "#222" }, text(name + (a.score === null ? "" : ` ${format(a.score)}`)));
  });
  return el(
    "svg",
    { class: "chart radar-chart", role: "img", "aria-label": label, width, height: size, viewBox: `0 0 ${width} ${size}` },
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
