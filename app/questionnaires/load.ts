/**
 * Loading a definition from YAML text: parse (with line numbers), check the shape with the zod
 * schema, compile and check everything else, hash. Every mistake found is reported, each with
 * the file, the line and the path in the definition. Pure: no file system here (see files.ts).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import { compileDefinition, type CompiledDefinition, type DefinitionPath } from "#app/scoring/compile-definition";
import { definitionHash } from "./hash";
import { DefinitionSchema, formatPath, type Definition, type DefinitionError } from "./schema";

export type LoadResult =
  | { ok: true; compiled: CompiledDefinition; errors: [] }
  | { ok: false; compiled: null; errors: DefinitionError[] };

/**
 * The largest definition file read (the shipped ones are under 100 kB). A bigger file is refused
 * before it is read, so that a mistake (or a hostile file) cannot exhaust the memory.
 */
export const MAX_DEFINITION_BYTES = 5_000_000;

/** How many aliases (`*name`) a file may expand; YAML's "billion laughs" needs many more. */
const MAX_ALIASES = 100;

/** Parses, validates and compiles one definition from its YAML text. */
export function loadDefinitionText(text: string, fileName: string): LoadResult {
  const fail = (errors: DefinitionError[]): LoadResult => ({ ok: false, compiled: null, errors });
  if (text.length > MAX_DEFINITION_BYTES) {
    return fail([{ file: fileName, line: 1, path: "", message: tooBig(text.length) }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return fail(
      doc.errors.map((e) => ({
        file: fileName,
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        path: "",
        message: `YAML: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const lineOf = (path: DefinitionPath) => lineForPath(doc, lineCounter, path);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // the yaml library refuses an alias expanding too much ("billion laughs"), or a broken alias
    const alias = firstAliasOffset(doc);
    return fail([
      {
        file: fileName,
        line: alias === undefined ? 1 : lineCounter.linePos(alias).line,
        path: "",
        message: `YAML: ${(error as Error).message} (a definition needs no aliases: write the values out)`,
      },
    ]);
  }
  const parsed = DefinitionSchema.safeParse(data);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((issue) => {
        const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
        const at = keys.length ? [...path, keys[0]] : path;
        return {
          file: fileName,
          line: lineOf(at),
          path: formatPath(at),
          message: keys.length ? `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}` : issue.message,
        };
      }),
    );
  }
  const result = compileParsed(parsed.data, fileName, lineOf);
  if (result.ok) result.compiled.source = text;
  return result;
}

export function tooBig(bytes: number): string {
  return `the file is ${(bytes / 1e6).toFixed(1)} MB; a definition is at most ${MAX_DEFINITION_BYTES / 1e6} MB`;
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** Compiles an already parsed definition object (e.g. one built in a test). */
export function loadDefinitionObject(data: unknown, fileName: string): LoadResult {
  const parsed = DefinitionSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      compiled: null,
      errors: parsed.error.issues.map((i) => ({ file: fileName, path: formatPath(i.path), message: i.message })),
    };
  }
  return compileParsed(parsed.data, fileName, () => undefined);
}

function compileParsed(
  definition: Definition,
  fileName: string,
  lineOf: (path: DefinitionPath) => number | undefined,
): LoadResult {
  const { $schema: _schema, ...content } = definition;
  const contentHash = definitionHash(content);
  const { compiled, errors } = compileDefinition(definition, { file: fileName, contentHash });
  if (!compiled) {
    return {
      ok: false,
      compiled: null,
      errors: errors.map((e) => ({ file: fileName, line: lineOf(e.path), path: formatPath(e.path), message: e.message })),
    };
  }
  compiled.locate = lineOf;
  return { ok: true, compiled, errors: [] };
}

/** The 1-based line of the deepest node of `path` found in the document. */
export function lineForPath(doc: Document, lineCounter: LineCounter, path: DefinitionPath): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value === key : p.key === key));
      if (!pair) break;
      // point at the key when the value is a block (its range starts on the next line)
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
      if (isScalar(node)) offset = rangeStart(node) ?? offset;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}
