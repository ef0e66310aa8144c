import { createHash } from "node:crypto";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { compileMini, miniDefinitionObject, t } from "#app/scoring/testing/mini-definition";
import { canonicalJson, sha256Hex } from "./hash";
import { loadDefinitionText } from "./load";

function errorsOf(mutate: (d: any) => void) {
  const d = miniDefinitionObject();
  mutate(d);
  const r = loadDefinitionText(stringify(d), "mini.yaml");
  expect(r.ok).toBe(false);
  return r.errors;
}

const ind = (over: Record<string, unknown>) => ({
  code: "ZZ_X",
  axis: "equity",
  label: t("x"),
  unit: "count",
  formula: "workers",
  rule: { kind: "linear", from: 0, to: 10 },
  ...over,
});

describe("loadDefinitionText: each kind of mistake gets its message and path", () => {
  it.each<[string, (d: any) => void, string, string]>([
    ["unknown field", (d) => (d.indicators[0].weigth = 2), "indicators[0].weigth", 'unknown field "weigth"'],
    ["missing language", (d) => delete d.title.ca, "title.ca", "the ca text is missing"],
    ["empty text", (d) => (d.title.fr = " "), "title.fr", "must not be empty"],
    ["version as a number", (d) => (d.version = 2025.1), "version", 'quoted string such as "2025.1"'],
    ["bad question id", (d) => (d.sections[0].questions[0].id = "Workers"), "sections[0].questions[0].id", "lower case"],
    ["bad code", (d) => (d.indicators[0].code = "equ-women"), "indicators[0].code", "upper case"],
    ["section id of an assessment page", (d) => (d.sections[0].id = "guide"), "sections[0].id", "may not be one of the assessment's own pages"],
    ["unknown question type", (d) => (d.sections[0].questions[0].type = "float"), "sections[0].questions[0].type", "Invalid option"],
    ["unknown unit", (d) => (d.indicators[0].unit = "euros"), "indicators[0].unit", "Invalid option"],
    ["unknown rule kind", (d) => (d.indicators[0].rule = { kind: "log" }), "indicators[0].rule.kind", "Invalid discriminator value"],
    ["score out of range", (d) => (d.axes[0].seal_minimum = 11), "axes[0].seal_minimum", "<=10"],
    ["duplicate question", (d) => d.sections[0].questions.push({ ...d.sections[0].questions[0] }), "sections[0].questions[10].id", 'duplicate question id "workers"'],
    ["duplicate code", (d) => d.indicators.push({ ...d.indicators[0] }), "indicators[6].code", 'duplicate indicator code "EQU_WOMEN"'],
    ["duplicate axis", (d) => d.axes.push({ ...d.axes[0] }), "axes[2].id", 'duplicate axis id "equity"'],
    ["duplicate choice", (d) => d.sections[0].questions[6].choices.push({ id: "company", label: t("c") }), "sections[0].questions[6].choices[3].id", 'duplicate choice id "company"'],
    ["choice question without choices", (d) => delete d.sections[0].questions[6].choices, "sections[0].questions[6].type", "needs choices"],
    ["choices on a number", (d) => (d.sections[0].questions[0].choices = d.sections[0].questions[6].choices), "sections[0].questions[0].choices", "only choice questions"],
    ["limits on a boolean", (d) => (d.sections[0].questions[5].limits = { min: 0 }), "sections[0].questions[5].limits", "only number questions"],
    ["min above max", (d) => (d.sections[0].questions[0].limits = { min: 5, max: 1 }), "sections[0].questions[0].limits", "min (5) is above max (1)"],
    ["unknown name", (d) => (d.indicators[0].formula = "women_worker / workers"), "indicators[0].formula", 'unknown name "women_worker" (did you mean "women_workers"?)'],
    ["unknown function", (d) => (d.indicators[0].formula = "median(workers, 1)"), "indicators[0].formula", 'unknown function "median"'],
    ["wrong arity", (d) => (d.indicators[0].formula = "if(workers > 1, 2)"), "indicators[0].formula", "if() takes 3 arguments, not 2"],
    ["syntax error", (d) => (d.indicators[0].formula = "workers * (2 + "), "indicators[0].formula", "unexpected end of expression (at column 15)"],
    ["type mismatch: number + yes/no", (d) => (d.indicators[0].formula = "workers + ethical_bank"), "indicators[0].formula", "the right side of + must be a number, not a yes/no value"],
    ["type mismatch: and on numbers", (d) => (d.indicators[0].applies_when = "workers and renewable"), "indicators[0].applies_when", "the left side of and must be a yes/no value"],
    ["applies_when not yes/no", (d) => (d.indicators[0].applies_when = "workers"), "indicators[0].applies_when", "applies_when must give boolean"],
    ["formula gives a text", (d) => (d.sections[0].questions.push({ id: "name", type: "short_text", label: t("n") }), (d.indicators[0].formula = "name")), "indicators[0].formula", "formula must give number or boolean"],
    ["unknown choice", (d) => (d.indicators[0].formula = 'if(legal_form == "coop", 1, 0)'), "indicators[0].formula", '"coop" is not a choice of legal_form'],
    ["unknown choice in selected()", (d) => (d.indicators[0].formula = 'if(selected(waste, "glass"), 1, 0)'), "indicators[0].formula", '"glass" is not a choice of waste'],
    ["count_selected on a single choice", (d) => (d.indicators[0].formula = "count_selected(legal_form)"), "indicators[0].formula", "count_selected() takes a multiple choice question"],
    ["answered() of an indicator", (d) => (d.indicators[0].formula = "if(answered(EQU_PAY_RATIO), 1, 0)"), "indicators[0].formula", "answered() takes a question id, and EQU_PAY_RATIO is an indicator"],
    ["comparing a date with a number", (d) => (d.indicators[0].formula = "if(founded > 2000, 1, 0)"), "indicators[0].formula", "a date compares with a date"],
    ["if() branches of different types", (d) => (d.indicators[0].formula = "if(ethical_bank, 1, true)"), "indicators[0].formula", "both branches of if()"],
    ["round() decimals not a literal", (d) => (d.indicators[0].formula = "round(workers, workers)"), "indicators[0].formula", "the decimals of round()"],
    ["cycle between indicators", (d) => d.indicators.push(ind({ code: "ZZ_A", formula: "ZZ_B + 1" }), ind({ code: "ZZ_B", formula: "ZZ_A * 2" })), "indicators[6].formula", "indicators form a cycle: ZZ_A -> ZZ_B -> ZZ_A"],
    ["indicator referring to itself", (d) => d.indicators.push(ind({ code: "ZZ_A", formula: "ZZ_A + 1" })), "indicators[6].formula", "indicators form a cycle: ZZ_A -> ZZ_A"],
    ["cycle between questions", (d) => (d.sections[0].questions[0].applies_when = "women_workers > 0"), "sections[0].questions[0].applies_when", "applies_when conditions form a cycle: workers -> women_workers -> workers"],
    ["question condition on an indicator", (d) => (d.sections[0].questions[4].applies_when = "EQU_WOMEN > 10"), "sections[0].questions[4].applies_when", "refer to answers only"],
    ["limit referring to itself", (d) => (d.sections[0].questions[0].limits = { max: "workers * 2" }), "sections[0].questions[0].limits.max", "cannot refer to its own question"],
    ["limit not a number", (d) => (d.sections[0].questions[0].limits = { max: "ethical_bank" }), "sections[0].questions[0].limits.max", "limits.max must give number"],
    ["unknown axis", (d) => (d.indicators[0].axis = "economy"), "indicators[0].axis", 'unknown axis "economy"'],
    ["scored without axis", (d) => (d.indicators[0].axis = null), "indicators[0].axis", "a scored indicator needs an axis"],
    ["scored without rule", (d) => delete d.indicators[0].rule, "indicators[0].rule", "a scored indicator needs a rule"],
    ["linear from = to", (d) => (d.indicators[0].rule = { kind: "linear", from: 5, to: 5 }), "indicators[0].rule", "from and to to differ"],
    ["linear on a yes/no", (d) => (d.indicators[4].rule = { kind: "linear", from: 0, to: 1 }), "indicators[4].rule", "a linear rule scores a number"],
    ["boolean rule on a number", (d) => (d.indicators[0].rule = { kind: "boolean" }), "indicators[0].rule", "a boolean rule scores a yes/no value"],
    ["bands not increasing", (d) => (d.indicators[1].rule.bands = [{ up_to: 4, score: 10 }, { up_to: 2, score: 5 }, { score: 0 }]), "indicators[1].rule.bands[1].up_to", "up_to must increase"],
    ["bands: last has up_to", (d) => (d.indicators[1].rule.bands = [{ up_to: 2, score: 10 }, { up_to: 4, score: 5 }]), "indicators[1].rule.bands[1]", "the last band has no up_to"],
    ["points on an unknown choice", (d) => (d.indicators[3].rule.points.glass = 2), "indicators[3].rule.points.glass", '"glass" is not a choice of waste'],
    ["points on a computed formula", (d) => (d.indicators[3].formula = "workers"), "indicators[3].formula", "formula must give choice or choices"],
    ["axis without scored indicator", (d) => (d.indicators = d.indicators.filter((i: any) => i.axis !== "environment")), "axes[1].id", 'axis "environment" has no scored indicator'],
    ["comparability: previous after this", (d) => (d.comparability = { previous_version: "2026.1", indicators: {} }), "comparability.previous_version", "must come before 2025.1"],
    ["comparability: same but gone", (d) => (d.comparability = { previous_version: "2024.1", indicators: { EQU_GONE: { kind: "same" } } }), "comparability.indicators.EQU_GONE", "this version has no indicator EQU_GONE"],
    ["comparability: replaced by nothing", (d) => (d.comparability = { previous_version: "2024.1", indicators: { EQU_OLD: { kind: "replaced_by", code: "EQU_NEW" } } }), "comparability.indicators.EQU_OLD.code", 'replaced by "EQU_NEW"'],
    ["comparability: rescaled without a rule", (d) => (d.comparability = { previous_version: "2024.1", indicators: { EQU_WOMEN: { kind: "rescaled" } } }), "comparability.indicators.EQU_WOMEN", "rescaled needs a factor"],
  ])("%s", (_name, mutate, path, message) => {
    const errors = errorsOf(mutate);
    const hit = errors.find((e) => e.path === path && e.message.includes(message));
    expect(hit, `expected "${message}" at ${path}, got:\n${errors.map((e) => `${e.path}: ${e.message}`).join("\n")}`).toBeDefined();
    expect(hit!.file).toBe("mini.yaml");
    expect(hit!.line).toBeGreaterThan(0);
  });

  it("lists every error at once, not only the first", () => {
    const errors = errorsOf((d) => {
      d.indicators[0].formula = "nope + 1";
      d.indicators[1].formula = "also_nope";
      d.indicators[2].axis = "nowhere";
    });
    expect(errors.length).toBeGreaterThanOrEqual(3);
  });
});

