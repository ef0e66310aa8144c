/**
 * Progress lines over an organisation's results, following the versions' comparability. Pure.
 *
 * Between two consecutive results, an indicator code of the earlier one is:
 * - same:           the line continues under the same code;
 * - rescaled:       the line continues; every earlier value is converted to the new scale
 *                   (new = old * factor + offset), so the whole line reads in the latest scale;
 * - replaced_by X:  the line continues under code X, with a note;
 * - not_comparable: the line breaks: a new segment starts, with a visible note.
 * Axis and total lines are scores out of 10 and continue by axis id.
 */
import { comparabilityBetween } from "#app/questionnaires/comparability";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import type { LocalizedText } from "#app/questionnaires/schema";

export type Relation =
  | { kind: "same"; code: string }
  | { kind: "rescaled"; code: string; factor: number; offset: number; note?: LocalizedText }
  | { kind: "replaced_by"; code: string; note?: LocalizedText }
  | { kind: "not_comparable"; note?: LocalizedText };

/** What became of `code` of version `from` in version `to` (version ids "<questionnaire>@<version>"). */
export type Relate = (code: string, from: string, to: string) => Relation;

export interface ResultPoint {
  year: number;
  versionId: string;
  indicators: ReadonlyArray<{ code: string; axis: string | null; value: number | null; score: number | null }>;
  axes: ReadonlyArray<{ id: string; score: number | null }>;
  total: number | null;
}

export interface LinePoint {
  year: number;
  /** In the scale of the line's latest code. */
  value: number | null;
  /** The value as recorded that year. */
  recorded: number | null;
  score: number | null;
  code: string;
}

export interface LineNote {
  year: number;
  kind: "rescaled" | "replaced" | "break";
  fromCode: string;
  toCode: string;
  factor?: number;
  offset?: number;
  note?: LocalizedText;
}

export interface IndicatorLine {
  /** The latest code of the line. */
  code: string;
  axis: string | null;
  /** Consecutive, comparable stretches; a break starts a new one. */
  segments: LinePoint[][];
  notes: LineNote[];
}

export interface ScoreLine {
  id: string;
  points: Array<{ year: number; score: number | null }>;
}

/** What the charts draw of a progress: lines of year and value, the notes, the scores. */
export interface ChartProgress {
  years: number[];
  indicators: Array<{ code: string; segments: Array<Array<{ year: number; value: number | null }>>; notes: LineNote[] }>;
  axes: ScoreLine[];
  total: ScoreLine;
}

/** A progress reduced to what the charts draw (the pages send it to the browser). */
export function forCharts(progress: Progress): ChartProgress {
  return {
    years: progress.years,
    indicators: progress.indicators.map((line) => ({
      code: line.code,
      segments: line.segments.map((segment) => segment.map((p) => ({ year: p.year, value: p.value }))),
      notes: line.notes,
    })),
    axes: progress.axes,
    total: progress.total,
  };
}

export interface Progress {
  years: number[];
  indicators: IndicatorLine[];
  axes: ScoreLine[];
  total: ScoreLine;
}

export function buildProgress(results: readonly ResultPoint[], relate: Relate): Progress {
  const sorted = [...results].sort((a, b) => a.year - b.year);
  let open = new Map<string, IndicatorLine>();
  const lines: IndicatorLine[] = [];
  let previous: ResultPoint | undefined;
  for (const result of sorted) {
    const next = new Map<string, IndicatorLine>();
    const broken = new Map<string, IndicatorLine>();
    if (previous) {
      for (const [code, line] of open) {
        const relation = previous.versionId === result.versionId ? ({ kind: "same", code } as Relation) : relate(code, previous.versionId, result.versionId);
        if (relation.kind === "not_comparable") {
          // The same code may come back with another meaning: its line continues after a break.
          broken.set(code, line);
          line.notes.push({ year: result.year, kind: "break", fromCode: code, toCode: code, note: relation.note });
          continue;
        }
        if (next.has(relation.code)) continue; // two codes merged into one: the first keeps the line
        if (relation.kind === "rescaled") {
          for (const segment of line.segments) {
            const last = segment === line.segments[line.segments.length - 1];
            if (!last) continue;
            for (const point of segment) if (point.value !== null) point.value = point.value * relation.factor + relation.offset;
          }
          line.notes.push({ year: result.year, kind: "rescaled", fromCode: code, toCode: relation.code, factor: relation.factor, offset: relation.offset, note: relation.note });
        } else if (relation.kind === "replaced_by") {
          line.notes.push({ year: result.year, kind: "replaced", fromCode: code, toCode: relation.code, note: relation.note });
        }
        line.code = relation.code;
        next.set(relation.code, line);
      }
    }
    for (const indicator of result.indicators) {
      const point: LinePoint = { year: result.year, value: indicator.value, recorded: indicator.value, score: indicator.score, code: indicator.code };
      let line = next.get(indicator.code);
      if (!line) {
        const wasBroken = broken.get(indicator.code);
        if (wasBroken) {
          broken.delete(indicator.code);
          wasBroken.segments.push([]);
          line = wasBroken;
        } else {
          line = { code: indicator.code, axis: indicator.axis, segments: [[]], notes: [] };
          lines.push(line);
        }
        next.set(indicator.code, line);
      }
      line.axis = indicator.axis;
      line.segments[line.segments.length - 1].push(point);
    }
    open = next;
    previous = result;
  }
  const indicators = lines;
  const axisIds: string[] = [];
  for (const r of sorted) for (const a of r.axes) if (!axisIds.includes(a.id)) axisIds.push(a.id);
  return {
    years: sorted.map((r) => r.year),
    indicators,
    axes: axisIds.map((id) => ({
      id,
      points: sorted.map((r) => ({ year: r.year, score: r.axes.find((a) => a.id === id)?.score ?? null })),
    })),
    total: { id: "total", points: sorted.map((r) => ({ year: r.year, score: r.total })) },
  };
}

