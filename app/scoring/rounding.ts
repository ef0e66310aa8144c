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
