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
 * - round() uses the engine's rounding rule (half away from zero).
 */
import type { AnswerValue } from "#app/questionnaires/schema";
import { roundHalfAwayFromZero } from "../rounding";
import type { CheckEnv, QuestionSymbol } from "./checker";
import type { Expr } from "./parser";

export type EvalValue = number | boolean | string | readonly string[] | undefined;

export interface EvalContext {
  /** Answer per question index; null when there is no usable answer. */
  answers: AnswerValue[];
  /** Why answers[i] is null: "no_answer:<id>", "question_not_applicable:<id>", "invalid_answer:<id>". */
  missing: (string | undefined)[];
  /** Value per indicator index; undefined when not applicable. */
  indicators: EvalValue[];
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
    case "sum": {
      const args = expr.args.map(c);
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
      const decimals = d && d.kind === "number" ? d.value : 0;
      return (ctx) => {
        const x = a(ctx);
        return x === undefined ? undefined : roundHalfAwayFromZero(x as number, decimals);
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
