/**
 * Turns a checked AST into a tree of closures, once per definition. Evaluating an expression is
 * then a few direct calls, with no lookups by name and no type tests (the checker proved the
 * types). `undefined` is the "not applicable" value: it propagates, and the closure that made it
 * writes the reason in `ctx.reason`.
 *
 * Semantics:
 * - a question with no answer (or that does not apply) is not applicable, except in answered();
 * - an indicator that is not applicable makes every indicator that uses it not applicable;
 * - division by zero, or any arithmetic result that is not a finite number, is not applicable;
 * - `and`/`or`/`if` evaluate lazily; `and`/`or` follow three-valued logic
 *   (`false and x` is false, `true or x` is true, whatever x);
 * - round() uses the engine's rounding rule (half away from zero); round(x, -1) rounds to tens;
 * - sum/mean/count/min/max over a group skip the members that do not apply (sum and count of
 *   none are 0; mean, min and max of none are not applicable); over listed arguments, one that
 *   does not apply makes sum/mean/min/max not applicable, and count counts those that apply;
 * - default(x, fallback) is fallback when x is not applicable;
 * - lookup(table, x): a category not listed (without otherwise), or a number outside every range,
 *   is not applicable.
 */
import type { AnswerValue } from "#app/questionnaires/schema";
import { roundHalfAwayFromZero, roundNumber } from "../rounding";
import { roundDigits, type CheckEnv, type GroupSymbol, type QuestionSymbol } from "./checker";
import type { Expr } from "./parser";

export type EvalValue = number | boolean | string | readonly string[] | undefined;

export interface EvalContext {
  /** Answer per question index; null when there is no usable answer. */
  answers: AnswerValue[];
  /** Why answers[i] is null: "no_answer:<id>", "question_not_applicable:<id>", "invalid_answer:<id>". */
  missing: (string | undefined)[];
  /** Value per indicator index; undefined when not applicable. */
  indicators: EvalValue[];
  /** Named values filled in before scoring (organisation facts, norms, axis scores); null when absent. */
  slots: (number | string | null)[];
  /** The reason the last not-applicable value was made. */
  reason: string | undefined;
}

export type Evaluator = (ctx: EvalContext) => EvalValue;

export const REASON_DIVISION_BY_ZERO = "division_by_zero";
export const REASON_NOT_FINITE = "not_finite";

function notFinite(ctx: EvalContext): undefined {
  ctx.reason = REASON_NOT_FINITE;
  return undefined;
}

function questionSymbol(env: CheckEnv, expr: Expr): QuestionSymbol {
  if (expr.kind !== "name") throw new Error("expected a question name (the checker should have refused this)");
  const sym = env.lookup(expr.name);
  if (!sym || sym.kind !== "question") throw new Error(`expected a question: ${expr.name}`);
  return sym;
}

/** Compiles a checked expression. Throws only on an expression the checker would refuse. */
export function compileExpression(expr: Expr, env: CheckEnv): Evaluator {
  const c = (e: Expr): Evaluator => compileExpression(e, env);
  switch (expr.kind) {
    case "number":
    case "string":
    case "boolean": {
      const value = expr.value;
      return () => value;
    }
    case "name": {
      const sym = env.lookup(expr.name);
      if (!sym) throw new Error(`unknown name ${expr.name}`);
      const i = sym.index;
      if (sym.kind === "question") {
        return (ctx) => {
          const v = ctx.answers[i];
          if (v === null) {
            ctx.reason = ctx.missing[i];
            return undefined;
          }
          return v;
        };
      }
      if (sym.kind === "slot") {
        const reason = sym.reason;
        return (ctx) => {
          const v = ctx.slots[i];
          if (v === null) {
            ctx.reason = reason;
            return undefined;
          }
          return v;
        };
      }
      const reason = `indicator_not_applicable:${sym.name}`;
      return (ctx) => {
        const v = ctx.indicators[i];
        if (v === undefined) ctx.reason = reason;
        return v;
      };
    }
    case "negate": {
      const a = c(expr.arg);
      return (ctx) => {
        const x = a(ctx);
        return x === undefined ? undefined : -(x as number);
      };
    }
    case "not": {
      const a = c(expr.arg);
      return (ctx) => {
        const x = a(ctx);
        return x === undefined ? undefined : !x;
      };
    }
    case "binary":
      return compileBinary(expr, c(expr.left), c(expr.right));
    case "call":
      return compileCall(expr, env, c);
  }
}

