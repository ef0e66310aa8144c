/**
 * npm run indicators:schema
 *
 * Writes indicators/definition.schema.json from the zod schema of a definition, so that editors
 * complete and check the YAML files (they point to it with a yaml-language-server comment).
 * A test fails when the committed file differs from what this writes.
 */
import { writeFile } from "node:fs/promises";
import { definitionJsonSchemaText } from "#app/questionnaires/json-schema";

const target = process.argv[2] ?? "indicators/definition.schema.json";
await writeFile(target, definitionJsonSchemaText());
console.log(`wrote ${target}`);
