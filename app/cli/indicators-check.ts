/**
 * npm run indicators:check [-- <dir>]
 *
 * Loads and checks every questionnaire definition under indicators/ (or <dir>), prints every
 * error as file:line: path: message, and exits non-zero when there is any.
 */
// every text in the languages the installation offers (indicators/network.yaml)
import "#app/i18n/setup.server";
import { loadAllDefinitions } from "#app/questionnaires/files";

async function main() {
  const dir = process.argv[2] ?? "indicators";
  const { definitions, errors } = await loadAllDefinitions(dir);
  for (const e of errors) {
    const where = e.line ? `${e.file}:${e.line}` : e.file;
    console.error(`${where}: ${e.path ? `${e.path}: ` : ""}${e.message}`);
  }
  for (const d of definitions) {
    const def = d.definition;
    console.log(
      `ok ${d.file}: ${def.questionnaire} ${def.version}, ${d.questions.length} questions, ` +
        `${d.indicators.length} indicators (${d.indicators.filter((i) => i.scored).length} scored), sha256 ${d.contentHash}`,
    );
  }
  if (errors.length) {
    console.error(`${errors.length} error${errors.length === 1 ? "" : "s"}`);
    process.exit(1);
  }
}

main().catch((error) => {
  // loadAllDefinitions reports every problem of a file as an error; this is only for the unforeseen
  console.error(`indicators:check could not run: ${(error as Error).message}`);
  process.exit(2);
});
