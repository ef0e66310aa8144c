/**
 * Checks for the research-release package: a zod schema of the required parts of the Frictionless
 * Tabular Data Package and Table Schema specifications (v1), and a reader that parses a CSV back
 * with its Table Schema (types, constraints, missing values). See
 * docs/decisions/0201-research-release-package.md for why this is not the `datapackage` library.
 */
import { z } from "zod";

/** Table Schema field types (specs.frictionlessdata.io/table-schema). */
export const TABLE_SCHEMA_TYPES = [
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
  "date",
  "time",
  "datetime",
  "year",
  "yearmonth",
  "duration",
  "geopoint",
  "geojson",
  "any",
] as const;

const namePattern = /^[a-z0-9._-]+$/;

export const fieldSchema = z
  .object({
    name: z.string().min(1),
    type: z.enum(TABLE_SCHEMA_TYPES),
    format: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    constraints: z
      .object({
        required: z.boolean().optional(),
        unique: z.boolean().optional(),
        minimum: z.number().optional(),
        maximum: z.number().optional(),
        enum: z.array(z.string()).min(1).optional(),
      })
      .optional(),
  })
  .passthrough();

export const tableSchemaSchema = z
  .object({
    fields: z.array(fieldSchema).min(1),
    missingValues: z.array(z.string()).optional(),
    primaryKey: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .passthrough()
  .superRefine((schema, ctx) => {
    const names = schema.fields.map((f) => f.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: "custom", message: "field names must be unique" });
    const keys = schema.primaryKey === undefined ? [] : Array.isArray(schema.primaryKey) ? schema.primaryKey : [schema.primaryKey];
    for (const k of keys) if (!names.includes(k)) ctx.addIssue({ code: "custom", message: `primaryKey ${k} is not a field` });
  });

export const tabularResourceSchema = z
  .object({
    profile: z.literal("tabular-data-resource"),
    name: z.string().regex(namePattern, "resource names are lower-case letters, digits, '.', '_' or '-'"),
    path: z
      .string()
      .min(1)
      .refine((p) => !p.startsWith("/") && !p.split("/").includes("..") && !/^[a-z]+:/i.test(p), "a path is relative and stays in the package"),
    format: z.string().optional(),
    mediatype: z.string().optional(),
    encoding: z.string().optional(),
    bytes: z.number().int().nonnegative().optional(),
    hash: z
      .string()
      .regex(/^(sha256:[0-9a-f]{64}|[0-9a-f]{32})$/)
      .optional(),
    dialect: z
      .object({
        delimiter: z.string().length(1).optional(),
        lineTerminator: z.string().optional(),
        header: z.boolean().optional(),
        quoteChar: z.string().length(1).optional(),
        doubleQuote: z.boolean().optional(),
      })
      .passthrough()
      .optional(),
    schema: tableSchemaSchema,
  })
  .passthrough();

export const tabularDataPackageSchema = z
  .object({
    profile: z.literal("tabular-data-package"),
    name: z.string().regex(namePattern, "package names are lower-case letters, digits, '.', '_' or '-'"),
    id: z.string().min(1),
    title: z.string().optional(),
    version: z.string().regex(/^\d+\.\d+\.\d+([-+].*)?$/, "version follows semantic versioning"),
    created: z.string().datetime({ offset: true }),
    licenses: z
      .array(
        z
          .object({ name: z.string().optional(), path: z.string().optional(), title: z.string().optional() })
          .refine((l) => l.name !== undefined || l.path !== undefined, "a licence has a name or a path"),
      )
      .min(1),
    sources: z.array(z.object({ title: z.string().min(1), path: z.string().optional() }).passthrough()).min(1),
    resources: z.array(tabularResourceSchema).min(1),
  })
  .passthrough()
  .superRefine((p, ctx) => {
    const names = p.resources.map((r) => r.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: "custom", message: "resource names must be unique" });
  });

export type TabularDataPackage = z.infer<typeof tabularDataPackageSchema>;
export type TableSchema = z.infer<typeof tableSchemaSchema>;

/** Splits RFC 4180 CSV text into records (quoted fields, doubled quotes, CRLF line ends). */
export function parseCsv(text: string, lineTerminator = "\r\n"): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "" && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = false;
      i++;
      continue;
    }
    if (text.startsWith(lineTerminator, i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      i += lineTerminator.length;
      continue;
    }
    if (ch === "\r" || ch === "\n") throw new Error(`bare line break at character ${i}: lines end with CRLF`);
    field += ch;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || row.length > 0) throw new Error("the last line does not end with CRLF");
  return rows;
}

const integerPattern = /^[-+]?\d+$/;
const numberPattern = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Parses a CSV with its Table Schema: the header must be the field names in order, each value must
 * be of its field's type and within its constraints, or one of the declared missing values (null).
 * Throws with the line and field of the first problem.
 */
export function readWithSchema(text: string, schema: TableSchema): Array<Record<string, string | number | null>> {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new Error("no header row");
  const names = schema.fields.map((f) => f.name);
  if (JSON.stringify(rows[0]) !== JSON.stringify(names)) {
    throw new Error(`header ${JSON.stringify(rows[0])} is not the schema's fields ${JSON.stringify(names)}`);
  }
  const missing = new Set(schema.missingValues ?? [""]);
  return rows.slice(1).map((cells, r) => {
    if (cells.length !== names.length) throw new Error(`line ${r + 2}: ${cells.length} values for ${names.length} fields`);
    const out: Record<string, string | number | null> = {};
    schema.fields.forEach((f, j) => {
      const raw = cells[j];
      const where = `line ${r + 2}, field ${f.name}`;
      if (missing.has(raw)) {
        if (f.constraints?.required) throw new Error(`${where}: a required value is missing`);
        out[f.name] = null;
        return;
      }
      let value: string | number;
      if (f.type === "integer") {
        if (!integerPattern.test(raw)) throw new Error(`${where}: ${JSON.stringify(raw)} is not an integer`);
        value = Number(raw);
      } else if (f.type === "number") {
        if (!numberPattern.test(raw)) throw new Error(`${where}: ${JSON.stringify(raw)} is not a number`);
        value = Number(raw);
      } else if (f.type === "string") {
        value = raw;
      } else {
        throw new Error(`${where}: type ${f.type} is not read by this checker`);
      }
      const c = f.constraints;
      if (c?.enum && !c.enum.includes(String(value))) throw new Error(`${where}: ${JSON.stringify(raw)} is not one of ${c.enum.join(", ")}`);
      if (typeof value === "number") {
        if (c?.minimum !== undefined && value < c.minimum) throw new Error(`${where}: ${value} is below ${c.minimum}`);
        if (c?.maximum !== undefined && value > c.maximum) throw new Error(`${where}: ${value} is above ${c.maximum}`);
      }
      out[f.name] = value;
    });
    return out;
  });
}
