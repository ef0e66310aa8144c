/**
 * Definitions for the report tests: three versions of a small questionnaire whose second
 * version keeps one code (same), rescales one, replaces one and changes one's meaning.
 */
import { compileMini, t } from "#app/scoring/testing/mini-definition";
import type { CompiledDefinition } from "#app/scoring/compile-definition";

export const REPORT_QUESTIONNAIRE = "mini";

export function reportDefinitions(): CompiledDefinition[] {
  const v2024 = compileMini((d) => {
    d.version = "2024.1";
    const renewable = d.indicators.find((i: any) => i.code === "ENV_RENEWABLE");
    renewable.advice = t("Switch to a renewable electricity cooperative.");
  });
  const v2025 = compileMini((d) => {
    d.version = "2025.1";
    const renewable = d.indicators.find((i: any) => i.code === "ENV_RENEWABLE");
    renewable.unit = "ratio";
    renewable.formula = "renewable / 100";
    renewable.rule = { kind: "linear", from: 0, to: 1 };
    renewable.advice = t("Switch to a renewable electricity cooperative.");
    const pay = d.indicators.find((i: any) => i.code === "EQU_PAY_RATIO");
    pay.code = "EQU_PAY_SPREAD";
    const waste = d.indicators.find((i: any) => i.code === "ENV_WASTE");
    waste.rule = { kind: "points", points: { sorting: 2, compost: 2, reuse: 2 } };
    d.comparability = {
      previous_version: "2024.1",
      indicators: {
        EQU_WOMEN: { kind: "same" },
        ENV_RENEWABLE: { kind: "rescaled", factor: 0.01, note: t("Now a share between 0 and 1.") },
        EQU_PAY_RATIO: { kind: "replaced_by", code: "EQU_PAY_SPREAD", note: t("Renamed.") },
        ENV_WASTE: { kind: "not_comparable", note: t("Points changed.") },
        EQU_ETHICAL_BANK: { kind: "same" },
        DAT_WORKERS: { kind: "same" },
      },
    };
  });
  const v2026 = compileMini((d) => {
    d.version = "2026.1";
    const renewable = d.indicators.find((i: any) => i.code === "ENV_RENEWABLE");
    renewable.unit = "ratio";
    renewable.formula = "renewable / 100";
    renewable.rule = { kind: "linear", from: 0, to: 1 };
    const pay = d.indicators.find((i: any) => i.code === "EQU_PAY_RATIO");
    pay.code = "EQU_PAY_SPREAD";
    const waste = d.indicators.find((i: any) => i.code === "ENV_WASTE");
    waste.rule = { kind: "points", points: { sorting: 2, compost: 2, reuse: 2 } };
  });
  return [v2024, v2025, v2026];
}

/** Answers with a few knobs, valid for every version above. */
export function reportAnswers(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    workers: 10,
    women_workers: 6,
    highest_salary: 30000,
    lowest_salary: 20000,
    renewable: 50,
    ethical_bank: true,
    legal_form: "cooperative",
    waste: ["sorting"],
    ...overrides,
  };
}
