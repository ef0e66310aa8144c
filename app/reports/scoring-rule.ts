/**
 * How an indicator is scored, as the report says it in one line: drawn from the indicator's rule
 * in its definition (pure). Choice indicators also name the choices the organisation selected.
 */
import type { Locale } from "#app/i18n/locales";
import type { CompiledDefinition, LocalizedText } from "#app/questionnaires/index";

export type ScoringRule =
  | { kind: "linear"; from: number | string; to: number | string }
  | { kind: "bands"; bands: Array<{ upTo: number | null; score: number }> }
  | { kind: "boolean"; ifTrue: number; ifFalse: number }
  | { kind: "points"; choices: Array<{ id: string; label: string; points: number }>; multiple: boolean }
  | { kind: "value"; maximum: number | null };

const pick = (text: LocalizedText | undefined, locale: Locale) => (text ? (text[locale] ?? text.en) : undefined);

/** The rule of `code` in `compiled`, or null when it has none (a data-only indicator). */
export function scoringRuleOf(compiled: CompiledDefinition, code: string, locale: Locale): ScoringRule | null {
  const indicator = compiled.indicatorByCode.get(code)?.indicator;
  const rule = indicator?.rule;
  if (!indicator || !rule) return null;
  switch (rule.kind) {
    case "linear":
      return { kind: "linear", from: rule.from, to: rule.to };
    case "bands":
      return { kind: "bands", bands: rule.bands.map((b) => ({ upTo: b.up_to ?? null, score: b.score })) };
    case "boolean":
      return { kind: "boolean", ifTrue: rule.if_true, ifFalse: rule.if_false };
    case "value":
      return { kind: "value", maximum: rule.maximum ?? null };
    case "points": {
      const question = compiled.questionById.get(indicator.formula.trim())?.question;
      const labelOf = new Map((question?.choices ?? []).map((c) => [c.id, pick(c.label, locale) ?? c.id]));
      return {
        kind: "points",
        multiple: question?.type === "multiple_choice",
        choices: Object.entries(rule.points).map(([id, points]) => ({ id, label: labelOf.get(id) ?? id, points })),
      };
    }
  }
}

/** The labels of the choices selected, in the rule's order. */
export function chosenLabels(rule: ScoringRule | null, selected: readonly string[] | undefined): string[] | null {
  if (!rule || rule.kind !== "points" || selected === undefined) return null;
  const set = new Set(selected);
  return rule.choices.filter((c) => set.has(c.id)).map((c) => c.label);
}
