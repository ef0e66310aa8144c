/**
 * Skipping must never score better than answering: an optional question that feeds a scored
 * indicator says what a blank means, or the definition is refused; versions published before the
 * rule (whose files may not change) require such questions at submission instead.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { checkForSubmit } from "#app/questionnaires/answers";
import { loadAllDefinitions } from "#app/questionnaires/files";
import { loadDefinitionObject, loadDefinitionText } from "#app/questionnaires/load";
import { compileMini, miniDefinitionObject } from "./testing/mini-definition";
import { scoreAssessment } from "./score";

const WASTE = 7; // index of the `waste` question in the mini definition
const answers = { workers: 10, women_workers: 4, highest_salary: 40000, lowest_salary: 20000, renewable: 40, ethical_bank: true, legal_form: "cooperative", waste: null };

const errorsOf = (mutate: (d: any) => void) => {
  const d = miniDefinitionObject();
  mutate(d);
  const r = loadDefinitionObject(d, "mini.yaml");
  return r.errors.map((e) => `${e.path}: ${e.message}`);
};
const environment = (r: ReturnType<typeof scoreAssessment>) => r.axes.find((a) => a.id === "environment")!.score;

describe("an optional question that feeds a score", () => {
  it("is refused when the definition does not say what a blank means", () => {
    expect(errorsOf((d) => delete d.sections[0].questions[WASTE].blank)).toEqual([
      `sections[0].questions[${WASTE}].required: waste is optional but feeds the scored indicator ENV_WASTE: say what a blank means (blank: not_applicable, or blank: { value: ... } such as { value: [] } for "none of these"), or make it required`,
    ]);
  });

  it("is refused when it feeds a score only through another indicator", () => {
    const errors = errorsOf((d) => {
      delete d.sections[0].questions[WASTE].blank;
      d.indicators = d.indicators.filter((i: { code: string }) => i.code !== "ENV_WASTE");
      d.indicators.push({ code: "DAT_WASTE", axis: null, label: d.title, unit: "count", formula: "count_selected(waste)", scored: false });
      d.indicators.push({ code: "ENV_WASTE_COUNT", axis: "environment", label: d.title, unit: "count", formula: "DAT_WASTE * 2", rule: { kind: "linear", from: 0, to: 6 } });
    });
    expect(errors).toEqual([expect.stringContaining("waste is optional but feeds the scored indicator ENV_WASTE_COUNT")]);
  });

  it("is accepted when the formula chooses its own default with answered()", () => {
    const errors = errorsOf((d) => {
      delete d.sections[0].questions[WASTE].blank;
      d.indicators = d.indicators.filter((i: { code: string }) => i.code !== "ENV_WASTE");
      d.indicators.push({ code: "ENV_WASTE_ANSWERED", axis: "environment", label: d.title, unit: "boolean", formula: "answered(waste)", rule: { kind: "boolean" } });
    });
    expect(errors).toEqual([]);
  });

  it("with blank: { value: [] } scores a blank exactly as an answer of none of these", () => {
    const compiled = compileMini((d) => (d.sections[0].questions[WASTE].blank = { value: [] }));
    const blank = scoreAssessment(compiled, answers);
    const none = scoreAssessment(compiled, { ...answers, waste: [] });
    expect(blank.indicators.find((i) => i.code === "ENV_WASTE")).toMatchObject({ applicable: true, score: 0 });
    expect(environment(blank)).toBe(environment(none));
    expect(blank.total).toBe(none.total);
    expect(checkForSubmit(compiled, answers)).toEqual([]);
  });

  it("with blank: not_applicable drops the indicator, as said", () => {
    const compiled = compileMini();
    const blank = scoreAssessment(compiled, answers);
    expect(blank.indicators.find((i) => i.code === "ENV_WASTE")).toMatchObject({ applicable: false, reason: "no_answer:waste" });
    expect(checkForSubmit(compiled, answers)).toEqual([]);
  });

  it("blank belongs to optional questions, and its value must fit the question", () => {
    expect(errorsOf((d) => (d.sections[0].questions[WASTE].required = true))).toEqual([
      `sections[0].questions[${WASTE}].blank: blank says what an optional question left blank means: add required: false, or drop blank`,
    ]);
    expect(errorsOf((d) => (d.sections[0].questions[WASTE].blank = { value: ["glass"] }))).toEqual([
      expect.stringContaining(`sections[0].questions[${WASTE}].blank.value: the blank value of a multiple choice question is a list of its choices`),
    ]);
    expect(errorsOf((d) => (d.sections[0].questions[4] = { ...d.sections[0].questions[4], required: false, blank: { value: "lots" } }))).toEqual([
      "sections[0].questions[4].blank.value: the blank value of a percent question is a number",
    ]);
  });
});

describe("the shipped versions, published before the rule", () => {
  const QUESTIONS = ["waste_practices", "worklife_measures", "information_channels", "accessibility_measures"];

  it("require at submission every optional question that feeds a score (answering none of these is an answer)", async () => {
    const { definitions, errors } = await loadAllDefinitions("indicators");
    expect(errors).toEqual([]);
    let seen = 0;
    for (const compiled of definitions) {
      const fixture = compiled.definition.questionnaire === "social-balance-basic" ? "basic" : "complete";
      const file = `tests/fixtures/answers/${fixture}-${compiled.definition.version}-typical-cooperative.json`;
      const base = await readFile(file, "utf8").then((t) => JSON.parse(t).answers as Record<string, unknown>, () => null);
      if (!base) continue;
      for (const id of QUESTIONS.filter((q) => compiled.questionById.has(q))) {
        seen++;
        const q = compiled.questionById.get(id)!;
        expect(q.question.required, id).toBe(false);
        expect(q.feedsScore, id).not.toBeNull();
        const blank = checkForSubmit(compiled, { ...base, [id]: null } as never);
        expect(blank.map((p) => `${p.questionId} ${p.error.code}`), `${compiled.file} ${id}`).toContain(`${id} required`);
        expect(checkForSubmit(compiled, { ...base, [id]: [] } as never).some((p) => p.questionId === id), `${compiled.file} ${id} answered none`).toBe(false);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(6);
  });

  it("lose their exemption as soon as their file changes: indicators:check then refuses the ambiguity", async () => {
    const text = await readFile("indicators/social-balance-basic/2025.1.yaml", "utf8");
    const edited = text.replace('en: "Which waste practices do you follow?"', 'en: "Which waste practices?"');
    expect(edited).not.toBe(text);
    const r = loadDefinitionText(edited, "social-balance-basic/2025.1.yaml");
    expect(r.ok).toBe(false);
    const messages = r.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^\d+: sections\[\d+\]\.questions\[\d+\]\.required: waste_practices is optional but feeds the scored indicator ENV_WASTE_PRACTICES/));
    expect(messages).toContainEqual(expect.stringContaining("worklife_measures is optional but feeds the scored indicator"));
  });
});
