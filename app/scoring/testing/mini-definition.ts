/**
 * A small definition for the engine's tests: two axes, a handful of questions of every kind,
 * indicators using every rule. Tests build variants of it with `miniDefinition({...})`.
 */
import { loadDefinitionObject } from "#app/questionnaires/load";
import type { CompiledDefinition } from "../compile-definition";
import { scoreAssessment } from "../score";

export const t = (en: string) => ({ en, fr: `${en} (fr)`, ca: `${en} (ca)`, es: `${en} (es)` });

export function miniDefinitionObject(): any {
  return {
    questionnaire: "mini",
    version: "2025.1",
    title: t("Mini"),
    description: t("A small questionnaire for tests"),
    axes: [
      { id: "equity", title: t("Equity"), weight: 2, seal_minimum: 3 },
      { id: "environment", title: t("Environment"), weight: 1, seal_minimum: 2 },
    ],
    sections: [
      {
        id: "general",
        title: t("General"),
        questions: [
          { id: "workers", type: "integer", unit: "people", label: t("Workers"), limits: { min: 0 } },
          {
            id: "women_workers",
            type: "integer",
            unit: "people",
            label: t("Women workers"),
            limits: { min: 0, max: "workers" },
            applies_when: "workers > 0",
          },
          { id: "highest_salary", type: "money", unit: "eur", label: t("Highest salary"), applies_when: "workers > 0" },
          { id: "lowest_salary", type: "money", unit: "eur", label: t("Lowest salary"), applies_when: "workers > 0" },
          { id: "renewable", type: "percent", label: t("Renewable electricity") },
          { id: "ethical_bank", type: "boolean", label: t("Ethical bank") },
          {
            id: "legal_form",
            type: "single_choice",
            label: t("Legal form"),
            choices: [
              { id: "cooperative", label: t("Cooperative") },
              { id: "association", label: t("Association") },
              { id: "company", label: t("Company") },
            ],
          },
          {
            id: "waste",
            type: "multiple_choice",
            label: t("Waste practices"),
            required: false,
            blank: "not_applicable",
            choices: [
              { id: "sorting", label: t("Sorting") },
              { id: "compost", label: t("Compost") },
              { id: "reuse", label: t("Reuse") },
            ],
          },
          { id: "founded", type: "date", label: t("Founded"), required: false },
          { id: "notes", type: "short_text", label: t("Notes"), required: false, max_length: 10 },
        ],
      },
    ],
    indicators: [
      {
        code: "EQU_WOMEN",
        axis: "equity",
        label: t("Women among workers"),
        unit: "percent",
        formula: "women_workers / workers * 100",
        applies_when: "workers > 0",
        rule: { kind: "linear", from: 0, to: 50 },
        weight: 1,
      },
      {
        code: "EQU_PAY_RATIO",
        axis: "equity",
        label: t("Pay ratio"),
        unit: "ratio",
        formula: "highest_salary / lowest_salary",
        rule: { kind: "bands", bands: [{ up_to: 2, score: 10 }, { up_to: 4, score: 5 }, { score: 0 }] },
        weight: 3,
      },
      {
        code: "ENV_RENEWABLE",
        axis: "environment",
        label: t("Renewable electricity"),
        unit: "percent",
        formula: "renewable",
        rule: { kind: "linear", from: 0, to: 100 },
      },
      {
        code: "ENV_WASTE",
        axis: "environment",
        label: t("Waste practices"),
        unit: "points",
        formula: "waste",
        rule: { kind: "points", points: { sorting: 4, compost: 3, reuse: 5 } },
      },
      {
        code: "EQU_ETHICAL_BANK",
        axis: "equity",
        label: t("Ethical bank"),
        unit: "boolean",
        formula: "ethical_bank",
        rule: { kind: "boolean" },
      },
      {
        code: "DAT_WORKERS",
        axis: null,
        label: t("Workers"),
        unit: "people",
        formula: "workers",
        scored: false,
      },
    ],
    seal: { total_minimum: 4 },
  };
}

export function compileMini(mutate?: (d: any) => void): CompiledDefinition {
  const d = miniDefinitionObject();
  mutate?.(d);
  const r = loadDefinitionObject(d, "mini.yaml");
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  return r.compiled;
}

/**
 * Evaluates one formula against answers, as a data-only indicator added to the mini definition.
 * Returns the value (yes/no as 1/0) or the reason it is not applicable.
 */
export function evaluate(
  formula: string,
  answers: Record<string, unknown>,
  extraIndicators: any[] = [],
): { value: number | null; reason?: string } {
  const c = compileMini((d) => {
    d.indicators.push(...extraIndicators, { code: "ZZ_TEST", axis: null, label: t("Test"), unit: "count", formula, scored: false });
  });
  const r = scoreAssessment(c, answers as any).indicators.find((i) => i.code === "ZZ_TEST")!;
  return r.applicable ? { value: r.value } : { value: null, reason: r.reason };
}
