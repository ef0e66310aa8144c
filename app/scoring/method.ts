/**
 * The scoring method of a definition, checked and compiled: named values filled in before
 * scoring (organisation facts, frozen norms), lookup tables, groups, weights that are
 * expressions, how axes and the total aggregate, the scale, the pass rule and the rounding of
 * the result. Everything omitted keeps today's method: weighted means of 0-10 scores, values to
 * 4 decimals and scores to 2, half away from zero, the seal at total and axis minimums.
 *
 * Errors carry their path in the definition, like every other definition error.
 */
import type { Definition, LookupTable, Norm, Rule } from "#app/questionnaires/schema";
import {
  checkExpression,
  NORM_PREFIX,
  ORG_FACTS,
  ORG_PREFIX,
  type CheckEnv,
  type GroupSymbol,
  type IndicatorSymbol,
  type QuestionSymbol,
  type SlotSymbol,
  type TableInfo,
  type ValueType,
} from "./expression/checker";
import { compileExpression, type Evaluator } from "./expression/compile";
import { collectNames, parseExpression, type Expr } from "./expression/parser";
import { topologicalOrder } from "./topo";
import { DEFAULT_SCORE_ROUNDING, DEFAULT_VALUE_ROUNDING, type RoundingSpec } from "./rounding";

type Path = Array<string | number>;
type Err = (path: Path, message: string) => void;

export interface CompiledNorm {
  name: string;
  slot: number;
  norm: Norm;
}

export interface Extras {
  /** org.<fact> and norm.<name>, by name. */
  slots: Map<string, SlotSymbol>;
  slotNames: string[];
  norms: CompiledNorm[];
  tables: Map<string, TableInfo>;
  groups: Map<string, GroupSymbol>;
  /** Slot index of each axis's score (aggregation expressions) and of the total (the pass rule). */
  axisSlots: number[];
  totalSlot: number;
}

export type Aggregation = "weighted_mean" | "sum";

export interface CompiledMethod {
  /** Whether the definition chose anything (then the result records the method). */
  declared: boolean;
  scale: { kind: "0-10" | "0-100" | "points"; floor: number | null; ceiling: number | null };
  axes: Aggregation;
  total: Aggregation | "expression";
  totalExpression: Evaluator | null;
  /** Per axis: its own score expression, or null for the method's aggregation. */
  axisScore: (Evaluator | null)[];
  /** Axis indexes in an order where every axis score expression comes after the axes it reads. */
  axisOrder: number[];
  pass: Evaluator | null;
  indicatorWeight: (number | Evaluator)[];
  axisWeight: (number | Evaluator)[];
  values: RoundingSpec;
  scores: RoundingSpec;
  /** Per indicator: its own rounding of the value, or null for `values`. */
  indicatorValues: (RoundingSpec | null)[];
  /** Per axis: the most it can score (points methods), or null when unknown. */
  axisMaximum: (number | null)[];
  /** The factor from a rule's 0-10 score to the scale (10 for 0-100, else 1). */
  ruleFactor: number;
  /** Per indicator with a linear rule whose from or to is an expression: both, compiled. */
  linearBounds: ({ from: number | Evaluator; to: number | Evaluator } | null)[];
  /** Slot index of each axis's score and of the total (read by aggregation expressions and the pass rule). */
  axisSlots: readonly number[];
  totalSlot: number;
}

