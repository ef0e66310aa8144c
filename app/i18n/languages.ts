/**
 * The installation's language configuration (indicators/network.yaml): parsed and validated here,
 * every mistake reported with its file and line. Pure: the caller reads the files (setup.server.ts).
 */
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { lineForPath } from "#app/questionnaires/load";
import type { LanguageSettings } from "./locales";

export interface LanguageConfigError {
  file: string;
  line?: number;
  message: string;
}

const displayNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/** A well-formed BCP 47 tag that names a language Intl knows ("eu", "fr-CA"; not "xx", not "english"). */
export function knownLanguageTag(tag: string): boolean {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) return false;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical === tag && displayNames.of(tag) !== undefined;
  } catch {
    return false;
  }
}

const tag = z.string().refine(knownLanguageTag, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a known BCP 47 language tag (such as en, fr, eu, pt-BR)`,
});

const ConfigSchema = z
  .strictObject({
    languages: z.array(tag).min(1, "lists no language").max(100),
    defaultLanguage: tag,
    names: z.record(z.string(), z.string().trim().min(1)),
    fallbacks: z.record(z.string(), z.array(tag).max(10)).optional(),
    formatting: z.record(z.string(), tag).optional(),
  })
  .superRefine((c, ctx) => {
    if (new Set(c.languages).size !== c.languages.length) ctx.addIssue({ code: "custom", path: ["languages"], message: "lists a language twice" });
    if (!c.languages.includes(c.defaultLanguage)) {
      ctx.addIssue({ code: "custom", path: ["defaultLanguage"], message: `"${c.defaultLanguage}" is not one of the languages offered` });
    }
    c.languages.forEach((l, i) => {
      if (!c.names[l]) ctx.addIssue({ code: "custom", path: ["languages", i], message: `"${l}" has no name under names:` });
    });
    for (const [l, as] of Object.entries(c.formatting ?? {})) {
      if (!c.languages.includes(l)) ctx.addIssue({ code: "custom", path: ["formatting", l], message: `"${l}" is not one of the languages offered` });
      else if (as.split("-")[0] !== l.split("-")[0]) ctx.addIssue({ code: "custom", path: ["formatting", l], message: `"${as}" is not a variety of ${l}` });
    }
    for (const [l, list] of Object.entries(c.fallbacks ?? {})) {
      if (!c.languages.includes(l)) ctx.addIssue({ code: "custom", path: ["fallbacks", l], message: `"${l}" is not one of the languages offered` });
      list.forEach((f, i) => {
        if (!c.languages.includes(f)) ctx.addIssue({ code: "custom", path: ["fallbacks", l, i], message: `"${f}" is not one of the languages offered` });
      });
    }
  });

export type LanguageConfigResult = { ok: true; settings: LanguageSettings } | { ok: false; errors: LanguageConfigError[] };

/**
 * Reads the configuration text. `hasCatalogues(code)` says whether a language's interface
 * catalogues exist: a language offered without them is refused.
 */
export function parseLanguageConfig(text: string, file: string, hasCatalogues: (code: string) => boolean): LanguageConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ file, line: lineCounter.linePos(e.pos[0]).line, message: `YAML: ${e.message.split("\n")[0]}` })),
    };
  }
  const parsed = ConfigSchema.safeParse(doc.toJS({ maxAliasCount: 10 }));
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
        const where = path.length ? `${path.join(".")}: ` : "";
        return {
          file,
          line: lineForPath(doc, lineCounter, keys.length ? [...path, keys[0]] : path),
          message: keys.length ? `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}` : `${where}${issue.message}`,
        };
      }),
    };
  }
  const c = parsed.data;
  const errors: LanguageConfigError[] = [];
  c.languages.forEach((l, i) => {
    if (!hasCatalogues(l)) {
      errors.push({ file, line: lineForPath(doc, lineCounter, ["languages", i]), message: `"${l}" is offered but has no interface catalogues (app/locales/${l}/*.json)` });
    }
  });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      languages: c.languages,
      defaultLanguage: c.defaultLanguage,
      names: Object.fromEntries(c.languages.map((l) => [l, c.names[l]])),
      fallbacks: c.fallbacks ?? {},
      formatting: c.formatting ?? {},
    },
  };
}

export function formatConfigErrors(errors: LanguageConfigError[]): string {
  return errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ""}: ${e.message}`).join("\n");
}
