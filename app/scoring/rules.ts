/**
 * Scoring rules: an indicator's value to a score from 0 to 10. Unrounded: rounding happens
 * once, when the result is built.
 */
import type { Rule } from "#app/questionnaires/schema";

function clamp10(x: number): number {
  return x < 0 ? 0 : x > 10 ? 10 : x;
}

/** `linear`: 0 at `from`, 10 at `to`, clamped; works both ways (from > to: lower is better). */
export function scoreLinear(value: number, from: number, to: number): number {
  return clamp10(((value - from) / (to - from)) * 10);
}

/** `bands`: the first band whose `up_to` is at least the value; the last band has no `up_to`. */
export function scoreBands(value: number, bands: ReadonlyArray<{ up_to?: number; score: number }>): number {
  for (const band of bands) {
    if (band.up_to === undefined || value <= band.up_to) return band.score;
  }
  return bands[bands.length - 1].score;
}

/** `boolean`: yes gives `if_true` (default 10), no gives `if_false` (default 0). */
export function scoreBoolean(value: boolean, ifTrue = 10, ifFalse = 0): number {
  return value ? ifTrue : ifFalse;
}

/**
 * `points`: the points of the selected choice (single choice) or the sum of the points of
 * every selected choice (multiple choice), in the definition's choice order, clamped to 0..10.
 * Returns the raw sum (the indicator's value) and the score.
 */
export function pointsFor(
  selected: string | readonly string[],
  choiceOrder: readonly string[],
  points: Readonly<Record<string, number>>,
): { value: number; score: number } {
  let sum = 0;
  if (typeof selected === "string") {
    sum = points[selected] ?? 0;
  } else {
    for (const choice of choiceOrder) {
      if (selected.includes(choice)) sum += points[choice] ?? 0;
    }
  }
  return { value: sum, score: clamp10(sum) };
}

/** Scores a number or yes/no value by a linear, bands or boolean rule. */
export function scoreByRule(rule: Rule, value: number | boolean): number {
  switch (rule.kind) {
    case "linear":
      return scoreLinear(Number(value), rule.from as number, rule.to as number); // expressions: see score.ts
    case "bands":
      return scoreBands(Number(value), rule.bands);
    case "boolean":
      return scoreBoolean(Boolean(value), rule.if_true, rule.if_false);
    case "points":
      throw new Error("a points rule scores a choice: use pointsFor");
    case "value":
      return Number(value);
  }
}