/** Declares the named values, tables and groups before formulas are checked. */
export function declareExtras(
  definition: Definition,
  questions: ReadonlyMap<string, QuestionSymbol>,
  indicators: ReadonlyMap<string, IndicatorSymbol>,
  err: Err,
): Extras {
  const slots = new Map<string, SlotSymbol>();
  const slotNames: string[] = [];
  const addSlot = (name: string, type: ValueType, reason: string): SlotSymbol => {
    const sym: SlotSymbol = { kind: "slot", name, index: slotNames.length, type, reason };
    slotNames.push(name);
    return sym;
  };
  for (const fact of ORG_FACTS) {
    const name = ORG_PREFIX + fact;
    slots.set(name, addSlot(name, fact === "year_founded" ? "number" : "choice", `no_fact:${fact}`));
  }
  const norms: CompiledNorm[] = [];
  for (const [name, norm] of Object.entries(definition.norms ?? {})) {
    if (!indicators.has(norm.indicator)) {
      err(["norms", name, "indicator"], `norm ${name} reads indicator ${norm.indicator}, which this version does not have`);
    }
    const sym = addSlot(NORM_PREFIX + name, "number", `no_norm:${name}`);
    slots.set(sym.name, sym);
    norms.push({ name, slot: sym.index, norm });
  }

  const tables = new Map<string, TableInfo>();
  for (const [name, table] of Object.entries(definition.tables ?? {})) {
    if (questions.has(name)) err(["tables", name], `table ${name} has the name of a question`);
    // a table with bad ranges is still declared: its formulas are checked, and only the table is reported
    checkTable(table, ["tables", name], err);
    tables.set(name, table);
  }

  const groups = new Map<string, GroupSymbol>();
  for (const [name, members] of Object.entries(definition.groups ?? {})) {
    const path = ["groups", name];
    if (questions.has(name)) err(path, `group ${name} has the name of a question`);
    if (tables.has(name)) err(path, `group ${name} has the name of a table`);
    const syms: (QuestionSymbol | IndicatorSymbol)[] = [];
    const seen = new Set<string>();
    members.forEach((m, k) => {
      const sym = questions.get(m) ?? indicators.get(m);
      if (!sym) err([...path, k], `group ${name}: unknown question or indicator "${m}"`);
      else if (seen.has(m)) err([...path, k], `group ${name} lists ${m} twice`);
      else syms.push(sym);
      seen.add(m);
    });
    groups.set(name, { kind: "group", name, members: syms });
  }

  const axisSlots = definition.axes.map((a) => addSlot(a.id, "number", `axis_not_applicable:${a.id}`).index);
  const totalSlot = addSlot("total", "number", "no_total").index;
  return { slots, slotNames, norms, tables, groups, axisSlots, totalSlot };
}

/** A range table's ranges follow one another: no gap, no overlap, from < to, open ends only at the ends. */
function checkTable(table: LookupTable, path: Path, err: Err): void {
  if (table.by === "category") return;
  const r = table.ranges;
  r.forEach((range, k) => {
    const at = [...path, "ranges", k];
    if (range.from === undefined && k > 0) {
      err(at, "only the first range may leave out from (from minus infinity)");
    }
    if (range.to === undefined && k < r.length - 1) {
      err(at, "only the last range may leave out to (to infinity)");
    }
    if (range.from !== undefined && range.to !== undefined && !(range.from < range.to)) {
      err(at, `a range needs from < to (from ${range.from}, to ${range.to})`);
    }
    const prev = k > 0 ? r[k - 1].to : undefined;
    if (k > 0 && prev !== undefined && range.from !== undefined && range.from !== prev) {
      err(
        [...at, "from"],
        range.from > prev
          ? `a gap between ranges: the previous range ends at ${prev} and this one starts at ${range.from}`
          : `ranges overlap: the previous range ends at ${prev} and this one starts at ${range.from}`,
      );
    }
  });
}

interface MethodInputs {
  questionSymbols: ReadonlyMap<string, QuestionSymbol>;
  indicatorSymbols: ReadonlyMap<string, IndicatorSymbol>;
  extras: Extras;
  err: Err;
  /** False when some indicator failed its checks (then weights are not compiled). */
  indicatorsOk: boolean;
  /** Filled with the organisation facts the method's expressions read. */
  factsRead: Set<string>;
}

