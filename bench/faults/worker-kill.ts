/**
 * Several workers (WORKERS=2, on PostgreSQL) under an autosave load: one worker is killed with
 * SIGKILL; the other goes on answering, a new worker takes its place, every acknowledged save is
 * in the database; then SIGTERM to the server stops every worker and the server exits with 0.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createEditors, FREE_QUESTIONS, snapshotBuild, sleep, startServer, tempPostgres } from "../lib/harness";
import { check, compare, startLoad, storedAnswersPostgres } from "./lib";

function workersOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

const database = await tempPostgres("bilan_fault_workers");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  server = await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true", WORKERS: "2" } });
  const primary = server.process.pid!;
  for (let i = 0; i < 50 && workersOf(primary).length < 2; i++) await sleep(200);
  const before = workersOf(primary);
  check(before.length === 2, `expected 2 workers, found ${before.length}:\n${server.logTail()}`);

  const editors = await createEditors(database.url, 20, "workers");
  const base = server.baseUrl;
  const load = startLoad(() => base, editors.map((e, i) => ({ label: `editor ${i}`, ...e, questionId: FREE_QUESTIONS[i % 2].id, sectionId: "general" })));
  await sleep(2_000);
  const killedAt = load.elapsed();
  process.kill(before[0], "SIGKILL");
  console.log(`worker-kill: ${JSON.stringify(load.statuses)} before; killed worker ${before[0]}`);
  let replaced: number[] = [];
  for (let i = 0; i < 100; i++) {
    await sleep(100);
    replaced = workersOf(primary).filter((pid) => !before.includes(pid));
    if (replaced.length) break;
  }
  await sleep(2_000);
  await load.stop();
  const savedAfter = load.timeline.filter((t) => t.status === "200" && t.at > killedAt + 200).length;
  console.log(`worker-kill: statuses ${JSON.stringify(load.statuses)}; replacement ${replaced.join(", ") || "none"}; ${savedAfter} saves after the kill`);
  check(replaced.length === 1, "no new worker replaced the killed one within 10 s");
  check(savedAfter > 0, "no save succeeded after a worker was killed");
  const missing = compare(load.acknowledged, await storedAnswersPostgres(database.url));
  check(missing.length === 0, `acknowledged saves missing:\n${missing.slice(0, 10).join("\n")}`);

  const workers = workersOf(primary);
  await server.stop();
  const code = await server.exited;
  const left = workers.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  check(code === 0, `the server exited with ${code} on SIGTERM`);
  check(left.length === 0, `workers still running after the server stopped: ${left.join(", ")}`);
  console.log(`worker-kill: ok — ${load.acknowledged.size} answers, every acknowledged save stored; SIGTERM stopped both workers, exit 0`);
} finally {
  await server?.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
