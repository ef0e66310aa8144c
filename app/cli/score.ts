/**
 * npm run score -- --definition <file.yaml> --answers <answers.json> [--pretty]
 *
 * Scores one set of answers against one definition and prints the result as JSON.
 * The answers file is either a plain object keyed by question id, or an object with an
 * `answers` field holding one (the shape of the files in tests/fixtures), beside which it may
 * give what a submission freezes: `facts` (org.legal_form... as { "legal_form": "cooperative" })
 * and `norms` ({ "name": { "campaign": 2025, "overall": 35, "by": { "cooperative": 30 } } }).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadDefinitionText } from "#app/questionnaires/load";
import type { Answers } from "#app/questionnaires/schema";
import { z } from "zod";
import { ORG_FACTS } from "#app/scoring/expression/checker";
import { scoreAssessment } from "#app/scoring/score";

const finite = z.number().refine(Number.isFinite, "a finite number");
const InputSchema = z.object({
  facts: z.partialRecord(z.enum(ORG_FACTS), z.union([z.string(), finite, z.null()])).optional(),
  norms: z
    .record(z.string(), z.strictObject({ campaign: z.number().int(), overall: finite.nullable(), by: z.record(z.string(), finite.nullable()).optional() }))
    .optional(),
});

function usage(message: string): never {
  console.error(`${message}\nusage: npm run score -- --definition <file.yaml> --answers <answers.json> [--pretty]`);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      definition: { type: "string" },
      answers: { type: "string" },
      pretty: { type: "boolean", default: false },
    },
  });
  if (!values.definition) usage("missing --definition");
  if (!values.answers) usage("missing --answers");

  const loaded = loadDefinitionText(await readFile(values.definition, "utf8"), values.definition);
  if (!loaded.ok) {
    for (const e of loaded.errors) console.error(`${e.file}${e.line ? `:${e.line}` : ""}: ${e.path}: ${e.message}`);
    process.exit(1);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(values.answers, "utf8"));
  } catch (error) {
    usage(`cannot read answers from ${values.answers}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) usage("the answers file must hold a JSON object");
  const obj = parsed as Record<string, unknown>;
  const answers = (obj.answers && typeof obj.answers === "object" ? obj.answers : obj) as Answers;
  const input = InputSchema.safeParse(obj);
  if (!input.success) usage(`facts or norms in ${values.answers}: ${input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const result = scoreAssessment(loaded.compiled, answers, input.data);
  console.log(JSON.stringify(result, null, values.pretty ? 2 : undefined));
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
