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
    "question ids, indicator codes and survey aggregates (survey.workers.count, survey.workers.q_load.mean).",
});
const score = z.number().min(0).max(10);

const limit = z
  .union([z.number(), expression])
  .meta({ description: "A number, or an expression over other answers (e.g. board_members)." });

export const ChoiceSchema = z.strictObject({
  id: plainId,
  label: LocalizedTextSchema,
  value: z
    .number()
    .optional()
    .meta({ description: "A number for this choice, read by value(q) in formulas (e.g. 0 to 4 on a scale)." }),
});

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

/** Pages of an assessment that sit beside its sections (/o/:org/assessments/:id/<name>). */
const ASSESSMENT_PAGES = ["answers", "check-answers", "comments", "guide", "surveys"];

export const SectionSchema = z.strictObject({
  id: plainId.refine((id) => !ASSESSMENT_PAGES.includes(id), { message: `a section id may not be one of the assessment's own pages (${ASSESSMENT_PAGES.join(", ")})` }),
  title: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  questions: z.array(QuestionSchema).min(1),
});

export const AxisSchema = z.strictObject({
  id: plainId,
  title: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  weight: z.union([z.number().positive(), expression]).meta({
    description: "The axis weight in the total: a positive number, or an expression over answers and organisation facts.",
  }),
  seal_minimum: score.meta({ description: "The axis score needed for the seal (0 to 10)." }),
  score: expression.optional().meta({
    description:
      "An expression over indicator codes (their values) and other axis ids (their scores) that gives this axis's score, " +
      "instead of the method's aggregation.",
  }),
  maximum: z.number().optional().meta({
    description: "The most this axis can score, shown in reports (points methods); computed from the rules when omitted.",
  }),
});

const bound = z.union([z.number(), expression]).meta({
  description: "A number, or an expression over norms and organisation facts (e.g. norm.pay_ratio_q3).",
});
export const LinearRuleSchema = z
  .strictObject({ kind: z.literal("linear"), from: bound, to: bound })
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
export const ValueRuleSchema = z
  .strictObject({
    kind: z.literal("value"),
    maximum: z.number().optional().meta({ description: "The most it can give (for reports); 0 for a penalty." }),
  })
  .meta({
    description:
      "The score is the indicator's value itself, not capped (a points method: positive points or negative penalty points).",
  });
export const RuleSchema = z.discriminatedUnion("kind", [
  LinearRuleSchema,
  BandsRuleSchema,
  BooleanRuleSchema,
  PointsRuleSchema,
  ValueRuleSchema,
]);

// --- scoring methods: rounding, lookup tables, groups, aggregation, norms ---------------

export const ROUNDING_MODES = ["half_away_from_zero", "half_even", "floor", "ceiling"] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const RoundingSchema = z
  .strictObject({
    decimals: z.number().int().min(-10).max(10),
    rounding: z.enum(ROUNDING_MODES).optional().meta({ description: "Default half_away_from_zero." }),
  })
  .meta({ description: "How a number is rounded when the result is built (once, at the edge)." });

export const PrecisionSchema = z
  .strictObject({
    values: RoundingSchema.optional().meta({ description: "Indicator values (default 4 decimals, half away from zero)." }),
    scores: RoundingSchema.optional().meta({
      description: "Indicator, axis and total scores (default 2 decimals, half away from zero).",
    }),
  })
  .meta({ description: "Rounding of the numbers a result shows; the engine computes at full precision inside." });

export const LookupTableSchema = z.discriminatedUnion("by", [
  z
    .strictObject({
      by: z.literal("category"),
      values: z.record(z.string(), z.number()),
      otherwise: z.number().optional().meta({ description: "For a category not listed; without it, not applicable." }),
    })
    .meta({ description: "A number per category (a choice id or an organisation fact's value): lookup(table, x)." }),
  z
    .strictObject({
      by: z.literal("range"),
      ranges: z
        .array(
          z.strictObject({
            from: z.number().optional().meta({ description: "Included; omitted on the first range: from minus infinity." }),
            to: z.number().optional().meta({ description: "Excluded; omitted on the last range: to infinity." }),
            value: z.number(),
          }),
        )
        .min(1),
    })
    .meta({
      description:
        "A number per range [from, to) of a number: ranges follow one another without gaps or overlaps (each from is the previous to).",
    }),
]);

export const ScaleSchema = z
  .strictObject({
    kind: z.enum(["0-10", "0-100", "points"]),
    floor: z.number().optional().meta({ description: "points: the lowest total (none by default: a negative total shows)." }),
    ceiling: z.number().optional().meta({ description: "points: the highest total (none by default)." }),
  })
  .meta({
    description:
      "0-10 (default): rule scores 0 to 10; 0-100: rule scores times 10; points: scores are points, axes and total are not capped.",
  });

export const AggregationSchema = z
  .union([
    z.enum(["weighted_mean", "sum"]),
    z.strictObject({ expression: expression }),
  ])
  .meta({
    description:
      "weighted_mean (default: applicable parts weighted, weights renormalised), sum (of score times weight), " +
      "or { expression } over axis ids (total only) and indicator codes.",
  });