describe("loadDefinitionText: line numbers", () => {
  const yaml = (formula: string) => `questionnaire: mini
version: "2025.1"
title: { en: Mini, fr: Mini, ca: Mini, es: Mini }
description: { en: d, fr: d, ca: d, es: d }
axes:
  - id: equity
    title: { en: E, fr: E, ca: E, es: E }
    weight: 1
    seal_minimum: 3
sections:
  - id: general
    title: { en: G, fr: G, ca: G, es: G }
    questions:
      - id: workers
        type: integer
        label: { en: W, fr: W, ca: W, es: W }
indicators:
  - code: EQU_A
    axis: equity
    label: { en: A, fr: A, ca: A, es: A }
    unit: count
    formula: ${formula}
    rule: { kind: linear, from: 0, to: 10 }
seal:
  total_minimum: 4
`;
  it("loads the good file", () => {
    const r = loadDefinitionText(yaml("workers * 2"), "mini.yaml");
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });
  it("points at the line of the formula", () => {
    const r = loadDefinitionText(yaml("workers * wrokers"), "x/mini.yaml");
    expect(r.errors).toEqual([
      {
        file: "x/mini.yaml",
        line: 22,
        path: "indicators[0].formula",
        message: 'formula: unknown name "wrokers" (did you mean "workers"?) (at column 11)',
      },
    ]);
  });
  it("points at the line of an unknown key", () => {
    const r = loadDefinitionText(yaml("workers").replace("    seal_minimum: 3", "    seal_minimum: 3\n    colour: red"), "m.yaml");
    expect(r.errors[0]).toMatchObject({ line: 10, path: "axes[0].colour", message: 'unknown field "colour"' });
  });
  it("reports YAML syntax errors with their line", () => {
    const r = loadDefinitionText(yaml("workers").replace("weight: 1", "weight: [1"), "m.yaml");
    expect(r.ok).toBe(false);
    expect(r.errors[0].message).toMatch(/^YAML: /);
    expect(r.errors[0].line).toBeGreaterThanOrEqual(8);
  });
  it("reports a duplicate key", () => {
    const r = loadDefinitionText(yaml("workers").replace("    weight: 1", "    weight: 1\n    weight: 2"), "m.yaml");
    expect(r.ok).toBe(false);
    expect(r.errors[0].line).toBe(9);
  });
});

