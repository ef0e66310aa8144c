import { closeDatabase, getConnection } from "#db/client";
import { getEnv } from "#app/utils/env.server";
import { log } from "#app/utils/log.server";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import { applyTaxonomyChanges } from "#app/models/taxonomies.server";

type Step = { name: string; run: () => Promise<void> };
const steps: Step[] = [];

/** Features that need work at start (recording definitions, demo data) register a step. */
export function onStartup(name: string, run: () => Promise<void>) {
  steps.push({ name, run });
}

/**
 * Called by server.js before it listens: configuration, database and migrations, taxonomy
 * entries in use (retired ones moved to their successor, unknown ones refused), then each
 * registered step. Any failure stops the start with its message.
 */
export async function startup() {
  const env = getEnv();
  getTaxonomies();
  const connection = await getConnection();
  log.info(`Bilan: database ${connection.kind}${connection.kind === "pglite" ? ` in ${env.DATA_DIR}` : ""}, migrations applied`);
  await applyTaxonomyChanges();
  for (const step of steps) await step.run();
  startHousekeeping();
}

let housekeeping: ReturnType<typeof setInterval> | undefined;
/** Expired sessions and kept answers past their time are deleted hourly (and at start). */
function startHousekeeping() {
  const run = () =>
    import("#app/utils/session.server")
      .then(({ purgeExpiredSessions }) => purgeExpiredSessions())
      .catch((error) => log.error(`housekeeping: ${(error as Error).message}`));
  void run();
  housekeeping = setInterval(run, 60 * 60 * 1000);
  housekeeping.unref();
}

/** How many server processes to run (server.js forks them when more than one). */
export function workerCount(): number {
  return getEnv().WORKERS;
}

export async function shutdown() {
  if (housekeeping) clearInterval(housekeeping);
  await closeDatabase();
}