/** Checks and compiles the method. Returns null when there were errors (already reported). */
export function compileMethod(definition: Definition, inputs: MethodInputs): CompiledMethod | null {
  const { questionSymbols, indicatorSymbols, extras, err } = inputs;
  let failed = false;
  const fail: Err = (p, m) => {
    failed = true;
    err(p, m);
  };
  const scoring = definition.scoring;
  const axisIds = definition.axes.map((a) => a.id);
  const axisSym = new Map<string, SlotSymbol>(
    definition.axes.map((a, i) => [a.id, { kind: "slot", name: a.id, index: extras.axisSlots[i], type: "number", reason: `axis_not_applicable:${a.id}` }]),
  );
  const totalSym: SlotSymbol = { kind: "slot", name: "total", index: extras.totalSlot, type: "number", reason: "no_total" };

  // answers, indicators, facts and norms: weights
  const valueEnv: CheckEnv = {
    lookup: (name) => questionSymbols.get(name) ?? indicatorSymbols.get(name) ?? extras.slots.get(name),
    group: (name) => extras.groups.get(name),
    table: (name) => extras.tables.get(name),
    names: function* () {
      yield* questionSymbols.keys();
      yield* indicatorSymbols.keys();
      yield* extras.slots.keys();
    },
  };
  // axis ids (their scores), indicator codes (their values), facts and norms: aggregation
  const aggregateEnv: CheckEnv = {
    lookup: (name) => axisSym.get(name) ?? indicatorSymbols.get(name) ?? extras.slots.get(name),
    group: (name) => extras.groups.get(name),
    table: (name) => extras.tables.get(name),
    names: function* () {
      yield* axisIds;
      yield* indicatorSymbols.keys();
      yield* extras.slots.keys();
    },
  };
  const passEnv: CheckEnv = {
    ...aggregateEnv,
    lookup: (name) => (name === "total" ? totalSym : aggregateEnv.lookup(name)),
    names: function* () {
      yield "total";
      yield* aggregateEnv.names();
    },
  };

  const check = (source: string, path: Path, env: CheckEnv, wanted: ValueType, what: string): Expr | null => {
    const r = parseAndCheck(source, path, env, [wanted], what, fail);
    if (r) addFactsRead(r.expr, inputs.factsRead);
    return r?.expr ?? null;
  };

  // --- scale ---
  const scaleIn = scoring?.scale;
  const scale = { kind: scaleIn?.kind ?? "0-10", floor: scaleIn?.floor ?? null, ceiling: scaleIn?.ceiling ?? null } as CompiledMethod["scale"];
  if (scale.kind !== "points" && (scale.floor !== null || scale.ceiling !== null)) {
    fail(["scoring", "scale"], "floor and ceiling belong to a points scale (0-10 and 0-100 have their own limits)");
  }
  if (scale.floor !== null && scale.ceiling !== null && scale.floor > scale.ceiling) {
    fail(["scoring", "scale"], `the floor (${scale.floor}) is above the ceiling (${scale.ceiling})`);
  }
  definition.indicators.forEach((ind, i) => {
    if (ind.rule?.kind === "value" && scale.kind !== "points") {
      fail(["indicators", i, "rule"], "a value rule (points as they come) needs scoring.scale.kind: points");
    }
  });

  // --- weights ---
  const weight = (w: number | string, path: Path): number | Evaluator => {
    if (typeof w === "number") return w;
    const e = check(w, path, valueEnv, "number", "weight");
    return e && inputs.indicatorsOk ? compileExpression(e, valueEnv) : 1;
  };
  const indicatorWeight = definition.indicators.map((ind, i) => weight(ind.weight, ["indicators", i, "weight"]));
  const axisWeight = definition.axes.map((a, i) => weight(a.weight, ["axes", i, "weight"]));
  // a linear rule's range may come from norms and facts (read per assessment)
  const factsAndNorms: CheckEnv = {
    lookup: (name) => extras.slots.get(name),
    table: (name) => extras.tables.get(name),
    names: () => extras.slots.keys(),
  };
  const bound = (b: number | string, path: Path): number | Evaluator => {
    if (typeof b === "number") return b;
    const e = check(b, path, factsAndNorms, "number", "the range");
    return e ? compileExpression(e, factsAndNorms) : 0;
  };
  const linearBounds = definition.indicators.map((ind, i) => {
    const r = ind.rule;
    if (!r || r.kind !== "linear" || (typeof r.from === "number" && typeof r.to === "number")) return null;
    return { from: bound(r.from, ["indicators", i, "rule", "from"]), to: bound(r.to, ["indicators", i, "rule", "to"]) };
  });

  // --- axis score expressions, in dependency order ---
  const axisExpr: (Expr | null)[] = definition.axes.map((a, i) =>
    a.score === undefined ? null : check(a.score, ["axes", i, "score"], aggregateEnv, "number", "score"),
  );
  const axisDeps = axisExpr.map((e) => (e ? [...collectNames(e)].map((n) => axisIds.indexOf(n)).filter((k) => k >= 0) : []));
  const topo = topologicalOrder(axisDeps);
  for (const cycle of topo.cycles) {
    const names = cycle.map((k) => axisIds[k]);
    fail(["axes", cycle[0], "score"], `axis scores form a cycle: ${[...names, names[0]].join(" -> ")}`);
  }

  // --- total and pass ---
  const totalIn = scoring?.total ?? "weighted_mean";
  let totalExpr: Expr | null = null;
  if (typeof totalIn === "object") totalExpr = check(totalIn.expression, ["scoring", "total", "expression"], aggregateEnv, "number", "total");
  const passExpr = scoring?.pass === undefined ? null : check(scoring.pass, ["scoring", "pass"], passEnv, "boolean", "pass");

  // --- precision ---
  const spec = (r: { decimals: number; rounding?: RoundingSpec["rounding"] } | undefined, d: RoundingSpec): RoundingSpec =>
    r ? { decimals: r.decimals, rounding: r.rounding ?? "half_away_from_zero" } : d;
  const values = spec(scoring?.precision?.values, DEFAULT_VALUE_ROUNDING);
  const scores = spec(scoring?.precision?.scores, DEFAULT_SCORE_ROUNDING);
  const indicatorValues = definition.indicators.map((ind) => (ind.precision ? spec(ind.precision, values) : null));

  // --- maxima, for reports of points methods ---
  const ruleFactor = scale.kind === "0-100" ? 10 : 1;
  const axesAgg = scoring?.axes ?? "weighted_mean";
  const axisMaximum = definition.axes.map((axis, a) => {
    if (axis.maximum !== undefined) return axis.maximum;
    if (axisExpr[a]) return null;
    let sum = 0;
    let best = -Infinity;
    for (let i = 0; i < definition.indicators.length; i++) {
      const ind = definition.indicators[i];
      if (ind.axis !== axis.id || !ind.scored || !ind.rule) continue;
      const m = ruleMaximum(ind.rule);
      const w = indicatorWeight[i];
      if (m === null || typeof w !== "number") return null;
      sum += m * ruleFactor * w;
      best = Math.max(best, m * ruleFactor);
    }
    return axesAgg === "sum" ? sum : best === -Infinity ? null : best;
  });

  const declared =
    scoring !== undefined ||
    definition.indicators.some((ind) => ind.precision !== undefined || typeof ind.weight === "string") ||
    definition.axes.some((a) => typeof a.weight === "string" || a.score !== undefined) ||
    linearBounds.some((b) => b !== null);

  if (failed) return null;
  return {
    declared,
    scale,
    axes: axesAgg,
    total: typeof totalIn === "object" ? "expression" : totalIn,
    totalExpression: totalExpr ? compileExpression(totalExpr, aggregateEnv) : null,
    axisScore: axisExpr.map((e) => (e ? compileExpression(e, aggregateEnv) : null)),
    axisOrder: topo.order,
    pass: passExpr ? compileExpression(passExpr, passEnv) : null,
    indicatorWeight,
    axisWeight,
    values,
    scores,
    indicatorValues,
    axisMaximum,
    ruleFactor,
    linearBounds,
    axisSlots: extras.axisSlots,
    totalSlot: extras.totalSlot,
  };
}

