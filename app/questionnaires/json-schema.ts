/** The JSON Schema of a definition file, generated from the zod schema. */
import { z } from "zod";
import { DefinitionSchema } from "./schema";

export function definitionJsonSchemaText(): string {
  const schema = z.toJSONSchema(DefinitionSchema, { io: "input", target: "draft-7", reused: "ref" });
  return `${JSON.stringify({ ...schema, $id: "https://bilan.example/indicators/definition.schema.json" }, null, 2)}\n`;
}
