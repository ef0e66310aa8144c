/**
 * Static checks of a parsed expression: every name is known, every function gets the number and
 * types of arguments it takes, choice ids named in strings exist. Returns the expression's type.
 */
import type { QuestionType } from "#app/questionnaires/schema";
import type { Expr } from "./parser";

/**
 * Types of values in the language: `choice` is the id chosen in a single choice question,
 * `choices` the ids chosen in a multiple choice one, `string` a literal.
 */
export type ValueType = "number" | "boolean" | "choice" | "choices" | "text" | "date" | "string";

export interface QuestionSymbol {
  kind: "question";
  name: string;
  index: number;
  type: ValueType;
  questionType: QuestionType;
  choices: readonly string[];
  /** The numbers of the choices (`value:`), in the same order; undefined where a choice has none. */
  choiceValues?: readonly (number | undefined)[];
}
export interface IndicatorSymbol {
  kind: "indicator";
  name: string;
  index: number;
  type: ValueType;
}
/**
 * A named value filled in before scoring, outside the answers: an organisation fact
 * (org.legal_form), a frozen norm (norm.<name>), or, in aggregation expressions, an axis score
 * or the total. `reason` is the not-applicable reason when it has no value.
 */
export interface SlotSymbol {
  kind: "slot";
  name: string;
  index: number;
  type: ValueType;
  reason: string;
}
/** A named group of indicators or questions (definition `groups`), for sum/mean/count/min/max(group). */
export interface GroupSymbol {
  kind: "group";
  name: string;
  members: readonly (QuestionSymbol | IndicatorSymbol)[];
}
export type SymbolInfo = QuestionSymbol | IndicatorSymbol | SlotSymbol;

/** A lookup table as the checker and the compiler see it. */
export type TableInfo =
  | { by: "category"; values: Readonly<Record<string, number>>; otherwise?: number }
  | { by: "range"; ranges: ReadonlyArray<{ from?: number; to?: number; value: number }> };

/** The organisation facts a formula may read as org.<fact>. */
export const ORG_FACTS = ["legal_form", "organisation_type", "sector", "region", "size_band", "year_founded"] as const;
export type OrgFact = (typeof ORG_FACTS)[number];
export const ORG_PREFIX = "org.";
export const NORM_PREFIX = "norm.";

export interface CheckEnv {
  lookup(name: string): SymbolInfo | undefined;
  /** A group declared in the definition. */
  group?(name: string): GroupSymbol | undefined;
  /** A lookup table declared in the definition. */
  table?(name: string): TableInfo | undefined;
  /** Every name the expression could use, for "did you mean" hints. */
  names(): Iterable<string>;
  /** Why an indicator name is refused here (e.g. in a question's applies_when), if it is. */
  indicatorsRefused?: string;
  /** Why organisation facts and norms are refused here, if they are. */
  slotsRefused?: string;
}

export interface CheckIssue {
  message: string;
  start: number;
  end: number;
}

export const FUNCTIONS = [
  "if",
  "min",
  "max",
  "sum",
  "mean",
  "count",
  "round",
  "floor",
  "ceil",
  "abs",
  "default",
  "lookup",
  "value",
  "answered",
  "selected",
  "count_selected",
] as const;

