import { count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, questionnaireVersions } from "#db/schema/index";
import { loadAllDefinitions, type CompiledDefinition, type StoredDefinition } from "#app/questionnaires/index";
import { onStartup } from "#app/startup.server";
import { log } from "#app/utils/log.server";

let registry: Map<string, CompiledDefinition> | undefined;
let loading: Promise<Map<string, CompiledDefinition>> | undefined;
let definitionsDir = "indicators";

export const versionIdOf = (questionnaire: string, version: string) => `${questionnaire}@${version}`;

export class DefinitionsError extends Error {}

/** The versions recorded in the database, with the text kept of each. */
async function storedDefinitions(): Promise<StoredDefinition[]> {
  const db = await getDb();
  return db
    .select({
      id: questionnaireVersions.id,
      file: questionnaireVersions.file,
      contentHash: questionnaireVersions.contentHash,
      source: questionnaireVersions.source,
    })
    .from(questionnaireVersions);
}

/**
 * Every definition under indicators/, and every recorded version whose file is gone, from the
 * copy kept in the database; with every error found. What the start and the admin page check.
 */
export async function checkDefinitions() {
  return loadAllDefinitions(definitionsDir, await storedDefinitions());
}

/**
 * Loads every file under indicators/ once, and the kept copy of every recorded version whose
 * file is gone; any error stops with the list of file:line messages.
 */
export function loadDefinitions(): Promise<Map<string, CompiledDefinition>> {
  if (registry) return Promise.resolve(registry);
  loading ??= (async () => {
    const { definitions, errors } = await checkDefinitions();
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
 * Records each version, its content hash and its text. A version already answered whose file
 * changed is refused: answers must keep meaning what they meant (a correction is a new version).
 * A version whose file is gone is served from the text kept in the database; the start says
 * which answered versions have no file, and refuses to start when one has no kept text either.
 */
export async function recordDefinitions(): Promise<{ usedWithoutFile: { id: string; file: string; assessments: number }[] }> {
  const defs = await loadDefinitions();
  const db = await getDb();
  for (const [id, compiled] of defs) {
    if (compiled.storedCopy) continue;
    const [stored] = await db
      .select({ contentHash: questionnaireVersions.contentHash, source: questionnaireVersions.source })
      .from(questionnaireVersions)
      .where(eq(questionnaireVersions.id, id));
    const row = {
      id,
      questionnaire: compiled.definition.questionnaire,
      version: compiled.definition.version,
      contentHash: compiled.contentHash,
      file: compiled.file,
      source: compiled.source ?? null,
      title: compiled.definition.title,
    };
    if (!stored) {
      await db.insert(questionnaireVersions).values(row).onConflictDoNothing();
      continue;
    }
    if (stored.contentHash === compiled.contentHash) {
      // rows recorded before the text was kept get it now, from a file that still gives their hash
      if (stored.source === null && row.source !== null) {
        await db.update(questionnaireVersions).set({ source: row.source }).where(eq(questionnaireVersions.id, id));
      }
      continue;
    }
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

  const usedWithoutFile: { id: string; file: string; assessments: number }[] = [];
  const lost: string[] = [];
  const { missing } = await checkDefinitions();
  for (const m of missing) {
    const [used] = await db.select({ n: count() }).from(assessments).where(eq(assessments.versionId, m.id));
    if (used.n === 0) continue;
    usedWithoutFile.push({ id: m.id, file: m.file, assessments: used.n });
    if (m.source === null) lost.push(`  ${m.id} (${used.n} assessments): restore ${m.file}`);
  }
  if (lost.length) {
    throw new DefinitionsError(
      `Bilan cannot start: answered questionnaire versions have neither their file nor a kept copy.\n${lost.join("\n")}`,
    );
  }
  if (usedWithoutFile.length) {
    log.warn(
      `Bilan: answered questionnaire versions have no file; they are served from the copy kept in the database:\n` +
        usedWithoutFile.map((u) => `  ${u.id} (${u.assessments} assessments): ${u.file} is missing`).join("\n"),
    );
  }
  return { usedWithoutFile };
}

export async function getDefinition(versionId: string): Promise<CompiledDefinition | undefined> {
  return (await loadDefinitions()).get(versionId);
}

/**
 * The people's name of each questionnaire version ("Basic social balance" and "2025.1" rather
 * than social-balance-basic@2025.1), by version id; an id without a definition keeps its id.
 */
export async function versionNames(versionIds: Iterable<string>): Promise<Record<string, { title: Readonly<Record<string, string>>; version: string }>> {
  const definitions = await loadDefinitions();
  const out: Record<string, { title: Readonly<Record<string, string>>; version: string }> = {};
  for (const id of versionIds) {
    const d = definitions.get(id)?.definition;
    out[id] = d ? { title: d.title, version: d.version } : { title: {}, version: id };
  }
  return out;
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
export function resetDefinitions(dir = "indicators") {
  registry = undefined;
  loading = undefined;
  definitionsDir = dir;
}

onStartup("questionnaire definitions", async () => {
  await recordDefinitions();
});
