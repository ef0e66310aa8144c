/**
 * The shape of a questionnaire definition file (`indicators/<questionnaire>/<version>.yaml`).
 *
 * This zod schema is the single source of truth: the TypeScript types below are inferred from
 * it and `indicators/definition.schema.json` is generated from it (`npm run indicators:schema`).
 * It checks the shape only; everything that needs more than one field at a time (names in
 * formulas, types, cycles, duplicate ids, choices named in rules) is checked by
 * `compileDefinition` in app/scoring.
 *
 * Pure module: safe on the server and in the browser.
 */
import { z } from "zod";
import { locales } from "#app/i18n/locales";

/** The languages Bilan ships, in which the shipped definitions are written. */
export const LANGUAGES = ["en", "fr", "ca", "es"] as const;
export type Language = string;

/**
 * The languages every text of a definition must be written in: those the installation offers
 * (indicators/network.yaml, see app/i18n/setup.server.ts), or the shipped four where no
 * configuration was read (the generated JSON schema).
 */
export function definitionLanguages(): readonly string[] {
  return locales.length ? locales : LANGUAGES;
}

/** A text in every language the installation offers (and perhaps others), keyed by language tag. */
export type LocalizedText = Readonly<Record<string, string>>;

/**
 * One stored answer. Dates are ISO `YYYY-MM-DD` strings, a multiple choice is the array of
 * the chosen choice ids, money/percent/number/integer are numbers (a percent is 0 to 100),
 * `null` is "no answer".
 */
export type AnswerValue = number | boolean | string | string[] | null;

/** An organisation's answers, keyed by question id. Keys that are not questions are ignored. */
export type Answers = Record<string, AnswerValue>;

/**
 * The units an indicator or a question may carry. Magnitude units measure an amount that adds
 * up across organisations (money, people, hours, energy...): the research release applies
 * dominance rules to them. The others (shares, ratios, points, yes/no) do not add up.
 */
export const UNITS = [
  "percent",
  "ratio",
  "points",
  "boolean",
  "eur",
  "people",
  "fte",
  "hours",
  "days",
  "count",
  "kwh",
  "tonnes",
  "km",
] as const;
export type Unit = (typeof UNITS)[number];

const MAGNITUDE_UNITS: ReadonlySet<string> = new Set<Unit>([
  "eur",
  "people",
  "fte",
  "hours",
  "days",
  "count",
  "kwh",
  "tonnes",
  "km",
]);

/** True for units that measure an amount that adds up (eur, people, hours, kwh...). */
export function isMagnitudeUnit(unit: string | null | undefined): boolean {
  return unit != null && MAGNITUDE_UNITS.has(unit);
}

export const QUESTION_TYPES = [
  "integer",
  "number",
  "percent",
  "money",
  "boolean",
  "single_choice",
  "multiple_choice",
  "short_text",
  "long_text",
  "date",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const text = z.string().trim().min(1, "must not be empty");

export const LocalizedTextSchema = z
  .record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a language is a BCP 47 tag such as en, fr or pt-BR"), text)
  .superRefine((value, ctx) => {
    const languages = definitionLanguages();
    for (const lang of languages) {
      if (!(lang in value)) ctx.addIssue({ code: "custom", path: [lang], message: `the ${lang} text is missing (every text is written in ${languages.join(", ")})` });
    }
  })
  .meta({ description: "A text in every language the installation offers (en, fr, ca and es for the shipped ones), keyed by language tag." });

const questionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "a question id is lower case letters, digits and _ (e.g. workers_total)")
  .refine((id) => id !== "constructor", "constructor is a reserved word");
const indicatorCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, "an indicator code is upper case letters, digits and _ (e.g. EQU_WOMEN_BOARD)");
const plainId = z.string().regex(/^[a-z][a-z0-9_]*$/, "an id is lower case letters, digits and _");
const expression = z.string().trim().min(1, "an expression must not be empty").meta({
  description:
    "An expression: arithmetic (+ - * /), comparisons (< <= > >= == !=), and/or/not, " +
    'if(c, a, b), min, max, sum, round, abs, answered(q), selected(q, "choice"), count_selected(q), ' +
    "question ids and indicator codes.",
});
const score = z.number().min(0).max(10);

const limit = z
  .union([z.number(), expression])
  .meta({ description: "A number, or an expression over other answers (e.g. board_members)." });

export const ChoiceSchema = z.strictObject({ id: plainId, label: LocalizedTextSchema });

export const QuestionSchema = z.strictObject({
  id: questionId,
  type: z.enum(QUESTION_TYPES),
  unit: z.enum(UNITS).optional(),
  label: LocalizedTextSchema.meta({ description: "The question as asked." }),
  help: LocalizedTextSchema.optional(),
  required: z.boolean().default(true),
  blank: z
    .union([
      z.literal("not_applicable"),
      z.strictObject({ value: z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]) }),
    ])
    .optional()
    .meta({
      description:
        "What an optional question left blank means for the indicators that read it: not_applicable (they are " +
        'dropped), or { value: ... } (scored as if answered so, e.g. { value: [] } for "none of these"). ' +
        "An optional question that feeds a scored indicator must say it.",
    }),
  applies_when: expression
    .optional()
    .meta({ description: "When set, the question is asked only when this expression is true." }),
  limits: z.strictObject({ min: limit.optional(), max: limit.optional() }).optional(),
  choices: z.array(ChoiceSchema).min(2).optional(),
  max_length: z.number().int().positive().optional(),
});

