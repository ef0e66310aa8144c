/**
 * From a shape-checked definition to the compiled form the engine runs: every expression parsed,
 * type-checked and turned into closures; the order in which questions' applicability and
 * indicators must be computed (topological); everything that needs more than one field checked.
 *
 * Errors carry the path in the definition (e.g. ["indicators", 3, "formula"]); the loader in
 * app/questionnaires turns paths into file lines.
 */
import type {
  Axis,
  Definition,
  Indicator,
  Question,
  QuestionType,
} from "#app/questionnaires/schema";
import {
  ORG_FACTS,
  questionValueType,
  type OrgFact,
  type CheckEnv,
  type IndicatorSymbol,
  type QuestionSymbol,
  type ValueType,
} from "./expression/checker";
import { KIND_BOOLEAN, KIND_NUMBER, KIND_OTHER } from "./context";
import { compileExpression, type Evaluator } from "./expression/compile";
import { collectNames, collectValueNames, parseExpression, type Expr } from "./expression/parser";
import { PUBLISHED_BEFORE_BLANK_RULE } from "./blank-rule";
import { topologicalOrder } from "./topo";
import { addFactsRead, compileMethod, parseAndCheck, declareExtras, type CompiledMethod, type CompiledNorm } from "./method";
import { surveyAggregateNames } from "#app/surveys/aggregates";
import type { AnswerValue } from "#app/questionnaires/schema";

export type DefinitionPath = Array<string | number>;
export interface CompileError {
  path: DefinitionPath;
  message: string;
}

export interface CompiledQuestion {
  question: Question;
  sectionId: string;
  /** Position in the flat list of questions (definition order). */
  index: number;
  valueType: ValueType;
  /** KIND_NUMBER, KIND_BOOLEAN or KIND_OTHER (see context.ts): a fast switch when scoring. */
  kind: number;
  choiceIds: readonly string[];
  /** null when the question always applies. */
  appliesWhen: Evaluator | null;
  min: number | Evaluator | null;
  max: number | Evaluator | null;
  maxLength: number | null;
  /** Precomputed reasons, so scoring builds no strings. */
  reasons: { noAnswer: string; notApplicable: string; invalid: string };
  /**
   * Whether submission needs an answer: required, or optional but feeding a scored indicator
   * without saying what a blank means (versions published before that had to be said).
   */
  requiredAtSubmit: boolean;
  /** What scoring reads for a blank answer (`blank: { value }`); null: no answer. */
  blankValue: AnswerValue | null;
  /** The first scored indicator whose score reads this answer, if any. */
  feedsScore: string | null;
}

/**
 * A survey aggregate formulas read (`survey.workers.q_load.mean`): a number slot in the
 * evaluation context after the questions, filled from the answers under the same name.
 */
export interface CompiledAggregate {
  name: string;
  group: string;
  /** Its slot in the context's answers (after every question). */
  index: number;
  /** Why it is null: the survey has not reached its minimum (or was not run). */
  missingReason: string;
}

export interface CompiledIndicator {
  indicator: Indicator;
  index: number;
  /** Index in `definition.axes`, or -1 for none. */
  axisIndex: number;
  valueType: ValueType;
  appliesWhen: Evaluator | null;
  formula: Evaluator;
  /** Whether this indicator's score counts (scored and on an axis). */
  scored: boolean;
  /** For a `points` rule: the choice question's choices in order. */
  choiceOrder: readonly string[] | null;
}