function compileBinary(expr: Expr & { kind: "binary" }, l: Evaluator, r: Evaluator): Evaluator {
  switch (expr.op) {
    case "and":
      return (ctx) => {
        const a = l(ctx);
        if (a === false) return false;
        if (a === undefined) {
          const reason = ctx.reason;
          const b = r(ctx);
          if (b === false) return false;
          ctx.reason = reason;
          return undefined;
        }
        return r(ctx);
      };
    case "or":
      return (ctx) => {
        const a = l(ctx);
        if (a === true) return true;
        if (a === undefined) {
          const reason = ctx.reason;
          const b = r(ctx);
          if (b === true) return true;
          ctx.reason = reason;
          return undefined;
        }
        return r(ctx);
      };
    case "+":
      return (ctx) => {
        const a = l(ctx);
        if (a === undefined) return undefined;
        const b = r(ctx);
        if (b === undefined) return undefined;
        const v = (a as number) + (b as number);
        return v - v === 0 ? v : notFinite(ctx);
      };
    case "-":
      return (ctx) => {
        const a = l(ctx);
        if (a === undefined) return undefined;
        const b = r(ctx);
        if (b === undefined) return undefined;
        const v = (a as number) - (b as number);
        return v - v === 0 ? v : notFinite(ctx);
      };
    case "*":
      return (ctx) => {
        const a = l(ctx);
        if (a === undefined) return undefined;
        const b = r(ctx);
        if (b === undefined) return undefined;
        const v = (a as number) * (b as number);
        return v - v === 0 ? v : notFinite(ctx);
      };
    case "/":
      return (ctx) => {
        const a = l(ctx);
        if (a === undefined) return undefined;
        const b = r(ctx);
        if (b === undefined) return undefined;
        if (b === 0) {
          ctx.reason = REASON_DIVISION_BY_ZERO;
          return undefined;
        }
        const v = (a as number) / (b as number);
        return v - v === 0 ? v : notFinite(ctx);
      };
    default: {
      const op = expr.op;
      return (ctx) => {
        const a = l(ctx);
        if (a === undefined) return undefined;
        const b = r(ctx);
        if (b === undefined) return undefined;
        switch (op) {
          case "<":
            return (a as number) < (b as number);
          case "<=":
            return (a as number) <= (b as number);
          case ">":
            return (a as number) > (b as number);
          case ">=":
            return (a as number) >= (b as number);
          case "==":
            return a === b;
          default:
            return a !== b;
        }
      };
    }
  }
}

