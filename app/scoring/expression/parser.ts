/**
 * The formula language: a hand-written tokenizer and recursive-descent parser producing a
 * small AST. It never throws: any input, however broken, gives either an AST or an error with
 * its position.
 *
 * Grammar (lowest precedence first):
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | compare
 *   compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := number | string | "true" | "false" | name | name "(" args? ")" | "(" expr ")"
 *   number  := digits ("." digits)? (("e" | "E") ("+" | "-")? digits)?
 *   name    := word ("." word)*   (a qualified name: an organisation fact such as org.legal_form,
 *                                  a survey aggregate such as survey.workers.count)
 */

export type BinaryOp = "+" | "-" | "*" | "/" | "<" | "<=" | ">" | ">=" | "==" | "!=" | "and" | "or";

interface Span {
  start: number;
  end: number;
}

export type Expr =
  | ({ kind: "number"; value: number } & Span)
  | ({ kind: "string"; value: string } & Span)
  | ({ kind: "boolean"; value: boolean } & Span)
  | ({ kind: "name"; name: string } & Span)
  | ({ kind: "call"; name: string; args: Expr[] } & Span)
  | ({ kind: "negate"; arg: Expr } & Span)
  | ({ kind: "not"; arg: Expr } & Span)
  | ({ kind: "binary"; op: BinaryOp; left: Expr; right: Expr } & Span);

export interface ParseError {
  message: string;
  /** 0-based offset in the source. */
  start: number;
  end: number;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: ParseError };

type Token =
  | { type: "number"; value: number; start: number; end: number }
  | { type: "string"; value: string; start: number; end: number }
  | { type: "name"; value: string; start: number; end: number }
  | { type: "op"; value: string; start: number; end: number }
  | { type: "end"; value: ""; start: number; end: number };

const MAX_LENGTH = 10_000;
const MAX_DEPTH = 100;
/**
 * The deepest tree the parser builds. A chain `a + b + c ...` is a tree as deep as it is long,
 * and the checker, the compiler and the evaluator walk trees recursively: bounding the depth
 * bounds their stacks. `sum(a, b, c, ...)` is flat and has no such bound.
 */
export const MAX_TREE_DEPTH = 200;
const KEYWORDS = new Set(["and", "or", "not", "true", "false"]);

class Failure extends Error {
  constructor(
    readonly detail: ParseError,
  ) {
    super(detail.message);
  }
}

