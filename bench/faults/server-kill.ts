/**
 * The server killed with SIGKILL during an autosave load, then started again: every save it
 * acknowledged is there. On PostgreSQL and on the embedded database (PGlite), where the dead
 * process leaves its bilan.lock behind: the restart must not be blocked by it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "#db/client";
import { createEditors, FREE_QUESTIONS, snapshotBuild, sleep, startServer, tempPostgres } from "../lib/harness";
import { check, compare, signIn, startLoad, storedAnswersPostgres, type Writer } from "./lib";

const dir = snapshotBuild();

async function demoWriters(baseUrl: string): Promise<Writer[]> {
  const people = [
    ["owner@teixidores.example", "members_total"],
    ["editor@teixidores.example", "volunteers"],
    ["owner@hortaviva.example", "members_total"],
    ["editor@hortaviva.example", "volunteers"],
    ["owner@energiacomuna.example", "members_total"],
  ];
  const writers: Writer[] = [];
  for (const [email, questionId] of people) {
    const { cookie, location: first } = await signIn(baseUrl, email, "bilan-demo-2026");
    let location = first;
    if (!location?.includes("/o/")) location = (await fetch(`${baseUrl}${location ?? "/"}`, { headers: { cookie }, redirect: "manual" })).headers.get("location");
    const organisationId = location?.match(/\/o\/([^/?]+)/)?.[1];
    check(organisationId, `${email} landed on ${location}`);
    const html = await (await fetch(`${baseUrl}/o/${organisationId}`, { headers: { cookie } })).text();
    const assessmentId = [...html.matchAll(/\/assessments\/([0-9a-f-]{36})/g)].map((m) => m[1])[0];
    check(assessmentId, `no draft assessment on ${email}'s organisation home`);
    writers.push({ label: email, organisationId, assessmentId, cookie, questionId, sectionId: "general" });
  }
  return writers;
}

async function scenario(kind: "postgres" | "pglite") {
  const database = kind === "postgres" ? await tempPostgres("bilan_fault_kill") : undefined;
  const dataDir = kind === "pglite" ? fs.mkdtempSync(path.join(os.tmpdir(), "bilan-fault-kill-")) : undefined;
  const env = { DATABASE_URL: database?.url, DATA_DIR: dataDir, DEMO_DATA: "true" };
  let server = await startServer({ dir, env });
  try {
    const writers =
      kind === "postgres"
        ? (await createEditors(database!.url, 20, "kill")).map((e, i) => ({ label: `editor ${i}`, ...e, questionId: FREE_QUESTIONS[i % 2].id, sectionId: "general" }))
        : await demoWriters(server.baseUrl);
    let base = server.baseUrl;
    const load = startLoad(() => base, writers);
    await sleep(3_000);
    await server.kill();
    console.log(`server-kill (${kind}): SIGKILL after ${JSON.stringify(load.statuses)}`);
    await sleep(500);
    await load.stop();
    if (dataDir) check(fs.existsSync(path.join(dataDir, "bilan.lock")), "the killed server left no bilan.lock (the check of a stale lock would prove nothing)");
    server = await startServer({ dir, env, port: server.port });
    base = server.baseUrl;
    const again = await fetch(`${base}/healthz`);
    check(again.status === 200, `/healthz answers ${again.status} after the restart`);
    await server.stop();
    let stored: Map<string, { value: unknown; revision: number }>;
    if (database) stored = await storedAnswersPostgres(database.url);
    else {
      const connection = await openDatabase({ kind: "pglite", dataDir: dataDir!, migrate: false });
      const rows = await connection.pglite!.query<{ assessment_id: string; question_id: string; value: { v: unknown }; revision: number }>("select assessment_id, question_id, value, revision from answers");
      stored = new Map(rows.rows.map((r) => [`${r.assessment_id}/${r.question_id}`, { value: r.value?.v, revision: r.revision }]));
      await connection.close();
    }
    const missing = compare(load.acknowledged, stored);
    check(load.acknowledged.size > 0, "no save was acknowledged before the kill");
    check(missing.length === 0, `acknowledged saves missing after SIGKILL (${kind}):\n${missing.slice(0, 10).join("\n")}`);
    console.log(`server-kill (${kind}): ok — restarted${dataDir ? " over the stale bilan.lock" : ""}, ${load.acknowledged.size} answers, every acknowledged save stored`);
  } finally {
    await server.kill().catch(() => {});
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  await scenario("postgres");
  await scenario("pglite");
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
