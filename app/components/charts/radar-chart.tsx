/**
 * A radar of axis scores (0 to 10), drawn as plain SVG so that it is in the server HTML: it
 * prints and shows without JavaScript. The caller gives a text alternative (a table) too; the
 * SVG carries an aria-label summing it up.
 */
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
  size?: number;
  max?: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function RadarChart({ axes, label, benchmarkLabel, size = 340, max = 10 }: RadarChartProps) {
  const cx = size / 2;
  const cy = size / 2;
  const radius = size / 2 - 70;
  const n = Math.max(axes.length, 1);
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, v: number) => {
    const r = (Math.max(0, Math.min(max, v)) / max) * radius;
    return [round(cx + r * Math.cos(angle(i))), round(cy + r * Math.sin(angle(i)))] as const;
  };
  const polygon = (values: Array<number | null | undefined>) =>
    values.map((v, i) => point(i, v ?? 0).join(",")).join(" ");
  const rings = [2, 4, 6, 8, 10].filter((r) => r <= max);
  const hasBenchmark = axes.some((a) => a.benchmark !== undefined && a.benchmark !== null);
  return (
    <svg
      className="chart radar-chart"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      <g className="grid" fill="none" stroke="#c8c8c8" strokeWidth={1}>
        {rings.map((r) => (
          <polygon key={r} points={polygon(axes.map(() => r))} />
        ))}
        {axes.map((a, i) => {
          const [x, y] = point(i, max);
          return <line key={a.id} x1={cx} y1={cy} x2={x} y2={y} />;
        })}
      </g>
      {hasBenchmark ? (
        <polygon
          className="benchmark"
          points={polygon(axes.map((a) => a.benchmark))}
          fill="none"
          stroke="#6b6b6b"
          strokeWidth={1.5}
          strokeDasharray="5 4"
        >
          {benchmarkLabel ? <title>{benchmarkLabel}</title> : null}
        </polygon>
      ) : null}
      <polygon className="score" points={polygon(axes.map((a) => a.score))} fill="#1f6f5c" fillOpacity={0.25} stroke="#1f6f5c" strokeWidth={2} />
      {axes.map((a, i) => {
        const [x, y] = point(i, a.score ?? 0);
        return a.score === null ? null : <circle key={a.id} cx={x} cy={y} r={3} fill="#1f6f5c" />;
      })}
      {axes.map((a, i) => {
        const [x, y] = point(i, max + 1.2);
        const anchor = Math.abs(x - cx) < 5 ? "middle" : x > cx ? "start" : "end";
        return (
          <text key={a.id} x={x} y={y} textAnchor={anchor} dominantBaseline="middle" fontSize={11} fill="#222">
            {a.label.length > 28 ? `${a.label.slice(0, 27)}…` : a.label}
            {a.score === null ? "" : ` ${a.score}`}
          </text>
        );
      })}
    </svg>
  );
}
