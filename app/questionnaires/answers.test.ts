import { describe, expect, it } from "vitest";
import { compileMini } from "#app/scoring/testing/mini-definition";
import { applicableQuestions, checkForSubmit, isQuestionApplicable, validateAnswer } from "./answers";
import { isMagnitudeUnit } from "./schema";
import type { Locale } from "#app/i18n/locales";

const mini = compileMini();

describe("validateAnswer", () => {
  it.each<[string, unknown, Record<string, unknown>, unknown]>([
    ["workers", "12", {}, { ok: true, value: 12 }],
    ["workers", 12, {}, { ok: true, value: 12 }],
    ["workers", "", {}, { ok: true, value: null }],
    ["workers", null, {}, { ok: true, value: null }],
    ["workers", "twelve", {}, { ok: false, error: { code: "not_a_number" } }],
    ["workers", -1, {}, { ok: false, error: { code: "below_min", params: { min: 0 } } }],
    ["workers", Infinity, {}, { ok: false, error: { code: "not_finite" } }],
    ["workers", NaN, {}, { ok: false, error: { code: "not_finite" } }],
    ["workers", true, {}, { ok: false, error: { code: "wrong_type" } }],
    ["women_workers", "7", { workers: 6 }, { ok: false, error: { code: "above_max", params: { max: 6 } } }],
    ["women_workers", "6", { workers: 6 }, { ok: true, value: 6 }],
    ["women_workers", "600", {}, { ok: true, value: 600 }],
    ["renewable", "101", {}, { ok: false, error: { code: "above_max", params: { max: 100 } } }],
    ["renewable", "-1", {}, { ok: false, error: { code: "below_min", params: { min: 0 } } }],
    ["ethical_bank", "yes", {}, { ok: true, value: true }],
    ["ethical_bank", "false", {}, { ok: true, value: false }],
    ["ethical_bank", false, {}, { ok: true, value: false }],
    ["ethical_bank", "maybe", {}, { ok: false, error: { code: "wrong_type" } }],
    ["legal_form", "company", {}, { ok: true, value: "company" }],
    ["legal_form", "bank", {}, { ok: false, error: { code: "unknown_choice", params: { choice: "bank" } } }],
    ["legal_form", ["company"], {}, { ok: false, error: { code: "wrong_type" } }],
    ["waste", ["reuse", "sorting", "reuse"], {}, { ok: true, value: ["sorting", "reuse"] }],
    ["waste", "compost", {}, { ok: true, value: ["compost"] }],
    ["waste", [], {}, { ok: true, value: [] }],
    ["waste", ["glass"], {}, { ok: false, error: { code: "unknown_choice", params: { choice: "glass" } } }],
    ["waste", 3, {}, { ok: false, error: { code: "wrong_type" } }],
    ["founded", "2010-02-28", {}, { ok: true, value: "2010-02-28" }],
    ["founded", "2012-02-29", {}, { ok: true, value: "2012-02-29" }],
    ["founded", "2011-02-29", {}, { ok: false, error: { code: "bad_date" } }],
    ["founded", "2011-13-01", {}, { ok: false, error: { code: "bad_date" } }],
    ["founded", "01/02/2011", {}, { ok: false, error: { code: "bad_date" } }],
    ["notes", "short", {}, { ok: true, value: "short" }],
    ["notes", "much too long", {}, { ok: false, error: { code: "too_long", params: { max: 10 } } }],
    ["notes", 5, {}, { ok: false, error: { code: "wrong_type" } }],
    ["nope", "1", {}, { ok: false, error: { code: "unknown_question", params: { question: "nope" } } }],
  ])("%s = %j (with %j)", (question, raw, answers, expected) => {
    expect(validateAnswer(mini, question, raw, answers as any)).toEqual(expected);
  });

  // Typed text is read in the reader's language (every case of each language: app/i18n/numbers.test.ts).
  it.each<[Locale | undefined, string, string, unknown]>([
    ["ca", "highest_salary", "250.000", { ok: true, value: 250000 }],
    ["es", "highest_salary", "250.000", { ok: true, value: 250000 }],
    ["en", "highest_salary", "250.000", { ok: true, value: 250 }],
    ["en", "highest_salary", "1,234", { ok: true, value: 1234 }],
    ["fr", "highest_salary", "35 000,50", { ok: true, value: 35000.5 }],
    ["es", "renewable", "55,5", { ok: true, value: 55.5 }],
    ["fr", "workers", "12,5", { ok: false, error: { code: "not_an_integer" } }],
    ["es", "highest_salary", "1,234.5", { ok: false, error: { code: "not_a_number" } }],
    [undefined, "highest_salary", "1,234", { ok: false, error: { code: "not_a_number" } }],
    [undefined, "highest_salary", "1234.5", { ok: true, value: 1234.5 }],
  ])("in %s, %s = %j", (locale, question, raw, expected) => {
    expect(validateAnswer(mini, question, raw, {}, locale)).toEqual(expected);
  });
});

describe("applicability", () => {
  it("hides the questions whose condition is not true", () => {
    expect(isQuestionApplicable(mini, "women_workers", { workers: 3 })).toBe(true);
    expect(isQuestionApplicable(mini, "women_workers", { workers: 0 })).toBe(false);
    expect(isQuestionApplicable(mini, "women_workers", {})).toBe(false);
    expect(isQuestionApplicable(mini, "workers", {})).toBe(true);
    expect(isQuestionApplicable(mini, "nope", {})).toBe(false);
    expect(applicableQuestions(mini, { workers: 0 })).toEqual(["workers", "renewable", "ethical_bank", "legal_form", "waste", "founded", "notes"]);
  });
});

describe("checkForSubmit", () => {
  it("lists required answers missing from applicable questions only", () => {
    const problems = checkForSubmit(mini, { workers: 0, renewable: 30, ethical_bank: true });
    expect(problems).toEqual([{ questionId: "legal_form", sectionId: "general", error: { code: "required" } }]);
  });
  it("lists invalid values, including cross-field limits", () => {
    const problems = checkForSubmit(mini, {
      workers: 4,
      women_workers: 5,
      highest_salary: 100,
      lowest_salary: 50,
      renewable: 130,
      ethical_bank: true,
      legal_form: "bank",
      notes: "much too long",
    });
    expect(problems.map((p) => [p.questionId, p.error.code])).toEqual([
      ["women_workers", "above_max"],
      ["renewable", "above_max"],
      ["legal_form", "unknown_choice"],
      ["notes", "too_long"],
    ]);
  });
  it("is empty for a complete, valid set of answers", () => {
    expect(
      checkForSubmit(mini, { workers: 0, renewable: 30, ethical_bank: true, legal_form: "company" }),
    ).toEqual([]);
  });
});

describe("units", () => {
  it.each([
    ["eur", true],
    ["people", true],
    ["hours", true],
    ["kwh", true],
    ["percent", false],
    ["ratio", false],
    ["points", false],
    ["boolean", false],
    [undefined, false],
  ])("%s is a magnitude: %s", (unit, expected) => {
    expect(isMagnitudeUnit(unit)).toBe(expected);
  });
});