function compareVersions(a: string, b: string) {
  const [ay, an] = a.split(".").map(Number);
  const [by, bn] = b.split(".").map(Number);
  return ay - by || an - bn;
}

/**
 * A Relate over the loaded definitions. Within a questionnaire, the relation is composed along
 * every version between the two (a rescale then a rescale multiply; a replacement then a rescale
 * keep the new code); across questionnaires, a code kept means the same thing (codes are stable).
 */
export function relateFromDefinitions(definitions: Iterable<CompiledDefinition>): Relate {
  const byId = new Map<string, CompiledDefinition>();
  for (const d of definitions) byId.set(`${d.definition.questionnaire}@${d.definition.version}`, d);
  const pairs = new Map<CompiledDefinition, Map<CompiledDefinition, ReturnType<typeof comparabilityBetween>>>();
  const between = (a: CompiledDefinition, b: CompiledDefinition) => {
    let inner = pairs.get(a);
    if (!inner) pairs.set(a, (inner = new Map()));
    let lines = inner.get(b);
    if (!lines) inner.set(b, (lines = comparabilityBetween(a, b)));
    return lines;
  };
  // The answer depends on the three arguments only: a relate kept for the server's life answers
  // each question once.
  const answered = new Map<string, Relation>();
  return (code, from, to) => {
    const key = `${code}|${from}|${to}`;
    let relation = answered.get(key);
    if (!relation) answered.set(key, (relation = relateOnce(code, from, to)));
    return relation;
  };

  function relateOnce(code: string, from: string, to: string): Relation {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return { kind: "not_comparable" };
    if (a.definition.questionnaire !== b.definition.questionnaire) {
      return b.indicatorByCode.has(code) ? { kind: "same", code } : { kind: "not_comparable" };
    }
    const chain = [...byId.values()]
      .filter(
        (d) =>
          d.definition.questionnaire === a.definition.questionnaire &&
          compareVersions(d.definition.version, a.definition.version) >= 0 &&
          compareVersions(d.definition.version, b.definition.version) <= 0,
      )
      .sort((x, y) => compareVersions(x.definition.version, y.definition.version));
    let relation = { kind: "same", code } as Relation;
    for (let i = 1; i < chain.length; i++) {
      if (relation.kind === "not_comparable") break;
      const current: string = relation.code;
      const line = between(chain[i - 1], chain[i])[current];
      if (!line || line.kind === "not_comparable") return { kind: "not_comparable", note: line?.note };
      if (line.kind === "same") continue;
      if (line.kind === "replaced_by") {
        const before = relation as Relation;
        relation =
          before.kind === "rescaled"
            ? { kind: "rescaled", code: line.code, factor: before.factor, offset: before.offset, note: line.note ?? before.note }
            : { kind: "replaced_by", code: line.code, note: line.note };
        continue;
      }
      const factor = line.factor ?? 1;
      const offset = line.offset ?? 0;
      relation =
        relation.kind === "rescaled"
          ? { kind: "rescaled", code: current, factor: relation.factor * factor, offset: relation.offset * factor + offset, note: line.note }
          : { kind: "rescaled", code: current, factor, offset, note: line.note };
    }
    return relation;
  }
}

/** Whether a commitment was met: the indicator's value in the later result, on the later scale. */
export type CommitmentCheck =
  | { status: "met" | "not_met"; code: string; value: number; target: number }
  | { status: "no_value"; code: string; target: number }
  | { status: "not_comparable" };

export function checkCommitment(
  commitment: { code: string; direction: "at_least" | "at_most"; target: number },
  fromVersionId: string,
  later: Pick<ResultPoint, "versionId" | "indicators">,
  relate: Relate,
): CommitmentCheck {
  const relation = fromVersionId === later.versionId ? ({ kind: "same", code: commitment.code } as Relation) : relate(commitment.code, fromVersionId, later.versionId);
  if (relation.kind === "not_comparable") return { status: "not_comparable" };
  const target = relation.kind === "rescaled" ? commitment.target * relation.factor + relation.offset : commitment.target;
  const indicator = later.indicators.find((i) => i.code === relation.code);
  if (!indicator || indicator.value === null) return { status: "no_value", code: relation.code, target };
  const met = commitment.direction === "at_least" ? indicator.value >= target - 1e-9 : indicator.value <= target + 1e-9;
  return { status: met ? "met" : "not_met", code: relation.code, value: indicator.value, target };
}
