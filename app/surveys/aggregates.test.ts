import { describe, expect, it } from "vitest";
import { loadDefinitionObject } from "#app/questionnaires/load";
import type { Survey } from "#app/questionnaires/schema";
import { definitionHash } from "#app/questionnaires/hash";
import { scoreAssessment } from "#app/scoring/score";
import { miniDefinitionObject, t } from "#app/scoring/testing/mini-definition";
import { aggregateSurvey, aggregatesAsAnswers, effectiveMinimum, freeTextList, surveyAggregateNames } from "./aggregates";

const scale = [1, 2, 3, 4, 5].map((value) => ({ value, label: t(`point ${value}`) }));
const workers: Survey = {
  group: "workers",
  title: t("Workers"),
  required: true,
  questions: [
    { id: "q_load", type: "scale", label: t("Workload"), scale },
    { id: "q_noise", type: "scale", label: t("Noise"), scale },
    { id: "q_comments", type: "free_text", label: t("Comments"), max_length: 500 },
  ],
};

function withSurvey(mutate?: (d: any) => void) {
  const d = miniDefinitionObject();
  d.surveys = [workers];
  d.indicators.push(
    { code: "WRK_LOAD", axis: "equity", label: t("Load"), unit: "points", formula: "survey.workers.q_load.mean", rule: { kind: "linear", from: 1, to: 5 }, advice: t("a") },
    { code: "WRK_SHARE", axis: null, label: t("Share"), unit: "percent", formula: "survey.workers.q_noise.share_4 + survey.workers.q_noise.share_5", scored: false },
    { code: "WRK_N", axis: null, label: t("n"), unit: "count", formula: "survey.workers.count", scored: false },
    { code: "WRK_RATE", axis: null, label: t("rate"), unit: "percent", formula: "survey.workers.response_rate", scored: false },
  );
  mutate?.(d);
  return loadDefinitionObject(d, "mini.yaml");
}

describe("survey aggregate names", () => {
  it("offers count, response rate, and a mean and a share per scale point of every scale question", () => {
    const names = surveyAggregateNames(workers).map((n) => n.name);
    expect(names.slice(0, 3)).toEqual(["survey.workers.count", "survey.workers.response_rate", "survey.workers.q_load.mean"]);
    expect(names).toContain("survey.workers.q_noise.share_5");
    expect(names.some((n) => n.includes("q_comments"))).toBe(false);
    expect(names).toHaveLength(2 + 2 * 6);
  });
});

describe("aggregateSurvey", () => {
  const responses = [
    { q_load: 5, q_noise: 4 },
    { q_load: 4, q_noise: 2 },
    { q_load: 3, q_noise: 5 },
    { q_load: 4, q_noise: null },
    { q_load: 2, q_noise: 4 },
  ];
  it("gives means and shares once the minimum is reached", () => {
    const a = aggregateSurvey(workers, responses, { minimum: 5, codesIssued: 10 });
    expect(a.released).toBe(true);
    expect(a.values["survey.workers.count"]).toBe(5);
    expect(a.values["survey.workers.response_rate"]).toBe(50);
    expect(a.values["survey.workers.q_load.mean"]).toBeCloseTo(3.6);
    expect(a.answered.q_noise).toBe(4);
    // q_noise was answered by 4 people only: below the minimum of 5, no mean or shares
    expect(a.values["survey.workers.q_noise.mean"]).toBeNull();
    expect(a.values["survey.workers.q_noise.share_4"]).toBeNull();
    const lower = aggregateSurvey(workers, responses, { minimum: 4, codesIssued: 10 });
    expect(lower.values["survey.workers.q_noise.share_4"]).toBe(50);
  });
  it("never shows the answer of the one person who answered a question, even past the survey's minimum", () => {
    const many = [{ q_load: 1, q_noise: 5 }, { q_load: 2 }, { q_load: 3 }, { q_load: 4 }, { q_load: 5 }];
    const a = aggregateSurvey(workers, many, { minimum: 5, codesIssued: 0 });
    expect(a.released).toBe(true);
    expect(a.values["survey.workers.q_load.mean"]).toBe(3);
    expect(a.values["survey.workers.q_noise.mean"]).toBeNull();
  });
  it("gives nothing below the minimum", () => {
    const a = aggregateSurvey(workers, responses.slice(0, 4), { minimum: 5, codesIssued: 10 });
    expect(a.released).toBe(false);
    expect(a.responses).toBe(4);
    expect(Object.values(a.values).every((v) => v === null)).toBe(true);
    expect(a.answered).toEqual({ q_load: 0, q_noise: 0 });
  });
  it("has no response rate without single-use codes, and ignores values off the scale", () => {
    const a = aggregateSurvey(workers, [...responses, { q_load: 9 }], { minimum: 5, codesIssued: 0 });
    expect(a.values["survey.workers.response_rate"]).toBeNull();
    expect(a.values["survey.workers.count"]).toBe(6);
    expect(a.answered.q_load).toBe(5);
  });
  it("never lets the minimum fall below 3, and takes the higher of the survey's and the network's", () => {
    expect(effectiveMinimum({}, 1)).toBe(3);
    expect(effectiveMinimum({ minimum_responses: 8 }, 5)).toBe(8);
    expect(effectiveMinimum({ minimum_responses: 3 }, 5)).toBe(5);
  });
  it("releases free text only past the minimum, sorted, without blanks", () => {
    expect(freeTextList(["b", " ", "a", null], false)).toEqual([]);
    expect(freeTextList(["b", " ", "a", null], true)).toEqual(["a", "b"]);
  });
});

