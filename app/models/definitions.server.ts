import { count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, questionnaireVersions } from "#db/schema/index";
import { loadAllDefinitions, type CompiledDefinition } from "#app/questionnaires/index";
import { onStartup } from "#app/startup.server";

let registry: Map<string, CompiledDefinition> | undefined;
let loading: Promise<Map<string, CompiledDefinition>> | undefined;

export const versionIdOf = (questionnaire: string, version: string) => `${questionnaire}@${version}`;

export class DefinitionsError extends Error {}

/** Loads every file under indicators/ once; any error stops with the list of file:line messages. */
export function loadDefinitions(): Promise<Map<string, CompiledDefinition>> {
  if (registry) return Promise.resolve(registry);
  loading ??= (async () => {
    const { definitions, errors } = await loadAllDefinitions("indicators");
    if (errors.length > 0) {
      const lines = errors.map((e) => `  ${e.file}${e.line ? `:${e.line}` : ""} ${e.path ? `${e.path}: ` : ""}${e.message}`);
      throw new DefinitionsError(`Bilan cannot start: questionnaire definitions have errors.\n${lines.join("\n")}`);
    }
    const map = new Map<string, CompiledDefinition>();
    for (const compiled of definitions) {
      map.set(versionIdOf(compiled.definition.questionnaire, compiled.definition.version), compiled);
    }
    registry = map;
    return map;
  })().catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/**
 * Records each version and its content hash. A version already answered whose file changed is
 * refused: answers must keep meaning what they meant (a correction is a new version).
 */
export async function recordDefinitions() {
  const defs = await loadDefinitions();
  const db = await getDb();
  for (const [id, compiled] of defs) {
    const [stored] = await db
      .select({ contentHash: questionnaireVersions.contentHash })
      .from(questionnaireVersions)
      .where(eq(questionnaireVersions.id, id));
    const row = {
      id,
      questionnaire: compiled.definition.questionnaire,
      version: compiled.definition.version,
      contentHash: compiled.contentHash,
      file: compiled.file,
      title: compiled.definition.title,
    };
    if (!stored) {
      await db.insert(questionnaireVersions).values(row).onConflictDoNothing();
      continue;
    }
    if (stored.contentHash === compiled.contentHash) continue;
    const [used] = await db.select({ n: count() }).from(assessments).where(eq(assessments.versionId, id));
    if (used.n > 0) {
      throw new DefinitionsError(
        `Bilan cannot start: ${compiled.file} changed, but version ${compiled.definition.version} of ` +
          `${compiled.definition.questionnaire} already has answers (${used.n} assessments). ` +
          `Restore the file and publish the change as a new version.`,
      );
    }
    await db.update(questionnaireVersions).set(row).where(eq(questionnaireVersions.id, id));
  }
}

export async function getDefinition(versionId: string): Promise<CompiledDefinition | undefined> {
  return (await loadDefinitions()).get(versionId);
}

export async function listDefinitions(): Promise<CompiledDefinition[]> {
  return [...(await loadDefinitions()).values()];
}

const derived = new WeakMap<Map<string, CompiledDefinition>, Map<string, unknown>>();

/**
 * Something computed from the whole set of definitions (how versions relate, labels by language):
 * once per set, since the set does not change while the server runs.
 */
export async function fromDefinitions<T>(name: string, build: (definitions: CompiledDefinition[]) => T): Promise<T> {
  const definitions = await loadDefinitions();
  let cache = derived.get(definitions);
  if (!cache) derived.set(definitions, (cache = new Map()));
  if (!cache.has(name)) cache.set(name, build([...definitions.values()]));
  return cache.get(name) as T;
}

/** For tests that load definitions from another folder. */
export function resetDefinitions() {
  registry = undefined;
  loading = undefined;
}

onStartup("questionnaire definitions", recordDefinitions);
