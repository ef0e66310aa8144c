import { beforeAll, describe, expect, it } from "vitest";
import { loadDefinitionFile } from "#app/questionnaires/files";
import { canonicalJson } from "#app/questionnaires/hash";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { scoreAssessment } from "#app/scoring/score";
import { generateAnswers } from "./scoring-generate";
import { makeHandwrittenScorer, withoutReasons } from "./scoring-handwritten";

let compiled: CompiledDefinition;
beforeAll(async () => {
  const r = await loadDefinitionFile("indicators/social-balance-complete/2025.1.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  compiled = r.compiled;
});

describe("the engine against an independent hand-written scorer (complete 2025.1)", () => {
  it("agrees on 2,000 generated assessments", () => {
    const handwritten = makeHandwrittenScorer(compiled);
    const assessments = generateAnswers(compiled, 2000, 7);
    let withNoWorkers = 0;
    for (const a of assessments) {
      if (a.workers_total === 0) withNoWorkers++;
      expect(canonicalJson(withoutReasons(scoreAssessment(compiled, a)))).toBe(canonicalJson(handwritten(a)));
    }
    expect(withNoWorkers).toBeGreaterThan(100);
  });

  it("generates the same assessments from the same seed", () => {
    expect(generateAnswers(compiled, 50, 3)).toEqual(generateAnswers(compiled, 50, 3));
  });
});
