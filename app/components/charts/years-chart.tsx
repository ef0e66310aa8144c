/**
 * Lines over the years with recharts, for HTML rendered on the server (decision 0820): a fixed
 * width and height, no ResponsiveContainer, no animation, so what the server sends is what
 * prints and what shows without JavaScript. Each series is drawn as its comparable segments: a
 * break (a version changed the indicator's meaning) is a gap and a dashed marker numbered like
 * the note under the chart. Sizes are chosen for phones: the chart is 320 units wide and its text
 * 13 units, so at 320 px (about 288 px for the chart) text still renders above 11 px.
 */
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from "recharts";
import { CHART_COLOURS } from "./swatch";
import { niceTicks } from "./ticks";

export interface YearsSeries {
  name: string;
  segments: Array<Array<{ year: number; value: number | null }>>;
}

export interface YearsChartProps {
  label: string;
  years: number[];
  series: YearsSeries[];
  /** Fixed range (scores: 0 to 10); otherwise nice bounds around the data. */
  min?: number;
  max?: number;
  breaks?: Array<{ year: number; mark: string }>;
  width?: number;
  height?: number;
  format: (value: number) => string;
  /** A yes/no indicator: 0 and 1 only, read as the words. */
  yesNo?: { yes: string; no: string };
}

export const CHART_FONT = 13;
/** Average advance of a digit or letter at CHART_FONT, for the room the y labels need. */
const CHAR_WIDTH = CHART_FONT * 0.6;

export function YearsChart({ label, years, series, min, max, breaks = [], width = 320, height = 200, format, yesNo }: YearsChartProps) {
  const xs = [...new Set(years)].sort((a, b) => a - b);
  // one column per segment of each series: a segment ends where the next one starts, so a break is a gap
  const keys: Array<{ key: string; series: number }> = [];
  const rows = xs.map((year) => ({ year }) as Record<string, number | null>);
  const rowOf = new Map(xs.map((year, i) => [year, rows[i]]));
  const values: number[] = [];
  series.forEach((s, si) =>
    s.segments.forEach((segment, gi) => {
      const key = `s${si}_${gi}`;
      keys.push({ key, series: si });
      for (const p of segment) {
        const row = rowOf.get(p.year);
        if (!row) continue;
        const v = p.value !== null && Number.isFinite(p.value) ? p.value : null;
        row[key] = v;
        if (v !== null) values.push(v);
      }
    }),
  );
  const ticks = yesNo ? [0, 1] : niceTicks(min ?? Math.min(...values, Infinity), max ?? Math.max(...values, -Infinity), 5, min === undefined && max === undefined);
  const tickText = (v: number) => (yesNo ? (v >= 0.5 ? yesNo.yes : yesNo.no) : format(v));
  const yWidth = Math.ceil(Math.max(...ticks.map((v) => tickText(v).length)) * CHAR_WIDTH) + 10;
  const domain: [number, number] = yesNo ? [-0.15, 1.15] : [ticks[0], ticks[ticks.length - 1]];
  const tick = { fontSize: CHART_FONT, fill: "#333" };
  return (
    <div className="chart-box">
      <LineChart
        className="chart years-chart"
        width={width}
        height={height}
        data={rows}
        margin={{ top: 12, right: 12, bottom: 4, left: 0 }}
        role="img"
        aria-label={label}
        title={label}
      >
        <CartesianGrid stroke="#e2e2e2" vertical={false} />
        <XAxis dataKey="year" type="category" allowDuplicatedCategory={false} padding={{ left: 18, right: 18 }} tick={tick} tickLine={false} stroke="#888" interval={xs.length > 6 ? "preserveStartEnd" : 0} />
        <YAxis type="number" domain={domain} ticks={ticks} interval={0} tick={tick} tickFormatter={tickText} width={yWidth} tickLine={false} stroke="#888" allowDataOverflow={false} />
        {breaks.map((b) => (
          <ReferenceLine key={b.mark} x={b.year} stroke="#9c2f4f" strokeDasharray="4 3" label={{ value: b.mark, position: "insideTopLeft", fontSize: CHART_FONT, fill: "#9c2f4f" }} />
        ))}
        {keys.map(({ key, series: si }) => (
          <Line
            key={key}
            dataKey={key}
            name={series[si].name}
            type="linear"
            stroke={CHART_COLOURS[si % CHART_COLOURS.length]}
            strokeWidth={2}
            dot={{ r: 3, fill: CHART_COLOURS[si % CHART_COLOURS.length], strokeWidth: 0 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </div>
  );
}