export interface CompiledDefinition {
  definition: Definition;
  /** sha-256 (hex) of the canonical JSON of the parsed definition. */
  contentHash: string;
  /** Where it was loaded from (for messages). */
  file: string;
  /** The text it was loaded from, when it was loaded from text (kept by the application). */
  source?: string;
  /** True when its file is gone and it was loaded from the copy the application keeps. */
  storedCopy?: boolean;
  questions: CompiledQuestion[];
  questionById: ReadonlyMap<string, CompiledQuestion>;
  /** Question indexes in an order where every applies_when comes after what it reads. */
  questionOrder: readonly number[];
  /** Survey aggregates, in the order of `definition.surveys`; empty for a version without surveys. */
  aggregates: readonly CompiledAggregate[];
  indicators: CompiledIndicator[];
  indicatorByCode: ReadonlyMap<string, CompiledIndicator>;
  /** Indicator indexes in an order where every indicator comes after those it uses. */
  indicatorOrder: readonly number[];
  axes: readonly Axis[];
  /** The named values filled in before scoring, by slot index (org.legal_form, norm.<name>, axis ids...). */
  slotNames: readonly string[];
  /** The norms the definition declares, with their slot index. */
  norms: readonly CompiledNorm[];
  /** How scores aggregate, scale, round and pass (the defaults when the definition says nothing). */
  method: CompiledMethod;
  /** The organisation facts its expressions read (recorded in each result). */
  factsRead: readonly OrgFact[];
  /** The 1-based source line of a path in the definition, when it was loaded from text. */
  locate?: (path: DefinitionPath) => number | undefined;
}

const NUMERIC: ReadonlySet<QuestionType> = new Set(["integer", "number", "percent", "money"]);
const CHOICE: ReadonlySet<QuestionType> = new Set(["single_choice", "multiple_choice"]);
const TEXT: ReadonlySet<QuestionType> = new Set(["short_text", "long_text"]);
export const DEFAULT_MAX_LENGTH: Readonly<Record<string, number>> = { short_text: 200, long_text: 5000 };

export function compareVersions(a: string, b: string): number {
  const [ay, an] = a.split(".").map(Number);
  const [by, bn] = b.split(".").map(Number);
  return ay !== by ? ay - by : an - bn;
}