function fail(message: string, start: number, end: number): never {
  throw new Failure({ message, start, end: Math.max(end, start + 1) });
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}
function isNameStart(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (isDigit(c)) {
      while (i < source.length && isDigit(source[i])) i++;
      if (source[i] === "." && isDigit(source[i + 1] ?? "")) {
        i++;
        while (i < source.length && isDigit(source[i])) i++;
      }
      // an exponent: 1e9, 2.5e-3, 4E+2
      if (source[i] === "e" || source[i] === "E") {
        let j = i + 1;
        if (source[j] === "+" || source[j] === "-") j++;
        if (isDigit(source[j] ?? "")) {
          while (j < source.length && isDigit(source[j])) j++;
          i = j;
        }
      }
      if (i < source.length && (isNameStart(source[i]) || source[i] === ".")) {
        fail(`malformed number "${source.slice(start, i + 1)}"`, start, i + 1);
      }
      const value = Number(source.slice(start, i));
      if (!Number.isFinite(value)) fail(`number too large "${source.slice(start, Math.min(i, start + 12))}..."`, start, i);
      tokens.push({ type: "number", value, start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (i < source.length && (isNameStart(source[i]) || isDigit(source[i]))) i++;
      // a qualified name (org.legal_form, survey.workers.q_load.mean): its parts are names
      while (source[i] === "." && isNameStart(source[i + 1] ?? "")) {
        i++;
        while (i < source.length && (isNameStart(source[i]) || isDigit(source[i]))) i++;
      }
      tokens.push({ type: "name", value: source.slice(start, i), start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let value = "";
      for (;;) {
        if (i >= source.length) fail("unterminated string", start, source.length);
        const d = source[i];
        if (d === c) {
          i++;
          break;
        }
        if (d === "\\") {
          const e = source[i + 1];
          if (e !== c && e !== "\\") fail("unknown escape in string (only \\\\ and \\" + c + ")", i, i + 2);
          value += e;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ type: "string", value, start, end: i });
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === "<=" || two === ">=" || two === "==" || two === "!=") {
      tokens.push({ type: "op", value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if ("+-*/<>(),".includes(c)) {
      tokens.push({ type: "op", value: c, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === "=") fail('use "==" to compare', i, i + 1);
    if (two === "&&") fail('use "and"', i, i + 2);
    if (two === "||") fail('use "or"', i, i + 2);
    if (c === "!") fail('use "not"', i, i + 1);
    fail(`unexpected character "${c}"`, i, i + 1);
  }
  tokens.push({ type: "end", value: "", start: source.length, end: source.length });
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  /** Height of every inner node built (leaves are 1). */
  private readonly heights = new WeakMap<Expr, number>();
  constructor(private readonly tokens: Token[]) {}

  private height(e: Expr): number {
    return this.heights.get(e) ?? 1;
  }
  /** Records a node's height, refusing a tree deeper than MAX_TREE_DEPTH. */
  private built<E extends Expr>(e: E, children: readonly Expr[]): E {
    let h = 0;
    for (const c of children) h = Math.max(h, this.height(c));
    if (h + 1 > MAX_TREE_DEPTH) {
      fail(
        `expression too deep (more than ${MAX_TREE_DEPTH} operations inside one another): write a long addition as sum(a, b, c, ...)`,
        e.start,
        e.end,
      );
    }
    this.heights.set(e, h + 1);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.type !== "end") this.pos++;
    return t;
  }
  private isOp(value: string): boolean {
    const t = this.peek();
    return t.type === "op" && t.value === value;
  }
  private isWord(value: string): boolean {
    const t = this.peek();
    return t.type === "name" && t.value === value;
  }
  private expectOp(value: string, what: string): Token {
    const t = this.peek();
    if (t.type === "op" && t.value === value) return this.next();
    fail(`expected ${what}${t.type === "end" ? " before the end" : ` but found "${describe(t)}"`}`, t.start, t.end);
  }

  parseAll(): Expr {
    const expr = this.parseOr();
    const t = this.peek();
    if (t.type !== "end") fail(`unexpected "${describe(t)}" after a complete expression`, t.start, t.end);
    return expr;
  }

  private enter(t: Token) {
    if (++this.depth > MAX_DEPTH) fail("expression nested too deeply", t.start, t.end);
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      this.next();
      const right = this.parseAnd();
      left = this.built({ kind: "binary", op: "or", left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }
  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord("and")) {
      this.next();
      const right = this.parseNot();
      left = this.built({ kind: "binary", op: "and", left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }
  private parseNot(): Expr {
    if (this.isWord("not")) {
      const t = this.next();
      this.enter(t);
      const arg = this.parseNot();
      this.depth--;
      return this.built({ kind: "not", arg, start: t.start, end: arg.end }, [arg]);
    }
    return this.parseCompare();
  }
  private parseCompare(): Expr {
    const left = this.parseSum();
    const t = this.peek();
    if (t.type === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(t.value)) {
      this.next();
      const right = this.parseSum();
      const after = this.peek();
      if (after.type === "op" && ["<", "<=", ">", ">=", "==", "!="].includes(after.value)) {
        fail("comparisons cannot be chained: use and", after.start, after.end);
      }
      return this.built({ kind: "binary", op: t.value as BinaryOp, left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }
  private parseSum(): Expr {
    let left = this.parseProduct();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().value as BinaryOp;
      const right = this.parseProduct();
      left = this.built({ kind: "binary", op, left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }
  private parseProduct(): Expr {
    let left = this.parseUnary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.next().value as BinaryOp;
      const right = this.parseUnary();
      left = this.built({ kind: "binary", op, left, right, start: left.start, end: right.end }, [left, right]);
    }
    return left;
  }
  private parseUnary(): Expr {
    if (this.isOp("-")) {
      const t = this.next();
      this.enter(t);
      const arg = this.parseUnary();
      this.depth--;
      return this.built({ kind: "negate", arg, start: t.start, end: arg.end }, [arg]);
    }
    return this.parsePrimary();
  }
  private parsePrimary(): Expr {
    const t = this.next();
    switch (t.type) {
      case "number":
        return { kind: "number", value: t.value, start: t.start, end: t.end };
      case "string":
        return { kind: "string", value: t.value, start: t.start, end: t.end };
      case "name": {
        if (t.value === "true" || t.value === "false") {
          return { kind: "boolean", value: t.value === "true", start: t.start, end: t.end };
        }
        if (KEYWORDS.has(t.value)) fail(`"${t.value}" needs something before it`, t.start, t.end);
        if (!this.isOp("(")) return { kind: "name", name: t.value, start: t.start, end: t.end };
        this.next();
        this.enter(t);
        const args: Expr[] = [];
        if (!this.isOp(")")) {
          for (;;) {
            args.push(this.parseOr());
            if (this.isOp(",")) {
              this.next();
              continue;
            }
            break;
          }
        }
        const close = this.expectOp(")", `"," or ")" to close ${t.value}(`);
        this.depth--;
        return this.built({ kind: "call", name: t.value, args, start: t.start, end: close.end }, args);
      }
      case "op":
        if (t.value === "(") {
          this.enter(t);
          const inner = this.parseOr();
          this.expectOp(")", '")"');
          this.depth--;
          return inner;
        }
        fail(`unexpected "${t.value}"`, t.start, t.end);
      // falls through (fail never returns)
      case "end":
        fail("unexpected end of expression", t.start, t.end);
    }
  }
}

function describe(t: Token): string {
  return t.type === "string" ? JSON.stringify(t.value) : String(t.value);
}

/** Parses an expression. Never throws. */
export function parseExpression(source: string): ParseResult {
  if (typeof source !== "string") return { ok: false, error: { message: "an expression is a string", start: 0, end: 1 } };
  if (source.length > MAX_LENGTH) {
    return { ok: false, error: { message: `expression longer than ${MAX_LENGTH} characters`, start: 0, end: 1 } };
  }
  try {
    const tokens = tokenize(source);
    if (tokens.length === 1) return { ok: false, error: { message: "empty expression", start: 0, end: 1 } };
    return { ok: true, expr: new Parser(tokens).parseAll() };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, error: error.detail };
    /* c8 ignore next 2 -- a bug in the parser must still not crash a definition load */
    return { ok: false, error: { message: `cannot parse: ${(error as Error).message}`, start: 0, end: 1 } };
  }
}

/** Names referred to in an expression (not function names). */
export function collectNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case "name":
      into.add(expr.name);
      break;
    case "call":
      for (const a of expr.args) collectNames(a, into);
      break;
    case "negate":
    case "not":
      collectNames(expr.arg, into);
      break;
    case "binary":
      collectNames(expr.left, into);
      collectNames(expr.right, into);
      break;
  }
  return into;
}

/**
 * Names whose value an expression reads: like collectNames, but a question seen only inside
 * answered(q) is not read (the formula chooses itself what a blank gives).
 */
export function collectValueNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case "name":
      into.add(expr.name);
      break;
    case "call":
      if (expr.name === "answered") break;
      for (const a of expr.args) collectValueNames(a, into);
      break;
    case "negate":
    case "not":
      collectValueNames(expr.arg, into);
      break;
    case "binary":
      collectValueNames(expr.left, into);
      collectValueNames(expr.right, into);
      break;
  }
  return into;
}

/** Prints an AST back to source, fully parenthesised (used by tests and error messages). */
export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case "number":
      return String(expr.value);
    case "string":
      return JSON.stringify(expr.value);
    case "boolean":
      return String(expr.value);
    case "name":
      return expr.name;
    case "call":
      return `${expr.name}(${expr.args.map(printExpression).join(", ")})`;
    case "negate":
      return `(-${printExpression(expr.arg)})`;
    case "not":
      return `(not ${printExpression(expr.arg)})`;
    case "binary":
      return `(${printExpression(expr.left)} ${expr.op} ${printExpression(expr.right)})`;
  }
}
