import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { TaxonomiesSchema, type Taxonomies } from "./taxonomies";

let cached: Taxonomies | undefined;
let fileOverride: string | undefined;

export function taxonomiesFile() {
  return fileOverride ?? path.resolve(process.cwd(), "indicators/taxonomies/taxonomies.yaml");
}

/** For tests that read another taxonomies file. */
export function resetTaxonomies(file?: string) {
  cached = undefined;
  fileOverride = file;
}

/** Read once per process; a broken file stops the start with the path of the bad entry. */
export function getTaxonomies(): Taxonomies {
  if (cached) return cached;
  const file = taxonomiesFile();
  const parsed = TaxonomiesSchema.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${file}: ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Bad taxonomies file:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}
