// npm run seed: fills the database configured by the environment (DATABASE_URL or DATA_DIR).
//
//   npm run seed                                 the demo network, in an empty database only
//   npm run seed -- --orgs 5000 --years 5        adds a generated population (and the demo
//                                                network first when the database is empty)
//   options: --seed N (same seed, same population), --last-year YYYY (default: this year),
//            --chunk N (organisations per transaction, default 250)
import { parseArgs } from "node:util";
import { closeDatabase } from "./client";
import { startupWithoutDemo } from "../app/cli/startup-cli";
import { databaseIsEmpty, seedDemo } from "../app/models/demo.server";

function positiveInteger(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got "${raw}").`);
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      orgs: { type: "string" },
      years: { type: "string" },
      seed: { type: "string" },
      "last-year": { type: "string" },
      chunk: { type: "string" },
    },
  });
  const orgs = positiveInteger("orgs", values.orgs, 1_000_000);
  const years = positiveInteger("years", values.years, 30);
  if ((orgs === undefined) !== (years === undefined)) throw new Error("--orgs and --years go together, e.g. npm run seed -- --orgs 5000 --years 5");

  await startupWithoutDemo();
  const empty = await databaseIsEmpty();
  if (empty) {
    const lines = await seedDemo();
    console.log(`Demo network created:\n${lines.join("\n")}`);
  } else if (orgs === undefined) {
    console.log("The database already holds data: the demo network is only created in an empty database.");
  }
  if (orgs === undefined || years === undefined) return;

  // Loaded only here: the demo-only command stays as light as before.
  const { seedPopulation, populationCounts } = await import("./seed/population");
  console.log(`Generating ${orgs} organisations over ${years} years…`);
  const summary = await seedPopulation({
    orgs,
    years,
    seed: positiveInteger("seed", values.seed, 2 ** 31) ?? 1,
    lastYear: positiveInteger("last-year", values["last-year"], 9999),
    chunk: positiveInteger("chunk", values.chunk, 10_000),
    log: (line) => console.log(line),
  });
  console.log(
    `Added ${summary.organisations} organisations, ${summary.assessments} assessments (${summary.submitted} submitted and scored, ` +
      `${summary.drafts} drafts${summary.refusedAtSubmit ? `, of which ${summary.refusedAtSubmit} refused at submit` : ""}), ` +
      `${summary.answers} answers in ${summary.seconds.toFixed(1)} s.`,
  );
  const counts = await populationCounts();
  console.log(`The database now holds: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}.`);
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