export const ScoringMethodSchema = z
  .strictObject({
    scale: ScaleSchema.optional(),
    axes: z.enum(["weighted_mean", "sum"]).optional().meta({ description: "How an axis aggregates its indicators' scores." }),
    total: AggregationSchema.optional().meta({ description: "How the total aggregates the axes' scores." }),
    pass: expression.optional().meta({
      description:
        "The seal's pass rule over total and the axis ids (e.g. total >= 80); default: total at least seal.total_minimum " +
        "and every axis at its seal_minimum.",
    }),
    precision: PrecisionSchema.optional(),
  })
  .meta({ description: "The scoring method; omitted parts keep the default (weighted means of 0-10 scores)." });

export const NormSchema = z
  .strictObject({
    indicator: indicatorCode.meta({ description: "The indicator whose distribution sets the norm." }),
    campaign: z
      .union([z.literal("previous"), z.number().int().min(2000).max(2999)])
      .meta({ description: "The campaign it comes from: previous (the one before) or a year." }),
    statistic: z.enum(["mean", "median", "q1", "q3"]),
    by: z
      .enum(["legal_form", "organisation_type", "sector", "region", "size_band"])
      .optional()
      .meta({ description: "One value per category of this organisation fact (the organisation's own is used)." }),
  })
  .meta({
    description:
      "A number from an earlier campaign's submitted results, computed when the campaign opens and frozen with it; " +
      "read in formulas and rules by its name: norm.<name>.",
  });

const groupName = z.string().regex(/^[a-z][a-z0-9_]*$/, "a group name is lower case letters, digits and _");

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
  weight: z
    .union([z.number().positive(), expression])
    .default(1)
    .meta({ description: "Its weight in its axis: a positive number, or an expression over answers and organisation facts." }),
  precision: RoundingSchema.optional().meta({ description: "How this indicator's value is rounded in a result." }),
  advice: LocalizedTextSchema.optional().meta({ description: "Shown when the score is low." }),
});

/** The fewest responses before any aggregate is shown; the code refuses anything below. */
export const SURVEY_MINIMUM_FLOOR = 3;

export const SurveyScalePointSchema = z.strictObject({
  value: z.number().int().min(0).max(10),
  label: LocalizedTextSchema,
});

export const SurveyQuestionSchema = z
  .strictObject({
    id: questionId,
    type: z.enum(["scale", "free_text"]),
    label: LocalizedTextSchema.meta({ description: "The question as asked to the respondent." }),
    help: LocalizedTextSchema.optional(),
    scale: z
      .array(SurveyScalePointSchema)
      .min(2)
      .max(11)
      .optional()
      .meta({ description: "For a scale question: its points in order (e.g. 1 to 5), each with a label in every language." }),
    max_length: z.number().int().positive().max(2000).optional(),
  })
  .meta({ description: "A question of a stakeholder survey: a scale (mean and share of each point) or free text (never released)." });

export const SurveySchema = z
  .strictObject({
    group: plainId.meta({ description: "The stakeholders asked: workers, volunteers, clients...; formulas read survey.<group>.*" }),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    required: z.boolean().meta({ description: "Whether submission needs this survey to have reached its minimum." }),
    minimum_responses: z
      .number()
      .int()
      .min(SURVEY_MINIMUM_FLOOR)
      .max(1000)
      .optional()
      .meta({ description: "Responses needed before aggregates exist; the network's setting applies when it is higher." }),
    questions: z.array(SurveyQuestionSchema).min(1).max(60),
  })
  .meta({
    description:
      "An anonymous stakeholder survey attached to the assessment. Formulas read its aggregates: survey.<group>.count, " +
      "survey.<group>.response_rate (percent, when single-use codes were handed out), survey.<group>.<question>.mean and " +
      "survey.<group>.<question>.share_<value> (percent).",
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
    groups: z
      .record(groupName, z.array(z.string()).min(1))
      .optional()
      .meta({ description: "Named groups of indicator codes or question ids, for sum/mean/count/min/max(group)." }),
    tables: z
      .record(groupName, LookupTableSchema)
      .optional()
      .meta({ description: "Lookup tables by category or by range, for lookup(table, x)." }),
    norms: z.record(groupName, NormSchema).optional(),
    scoring: ScoringMethodSchema.optional(),
    surveys: z
      .array(SurveySchema)
      .max(10)
      .optional()
      .meta({ description: "Anonymous stakeholder surveys (workers, volunteers, clients) whose aggregates formulas read." }),
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
export type LookupTable = z.output<typeof LookupTableSchema>;
export type ScoringMethod = z.output<typeof ScoringMethodSchema>;
export type Precision = z.output<typeof PrecisionSchema>;
export type Rounding = z.output<typeof RoundingSchema>;
export type Norm = z.output<typeof NormSchema>;
export type Survey = z.output<typeof SurveySchema>;
export type SurveyQuestion = z.output<typeof SurveyQuestionSchema>;

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
