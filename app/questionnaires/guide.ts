import type { Translate } from "#app/i18n/translate";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { collectNames, parseExpression } from "#app/scoring/expression/parser";
import type { LocalizedText, Question } from "./schema";

export interface GuideQuestion {
  id: string;
  label: LocalizedText;
  help: LocalizedText | null;
  type: Question["type"];
  unit: Question["unit"] | null;
  choices: Array<{ id: string; label: LocalizedText }>;
  required: boolean;
  /** Asked only when an earlier answer calls for it. */
  conditional: boolean;
  /** Why it is asked: the indicators it feeds, directly or through another indicator. */
  feeds: Array<{ code: string; label: LocalizedText; scored: boolean }>;
}

export interface GuideSection {
  id: string;
  title: LocalizedText;
  description: LocalizedText | null;
  questions: GuideQuestion[];
}

/**
 * The whole questionnaire to read before starting, as the reference network advises (gather
 * the data, split the work): every question with its help, its unit, whether it is asked in
 * every case, and the indicators it feeds. Pure.
 */
export function questionnaireGuide(compiled: CompiledDefinition): GuideSection[] {
  // A definition never changes once compiled: its guide is worked out once (the section page
  // reads it on every view).
  let guide = guides.get(compiled);
  if (!guide) guides.set(compiled, (guide = buildGuide(compiled)));
  return guide;
}

const guides = new WeakMap<CompiledDefinition, GuideSection[]>();

/** "required · asked in some cases · Unit: €": how the page and the PDF describe a question. */
export function guideTags(q: GuideQuestion, t: Translate): string {
  const unit = q.type === "money" ? "eur" : q.unit;
  return [q.required ? t("pages.guideRequired") : t("pages.guideOptional"), q.conditional ? t("pages.guideConditional") : null, unit ? t("pages.guideUnit", { unit: t(`units.${unit}`) }) : null]
    .filter(Boolean)
    .join(" · ");
}

function buildGuide(compiled: CompiledDefinition): GuideSection[] {
  const { definition } = compiled;
  const codes = new Set(definition.indicators.map((i) => i.code));
  // The names each indicator reads (its formula and when it applies).
  const reads = new Map<string, Set<string>>();
  for (const indicator of definition.indicators) {
    const names = new Set<string>();
    for (const source of [indicator.formula, indicator.applies_when]) {
      if (!source) continue;
      const parsed = parseExpression(source);
      if (parsed.ok) collectNames(parsed.expr, names);
    }
    reads.set(indicator.code, names);
  }
  // Close over indicators that read other indicators (bounded by their number).
  for (let round = 0; round < codes.size; round++) {
    let grew = false;
    for (const names of reads.values()) {
      for (const name of [...names]) {
        if (!codes.has(name)) continue;
        for (const inner of reads.get(name) ?? []) {
          if (!names.has(inner)) {
            names.add(inner);
            grew = true;
          }
        }
      }
    }
    if (!grew) break;
  }
  const feedsOf = (questionId: string) =>
    definition.indicators
      .filter((i) => reads.get(i.code)?.has(questionId))
      .map((i) => ({ code: i.code, label: i.label, scored: compiled.indicatorByCode.get(i.code)?.scored ?? false }));
  return definition.sections.map((s) => ({
    id: s.id,
    title: s.title,
    description: s.description ?? null,
    questions: s.questions.map((q) => ({
      id: q.id,
      label: q.label,
      help: q.help ?? null,
      type: q.type,
      unit: q.unit ?? null,
      choices: (q.choices ?? []).map((c) => ({ id: c.id, label: c.label })),
      required: q.required,
      conditional: q.applies_when !== undefined,
      feeds: feedsOf(q.id),
    })),
  }));
}