export function questionValueType(type: QuestionType): ValueType {
  switch (type) {
    case "integer":
    case "number":
    case "percent":
    case "money":
      return "number";
    case "boolean":
      return "boolean";
    case "single_choice":
      return "choice";
    case "multiple_choice":
      return "choices";
    case "short_text":
    case "long_text":
      return "text";
    case "date":
      return "date";
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The digits of round(x, d): a whole number literal from -10 to 10 (a leading minus allowed), or null. */
export function roundDigits(d: Expr): number | null {
  const v = d.kind === "number" ? d.value : d.kind === "negate" && d.arg.kind === "number" ? -d.arg.value : NaN;
  return Number.isInteger(v) && v >= -10 && v <= 10 ? v : null;
}

export function checkExpression(expr: Expr, env: CheckEnv): { type: ValueType | null; issues: CheckIssue[] } {
  const issues: CheckIssue[] = [];
  const issue = (e: { start: number; end: number }, message: string): null => {
    issues.push({ message, start: e.start, end: e.end });
    return null;
  };

  const questionArg = (call: Expr & { kind: "call" }, arg: Expr | undefined): QuestionSymbol | null => {
    if (!arg || arg.kind !== "name") return issue(arg ?? call, `${call.name}() takes a question id as its first argument`);
    const sym = env.lookup(arg.name);
    if (!sym) return unknown(arg);
    if (sym.kind !== "question") return issue(arg, `${call.name}() takes a question id, and ${arg.name} is an indicator`);
    return sym;
  };

  const unknown = (e: Expr & { kind: "name" }): null => {
    if (e.name.startsWith(ORG_PREFIX)) {
      return issue(e, `unknown organisation fact "${e.name.slice(ORG_PREFIX.length)}" (facts: ${ORG_FACTS.map((f) => ORG_PREFIX + f).join(", ")})`);
    }
    if (e.name.startsWith(NORM_PREFIX)) return issue(e, `unknown norm "${e.name.slice(NORM_PREFIX.length)}" (norms are declared under norms:)`);
    if (env.group?.(e.name)) return issue(e, `"${e.name}" is a group: use it inside sum(), mean(), count(), min() or max()`);
    if (env.table?.(e.name)) return issue(e, `"${e.name}" is a lookup table: use lookup(${e.name}, x)`);
    const hint = closest(e.name, env.names());
    return issue(e, `unknown name "${e.name}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
  };

  const expect = (e: Expr, wanted: ValueType, what: string): boolean => {
    const t = visit(e);
    if (t === null) return false;
    if (t !== wanted) {
      issue(e, `${what} must be ${article(wanted)}, not ${article(t)}`);
      return false;
    }
    return true;
  };

  const visit = (e: Expr): ValueType | null => {
    switch (e.kind) {
      case "number":
        return "number";
      case "string":
        return "string";
      case "boolean":
        return "boolean";
      case "name": {
        const sym = env.lookup(e.name);
        if (!sym) return unknown(e);
        if (sym.kind === "indicator" && env.indicatorsRefused) return issue(e, env.indicatorsRefused);
        if (sym.kind === "slot" && env.slotsRefused) return issue(e, env.slotsRefused);
        return sym.type;
      }
      case "negate":
        return expect(e.arg, "number", "the operand of -") ? "number" : null;
      case "not":
        return expect(e.arg, "boolean", "the operand of not") ? "boolean" : null;
      case "binary": {
        const { op } = e;
        if (op === "and" || op === "or") {
          const a = expect(e.left, "boolean", `the left side of ${op}`);
          const b = expect(e.right, "boolean", `the right side of ${op}`);
          return a && b ? "boolean" : null;
        }
        if (op === "+" || op === "-" || op === "*" || op === "/") {
          const a = expect(e.left, "number", `the left side of ${op}`);
          const b = expect(e.right, "number", `the right side of ${op}`);
          return a && b ? "number" : null;
        }
        const l = visit(e.left);
        const r = visit(e.right);
        if (l === null || r === null) return null;
        return checkComparison(e, op, l, r) ? "boolean" : null;
      }
      case "call":
        return checkCall(e);
    }
  };

  const literalChoiceOk = (sym: QuestionSymbol | null, lit: Expr): boolean => {
    if (lit.kind !== "string") return true;
    if (sym && !sym.choices.includes(lit.value)) {
      issue(lit, `"${lit.value}" is not a choice of ${sym.name} (choices: ${sym.choices.join(", ")})`);
      return false;
    }
    return true;
  };

  const checkComparison = (e: Expr & { kind: "binary" }, op: string, l: ValueType, r: ValueType): boolean => {
    const ordered = op === "<" || op === "<=" || op === ">" || op === ">=";
    if (l === "number" && r === "number") return true;
    if (l === "date" || r === "date") {
      const other = l === "date" ? e.right : e.left;
      const otherType = l === "date" ? r : l;
      if (otherType === "date") return true;
      if (otherType === "string" && other.kind === "string" && DATE.test(other.value)) return true;
      issue(e, `a date compares with a date or a "YYYY-MM-DD" string`);
      return false;
    }
    if (!ordered) {
      if (l === "boolean" && r === "boolean") return true;
      if ((l === "choice" && r === "string") || (l === "string" && r === "choice")) {
        const symSide = l === "choice" ? e.left : e.right;
        const lit = l === "choice" ? e.right : e.left;
        const sym = symSide.kind === "name" ? env.lookup(symSide.name) : undefined;
        return literalChoiceOk(sym && sym.kind === "question" ? sym : null, lit);
      }
      if (l === "string" && r === "string") {
        issue(e, "comparing two literal strings is always the same: compare a choice question with a choice id");
        return false;
      }
    }
    issue(e, `cannot compare ${article(l)} with ${article(r)} using ${op}`);
    return false;
  };

  const checkCall = (e: Expr & { kind: "call" }): ValueType | null => {
    const n = e.args.length;
    const arity = (min: number, max: number): boolean => {
      if (n < min || n > max) {
        const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
        issue(e, `${e.name}() takes ${wanted} argument${wanted === "1" ? "" : "s"}, not ${n}`);
        return false;
      }
      return true;
    };
    switch (e.name) {
      case "if": {
        if (!arity(3, 3)) return null;
        const c = expect(e.args[0], "boolean", "the condition of if()");
        const a = visit(e.args[1]);
        const b = visit(e.args[2]);
        if (!c || a === null || b === null) return null;
        if (a !== b || (a !== "number" && a !== "boolean")) {
          return issue(e, `both branches of if() must be numbers or both yes/no values (found ${article(a)} and ${article(b)})`);
        }
        return a;
      }
      case "min":
      case "max":
      case "sum":
      case "mean":
      case "count": {
        if (!arity(1, Infinity)) return null;
        const g = n === 1 && e.args[0].kind === "name" ? env.group?.(e.args[0].name) : undefined;
        if (g) {
          if (e.name === "count") return "number";
          const bad = g.members.find((m) => m.type !== "number");
          if (bad) return issue(e.args[0], `${e.name}() of group ${g.name} needs numbers, and ${bad.name} is ${article(bad.type)}`);
          return "number";
        }
        if (e.name === "count") {
          for (const a of e.args) visit(a);
          return "number";
        }
        let ok = true;
        e.args.forEach((a, i) => {
          ok = expect(a, "number", `argument ${i + 1} of ${e.name}()`) && ok;
        });
        return ok ? "number" : null;
      }
      case "abs":
      case "floor":
      case "ceil":
        if (!arity(1, 1)) return null;
        return expect(e.args[0], "number", `the argument of ${e.name}()`) ? "number" : null;
      case "round": {
        if (!arity(1, 2)) return null;
        const x = expect(e.args[0], "number", "the first argument of round()");
        if (n === 2 && roundDigits(e.args[1]) === null) {
          issue(e.args[1], "the decimals of round() must be a whole number from -10 to 10 (round(x, -1) rounds to tens)");
          return null;
        }
        return x ? "number" : null;
      }
      case "default": {
        if (!arity(2, 2)) return null;
        const a = visit(e.args[0]);
        const b = visit(e.args[1]);
        if (a === null || b === null) return null;
        if (a === "number" && b === "number") return "number";
        if (a === "boolean" && b === "boolean") return "boolean";
        if (a === "choice" && b === "string") {
          const side = e.args[0];
          const sym = side.kind === "name" ? env.lookup(side.name) : undefined;
          return literalChoiceOk(sym && sym.kind === "question" ? sym : null, e.args[1]) ? "choice" : null;
        }
        return issue(e, `default(x, fallback) needs a fallback of the same kind as x (found ${article(a)} and ${article(b)})`);
      }
      case "lookup": {
        if (!arity(2, 2)) return null;
        const tname = e.args[0];
        const table = tname.kind === "name" ? env.table?.(tname.name) : undefined;
        if (!table) return issue(tname, "the first argument of lookup() is the name of a table declared under tables:");
        const x = visit(e.args[1]);
        if (x === null) return null;
        if (table.by === "range") {
          if (x !== "number") return issue(e.args[1], `table ${(tname as { name: string }).name} is by range: it looks up a number, not ${article(x)}`);
          return "number";
        }
        if (x !== "choice") return issue(e.args[1], `table ${(tname as { name: string }).name} is by category: it looks up a single choice or an organisation fact, not ${article(x)}`);
        const arg = e.args[1];
        const sym = arg.kind === "name" ? env.lookup(arg.name) : undefined;
        if (sym && sym.kind === "question") {
          for (const key of Object.keys(table.values)) {
            if (!sym.choices.includes(key)) issue(e.args[1], `table ${(tname as { name: string }).name} lists "${key}", which is not a choice of ${sym.name} (choices: ${sym.choices.join(", ")})`);
          }
        }
        return "number";
      }
      case "value": {
        if (!arity(1, 1)) return null;
        const sym = questionArg(e, e.args[0]);
        if (!sym) return null;
        if (sym.type !== "choice" && sym.type !== "choices") {
          return issue(e.args[0], `value() takes a choice question, and ${sym.name} is ${article(sym.type)}`);
        }
        if (!sym.choiceValues || sym.choiceValues.some((v) => v === undefined)) {
          return issue(e.args[0], `value(${sym.name}) needs a value: on every choice of ${sym.name}`);
        }
        return "number";
      }
      case "answered": {
        if (!arity(1, 1)) return null;
        return questionArg(e, e.args[0]) ? "boolean" : null;
      }
      case "selected": {
        if (!arity(2, 2)) return null;
        const sym = questionArg(e, e.args[0]);
        const lit = e.args[1];
        if (lit.kind !== "string") return issue(lit, 'the second argument of selected() is a choice id in quotes, e.g. "yes"');
        if (!sym) return null;
        if (sym.type !== "choice" && sym.type !== "choices") {
          return issue(e.args[0], `selected() takes a choice question, and ${sym.name} is ${article(sym.type)}`);
        }
        return literalChoiceOk(sym, lit) ? "boolean" : null;
      }
      case "count_selected": {
        if (!arity(1, 1)) return null;
        const sym = questionArg(e, e.args[0]);
        if (!sym) return null;
        if (sym.type !== "choices") {
          return issue(e.args[0], `count_selected() takes a multiple choice question, and ${sym.name} is ${article(sym.type)}`);
        }
        return "number";
      }
      default: {
        const hint = closest(e.name, FUNCTIONS);
        return issue(e, `unknown function "${e.name}"${hint ? ` (did you mean "${hint}"?)` : ""}`);
      }
    }
  };

  const type = visit(expr);
  return { type: issues.length ? null : type, issues };
}

function article(t: ValueType): string {
  switch (t) {
    case "number":
      return "a number";
    case "boolean":
      return "a yes/no value";
    case "choice":
      return "a single choice";
    case "choices":
      return "a multiple choice";
    case "text":
      return "a text";
    case "date":
      return "a date";
    case "string":
      return "a string";
  }
}

/** The known name closest to `name` (edit distance at most 2), for hints. */
function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    if (Math.abs(c.length - name.length) >= bestDistance) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