export const SectionSchema = z.strictObject({
  id: plainId,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  questions: z.array(QuestionSchema).min(1),
});

export const AxisSchema = z.strictObject({
  id: plainId,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  weight: z.number().positive(),
  seal_minimum: score.meta({ description: "The axis score needed for the seal (0 to 10)." }),
});

export const LinearRuleSchema = z
  .strictObject({ kind: z.literal("linear"), from: z.number(), to: z.number() })
  .meta({
    description:
      "0 at `from`, 10 at `to`, straight line between, clamped outside. `from` > `to` means lower is better.",
  });
export const BandsRuleSchema = z
  .strictObject({
    kind: z.literal("bands"),
    bands: z.array(z.strictObject({ up_to: z.number().optional(), score })).min(2),
  })
  .meta({
    description:
      "The first band whose `up_to` is at least the value gives the score; the last band has no `up_to`.",
  });
export const BooleanRuleSchema = z
  .strictObject({ kind: z.literal("boolean"), if_true: score.default(10), if_false: score.default(0) })
  .meta({ description: "A yes/no indicator: `if_true` (default 10) or `if_false` (default 0)." });
export const PointsRuleSchema = z
  .strictObject({ kind: z.literal("points"), points: z.record(z.string(), z.number()) })
  .meta({
    description:
      "Points per choice of the choice question the formula names; the selected choices add up, capped to 0..10.",
  });
export const RuleSchema = z.discriminatedUnion("kind", [
  LinearRuleSchema,
  BandsRuleSchema,
  BooleanRuleSchema,
  PointsRuleSchema,
]);

export const IndicatorSchema = z.strictObject({
  code: indicatorCode.meta({ description: "Stable identity of the indicator across versions." }),
  axis: plainId.nullable().meta({ description: "The axis it scores in, or null for data only." }),
  label: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  unit: z.enum(UNITS),
  formula: expression,
  applies_when: expression.optional(),
  scored: z.boolean().default(true),
  rule: RuleSchema.optional(),
  weight: z.number().positive().default(1),
  advice: LocalizedTextSchema.optional().meta({ description: "Shown when the score is low." }),
});

export const ComparabilitySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("same") }),
  z.strictObject({
    kind: z.literal("rescaled"),
    factor: z.number().optional(),
    offset: z.number().optional(),
    note: LocalizedTextSchema.optional(),
  }),
  z.strictObject({ kind: z.literal("replaced_by"), code: indicatorCode, note: LocalizedTextSchema.optional() }),
  z.strictObject({ kind: z.literal("not_comparable"), note: LocalizedTextSchema.optional() }),
]);

export const DefinitionSchema = z
  .strictObject({
    $schema: z.string().optional(),
    questionnaire: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, "a questionnaire id is lower case letters, digits and - (e.g. social-balance-basic)"),
    version: z
      .string({ error: 'the version must be a quoted string such as "2025.1"' })
      .regex(/^\d{4}\.\d{1,3}$/, 'a version is a year, a dot and a number, such as "2025.1"'),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema,
    axes: z.array(AxisSchema).min(1),
    sections: z.array(SectionSchema).min(1),
    indicators: z.array(IndicatorSchema).min(1),
    seal: z.strictObject({
      total_minimum: score.meta({ description: "The total score needed for the seal (0 to 10)." }),
    }),
    comparability: z
      .strictObject({
        previous_version: z.string().regex(/^\d{4}\.\d{1,3}$/),
        indicators: z.record(indicatorCode, ComparabilitySchema),
      })
      .optional()
      .meta({ description: "For each indicator code of the previous version, how this version relates to it." }),
  })
  .meta({
    title: "Bilan questionnaire definition",
    description: "One version of a questionnaire: indicators/<questionnaire>/<version>.yaml",
  });

export type Definition = z.output<typeof DefinitionSchema>;
export type DefinitionInput = z.input<typeof DefinitionSchema>;
export type Section = z.output<typeof SectionSchema>;
export type Question = z.output<typeof QuestionSchema>;
export type Choice = z.output<typeof ChoiceSchema>;
export type Axis = z.output<typeof AxisSchema>;
export type Indicator = z.output<typeof IndicatorSchema>;
export type Rule = z.output<typeof RuleSchema>;
export type Comparability = z.output<typeof ComparabilitySchema>;

/** A mistake in a definition file: `path` like `indicators[3].formula`, `line` 1-based. */
export interface DefinitionError {
  file: string;
  line?: number;
  path: string;
  message: string;
}

/** `["indicators", 3, "formula"]` -> `indicators[3].formula` */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