function compileCall(expr: Expr & { kind: "call" }, env: CheckEnv, c: (e: Expr) => Evaluator): Evaluator {
  switch (expr.name) {
    case "if": {
      const [cond, then, otherwise] = expr.args.map(c);
      return (ctx) => {
        const k = cond(ctx);
        if (k === undefined) return undefined;
        return k ? then(ctx) : otherwise(ctx);
      };
    }
    case "min":
    case "max":
    case "sum":
    case "mean":
    case "count": {
      const g = expr.args.length === 1 && expr.args[0].kind === "name" ? env.group?.(expr.args[0].name) : undefined;
      if (g) return compileGroup(expr.name, g);
      const args = expr.args.map(c);
      if (expr.name === "count") {
        return (ctx) => {
          const reason = ctx.reason;
          let k = 0;
          for (let i = 0; i < args.length; i++) if (args[i](ctx) !== undefined) k++;
          ctx.reason = reason;
          return k;
        };
      }
      if (expr.name === "mean") {
        return (ctx) => {
          let acc = 0;
          for (let i = 0; i < args.length; i++) {
            const v = args[i](ctx);
            if (v === undefined) return undefined;
            acc += v as number;
          }
          const m = acc / args.length;
          return m - m === 0 ? m : notFinite(ctx);
        };
      }
      const name = expr.name;
      if (args.length === 1) return args[0];
      if (args.length === 2 && name !== "sum") {
        const [l, r] = args;
        const pickMin = name === "min";
        return (ctx) => {
          const a = l(ctx);
          if (a === undefined) return undefined;
          const b = r(ctx);
          if (b === undefined) return undefined;
          return pickMin ? ((a as number) <= (b as number) ? a : b) : (a as number) >= (b as number) ? a : b;
        };
      }
      return (ctx) => {
        let acc = 0;
        for (let i = 0; i < args.length; i++) {
          const v = args[i](ctx);
          if (v === undefined) return undefined;
          const x = v as number;
          if (i === 0) acc = x;
          else if (name === "sum") acc += x;
          else if (name === "min") acc = x < acc ? x : acc;
          else acc = x > acc ? x : acc;
        }
        return acc - acc === 0 ? acc : notFinite(ctx);
      };
    }
    case "abs": {
      const a = c(expr.args[0]);
      return (ctx) => {
        const x = a(ctx);
        return x === undefined ? undefined : Math.abs(x as number);
      };
    }
    case "round": {
      const a = c(expr.args[0]);
      const d = expr.args[1];
      const decimals = d ? (roundDigits(d) ?? 0) : 0;
      if (decimals < 0) {
        return (ctx) => {
          const x = a(ctx);
          return x === undefined ? undefined : roundNumber(x as number, decimals);
        };
      }
      return (ctx) => {
        const x = a(ctx);
        return x === undefined ? undefined : roundHalfAwayFromZero(x as number, decimals);
      };
    }
    case "floor":
    case "ceil": {
      const a = c(expr.args[0]);
      const f = expr.name === "floor" ? Math.floor : Math.ceil;
      return (ctx) => {
        const x = a(ctx);
        if (x === undefined) return undefined;
        const r = f(x as number);
        return r === 0 ? 0 : r; // never -0
      };
    }
    case "default": {
      const a = c(expr.args[0]);
      const b = c(expr.args[1]);
      return (ctx) => {
        const reason = ctx.reason;
        const x = a(ctx);
        if (x !== undefined) return x;
        ctx.reason = reason;
        return b(ctx);
      };
    }
    case "lookup": {
      const tname = expr.args[0];
      const table = tname.kind === "name" ? env.table?.(tname.name) : undefined;
      if (!table) throw new Error("lookup() of an unknown table (the checker should have refused this)");
      const x = c(expr.args[1]);
      const reason = `not_in_table:${(tname as { name: string }).name}`;
      if (table.by === "category") {
        const values = new Map(Object.entries(table.values));
        const otherwise = table.otherwise;
        return (ctx) => {
          const k = x(ctx);
          if (k === undefined) return undefined;
          const v = values.get(k as string) ?? otherwise;
          if (v === undefined) ctx.reason = reason;
          return v;
        };
      }
      const from = table.ranges.map((r) => r.from ?? -Infinity);
      const to = table.ranges.map((r) => r.to ?? Infinity);
      const value = table.ranges.map((r) => r.value);
      return (ctx) => {
        const k = x(ctx);
        if (k === undefined) return undefined;
        const n = k as number;
        for (let i = 0; i < value.length; i++) if (n >= from[i] && n < to[i]) return value[i];
        ctx.reason = reason;
        return undefined;
      };
    }
    case "value": {
      const sym = questionSymbol(env, expr.args[0]);
      const i = sym.index;
      const byChoice = new Map(sym.choices.map((id, k) => [id, sym.choiceValues?.[k] ?? 0]));
      return (ctx) => {
        const v = ctx.answers[i];
        if (v === null) {
          ctx.reason = ctx.missing[i];
          return undefined;
        }
        if (typeof v === "string") return byChoice.get(v) ?? 0;
        let acc = 0;
        for (const choice of v as string[]) acc += byChoice.get(choice) ?? 0;
        return acc;
      };
    }
    case "answered": {
      const i = questionSymbol(env, expr.args[0]).index;
      return (ctx) => ctx.answers[i] !== null;
    }
    case "selected": {
      const sym = questionSymbol(env, expr.args[0]);
      const i = sym.index;
      const arg = expr.args[1];
      const choice = arg.kind === "string" ? arg.value : "";
      if (sym.type === "choice") {
        return (ctx) => {
          const v = ctx.answers[i];
          if (v === null) {
            ctx.reason = ctx.missing[i];
            return undefined;
          }
          return v === choice;
        };
      }
      return (ctx) => {
        const v = ctx.answers[i];
        if (v === null) {
          ctx.reason = ctx.missing[i];
          return undefined;
        }
        return (v as string[]).includes(choice);
      };
    }
    case "count_selected": {
      const i = questionSymbol(env, expr.args[0]).index;
      return (ctx) => {
        const v = ctx.answers[i];
        if (v === null) {
          ctx.reason = ctx.missing[i];
          return undefined;
        }
        return (v as string[]).length;
      };
    }
    default:
      throw new Error(`unknown function ${expr.name}`);
  }
}

/** sum/mean/count/min/max over a group: members that do not apply are skipped. */
function compileGroup(name: string, g: GroupSymbol): Evaluator {
  const questions = g.members.filter((m) => m.kind === "question").map((m) => m.index);
  const indicators = g.members.filter((m) => m.kind === "indicator").map((m) => m.index);
  const empty = `group_empty:${g.name}`;
  return (ctx) => {
    let k = 0;
    let acc = 0;
    const take = (x: number) => {
      if (name === "min") acc = k === 0 || x < acc ? x : acc;
      else if (name === "max") acc = k === 0 || x > acc ? x : acc;
      else acc += x;
      k++;
    };
    for (let j = 0; j < questions.length; j++) {
      const v = ctx.answers[questions[j]];
      if (v !== null) take(typeof v === "number" ? v : 0);
    }
    for (let j = 0; j < indicators.length; j++) {
      const v = ctx.indicators[indicators[j]];
      if (v !== undefined) take(typeof v === "number" ? v : 0);
    }
    if (name === "count") return k;
    if (k === 0) {
      if (name === "sum") return 0;
      ctx.reason = empty;
      return undefined;
    }
    const r = name === "mean" ? acc / k : acc;
    return r - r === 0 ? r : notFinite(ctx);
  };
}
