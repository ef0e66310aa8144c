/**
 * PostgreSQL restarted during an autosave load (`pg_ctlcluster --skip-systemctl-redirect 15 main
 * restart`, once): the server recovers by itself (saves succeed again without restarting it), and
 * every save acknowledged before, during and after is in the database.
 *
 * Restarting the local PostgreSQL briefly affects everyone using it: run it on purpose, through
 * `npm run test:faults`, not in a loop.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createEditors, FREE_QUESTIONS, snapshotBuild, sleep, startServer, tempPostgres } from "../lib/harness";
import { check, compare, startLoad, storedAnswersPostgres } from "./lib";

const cluster = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql")[0] : "15";
const database = await tempPostgres("bilan_fault_pgrestart");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true" } });
  const editors = await createEditors(database.url, 20, "pgrestart");
  const base = server.baseUrl;
  const load = startLoad(() => base, editors.map((e, i) => ({ label: `editor ${i}`, ...e, questionId: FREE_QUESTIONS[i % 2].id, sectionId: "general" })));
  await sleep(3_000);
  const restartAt = Date.now();
  console.log(`pg-restart: ${JSON.stringify(load.statuses)} before; restarting PostgreSQL ${cluster}/main`);
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster, "main", "restart"], { stdio: "inherit", timeout: 60_000 });
  const restartMs = Date.now() - restartAt;
  // Load goes on; the server must save again by itself within 20 s.
  const returnedAt = load.elapsed();
  let recoveredMs = -1;
  for (let i = 0; i < 250 && load.elapsed() - returnedAt < 20_000; i++) {
    await sleep(100);
    const firstOk = load.timeline.find((t) => t.status === "200" && t.at > returnedAt);
    if (firstOk) recoveredMs = firstOk.at - returnedAt;
    if (recoveredMs >= 0 && load.elapsed() - returnedAt > recoveredMs + 3_000) break;
  }
  await load.stop();
  const health = await fetch(`${base}/healthz`);
  console.log(`pg-restart: statuses ${JSON.stringify(load.statuses)}; restart took ${restartMs} ms; /healthz ${health.status}`);
  check(recoveredMs >= 0, "the server did not save again within 20 s of the restart");
  check(health.status === 200, `/healthz answers ${health.status} after the restart`);
  const missing = compare(load.acknowledged, await storedAnswersPostgres(database.url));
  check(missing.length === 0, `acknowledged saves missing after the restart:\n${missing.slice(0, 10).join("\n")}`);
  console.log(`pg-restart: ok — saves again ${recoveredMs} ms after the restart returned; ${load.acknowledged.size} answers, every acknowledged save stored`);
} finally {
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
