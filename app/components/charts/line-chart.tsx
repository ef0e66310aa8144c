/**
 * Lines over the years, as plain SVG in the server HTML. Each series is drawn as its segments:
 * a break (a version changed the indicator's meaning) leaves a gap and a dashed marker with a
 * note number. The caller gives a text alternative (a table); the SVG has an aria-label.
 */
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
  format?: (value: number) => string;
}

const COLOURS = ["#1f6f5c", "#b5522b", "#3b5ba5", "#8a6d00", "#7a3b8f", "#2f7f9f", "#9c2f4f", "#4f6f2f"];
const round = (n: number) => Math.round(n * 10) / 10;

function niceRange(values: number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  if (lo > 0 && lo < (hi - lo) * 0.5) lo = 0;
  return [lo, hi];
}

export function LineChart({ label, years, series, min, max, breaks = [], width = 560, height = 220, format = (v) => String(round(v)) }: LineChartProps) {
  const left = 48;
  const right = 16;
  const top = 14;
  const bottom = 30;
  const values = series.flatMap((s) => s.segments.flat().map((p) => p.value)).filter((v): v is number => v !== null && Number.isFinite(v));
  const [autoLo, autoHi] = niceRange(values);
  const lo = min ?? autoLo;
  const hi = max ?? autoHi;
  const xs = [...new Set(years)].sort((a, b) => a - b);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (year: number) => {
    const i = xs.indexOf(year);
    return round(xs.length <= 1 ? left + plotW / 2 : left + (plotW * i) / (xs.length - 1));
  };
  const y = (v: number) => round(top + plotH - ((v - lo) / (hi - lo || 1)) * plotH);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + (hi - lo) * f);
  return (
    <svg className="chart line-chart" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} xmlns="http://www.w3.org/2000/svg">
      <title>{label}</title>
      <g className="axes" fontSize={10} fill="#444">
        {ticks.map((t, i) => (
          <g key={i}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} stroke="#e2e2e2" />
            <text x={left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {format(t)}
            </text>
          </g>
        ))}
        {xs.map((year) => (
          <text key={year} x={x(year)} y={height - 10} textAnchor="middle">
            {year}
          </text>
        ))}
      </g>
      {breaks.map((b, i) => (
        <g key={i} className="break">
          <line x1={x(b.year) - 6} x2={x(b.year) - 6} y1={top} y2={top + plotH} stroke="#9c2f4f" strokeDasharray="3 3" />
          <text x={x(b.year) - 4} y={top + 8} fontSize={10} fill="#9c2f4f">
            {b.mark}
          </text>
        </g>
      ))}
      {series.map((s, si) => {
        const colour = COLOURS[si % COLOURS.length];
        return (
          <g key={si} className="series" stroke={colour} fill={colour}>
            {s.segments.flatMap((segment, gi) => {
              // A missing value (not applicable that year) also leaves a gap.
              const runs: Array<Array<{ year: number; value: number }>> = [[]];
              for (const p of segment) {
                if (p.value === null || !Number.isFinite(p.value)) runs.push([]);
                else runs[runs.length - 1].push({ year: p.year, value: p.value });
              }
              return runs
                .filter((run) => run.length > 0)
                .map((run, ri) => (
                  <g key={`${gi}-${ri}`}>
                    {run.length > 1 ? <polyline fill="none" strokeWidth={2} points={run.map((p) => `${x(p.year)},${y(p.value)}`).join(" ")} /> : null}
                    {run.map((p) => (
                      <circle key={p.year} cx={x(p.year)} cy={y(p.value)} r={3} stroke="none">
                        <title>{`${s.name} ${p.year}: ${format(p.value)}`}</title>
                      </circle>
                    ))}
                  </g>
                ));
            })}
          </g>
        );
      })}
    </svg>
  );
}

export const chartColour = (index: number) => COLOURS[index % COLOURS.length];