export function compileDefinition(
  definition: Definition,
  meta: { file: string; contentHash: string },
): { compiled: CompiledDefinition | null; errors: CompileError[] } {
  const errors: CompileError[] = [];
  const err = (path: DefinitionPath, message: string) => errors.push({ path, message });

  // --- axes and sections ---------------------------------------------------------------
  const axisIndex = new Map<string, number>();
  definition.axes.forEach((axis, i) => {
    if (axisIndex.has(axis.id)) err(["axes", i, "id"], `duplicate axis id "${axis.id}"`);
    else axisIndex.set(axis.id, i);
  });
  const sectionIds = new Set<string>();
  definition.sections.forEach((s, i) => {
    if (sectionIds.has(s.id)) err(["sections", i, "id"], `duplicate section id "${s.id}"`);
    sectionIds.add(s.id);
  });

  // --- questions -----------------------------------------------------------------------
  interface QuestionDraft {
    question: Question;
    sectionId: string;
    path: DefinitionPath;
    symbol: QuestionSymbol;
  }
  const drafts: QuestionDraft[] = [];
  const questionSymbols = new Map<string, QuestionSymbol>();
  definition.sections.forEach((section, si) => {
    section.questions.forEach((question, qi) => {
      const path: DefinitionPath = ["sections", si, "questions", qi];
      if (questionSymbols.has(question.id)) {
        err([...path, "id"], `duplicate question id "${question.id}"`);
        return;
      }
      const choices = question.choices?.map((c) => c.id) ?? [];
      const symbol: QuestionSymbol = {
        kind: "question",
        name: question.id,
        index: drafts.length,
        type: questionValueType(question.type),
        questionType: question.type,
        choices,
        choiceValues: question.choices?.map((c) => c.value),
      };
      questionSymbols.set(question.id, symbol);
      drafts.push({ question, sectionId: section.id, path, symbol });

      if (CHOICE.has(question.type)) {
        if (!question.choices) err([...path, "type"], `a ${question.type} question needs choices`);
        const seen = new Set<string>();
        question.choices?.forEach((c, ci) => {
          if (seen.has(c.id)) err([...path, "choices", ci, "id"], `duplicate choice id "${c.id}"`);
          seen.add(c.id);
        });
      } else if (question.choices) {
        err([...path, "choices"], `only choice questions have choices (this one is ${question.type})`);
      }
      if (question.max_length !== undefined && !TEXT.has(question.type)) {
        err([...path, "max_length"], `only text questions have max_length (this one is ${question.type})`);
      }
      if (question.limits && !NUMERIC.has(question.type)) {
        err([...path, "limits"], `only number questions have limits (this one is ${question.type})`);
      }
      const { min, max } = question.limits ?? {};
      if (typeof min === "number" && typeof max === "number" && min > max) {
        err([...path, "limits"], `min (${min}) is above max (${max})`);
      }
    });
  });

  // --- stakeholder surveys: their aggregates are number slots after the questions ---------
  const aggregateSymbols = new Map<string, QuestionSymbol>();
  const aggregateDrafts: CompiledAggregate[] = [];
  const groups = new Set<string>();
  (definition.surveys ?? []).forEach((survey, si) => {
    const path: DefinitionPath = ["surveys", si];
    if (groups.has(survey.group)) err([...path, "group"], `duplicate survey group "${survey.group}"`);
    groups.add(survey.group);
    const ids = new Set<string>();
    survey.questions.forEach((q, qi) => {
      const qpath = [...path, "questions", qi];
      if (ids.has(q.id)) err([...qpath, "id"], `duplicate survey question id "${q.id}"`);
      ids.add(q.id);
      if (q.type === "scale") {
        if (!q.scale) err([...qpath, "scale"], "a scale question needs its points (scale: [{ value: 1, label: ... }, ...])");
        q.scale?.forEach((point, pi) => {
          const prev = pi > 0 ? q.scale![pi - 1].value : undefined;
          if (prev !== undefined && point.value <= prev) err([...qpath, "scale", pi, "value"], `scale values must increase (${point.value} after ${prev})`);
        });
        if (q.max_length !== undefined) err([...qpath, "max_length"], "only free_text questions have max_length");
      } else if (q.scale) {
        err([...qpath, "scale"], "only scale questions have a scale");
      }
    });
    if (!survey.questions.some((q) => q.type === "scale")) err([...path, "questions"], "a survey needs at least one scale question");
    for (const a of surveyAggregateNames(survey)) {
      if (aggregateSymbols.has(a.name)) continue;
      const index = drafts.length + aggregateDrafts.length;
      aggregateSymbols.set(a.name, { kind: "question", name: a.name, index, type: "number", questionType: "number", choices: [] });
      aggregateDrafts.push({ name: a.name, group: a.group, index, missingReason: `survey_below_minimum:${a.group}` });
    }
  });

  const indicatorSymbols = new Map<string, IndicatorSymbol>();
  definition.indicators.forEach((ind, i) => {
    if (indicatorSymbols.has(ind.code)) err(["indicators", i, "code"], `duplicate indicator code "${ind.code}"`);
    else indicatorSymbols.set(ind.code, { kind: "indicator", name: ind.code, index: i, type: "number" });
  });
  // named values filled in before scoring (organisation facts, norms), tables and groups
  const extras = declareExtras(definition, questionSymbols, indicatorSymbols, err);
  const questionEnv: CheckEnv = {
    lookup: (name) => questionSymbols.get(name) ?? indicatorSymbols.get(name) ?? extras.slots.get(name),
    table: (name) => extras.tables.get(name),
    names: () => questionSymbols.keys(),
    indicatorsRefused: "a question's applies_when and limits refer to answers only, not to indicators",
    slotsRefused:
      "a question's applies_when and limits refer to answers only, not to organisation facts or norms (the form does not know them): " +
      "read the fact in the indicator's formula or applies_when instead",
  };

  const parseChecked = (source: string, path: DefinitionPath, env: CheckEnv, wanted: ValueType[] | null, what: string) =>
    parseAndCheck(source, path, env, wanted, what, err);

  const questionDeps: number[][] = drafts.map(() => []);
  const appliesWhenExpr: (Expr | null)[] = drafts.map(() => null);
  const limitExprs: { min: Expr | number | null; max: Expr | number | null }[] = drafts.map(() => ({
    min: null,
    max: null,
  }));
  drafts.forEach((d, i) => {
    const q = d.question;
    const qEnv = questionEnv;
    if (q.applies_when !== undefined) {
      const r = parseChecked(q.applies_when, [...d.path, "applies_when"], qEnv, ["boolean"], "applies_when");
      if (r) {
        appliesWhenExpr[i] = r.expr;
        for (const name of collectNames(r.expr)) {
          const sym = questionSymbols.get(name);
          if (sym) questionDeps[i].push(sym.index);
        }
      }
    }
    for (const side of ["min", "max"] as const) {
      const limit = q.limits?.[side];
      if (typeof limit === "number") limitExprs[i][side] = limit;
      else if (typeof limit === "string") {
        const r = parseChecked(limit, [...d.path, "limits", side], qEnv, ["number"], `limits.${side}`);
        if (r) {
          if (collectNames(r.expr).has(q.id)) err([...d.path, "limits", side], `a limit cannot refer to its own question`);
          else limitExprs[i][side] = r.expr;
        }
      }
    }
  });
  const questionTopo = topologicalOrder(questionDeps);
  for (const cycle of questionTopo.cycles) {
    const names = cycle.map((i) => drafts[i].question.id);
    err([...drafts[cycle[0]].path, "applies_when"], `applies_when conditions form a cycle: ${[...names, names[0]].join(" -> ")}`);
  }

  // --- indicators ----------------------------------------------------------------------
  const fullEnv: CheckEnv = {
    lookup: (name) => questionSymbols.get(name) ?? aggregateSymbols.get(name) ?? indicatorSymbols.get(name) ?? extras.slots.get(name),
    group: (name) => extras.groups.get(name),
    table: (name) => extras.tables.get(name),
    names: function* () {
      yield* questionSymbols.keys();
      yield* aggregateSymbols.keys();
      yield* indicatorSymbols.keys();
    },
  };

  // dependencies between indicators, from the raw parse (before types are known)
  const parsedFormula: (Expr | null)[] = [];
  const parsedApplies: (Expr | null)[] = [];
  const indicatorDeps: number[][] = [];
  definition.indicators.forEach((ind) => {
    const f = parseExpression(ind.formula);
    const a = ind.applies_when !== undefined ? parseExpression(ind.applies_when) : null;
    parsedFormula.push(f.ok ? f.expr : null);
    parsedApplies.push(a && a.ok ? a.expr : null);
    const deps = new Set<number>();
    for (const e of [f.ok ? f.expr : null, a && a.ok ? a.expr : null]) {
      if (!e) continue;
      for (const name of collectNames(e)) {
        const sym = indicatorSymbols.get(name);
        if (sym) deps.add(sym.index);
        for (const m of extras.groups.get(name)?.members ?? []) if (m.kind === "indicator") deps.add(m.index);
      }
    }
    indicatorDeps.push([...deps]);
  });
  const indicatorTopo = topologicalOrder(indicatorDeps);
  const inCycle = new Set<number>();
  for (const cycle of indicatorTopo.cycles) {
    cycle.forEach((i) => inCycle.add(i));
    const names = cycle.map((i) => definition.indicators[i].code);
    err(["indicators", cycle[0], "formula"], `indicators form a cycle: ${[...names, names[0]].join(" -> ")}`);
  }

  const indicatorChecked: ({ formula: Expr; type: ValueType; applies: Expr | null } | null)[] =
    definition.indicators.map(() => null);
  for (const i of indicatorTopo.order) {
    if (inCycle.has(i)) continue;
    const ind = definition.indicators[i];
    const path: DefinitionPath = ["indicators", i];
    const isPoints = ind.rule?.kind === "points";
    const wanted: ValueType[] = isPoints ? ["choice", "choices"] : ["number", "boolean"];
    const f = parseChecked(ind.formula, [...path, "formula"], fullEnv, wanted, "formula");
    let applies: Expr | null = null;
    let appliesOk = true;
    if (ind.applies_when !== undefined) {
      const a = parseChecked(ind.applies_when, [...path, "applies_when"], fullEnv, ["boolean"], "applies_when");
      applies = a?.expr ?? null;
      appliesOk = a !== null;
    }
    if (!f || !appliesOk) continue;
    const sym = indicatorSymbols.get(ind.code);
    // a points indicator's value is its points: other formulas see a number
    if (sym && sym.index === i) sym.type = isPoints ? "number" : f.type;
    indicatorChecked[i] = { formula: f.expr, type: f.type, applies };
  }

  definition.indicators.forEach((ind, i) => {
    const path: DefinitionPath = ["indicators", i];
    if (ind.axis !== null && !axisIndex.has(ind.axis)) {
      err([...path, "axis"], `unknown axis "${ind.axis}" (axes: ${[...axisIndex.keys()].join(", ")})`);
    }
    if (ind.scored && ind.axis === null) err([...path, "axis"], "a scored indicator needs an axis (or scored: false)");
    if (ind.scored && !ind.rule) err([...path, "rule"], "a scored indicator needs a rule (or scored: false)");
    const rule = ind.rule;
    if (!rule) return;
    const checked = indicatorChecked[i];
    const rpath = [...path, "rule"];
    switch (rule.kind) {
      case "linear":
        if (typeof rule.from === "number" && rule.from === rule.to) err(rpath, "a linear rule needs from and to to differ");
        if (checked && checked.type !== "number") err(rpath, `a linear rule scores a number, and the formula gives ${checked.type}`);
        break;
      case "bands":
        rule.bands.forEach((band, b) => {
          const last = b === rule.bands.length - 1;
          if (last && band.up_to !== undefined) err([...rpath, "bands", b], "the last band has no up_to (it takes every higher value)");
          if (!last && band.up_to === undefined) err([...rpath, "bands", b], "every band but the last needs up_to");
          const prev = b > 0 ? rule.bands[b - 1].up_to : undefined;
          if (band.up_to !== undefined && prev !== undefined && band.up_to <= prev) {
            err([...rpath, "bands", b, "up_to"], `up_to must increase (${band.up_to} after ${prev})`);
          }
        });
        if (checked && checked.type !== "number") err(rpath, `a bands rule scores a number, and the formula gives ${checked.type}`);
        break;
      case "boolean":
        if (checked && checked.type !== "boolean") err(rpath, `a boolean rule scores a yes/no value, and the formula gives ${checked.type}`);
        break;
      case "value":
        if (checked && checked.type !== "number") err(rpath, `a value rule scores a number, and the formula gives ${checked.type}`);
        break;
      case "points": {
        const f = checked?.formula;
        if (checked && (!f || f.kind !== "name" || !questionSymbols.has(f.name))) {
          err([...path, "formula"], "the formula of a points indicator is the id of a choice question");
          break;
        }
        if (f && f.kind === "name") {
          const choices = questionSymbols.get(f.name)?.choices ?? [];
          for (const [choice, pts] of Object.entries(rule.points)) {
            if (!choices.includes(choice)) err([...rpath, "points", choice], `"${choice}" is not a choice of ${f.name} (choices: ${choices.join(", ")})`);
            if (!Number.isFinite(pts)) err([...rpath, "points", choice], "points are finite numbers");
          }
        }
        break;
      }
    }
  });

  definition.axes.forEach((axis, i) => {
    if (!definition.indicators.some((ind) => ind.scored && ind.axis === axis.id)) {
      err(["axes", i, "id"], `axis "${axis.id}" has no scored indicator`);
    }
  });

  // --- what a blank answer means for a score -------------------------------------------
  // indicators whose value a scored indicator needs (itself included), then the questions they read
  // (feeding[i]: 1 + the index of a scored indicator that needs indicator i; 0 when none does)
  const feeding = new Int32Array(definition.indicators.length);
  const todo: number[] = [];
  definition.indicators.forEach((ind, i) => {
    if (ind.scored && ind.axis !== null) {
      feeding[i] = i + 1;
      todo.push(i);
    }
  });
  while (todo.length) {
    const i = todo.pop()!;
    for (const d of indicatorDeps[i]) {
      if (!feeding[d]) {
        feeding[d] = feeding[i];
        todo.push(d);
      }
    }
  }
  const feedsScore = new Map<string, string>();
  definition.indicators.forEach((_ind, i) => {
    if (!feeding[i]) return;
    const scoredCode = definition.indicators[feeding[i] - 1].code;
    for (const e of [parsedFormula[i], parsedApplies[i]]) {
      if (!e) continue;
      for (const name of collectValueNames(e)) {
        if (questionSymbols.has(name) && !feedsScore.has(name)) feedsScore.set(name, scoredCode);
        // a group's questions are skipped when blank: a blank never needs saying there
      }
    }
  });
  const exempt = PUBLISHED_BEFORE_BLANK_RULE.has(meta.contentHash);
  for (const d of drafts) {
    const q = d.question;
    if (q.blank !== undefined && q.required) {
      err([...d.path, "blank"], "blank says what an optional question left blank means: add required: false, or drop blank");
    } else if (typeof q.blank === "object") {
      const problem = blankValueProblem(q, q.blank.value);
      if (problem) err([...d.path, "blank", "value"], problem);
    }
    const code = feedsScore.get(q.id);
    if (code && !q.required && q.blank === undefined && !exempt) {
      err(
        [...d.path, "required"],
        `${q.id} is optional but feeds the scored indicator ${code}: say what a blank means ` +
          `(blank: not_applicable, or blank: { value: ... } such as { value: [] } for "none of these"), or make it required`,
      );
    }
  }

  // --- comparability -------------------------------------------------------------------
  const comp = definition.comparability;
  if (comp) {
    if (compareVersions(comp.previous_version, definition.version) >= 0) {
      err(["comparability", "previous_version"], `the previous version (${comp.previous_version}) must come before ${definition.version}`);
    }
    for (const [code, line] of Object.entries(comp.indicators)) {
      const path = ["comparability", "indicators", code];
      if ((line.kind === "same" || line.kind === "rescaled") && !indicatorSymbols.has(code)) {
        err(path, `"${code}" is ${line.kind} but this version has no indicator ${code}`);
      }
      if (line.kind === "replaced_by") {
        if (!indicatorSymbols.has(line.code)) err([...path, "code"], `replaced by "${line.code}", which this version does not have`);
        if (indicatorSymbols.has(code)) err(path, `"${code}" still exists in this version: use same, rescaled or not_comparable`);
      }
      if (line.kind === "rescaled" && line.factor === undefined && line.offset === undefined) {
        err(path, "rescaled needs a factor, an offset or both");
      }
    }
  }

  // --- the scoring method: weights, aggregation, scale, pass rule, precision ---------------
  const factsRead = new Set<string>();
  for (const e of [...parsedFormula, ...parsedApplies, ...appliesWhenExpr]) if (e) addFactsRead(e, factsRead);
  const method = compileMethod(definition, {
    questionSymbols,
    indicatorSymbols,
    extras,
    err,
    indicatorsOk: indicatorChecked.every((c) => c !== null),
    factsRead,
  });

  if (errors.length || !method) return { compiled: null, errors };

  // --- build ---------------------------------------------------------------------------
  const compile = (e: Expr, env: CheckEnv): Evaluator => compileExpression(e, env);
  const questions: CompiledQuestion[] = drafts.map((d, i) => {
    const lim = limitExprs[i];
    const limit = (x: Expr | number | null) => (x === null || typeof x === "number" ? x : compile(x, questionEnv));
    const q = d.question;
    return {
      question: q,
      sectionId: d.sectionId,
      index: i,
      valueType: d.symbol.type,
      kind: d.symbol.type === "number" ? KIND_NUMBER : d.symbol.type === "boolean" ? KIND_BOOLEAN : KIND_OTHER,
      choiceIds: d.symbol.choices,
      appliesWhen: appliesWhenExpr[i] ? compile(appliesWhenExpr[i]!, questionEnv) : null,
      min: q.type === "percent" && lim.min === null ? 0 : limit(lim.min),
      max: q.type === "percent" && lim.max === null ? 100 : limit(lim.max),
      maxLength: TEXT.has(q.type) ? (q.max_length ?? DEFAULT_MAX_LENGTH[q.type]) : null,
      reasons: {
        noAnswer: `no_answer:${q.id}`,
        notApplicable: `question_not_applicable:${q.id}`,
        invalid: `invalid_answer:${q.id}`,
      },
      requiredAtSubmit: q.required || (feedsScore.has(q.id) && q.blank === undefined),
      blankValue: typeof q.blank === "object" ? blankValueFor(q, q.blank.value) : null,
      feedsScore: feedsScore.get(q.id) ?? null,
    };
  });
  const indicators: CompiledIndicator[] = definition.indicators.map((ind, i) => {
    const checked = indicatorChecked[i]!;
    const f = checked.formula;
    return {
      indicator: ind,
      index: i,
      axisIndex: ind.axis === null ? -1 : axisIndex.get(ind.axis)!,
      valueType: checked.type,
      appliesWhen: checked.applies ? compile(checked.applies, fullEnv) : null,
      formula: compile(f, fullEnv),
      scored: ind.scored && ind.axis !== null,
      choiceOrder: ind.rule?.kind === "points" && f.kind === "name" ? questionSymbols.get(f.name)!.choices : null,
    };
  });
  return {
    compiled: {
      definition,
      contentHash: meta.contentHash,
      file: meta.file,
      questions,
      questionById: new Map(questions.map((q) => [q.question.id, q])),
      questionOrder: questionTopo.order,
      aggregates: aggregateDrafts,
      indicators,
      indicatorByCode: new Map(indicators.map((c) => [c.indicator.code, c])),
      indicatorOrder: indicatorTopo.order,
      axes: definition.axes,
      slotNames: extras.slotNames,
      norms: extras.norms,
      method,
      factsRead: ORG_FACTS.filter((f) => factsRead.has(f)),
    },
    errors: [],
  };
}

