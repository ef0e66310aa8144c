/**
 * The scoring engine: pure, deterministic, no I/O.
 *
 * - expression/parser.ts   formula text -> AST (never throws)
 * - expression/checker.ts  names, types, arity, choice ids
 * - expression/compile.ts  AST -> closures; not-applicable semantics
 * - compile-definition.ts  a whole definition -> CompiledDefinition (checks, topological orders)
 * - context.ts             answers -> evaluation context (hidden questions blanked)
 * - rules.ts               linear, bands, boolean, points
 * - rounding.ts            the one rounding rule, applied at the edge
 * - score.ts               scoreAssessment
 * - version.ts             ENGINE_VERSION
 */
export { ENGINE_VERSION } from "./version";
export { scoreAssessment, REASON_APPLIES_WHEN_FALSE } from "./score";
export type { AssessmentResult, AxisResult, IndicatorResult } from "./score";
export {
  compileDefinition,
  compareVersions,
  topologicalOrder,
  DEFAULT_MAX_LENGTH,
} from "./compile-definition";
export type {
  CompiledDefinition,
  CompiledIndicator,
  CompiledQuestion,
  CompileError,
  DefinitionPath,
} from "./compile-definition";
export { parseExpression, printExpression, collectNames } from "./expression/parser";
export type { Expr, ParseResult, ParseError } from "./expression/parser";
export { checkExpression, FUNCTIONS } from "./expression/checker";
export type { ValueType } from "./expression/checker";
export { REASON_DIVISION_BY_ZERO, REASON_NOT_FINITE } from "./expression/compile";
export { scoreLinear, scoreBands, scoreBoolean, pointsFor, scoreByRule } from "./rules";
export { roundHalfAwayFromZero, ROUNDING_RULE, VALUE_DECIMALS, SCORE_DECIMALS } from "./rounding";
export { prepareAnswers, normalizeAnswer } from "./context";