/** The most a rule can give (0-10 scale), or null when it has no bound. */
function ruleMaximum(rule: Rule): number | null {
  switch (rule.kind) {
    case "linear":
      return 10;
    case "bands":
      return Math.max(...rule.bands.map((b) => b.score));
    case "boolean":
      return Math.max(rule.if_true, rule.if_false);
    case "points":
      return Math.min(10, Math.max(0, Object.values(rule.points).reduce((s, p) => s + Math.max(0, p), 0)));
    case "value":
      return rule.maximum ?? null;
  }
}

/** Adds the organisation facts an expression reads (org.<fact>) to `into`. */
export function addFactsRead(expr: Expr, into: Set<string>): void {
  for (const name of collectNames(expr)) if (name.startsWith(ORG_PREFIX)) into.add(name.slice(ORG_PREFIX.length));
}

/** Parses and checks one expression of a definition, reporting every problem at `path`. */
export function parseAndCheck(
  source: string,
  path: Path,
  env: CheckEnv,
  wanted: ValueType[] | null,
  what: string,
  err: Err,
): { expr: Expr; type: ValueType } | null {
  const parsed = parseExpression(source);
  if (!parsed.ok) {
    err(path, `${what}: ${parsed.error.message} (at column ${parsed.error.start + 1})`);
    return null;
  }
  const checked = checkExpression(parsed.expr, env);
  for (const issue of checked.issues) err(path, `${what}: ${issue.message} (at column ${issue.start + 1})`);
  if (checked.type === null) return null;
  if (wanted && !wanted.includes(checked.type)) {
    err(path, `${what} must give ${wanted.join(" or ")}, and it gives ${checked.type}`);
    return null;
  }
  return { expr: parsed.expr, type: checked.type };
}
