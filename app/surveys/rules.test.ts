import { describe, expect, it } from "vitest";
import type { Survey } from "#app/questionnaires/schema";
import { codeFromBytes, normalizeCode, parseResponseForm, surveyOfGroup, surveyState } from "./rules";

const t = (en: string) => ({ en, fr: en, ca: en, es: en });
const survey: Survey = {
  group: "workers",
  title: t("Workers"),
  required: true,
  questions: [
    { id: "q_load", type: "scale", label: t("Load"), scale: [1, 2, 3, 4, 5].map((value) => ({ value, label: t(String(value)) })) },
    { id: "q_text", type: "free_text", label: t("Text"), max_length: 10 },
  ],
};
const form = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("parseResponseForm", () => {
  it("reads scale values and text, and a blank field as taking an answer back", () => {
    expect(parseResponseForm(survey, form({ q_q_load: "4", q_q_text: " hi " }))).toEqual({ ok: true, answers: { q_load: 4, q_text: "hi" } });
    expect(parseResponseForm(survey, form({ q_q_load: "", q_q_text: "" }))).toEqual({ ok: true, answers: { q_load: null, q_text: null } });
    expect(parseResponseForm(survey, form({}))).toEqual({ ok: true, answers: {} });
  });
  it("refuses values off the scale, non-numbers and text over the limit, keeping the valid answers", () => {
    for (const bad of ["6", "0", "4.5", "four", "1e1", "-1", "9999"]) {
      const r = parseResponseForm(survey, form({ q_q_load: bad, q_q_text: "ok" }));
      expect(r).toEqual({ ok: false, errors: [{ questionId: "q_load", code: "notOnScale", params: { min: 1, max: 5 } }], answers: { q_text: "ok" } });
    }
    const long = parseResponseForm(survey, form({ q_q_load: "3", q_q_text: "x".repeat(11) }));
    expect(long).toEqual({ ok: false, errors: [{ questionId: "q_text", code: "tooLong", params: { max: 10 } }], answers: { q_load: 3 } });
  });
  it("never reads fields that are not the survey's questions", () => {
    const read: string[] = [];
    parseResponseForm(survey, (name) => (read.push(name), null));
    expect(read).toEqual(["q_q_load", "q_q_text"]);
  });
});

describe("survey state", () => {
  it("is open until closed, past its closing date, or frozen", () => {
    expect(surveyState({ status: "open", closesOn: null, frozenAt: null }, "2026-05-01")).toBe("open");
    expect(surveyState({ status: "open", closesOn: "2026-05-01", frozenAt: null }, "2026-05-01")).toBe("open");
    expect(surveyState({ status: "open", closesOn: "2026-05-01", frozenAt: null }, "2026-05-02")).toBe("past_closing_date");
    expect(surveyState({ status: "closed", closesOn: null, frozenAt: null }, "2026-05-01")).toBe("closed");
    expect(surveyState({ status: "open", closesOn: null, frozenAt: new Date() }, "2026-05-01")).toBe("frozen");
  });
});

describe("codes and groups", () => {
  it("makes readable codes that normalise back, and refuses what cannot be a code", () => {
    const code = codeFromBytes(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(normalizeCode(code.toLowerCase())).toBe(code.replace("-", ""));
    expect(normalizeCode(" abcde 23456 ")).toBe("ABCDE23456");
    for (const bad of ["", "short", "ABCDE-2345O", "x".repeat(41), null, undefined]) expect(normalizeCode(bad)).toBeNull();
  });
  it("finds a declared group and nothing else", () => {
    expect(surveyOfGroup([survey], "workers")).toBe(survey);
    expect(surveyOfGroup([survey], "clients")).toBeNull();
    expect(surveyOfGroup(undefined, "workers")).toBeNull();
  });
});
