/**
 * Two app servers on one PostgreSQL (node --import tsx bench/ops/two-servers.ts):
 *   - saves through both, interleaved: nothing lost;
 *   - a session made on one is accepted by the other;
 *   - 11 failed sign-ins spread over both servers: the 11th is refused (limits live in the database).
 */
import fs from "node:fs";
import { createEditors, CSRF, FREE_QUESTIONS, snapshotBuild, sleep, startServer, tempPostgres } from "../lib/harness";
import { check, compare, signIn, startLoad, storedAnswersPostgres } from "../faults/lib";

const database = await tempPostgres("bilan_ops_two");
const dir = snapshotBuild();
const servers: Awaited<ReturnType<typeof startServer>>[] = [];
try {
  servers.push(await startServer({ dir, env: { DATABASE_URL: database.url, DEMO_DATA: "true" } }));
  servers.push(await startServer({ dir, env: { DATABASE_URL: database.url } }));
  const [a, b] = servers;

  // Saves through both servers, alternating per request.
  const editors = await createEditors(database.url, 10, "two");
  let turn = 0;
  const load = startLoad(() => (turn++ % 2 ? a.baseUrl : b.baseUrl), editors.map((e, i) => ({ label: `editor ${i}`, ...e, questionId: FREE_QUESTIONS[i % 2].id, sectionId: "general" })));
  await sleep(4_000);
  await load.stop();
  const missing = compare(load.acknowledged, await storedAnswersPostgres(database.url));
  check((load.statuses["200"] ?? 0) > 20, `too few saves: ${JSON.stringify(load.statuses)}`);
  check(missing.length === 0, `saves lost between two servers:\n${missing.join("\n")}`);
  console.log(`two-servers: saves through both ${JSON.stringify(load.statuses)}, none lost`);

  // A session made on A works on B.
  const { cookie } = await signIn(a.baseUrl, "owner@teixidores.example", "bilan-demo-2026");
  const onB = await fetch(`${b.baseUrl}/account`, { headers: { cookie }, redirect: "manual" });
  check(onB.status === 200, `the session made on A answers ${onB.status} on B (expected 200)`);
  console.log("two-servers: signed in on A, the cookie works on B");

  // 11 failed sign-ins over both: the 11th refused, even with the right password.
  const attempt = (server: typeof a, password: string) =>
    fetch(`${server.baseUrl}/signin`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `bilan_csrf=${CSRF}` },
      body: new URLSearchParams({ csrf: CSRF, email: "editor@teixidores.example", password }).toString(),
    });
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 ? a : b, `wrong password ${i}`)).status);
  const eleventh = await attempt(a, "bilan-demo-2026");
  const text = await eleventh.text();
  console.log(`two-servers: 10 failed sign-ins ${statuses.join(",")}; the 11th (right password, server A) ${eleventh.status}`);
  check(eleventh.status !== 302 && eleventh.status >= 400, `the 11th sign-in was let in (${eleventh.status})`);
  check(/too many|try again|wait/i.test(text), "the refusal does not say why");
  console.log("two-servers: ok");
} finally {
  for (const s of servers) await s.stop();
  await database.drop();
  fs.rmSync(dir, { recursive: true, force: true });
}