/** Why `value` cannot stand for a blank answer of `q`, or null when it can. */
function blankValueProblem(q: Question, value: AnswerValue): string | null {
  const choices = q.choices?.map((c) => c.id) ?? [];
  switch (q.type) {
    case "integer":
    case "number":
    case "percent":
    case "money":
      if (typeof value !== "number" || !Number.isFinite(value)) return `the blank value of a ${q.type} question is a number`;
      if (q.type === "integer" && !Number.isInteger(value)) return "the blank value of an integer question is a whole number";
      return null;
    case "boolean":
      return typeof value === "boolean" ? null : "the blank value of a yes/no question is true or false";
    case "single_choice":
      return typeof value === "string" && choices.includes(value) ? null : `the blank value must be one of the choices (${choices.join(", ")})`;
    case "multiple_choice":
      return Array.isArray(value) && value.every((c) => choices.includes(c))
        ? null
        : `the blank value of a multiple choice question is a list of its choices, [] for none (choices: ${choices.join(", ")})`;
    case "short_text":
    case "long_text":
    case "date":
      return `a blank ${q.type} question can only be not_applicable`;
  }
}

/** The blank value as scoring reads it (multiple choices in definition order). */
function blankValueFor(q: Question, value: AnswerValue): AnswerValue {
  if (Array.isArray(value)) return (q.choices ?? []).map((c) => c.id).filter((c) => value.includes(c));
  return value;
}

export { topologicalOrder } from "./topo";
