import { createRequire } from "node:module";
import { Font, renderToBuffer } from "@react-pdf/renderer";
import type { Locale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import type { ReportSource } from "#app/models/reports.server";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { questionnaireGuide } from "#app/questionnaires/guide";
import { GuideDocument } from "./guide-document";
import { ReportDocument } from "./report-document";

// A font with the letters of every language a network may write in (DejaVu Sans: Latin,
// Greek, Cyrillic, Canadian syllabics among them), read from the installed package, never
// downloaded at run time.
let registered = false;
function registerFonts() {
  if (registered) return;
  const require = createRequire(import.meta.url);
  const file = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);
  Font.register({
    family: "DejaVu Sans",
    fonts: [{ src: file("DejaVuSans.ttf") }, { src: file("DejaVuSans-Bold.ttf"), fontWeight: "bold" }],
  });
  // Words are not hyphenated: a label broken in the middle of a word reads badly.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}

// A PDF takes a few hundred milliseconds of CPU to lay out: one is made per report and
// language (the report's key says what it is made from), readers of the same one share it, and
// one is laid out at a time so that a burst of downloads cannot hold every request up.
const made = new Map<string, Promise<Buffer>>();
const MAX_KEPT = 40;
let queue: Promise<unknown> = Promise.resolve();

/** One PDF per key: kept (the most recently used), shared by concurrent readers, laid out in turn. */
function madeOnce(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const kept = made.get(key);
  if (kept) {
    made.delete(key);
    made.set(key, kept);
    return kept;
  }
  const run = queue.then(() => {
    registerFonts();
    return make();
  });
  queue = run.catch(() => undefined);
  made.set(key, run);
  run.catch(() => made.delete(key));
  while (made.size > MAX_KEPT) made.delete(made.keys().next().value as string);
  return run;
}

export function reportPdf(source: ReportSource, locale: Locale): Promise<Buffer> {
  return madeOnce(`report|${locale}|${JSON.stringify(source.key)}`, async () => {
    const report = await source.build();
    return renderToBuffer(<ReportDocument report={report} locale={locale} t={makeTranslate(locale)} />);
  });
}

/** The questionnaire guide: one per questionnaire version (its content hash) and language. */
export function guidePdf(compiled: CompiledDefinition, locale: Locale): Promise<Buffer> {
  return madeOnce(`guide|${locale}|${compiled.contentHash}`, () => {
    const title = `${compiled.definition.title[locale]} ${compiled.definition.version}`;
    return renderToBuffer(<GuideDocument title={title} sections={questionnaireGuide(compiled)} locale={locale} t={makeTranslate(locale)} />);
  });
}