describe("content hash", () => {
  it("is sha-256, checked against node:crypto", () => {
    for (const s of ["", "abc", "é", "x".repeat(55), "x".repeat(56), "y".repeat(64), "z".repeat(1000), "日本語 ✓"]) {
      expect(sha256Hex(s)).toBe(createHash("sha256").update(s, "utf8").digest("hex"));
    }
  });
  it("sorts keys and ignores layout, comments and key order", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: null }] })).toBe('{"a":[1,{"c":null,"d":2}],"b":1}');
    const d = miniDefinitionObject();
    const a = loadDefinitionText(stringify(d), "a.yaml");
    const reordered = Object.fromEntries(Object.entries(d).reverse());
    const b = loadDefinitionText(`# a comment\n${stringify(reordered, { indent: 4 })}`, "b.yaml");
    expect(a.ok && b.ok).toBe(true);
    expect(a.compiled!.contentHash).toBe(b.compiled!.contentHash);
    expect(a.compiled!.contentHash).toBe(compileMini().contentHash);
  });
  it("changes with any change of meaning, and counts defaults as written", () => {
    const base = compileMini().contentHash;
    expect(compileMini((d) => (d.indicators[0].weight = 2)).contentHash).not.toBe(base);
    expect(compileMini((d) => (d.title.ca = "Mini!")).contentHash).not.toBe(base);
    // `scored: true` is the default: writing it changes nothing
    expect(compileMini((d) => (d.indicators[0].scored = true)).contentHash).toBe(base);
    expect(compileMini((d) => (d.$schema = "../definition.schema.json")).contentHash).toBe(base);
  });
});
