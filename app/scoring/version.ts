/**
 * The version of the scoring engine, recorded in every result. Bump it whenever a change could
 * change any result for the same answers and definition (semantics of the language, rules,
 * aggregation, rounding); results record it so an old result can always be explained.
 *
 * 1.1.0: a question's `blank: { value }` is read for a blank answer, and an optional question that
 * feeds a score must say what a blank means (docs/decisions/0663). Definitions 1.0.0 could load
 * score exactly as before.
 */
export const ENGINE_VERSION = "1.1.0";
