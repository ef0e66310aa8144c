/**
 * The database unreachable: the server talks to PostgreSQL through a local TCP relay that this
 * script cuts (existing connections dropped, new ones refused) and restores, so the shared
 * PostgreSQL is not touched. While cut: pages answer 503 with the "try again" page, the
 * autosave API 503, /healthz 503 JSON, and the server stays up. Restored: 200 again by itself.
 */
import fs from "node:fs";
import net from "node:net";
import { createEditors, freePort, snapshotBuild, sleep, startServer, tempPostgres } from "../lib/harness";
import { check } from "./lib";

const database = await tempPostgres("bilan_fault_down");
const target = new URL(database.url);
const relayPort = await freePort();
const sockets = new Set<net.Socket>();
let relay: net.Server | undefined;
function openRelay() {
  return new Promise<void>((resolve) => {
    relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    relay.listen(relayPort, "127.0.0.1", () => resolve());
  });
}
function cutRelay() {
  return new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    relay?.close(() => resolve());
  });
}

const relayed = new URL(database.url);
relayed.port = String(relayPort);
const dir = snapshotBuild();
await openRelay();
let server: Awaited<ReturnType<typeof startServer>> | undefined;
try {
  server = await startServer({ dir, env: { DATABASE_URL: relayed.toString(), DEMO_DATA: "true" } });
  const [editor] = await createEditors(database.url, 1, "down");
  const page = `${server.baseUrl}/o/${editor.organisationId}`;
  const save = () =>
    fetch(`${server!.baseUrl}/o/${editor.organisationId}/assessments/${editor.assessmentId}/answers`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie },
      body: new URLSearchParams({ csrf: "b".repeat(43), questionId: "members_total", sectionId: "general", "q.members_total": "7" }).toString(),
    });
  check((await fetch(page, { headers: { cookie: editor.cookie } })).status === 200, "the organisation home does not answer 200 before the cut");

  await cutRelay();
  await sleep(300);
  const statuses: number[] = [];
  let lastBody = "";
  for (let i = 0; i < 5; i++) {
    const response = await fetch(page, { headers: { cookie: editor.cookie } });
    statuses.push(response.status);
    lastBody = await response.text();
  }
  const saved = await save();
  const health = await fetch(`${server.baseUrl}/healthz`);
  const healthBody = (await health.json()) as { status?: string };
  console.log(`db-unreachable: pages ${statuses.join(",")}, autosave ${saved.status}, /healthz ${health.status} ${JSON.stringify(healthBody)}`);
  check(statuses.every((s) => s === 503), `pages answered ${statuses.join(",")} while the database was unreachable (expected 503 each)`);
  check(/try again/i.test(lastBody), `the 503 page does not say to try again:\n${lastBody.slice(0, 500)}`);
  check(saved.status === 503, `the autosave API answered ${saved.status} (expected 503)`);
  check(health.status === 503 && healthBody.status === "unavailable", "/healthz does not say unavailable with a 503");
  check((await fetch(`${server.baseUrl}/favicon.ico`)).status === 200, "the server is not answering at all");

  await openRelay();
  let back = 0;
  for (let i = 0; i < 50 && back !== 200; i++) {
    await sleep(200);
    back = (await fetch(page, { headers: { cookie: editor.cookie } })).status;
  }
  check(back === 200, `the organisation home answers ${back} after the database came back`);
  check((await save()).status === 200, "saving fails after the database came back");
  console.log("db-unreachable: ok — 503 with \"try again\" while cut, healthz 503, back to 200 by itself");
} finally {
  await server?.stop();
  await cutRelay();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
