/**
 * PostgreSQL out for 8 seconds while 20 editors save (issue 13, decision 0501): stopped (fast
 * shutdown, connections refused) and then frozen (every server process SIGSTOPped: connections
 * stay open and nothing answers). During each outage every save gets its answer within about
 * 2 s, a 503 "try again" when the database cannot answer, and /healthz answers within a second.
 * Afterwards the server saves again by itself, and every acknowledged save is in the database.
 *
 * It runs its own PostgreSQL (initdb in a temporary directory, another port): the shared server
 * at 127.0.0.1:5432 is not touched.
 */
import fs from "node:fs";
import postgres from "postgres";
import { createEditors, FREE_QUESTIONS, snapshotBuild, sleep, startServer, throwawayPostgres } from "../lib/harness";
import { check, compare, startLoad, storedAnswersPostgres } from "./lib";

const OUTAGE_MS = 8_000;
/** Decision 0501's "about 2 s", with room for a loaded 2-CPU machine. */
const SAVE_LIMIT_MS = 3_000;
const HEALTH_LIMIT_MS = 1_000;

const pg = await throwawayPostgres();
const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
await admin`create database bilan`;
await admin.end();
const url = pg.url.replace(/\/postgres$/, "/bilan");
const dir = snapshotBuild();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const problems: string[] = [];
try {
  server = await startServer({ dir, env: { DATABASE_URL: url, DEMO_DATA: "true" } });
  const editors = await createEditors(url, 20, "outage");
  const base = server.baseUrl;
  const load = startLoad(() => base, editors.map((e, i) => ({ label: `editor ${i}`, ...e, questionId: FREE_QUESTIONS[i % 2].id, sectionId: "general" })), { maxMs: 120_000 });
  await sleep(2_000);

  for (const [name, begin, end] of [
    ["stopped", pg.stop, pg.start],
    ["frozen", pg.freeze, pg.thaw],
  ] as const) {
    const from = load.elapsed();
    begin();
    const health: Array<{ status: number; ms: number }> = [];
    while (load.elapsed() - from < OUTAGE_MS) {
      const t0 = Date.now();
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(15_000) }).catch(() => null);
      health.push({ status: response?.status ?? 0, ms: Date.now() - t0 });
      await response?.body?.cancel();
      await sleep(400);
    }
    const to = load.elapsed();
    end();
    // Saves that started during the outage, once those in flight when it began have had their time.
    const during = load.timeline.filter((t) => t.startedAt >= from && t.startedAt < to);
    const slow = during.filter((t) => t.ms > SAVE_LIMIT_MS);
    const counts: Record<string, number> = {};
    for (const t of during) counts[t.status] = (counts[t.status] ?? 0) + 1;
    const slowHealth = health.filter((h) => h.ms > HEALTH_LIMIT_MS || h.status === 0);
    console.log(
      `db-outage-load (${name}): ${during.length} saves started during the outage ${JSON.stringify(counts)}, slowest ${Math.max(0, ...during.map((t) => t.ms))} ms; ` +
        `/healthz ${health.map((h) => `${h.status}/${h.ms}ms`).join(" ")}`,
    );
    if (slow.length) problems.push(`${name}: ${slow.length} saves waited more than ${SAVE_LIMIT_MS} ms (slowest ${Math.max(...slow.map((t) => t.ms))} ms)`);
    if (!(counts["503"] > 0)) problems.push(`${name}: no 503 during the outage`);
    const other = Object.keys(counts).filter((s) => s !== "503" && s !== "200");
    if (other.length) problems.push(`${name}: other answers during the outage: ${other.join(", ")}`);
    if (slowHealth.length) problems.push(`${name}: /healthz took more than ${HEALTH_LIMIT_MS} ms: ${slowHealth.map((h) => `${h.status}/${h.ms}ms`).join(" ")}`);
    if (!health.some((h) => h.status === 503)) problems.push(`${name}: /healthz never said 503`);

    // Back: saves succeed again by themselves.
    const back = load.elapsed();
    let recovered = false;
    for (let i = 0; i < 200 && !recovered; i++) {
      await sleep(100);
      recovered = load.timeline.some((t) => t.status === "200" && t.startedAt > back);
    }
    if (!recovered) problems.push(`${name}: no save succeeded within 20 s of the database's return`);
    await sleep(1_000);
  }
  await load.stop();
  const health = await fetch(`${base}/healthz`);
  check(health.status === 200, `/healthz answers ${health.status} after the outages`);
  const missing = compare(load.acknowledged, await storedAnswersPostgres(url));
  if (missing.length) problems.push(`acknowledged saves missing:\n${missing.slice(0, 10).join("\n")}`);
  check(problems.length === 0, problems.join("\n"));
  console.log(`db-outage-load: ok — 503 within ${SAVE_LIMIT_MS} ms and /healthz within ${HEALTH_LIMIT_MS} ms while stopped and frozen; ${load.acknowledged.size} answers, every acknowledged save stored`);
} finally {
  await server?.stop();
  await pg.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
