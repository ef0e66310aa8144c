import type { Locale } from "../locales";
import { common } from "./common";
import { account } from "./account";
import { organisation } from "./organisation";
import { admin } from "./admin";
import { assessment } from "./assessment";
import { units } from "./units";
import { review } from "./review";
import { report } from "./report";
import { research } from "./research";
import { methods } from "./methods";
import { pages } from "./pages";
import { reportView } from "./report-view";

/**
 * Every interface string, per namespace; each namespace module holds the four languages
 * side by side so that a missing translation is visible in review (and fails a test).
 * Add a namespace: write messages/<name>.ts and list it here.
 */
export const namespaces = { common, account, organisation, admin, assessment, units, report, review, research, methods, pages, reportView } satisfies Record<string, NamespaceMessages>;

export type NamespaceMessages = Record<Locale, Record<string, string>>;

function flatten(locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, ns] of Object.entries(namespaces)) {
    for (const [key, value] of Object.entries((ns as NamespaceMessages)[locale])) out[`${name}.${key}`] = value;
  }
  return out;
}

export const messages: Record<Locale, Record<string, string>> = {
  en: flatten("en"),
  fr: flatten("fr"),
  ca: flatten("ca"),
  es: flatten("es"),
};
