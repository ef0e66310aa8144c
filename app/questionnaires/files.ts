/**
 * Loading definitions from files (server side). The node: modules are imported lazily so that
 * importing app/questionnaires from code that also runs in the browser stays harmless.
 */
import { checkAcrossDefinitions } from "./comparability";
import { loadDefinitionText, MAX_DEFINITION_BYTES, tooBig, type LoadResult } from "./load";
import type { DefinitionError } from "./schema";
import type { CompiledDefinition } from "#app/scoring/compile-definition";

/** Directories under indicators/ that hold other data than definitions. */
const NOT_DEFINITIONS = new Set(["taxonomies"]);

/** Loads one definition file; checks that it sits at <questionnaire>/<version>.yaml. */
export async function loadDefinitionFile(filePath: string): Promise<LoadResult> {
  const { readFile, stat } = await import("node:fs/promises");
  const path = await import("node:path");
  let text: string;
  try {
    const { size } = await stat(filePath);
    if (size > MAX_DEFINITION_BYTES) return { ok: false, compiled: null, errors: [{ file: filePath, line: 1, path: "", message: tooBig(size) }] };
    text = await readFile(filePath, "utf8");
  } catch (error) {
    return { ok: false, compiled: null, errors: [{ file: filePath, path: "", message: `cannot read: ${(error as Error).message}` }] };
  }
  let result: LoadResult;
  try {
    result = loadDefinitionText(text, filePath);
  } catch (error) {
    // a bug in the checker must still name the file, and never stop the other files' checks
    return { ok: false, compiled: null, errors: [{ file: filePath, line: 1, path: "", message: `cannot check this file: ${(error as Error).message}` }] };
  }
  if (!result.ok) return result;
  const def = result.compiled.definition;
  const expected = path.join(def.questionnaire, `${def.version}.yaml`);
  const actual = path.join(path.basename(path.dirname(filePath)), path.basename(filePath));
  if (expected !== actual) {
    return {
      ok: false,
      compiled: null,
      errors: [{ file: filePath, line: 1, path: "", message: `this definition (${def.questionnaire} ${def.version}) belongs at ${expected}` }],
    };
  }
  return result;
}

/** Every definition file under `dir` (`<dir>/<questionnaire>/<version>.yaml`), sorted. */
export async function listDefinitionFiles(dir = "indicators"): Promise<string[]> {
  const { readdir } = await import("node:fs/promises");
  const path = await import("node:path");
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory() || NOT_DEFINITIONS.has(entry.name)) continue;
    for (const f of await readdir(path.join(dir, entry.name))) {
      if (f.endsWith(".yaml") || f.endsWith(".yml")) files.push(path.join(dir, entry.name, f));
    }
  }
  return files.sort();
}

/** A version the application recorded, with the text it kept (see loadAllDefinitions). */
export interface StoredDefinition {
  id: string;
  file: string;
  contentHash: string;
  source: string | null;
}

/** `<dir>/<questionnaire>/<version>.yaml` -> `<questionnaire>@<version>`, from the path alone. */
function idFromPath(file: string): string {
  const parts = file.split(/[\\/]/);
  return `${parts[parts.length - 2]}@${parts[parts.length - 1].replace(/\.ya?ml$/, "")}`;
}

/**
 * Loads, validates and cross-checks every definition under `dir`. A `stored` version whose file
 * is gone is loaded from its kept text (marked `storedCopy`), so that what was answered can
 * still be scored and shown; its text must still give its recorded hash. `missing` lists the
 * stored versions that have no file (with or without a kept text).
 */
export async function loadAllDefinitions(
  dir = "indicators",
  stored: readonly StoredDefinition[] = [],
): Promise<{ definitions: CompiledDefinition[]; errors: DefinitionError[]; missing: StoredDefinition[] }> {
  const definitions: CompiledDefinition[] = [];
  const errors: DefinitionError[] = [];
  let files: string[];
  try {
    files = await listDefinitionFiles(dir);
  } catch (error) {
    return { definitions, errors: [{ file: dir, path: "", message: `cannot list definitions: ${(error as Error).message}` }], missing: [] };
  }
  for (const file of files) {
    const result = await loadDefinitionFile(file);
    if (result.ok) definitions.push(result.compiled);
    else errors.push(...result.errors);
  }
  const onDisk = new Set(files.map(idFromPath));
  const missing = stored.filter((s) => !onDisk.has(s.id));
  for (const s of missing) {
    if (s.source === null) continue;
    const where = `${s.file} (the copy kept in the database)`;
    const result = loadDefinitionText(s.source, where);
    if (!result.ok) errors.push(...result.errors);
    else if (result.compiled.contentHash !== s.contentHash) {
      errors.push({ file: where, line: 1, path: "", message: `the kept copy of ${s.id} does not give its recorded hash ${s.contentHash}` });
    } else {
      result.compiled.storedCopy = true;
      definitions.push(result.compiled);
    }
  }
  errors.push(...checkAcrossDefinitions(definitions));
  return { definitions, errors, missing };
}
