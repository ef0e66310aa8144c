/**
 * Stakeholder survey aggregates: the names formulas read (`survey.<group>.*`) and their values
 * computed from the responses. Pure: no database, no Remix.
 *
 * Below the survey's minimum number of responses no aggregate exists (every value is null): the
 * organisation, the staff and the formulas see nothing of fewer respondents than that. The same
 * holds per question: a question fewer people answered than the minimum has no mean or shares.
 */
import { SURVEY_MINIMUM_FLOOR, type Survey } from "#app/questionnaires/schema";
import type { SurveyState } from "./rules";

/** The default minimum number of responses before aggregates exist (a network setting). */
export const DEFAULT_SURVEY_MINIMUM = 5;

export type AggregateKind = "count" | "response_rate" | "mean" | "share";

export interface AggregateName {
  /** As written in formulas: survey.workers.q_load.mean */
  name: string;
  group: string;
  kind: AggregateKind;
  questionId?: string;
  /** For a share: the scale value counted. */
  value?: number;
}

export function surveyPrefix(group: string): string {
  return `survey.${group}.`;
}

/** Every aggregate a survey offers, in a stable order (count, response rate, then per question). */
export function surveyAggregateNames(survey: Survey): AggregateName[] {
  const p = surveyPrefix(survey.group);
  const out: AggregateName[] = [
    { name: `${p}count`, group: survey.group, kind: "count" },
    { name: `${p}response_rate`, group: survey.group, kind: "response_rate" },
  ];
  for (const q of survey.questions) {
    if (q.type !== "scale" || !q.scale) continue;
    out.push({ name: `${p}${q.id}.mean`, group: survey.group, kind: "mean", questionId: q.id });
    for (const point of q.scale) {
      out.push({ name: `${p}${q.id}.share_${point.value}`, group: survey.group, kind: "share", questionId: q.id, value: point.value });
    }
  }
  return out;
}

/** The minimum that applies: the survey's own, the network's, never below the floor. */
export function effectiveMinimum(survey: Pick<Survey, "minimum_responses">, networkMinimum: number): number {
  return Math.max(SURVEY_MINIMUM_FLOOR, networkMinimum, survey.minimum_responses ?? 0);
}

/** One respondent's answers: scale values by question id (free text is never aggregated). */
export type ResponseAnswers = Record<string, number | string | null | undefined>;

export interface SurveyAggregates {
  group: string;
  /** Number of responses (shown to the organisation as progress, whatever the minimum). */
  responses: number;
  minimum: number;
  /** Single-use codes handed out (the response rate's denominator). */
  codesIssued: number;
  /** Whether the minimum is reached: only then do `values` hold numbers. */
  released: boolean;
  /** By aggregate name; null below the minimum or when nothing was answered. */
  values: Record<string, number | null>;
  /** Per scale question: how many respondents answered it (the n shown beside its mean). */
  answered: Record<string, number>;
}

/**
 * Aggregates of one survey. `codesIssued` is the number of single-use codes handed out (0: the
 * survey runs on its open link only, and has no response rate). Loops are bounded by the
 * responses and the survey's questions.
 */
export function aggregateSurvey(
  survey: Survey,
  responses: readonly ResponseAnswers[],
  options: { minimum: number; codesIssued: number },
): SurveyAggregates {
  const names = surveyAggregateNames(survey);
  const released = responses.length >= options.minimum;
  const values: Record<string, number | null> = {};
  const answered: Record<string, number> = {};
  for (const n of names) values[n.name] = null;
  const p = surveyPrefix(survey.group);
  for (const q of survey.questions) {
    if (q.type !== "scale" || !q.scale) continue;
    const allowed = new Set(q.scale.map((s) => s.value));
    const counts = new Map<number, number>();
    let sum = 0;
    let n = 0;
    for (const r of responses) {
      const v = r[q.id];
      if (typeof v !== "number" || !allowed.has(v)) continue;
      sum += v;
      n++;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    answered[q.id] = released ? n : 0;
    // a question answered by fewer than the minimum has no mean or shares either: a survey past
    // its minimum with one person answering a question must not show that person's answer
    if (!released || n < options.minimum) continue;
    values[`${p}${q.id}.mean`] = sum / n;
    for (const point of q.scale) values[`${p}${q.id}.share_${point.value}`] = ((counts.get(point.value) ?? 0) / n) * 100;
  }
  if (released) {
    values[`${p}count`] = responses.length;
    values[`${p}response_rate`] = options.codesIssued > 0 ? Math.min(100, (responses.length / options.codesIssued) * 100) : null;
  }
  return { group: survey.group, responses: responses.length, minimum: options.minimum, codesIssued: options.codesIssued, released, values, answered };
}

/** The values formulas read, as answers keyed by aggregate name (null where none exists). */
export function aggregatesAsAnswers(all: readonly SurveyAggregates[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const a of all) Object.assign(out, a.values);
  return out;
}

/**
 * Free text released to the organisation: only past the minimum, in an order that says nothing
 * of who wrote what or when (sorted), blanks left out. Never part of a result or a release.
 */
export function freeTextList(texts: readonly (string | null | undefined)[], released: boolean): string[] {
  if (!released) return [];
  return texts
    .map((t) => (typeof t === "string" ? t.trim() : ""))
    .filter((t) => t !== "")
    .sort((a, b) => a.localeCompare(b));
}

/** One declared survey of an assessment as the organisation sees it: progress, and aggregates past the minimum. */
export interface SurveyOverview {
  group: string;
  definition: Survey;
  minimum: number;
  opened: { id: string; linkToken: string; status: "open" | "closed"; closesOn: string | null; codesRequired: boolean; state: SurveyState } | null;
  responses: number;
  codesIssued: number;
  codesUsed: number;
  aggregates: SurveyAggregates | null;
  /** Free text past the minimum, sorted; empty below it. */
  freeText: Record<string, string[]>;
  frozen: boolean;
}
