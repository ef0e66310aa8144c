/**
 * The one rounding rule of the engine, applied once, at the edge (the numbers a result shows),
 * and by the `round()` function of the formula language.
 *
 * "half away from zero at N decimals": 2.345 -> 2.35, -2.345 -> -2.35. Binary floating point
 * cannot hold most decimal halves exactly (2.675 is 2.67499999999999982236431605997495353221893310546875),
 * so a scaled value within 1e-12 (relative, at most 1e-6) of a half counts as the half: this is what a person
 * checking by hand expects, and it is deterministic.
 */
export const ROUNDING_RULE = "half-away-from-zero" as const;

/** Decimals kept for indicator values in a result. */
export const VALUE_DECIMALS = 4;
/** Decimals kept for scores (indicator, axis, total) in a result. */
export const SCORE_DECIMALS = 2;

const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = POWERS[decimals] ?? 10 ** decimals;
  const scaled = Math.abs(x) * f;
  // beyond 2^53 a double has no fractional digits left: nothing to round (and no overflow)
  if (scaled >= 9007199254740992) return x;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const tolerance = Math.min(1e-6, 1e-12 * Math.max(1, scaled));
  const rounded = fraction >= 0.5 - tolerance ? floor + 1 : floor;
  const result = rounded / f;
  // never return -0: it would print as 0 but differ bit for bit
  return x < 0 && result !== 0 ? -result : result;
}

/** The rounding modes a definition may choose (`precision`), the default first. */
export type RoundingMode = "half_away_from_zero" | "half_even" | "floor" | "ceiling";

/** How the numbers of a result are rounded: `decimals` (negative: to tens, hundreds...) and the mode. */
export interface RoundingSpec {
  decimals: number;
  rounding: RoundingMode;
}

export const DEFAULT_VALUE_ROUNDING: RoundingSpec = { decimals: VALUE_DECIMALS, rounding: "half_away_from_zero" };
export const DEFAULT_SCORE_ROUNDING: RoundingSpec = { decimals: SCORE_DECIMALS, rounding: "half_away_from_zero" };

/**
 * Rounds `x` to `decimals` (from -10 to 10; -1 rounds to tens) by `mode`. As in
 * roundHalfAwayFromZero, a scaled value within a tiny tolerance of a half (for the half modes)
 * or of a whole number (for floor and ceiling) counts as exactly that: floor(0.1 + 0.2, 1) is
 * 0.3, not 0.2. With half_away_from_zero and decimals from 0 to 10 it is roundHalfAwayFromZero.
 */
export function roundNumber(x: number, decimals: number, mode: RoundingMode = "half_away_from_zero"): number {
  if (!Number.isFinite(x)) return x;
  if (mode === "half_away_from_zero" && decimals >= 0) return roundHalfAwayFromZero(x, decimals);
  const negative = x < 0;
  const ax = Math.abs(x);
  const scaled = decimals >= 0 ? ax * (POWERS[decimals] ?? 10 ** decimals) : ax / 10 ** -decimals;
  if (scaled >= 9007199254740992) return x;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  const tolerance = Math.min(1e-6, 1e-12 * Math.max(1, scaled));
  // the direction in terms of the magnitude: floor of a negative number rounds its magnitude up
  let up: boolean;
  switch (mode) {
    case "half_away_from_zero":
      up = fraction >= 0.5 - tolerance;
      break;
    case "half_even":
      up = Math.abs(fraction - 0.5) <= tolerance ? floor % 2 === 1 : fraction > 0.5;
      break;
    case "floor":
      up = negative ? fraction > tolerance : fraction >= 1 - tolerance;
      break;
    case "ceiling":
      up = negative ? fraction >= 1 - tolerance : fraction > tolerance;
      break;
  }
  const rounded = up ? floor + 1 : floor;
  const result = decimals >= 0 ? rounded / (POWERS[decimals] ?? 10 ** decimals) : rounded * 10 ** -decimals;
  return negative && result !== 0 ? -result : result;
}
