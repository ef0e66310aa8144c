/**
 * How the indicators of one version relate to those of the previous version of the same
 * questionnaire, and the checks that need both versions at once.
 */
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import type { Comparability, DefinitionError } from "./schema";

export type ComparabilityLine = Comparability;

/**
 * For each indicator code of `previous`, what became of it in `next`: as declared in `next`'s
 * comparability block, or "same" when `next` keeps the code and declares nothing. A code that
 * disappears without a word is reported as not comparable.
 */
export function comparabilityBetween(
  previous: CompiledDefinition,
  next: CompiledDefinition,
): Record<string, ComparabilityLine> {
  const declared = next.definition.comparability;
  const lines = declared && declared.previous_version === previous.definition.version ? declared.indicators : {};
  const out: Record<string, ComparabilityLine> = {};
  for (const ind of previous.definition.indicators) {
    const line = lines[ind.code];
    if (line) out[ind.code] = line;
    else out[ind.code] = next.indicatorByCode.has(ind.code) ? { kind: "same" } : { kind: "not_comparable" };
  }
  return out;
}

/** Follows a code from `previous` into `next`: the code to read there, or null when the line breaks. */
export function followIndicator(
  code: string,
  previous: CompiledDefinition,
  next: CompiledDefinition,
): { code: string; factor: number; offset: number } | null {
  const line = comparabilityBetween(previous, next)[code];
  if (!line) return null;
  switch (line.kind) {
    case "same":
      return { code, factor: 1, offset: 0 };
    case "rescaled":
      return { code, factor: line.factor ?? 1, offset: line.offset ?? 0 };
    case "replaced_by":
    case "not_comparable":
      return null;
  }
}

/**
 * Checks across the loaded definitions:
 * - one file per questionnaire and version;
 * - a version's comparability names an existing previous version of the same questionnaire and
 *   says what became of every one of its indicator codes;
 * - a question id used by several questionnaires of the same version year has the same type and
 *   choices everywhere (a shared question is answered once).
 */
export function checkAcrossDefinitions(definitions: CompiledDefinition[]): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const byKey = new Map<string, CompiledDefinition>();
  for (const c of definitions) {
    const key = `${c.definition.questionnaire}@${c.definition.version}`;
    const other = byKey.get(key);
    if (other) errors.push({ file: c.file, line: c.locate?.(["version"]), path: "version", message: `${key} is also defined in ${other.file}` });
    else byKey.set(key, c);
  }
  for (const c of definitions) {
    const comp = c.definition.comparability;
    if (!comp) continue;
    const prev = byKey.get(`${c.definition.questionnaire}@${comp.previous_version}`);
    if (!prev) {
      errors.push({
        file: c.file,
        line: c.locate?.(["comparability", "previous_version"]),
        path: "comparability.previous_version",
        message: `no definition of ${c.definition.questionnaire} ${comp.previous_version} was found`,
      });
      continue;
    }
    for (const ind of prev.definition.indicators) {
      if (!comp.indicators[ind.code]) {
        errors.push({
          file: c.file,
          line: c.locate?.(["comparability", "indicators"]),
          path: `comparability.indicators.${ind.code}`,
          message: `indicator ${ind.code} of ${comp.previous_version} is not accounted for (same, rescaled, replaced_by or not_comparable)`,
        });
      }
    }
    for (const code of Object.keys(comp.indicators)) {
      if (!prev.indicatorByCode.has(code)) {
        errors.push({
          file: c.file,
          line: c.locate?.(["comparability", "indicators", code]),
          path: `comparability.indicators.${code}`,
          message: `${comp.previous_version} has no indicator ${code}`,
        });
      }
    }
  }
  const seen = new Map<string, { file: string; type: string; choices: string }>();
  for (const c of definitions) {
    for (const q of c.questions) {
      const key = `${c.definition.version.slice(0, 4)}:${q.question.id}`;
      const shape = { file: c.file, type: q.question.type, choices: q.choiceIds.join(",") };
      const other = seen.get(key);
      if (!other) seen.set(key, shape);
      else if (other.type !== shape.type || other.choices !== shape.choices) {
        const qi = c.definition.sections.findIndex((s) => s.id === q.sectionId);
        const qj = c.definition.sections[qi]?.questions.findIndex((x) => x.id === q.question.id) ?? -1;
        errors.push({
          file: c.file,
          line: c.locate?.(["sections", qi, "questions", qj, "id"]),
          path: q.question.id,
          message: `question ${q.question.id} is shared with ${other.file} but differs (type ${shape.type} vs ${other.type}, choices [${shape.choices}] vs [${other.choices}])`,
        });
      }
    }
  }
  return errors;
}
