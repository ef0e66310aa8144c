import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { comparabilityBetween, followIndicator } from "./comparability";
import { loadAllDefinitions } from "./files";
import { definitionJsonSchemaText } from "./json-schema";
import { LANGUAGES } from "./schema";

let defs: CompiledDefinition[];
const get = (q: string, v: string) => defs.find((d) => d.definition.questionnaire === q && d.definition.version === v)!;

beforeAll(async () => {
  const { definitions, errors } = await loadAllDefinitions("indicators");
  expect(errors).toEqual([]);
  defs = definitions;
});

describe("the definitions we ship", () => {
  it("are the four expected versions", () => {
    expect(defs.map((d) => `${d.definition.questionnaire}@${d.definition.version}`)).toEqual([
      "common-good-matrix@2026.1",
      "social-balance-basic@2024.1",
      "social-balance-basic@2025.1",
      "social-balance-complete@2025.1",
      "social-balance-complete@2026.1",
    ]);
  });

  it("the basic has at least 40 questions and 50 indicators, on the five axes", () => {
    for (const v of ["2024.1", "2025.1"]) {
      const d = get("social-balance-basic", v);
      expect(d.questions.length).toBeGreaterThanOrEqual(40);
      expect(d.indicators.length).toBeGreaterThanOrEqual(50);
      expect(d.axes.map((a) => a.id)).toEqual(["economy", "democracy", "environment", "community", "work"]);
    }
  });

  it("every text is written in the four languages, and the translations differ from English somewhere", () => {
    for (const d of defs) {
      let differing = 0;
      let texts = 0;
      const visit = (v: unknown) => {
        if (v && typeof v === "object" && !Array.isArray(v) && "en" in v) {
          for (const lang of LANGUAGES) expect(typeof (v as any)[lang]).toBe("string");
          texts++;
          if ((v as any).fr !== (v as any).en) differing++;
          return;
        }
        if (v && typeof v === "object") for (const x of Object.values(v)) visit(x);
      };
      visit(d.definition);
      // the social balances have hundreds of texts, the common-good matrix about fifty
      expect(differing).toBeGreaterThan(Math.min(100, texts * 0.8));
    }
  });

  it("every scored indicator has advice", () => {
    for (const d of defs) {
      const missing = d.definition.indicators.filter((i) => i.scored && !i.advice).map((i) => i.code);
      expect(missing).toEqual([]);
    }
  });

  it("shares questions between basic and complete: same id, same type, same choices", () => {
    const basic = get("social-balance-basic", "2025.1");
    const complete = get("social-balance-complete", "2025.1");
    for (const q of basic.questions) {
      const c = complete.questionById.get(q.question.id);
      expect(c, q.question.id).toBeDefined();
      expect(c!.question.type).toBe(q.question.type);
      expect(c!.choiceIds).toEqual(q.choiceIds);
    }
    expect(complete.questions.length).toBeGreaterThan(basic.questions.length + 20);
  });

  it("2025.1 changes 2024.1 as the comparability block says", () => {
    const prev = get("social-balance-basic", "2024.1");
    const next = get("social-balance-basic", "2025.1");
    const lines = comparabilityBetween(prev, next);
    expect(Object.keys(lines).sort()).toEqual(prev.definition.indicators.map((i) => i.code).sort());
    const kinds = Object.values(lines).map((l) => l.kind);
    for (const k of ["same", "rescaled", "replaced_by", "not_comparable"]) expect(kinds).toContain(k);
    expect(lines.ECO_SSE_PURCHASES).toMatchObject({ kind: "rescaled", factor: 100 });
    expect(lines.DEM_PAY_GAP).toMatchObject({ kind: "replaced_by", code: "DEM_PAY_GAP_ABS" });
    expect(lines.ENV_RECYCLED_PAPER.kind).toBe("not_comparable");
    expect(followIndicator("ECO_SSE_PURCHASES", prev, next)).toEqual({ code: "ECO_SSE_PURCHASES", factor: 100, offset: 0 });
    expect(followIndicator("DEM_PAY_GAP", prev, next)).toBeNull();
    expect(followIndicator("DEM_PAY_RATIO", prev, next)).toEqual({ code: "DEM_PAY_RATIO", factor: 1, offset: 0 });
    // a new block collected unscored
    const digital = next.indicators.filter((i) => i.indicator.code.startsWith("DIG_"));
    expect(digital.length).toBeGreaterThan(0);
    expect(digital.every((i) => !i.scored)).toBe(true);
    expect(prev.indicators.some((i) => i.indicator.code.startsWith("DIG_"))).toBe(false);
  });

  it("the committed JSON Schema is the one the zod schema generates (run npm run indicators:schema)", async () => {
    expect(await readFile("indicators/definition.schema.json", "utf8")).toBe(definitionJsonSchemaText());
  });
});

describe("cross-definition checks", () => {
  it("reports a missing previous version and codes not accounted for", async () => {
    const { checkAcrossDefinitions } = await import("./comparability");
    const next = get("social-balance-basic", "2025.1");
    expect(checkAcrossDefinitions([next])).toEqual([
      expect.objectContaining({ path: "comparability.previous_version", message: expect.stringContaining("no definition of social-balance-basic 2024.1") }),
    ]);
    expect(checkAcrossDefinitions([next])[0].line).toBeGreaterThan(1000);
    const prev = get("social-balance-basic", "2024.1");
    const trimmed: CompiledDefinition = {
      ...next,
      definition: {
        ...next.definition,
        comparability: { previous_version: "2024.1", indicators: { ...next.definition.comparability!.indicators, GEN_WORKERS: undefined as any } },
      },
    };
    delete (trimmed.definition.comparability!.indicators as any).GEN_WORKERS;
    const errors = checkAcrossDefinitions([prev, trimmed]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("indicator GEN_WORKERS of 2024.1 is not accounted for")]);
  });

  it("reports a shared question that differs between questionnaires", async () => {
    const { checkAcrossDefinitions } = await import("./comparability");
    const basic = get("social-balance-basic", "2025.1");
    const complete = get("social-balance-complete", "2025.1");
    const changed: CompiledDefinition = {
      ...complete,
      questions: complete.questions.map((q) =>
        q.question.id === "legal_form" ? { ...q, choiceIds: ["cooperative", "other"] } : q,
      ),
    };
    const errors = checkAcrossDefinitions([get("social-balance-basic", "2024.1"), basic, changed]);
    expect(errors.map((e) => e.path)).toEqual(["legal_form"]);
  });
});
