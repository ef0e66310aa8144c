/**
 * Questionnaire definitions: `indicators/<questionnaire>/<version>.yaml` -> CompiledDefinition.
 *
 * - schema.ts         the zod schema of a definition file (source of the JSON Schema), the
 *                     types (Definition, Question, Indicator, LocalizedText, AnswerValue,
 *                     Answers), the unit list and isMagnitudeUnit
 * - load.ts           loadDefinitionText: YAML -> shape check -> compile -> content hash, every
 *                     error with file, line and path (pure)
 * - files.ts          loadDefinitionFile, loadAllDefinitions (server: reads files)
 * - hash.ts           canonicalJson, sha256Hex, definitionHash (pure)
 * - answers.ts        validateAnswer, isQuestionApplicable, applicableQuestions, checkForSubmit,
 *                     parseLocaleNumber (pure: browser and server)
 * - comparability.ts  comparabilityBetween, followIndicator, checkAcrossDefinitions
 *
 * Scoring itself lives in app/scoring (scoreAssessment, ENGINE_VERSION), re-exported here for
 * convenience. Everything here is pure except files.ts, which imports node: modules lazily.
 *
 * Recording versions in the database and refusing a changed file for a version that has
 * answers is the application's job: compare `contentHash` with the stored hash.
 */
export * from "./schema";
export { loadDefinitionText, loadDefinitionObject, lineForPath } from "./load";
export type { LoadResult } from "./load";
export { loadDefinitionFile, loadAllDefinitions, listDefinitionFiles } from "./files";
export type { StoredDefinition } from "./files";
export { canonicalJson, sha256Hex, definitionHash } from "./hash";
export {
  validateAnswer,
  isQuestionApplicable,
  applicableQuestions,
  checkForSubmit,
  parseLocaleNumber,
} from "./answers";
export type { AnswerError, AnswerErrorCode, ValidateResult, SubmitProblem } from "./answers";
export { comparabilityBetween, followIndicator, checkAcrossDefinitions } from "./comparability";
export type { ComparabilityLine } from "./comparability";
export { scoreAssessment, ENGINE_VERSION } from "#app/scoring/index";
export type {
  AssessmentResult,
  AxisResult,
  IndicatorResult,
  CompiledDefinition,
  CompiledIndicator,
  CompiledQuestion,
} from "#app/scoring/index";