describe("formulas over survey aggregates", () => {
  it("compile, and score from the aggregates given as answers", () => {
    const r = withSurvey();
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const base = { workers: 10, women_workers: 6, highest_salary: 3000, lowest_salary: 1000, renewable: 40, ethical_bank: false, legal_form: "cooperative", waste: [] };
    const agg = aggregateSurvey(workers, [{ q_load: 5, q_noise: 4 }, { q_load: 3, q_noise: 5 }, { q_load: 4, q_noise: 1 }], { minimum: 3, codesIssued: 4 });
    const result = scoreAssessment(r.compiled, { ...base, ...aggregatesAsAnswers([agg]) });
    const by = Object.fromEntries(result.indicators.map((i) => [i.code, i]));
    expect(by.WRK_LOAD).toMatchObject({ value: 4, score: 7.5, applicable: true });
    expect(by.WRK_SHARE.value).toBeCloseTo(66.67, 1);
    expect(by.WRK_N.value).toBe(3);
    expect(by.WRK_RATE.value).toBe(75);
  });
  it("drops survey indicators below the minimum, saying why", () => {
    const r = withSurvey();
    if (!r.ok) throw new Error("did not compile");
    const agg = aggregateSurvey(workers, [{ q_load: 5 }], { minimum: 3, codesIssued: 0 });
    const result = scoreAssessment(r.compiled, { workers: 1, ...aggregatesAsAnswers([agg]) });
    const load = result.indicators.find((i) => i.code === "WRK_LOAD")!;
    expect(load).toMatchObject({ applicable: false, reason: "survey_below_minimum:workers" });
  });
  it("refuses a formula naming an undeclared survey or question, with a hint", () => {
    const r = withSurvey((d) => {
      d.indicators.push({ code: "BAD", axis: null, label: t("x"), unit: "count", formula: "survey.workers.q_lod.mean", scored: false });
      d.indicators.push({ code: "BAD2", axis: null, label: t("x"), unit: "count", formula: "survey.clients.count", scored: false });
    });
    expect(r.ok).toBe(false);
    const messages = r.errors.map((e) => e.message).join("\n");
    expect(messages).toContain('unknown name "survey.workers.q_lod.mean" (did you mean "survey.workers.q_load.mean"?)');
    expect(messages).toContain('unknown name "survey.clients.count"');
  });
  it("refuses a duplicate group, a scale question without points, a minimum below 3", () => {
    const dup = withSurvey((d) => d.surveys.push(workers));
    expect(dup.ok).toBe(false);
    expect(dup.errors.map((e) => e.message)).toContain('duplicate survey group "workers"');
    const noScale = withSurvey((d) => {
      d.surveys = [{ ...workers, questions: [{ id: "q_load", type: "scale", label: t("x") }, workers.questions[1]] }];
    });
    expect(noScale.ok).toBe(false);
    expect(noScale.errors.map((e) => e.message).join()).toContain("a scale question needs its points");
    const low = withSurvey((d) => (d.surveys = [{ ...workers, minimum_responses: 2 }]));
    expect(low.ok).toBe(false);
    expect(low.errors.map((e) => e.path).join()).toContain("surveys[0].minimum_responses");
  });
  it("leaves the hash of a definition without surveys as it was", () => {
    const plain = loadDefinitionObject(miniDefinitionObject(), "mini.yaml");
    if (!plain.ok) throw new Error("did not compile");
    expect(plain.compiled.contentHash).toBe(definitionHash(plain.compiled.definition));
    expect("surveys" in plain.compiled.definition).toBe(false);
    expect(plain.compiled.aggregates).toEqual([]);
  });
});
