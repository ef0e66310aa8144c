/**
 * The version of the scoring engine, recorded in every result. Bump it whenever a change could
 * change any result for the same answers and definition (semantics of the language, rules,
 * aggregation, rounding); results record it so an old result can always be explained.
 */
export const ENGINE_VERSION = "1.0.0";
