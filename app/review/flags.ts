/**
 * Review flags: which submissions a reviewer should look at first. Pure: computed from a
 * result (and last year's), and from the answers, with no database and no Remix.
 *
 * - borderline: the total is within BORDERLINE_POINTS of the pass line (either side).
 * - big_jump: an axis moved by more than BIG_JUMP_POINTS since the organisation's previous result.
 * - one_axis_carries: the total passes, the best axis is at least CARRY_GAP points above every
 *   other axis, and every other axis sits within NEAR_MINIMUM_POINTS of its seal minimum.
 * - incoherent: one of the INCOHERENCE_RULES below holds on the answers.
 *
 * Questionnaire definitions have no `checks` section yet, so the coherence rules are declared
 * here, by question id; a rule whose questions are missing or not numbers does not apply.
 * See docs/decisions/0401-review-flags-and-sampling.md.
 */

export const BORDERLINE_POINTS = 1;
export const BIG_JUMP_POINTS = 3;
export const CARRY_GAP = 3;
export const NEAR_MINIMUM_POINTS = 1.5;

export const flagKinds = ["borderline", "big_jump", "one_axis_carries", "incoherent"] as const;
export type FlagKind = (typeof flagKinds)[number];

export interface FlagAxis {
  id: string;
  score: number | null;
  applicable: boolean;
  weight: number;
  minimum: number;
}

/** The parts of a stored result the flags read (an AssessmentResult fits). */
export interface FlagResult {
  total: number | null;
  axes: FlagAxis[];
  seal: { passed: boolean; totalMinimum: number };
}

export type FlagAnswers = Record<string, unknown>;

export interface Flag {
  kind: FlagKind;
  /** What the reviewer reads: axis ids, rule ids, numbers. */
  detail: Record<string, string | number>;
  /** Questions the flag points at (incoherent data). */
  questionIds?: string[];
}

export interface IncoherenceRule {
  id: string;
  questionIds: string[];
  /** True when the answers contradict each other; only called when every number is there. */
  holds: (v: Record<string, number>) => boolean;
}

/** Coherence rules over the questions the shipped questionnaires share. */
export const INCOHERENCE_RULES: IncoherenceRule[] = [
  { id: "women_board_above_board", questionIds: ["women_governing_body", "governing_body_size"], holds: (v) => v.women_governing_body > v.governing_body_size },
  { id: "women_management_above_management", questionIds: ["women_management", "management_size"], holds: (v) => v.women_management > v.management_size },
  { id: "women_workers_above_workers", questionIds: ["women_workers", "workers_total"], holds: (v) => v.women_workers > v.workers_total },
  { id: "worker_members_above_workers", questionIds: ["worker_members", "workers_total"], holds: (v) => v.worker_members > v.workers_total },
  { id: "fte_above_workers", questionIds: ["workers_fte", "workers_total"], holds: (v) => v.workers_fte > v.workers_total },
  { id: "permanent_above_workers", questionIds: ["permanent_contracts", "workers_total"], holds: (v) => v.permanent_contracts > v.workers_total },
  { id: "salaries_without_turnover", questionIds: ["turnover", "highest_salary"], holds: (v) => v.turnover === 0 && v.highest_salary > 0 },
  { id: "salaries_without_workers", questionIds: ["workers_total", "highest_salary"], holds: (v) => v.workers_total === 0 && v.highest_salary > 0 },
  { id: "lowest_salary_above_highest", questionIds: ["lowest_salary", "highest_salary"], holds: (v) => v.lowest_salary > v.highest_salary },
  {
    id: "income_above_turnover",
    questionIds: ["income_sales", "income_subsidies", "turnover"],
    holds: (v) => v.income_sales + v.income_subsidies > v.turnover * 1.01 + 1,
  },
  { id: "profit_above_turnover", questionIds: ["result_of_year", "turnover"], holds: (v) => v.result_of_year > v.turnover && v.result_of_year > 0 },
  {
    id: "social_economy_purchases_above_total",
    questionIds: ["purchases_social_economy", "purchases_total"],
    holds: (v) => v.purchases_social_economy > v.purchases_total,
  },
];

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

export function incoherences(answers: FlagAnswers, rules: IncoherenceRule[] = INCOHERENCE_RULES): IncoherenceRule[] {
  return rules.filter((rule) => {
    const values: Record<string, number> = {};
    for (const id of rule.questionIds) {
      const v = answers[id];
      if (!isNumber(v)) return false;
      values[id] = v;
    }
    return rule.holds(values);
  });
}

export function borderline(result: FlagResult): Flag | null {
  if (result.total === null) return null;
  const distance = result.total - result.seal.totalMinimum;
  if (Math.abs(distance) > BORDERLINE_POINTS) return null;
  return { kind: "borderline", detail: { total: result.total, passLine: result.seal.totalMinimum } };
}

export function bigJumps(result: FlagResult, previous: FlagResult | null): Flag | null {
  if (!previous) return null;
  const before = new Map(previous.axes.filter((a) => a.applicable && a.score !== null).map((a) => [a.id, a.score as number]));
  const moved = result.axes
    .filter((a) => a.applicable && a.score !== null && before.has(a.id))
    .map((a) => ({ id: a.id, delta: (a.score as number) - (before.get(a.id) as number) }))
    .filter((m) => Math.abs(m.delta) > BIG_JUMP_POINTS)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
  if (moved.length === 0) return null;
  return { kind: "big_jump", detail: { axis: moved[0].id, delta: Math.round(moved[0].delta * 100) / 100, axes: moved.map((m) => m.id).join(",") } };
}

export function oneAxisCarries(result: FlagResult): Flag | null {
  if (result.total === null || result.total < result.seal.totalMinimum) return null;
  const scored = result.axes.filter((a) => a.applicable && a.score !== null) as Array<FlagAxis & { score: number }>;
  if (scored.length < 3) return null;
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  const [top, ...rest] = sorted;
  if (top.score - rest[0].score < CARRY_GAP) return null;
  if (!rest.every((a) => a.score <= a.minimum + NEAR_MINIMUM_POINTS)) return null;
  return { kind: "one_axis_carries", detail: { axis: top.id, score: top.score } };
}

export function incoherentFlag(answers: FlagAnswers): Flag | null {
  const found = incoherences(answers);
  if (found.length === 0) return null;
  return {
    kind: "incoherent",
    detail: { rules: found.map((r) => r.id).join(",") },
    questionIds: [...new Set(found.flatMap((r) => r.questionIds))],
  };
}

/** Every flag of a submission, in the order of flagKinds. */
export function computeFlags({ result, previous, answers }: { result: FlagResult; previous: FlagResult | null; answers: FlagAnswers }): Flag[] {
  return [borderline(result), bigJumps(result, previous), oneAxisCarries(result), incoherentFlag(answers)].filter((f): f is Flag => f !== null);
}
