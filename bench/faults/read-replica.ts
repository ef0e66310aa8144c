/**
 * Read replica (decision 0702): a throwaway primary, a streaming replica of it (`pg_basebackup -R`,
 * another port), two app servers on the primary with DATABASE_REPLICA_URL set to the replica and
 * a lag bound of 2 s, and editors saving answers through both servers all along. It shows that
 *   1. report pages are read from the replica (its own transaction count grows with them, and a
 *      change the replica has not replayed yet is not on the public summary);
 *   2. a replica lagging beyond the bound (replay paused) is left at once: the page shows the
 *      primary's data;
 *   3. with the replica killed (immediate stop), report and public pages are still answered;
 *   4. writes never go to it: it is a hot standby (a write there fails), every save is answered
 *      by the primary, and every acknowledged save is on the primary.
 *
 *   node --import tsx bench/faults/read-replica.ts   (or npm run test:faults -- read-replica)
 */
import fs from "node:fs";
import postgres from "postgres";
import { createEditors, FREE_QUESTIONS, sessionFor, sleep, snapshotBuild, startServer, throwawayPostgres, throwawayReplica } from "../lib/harness";
import { check, compare, startLoad, storedAnswersPostgres } from "./lib";

const MAX_LAG_S = 2;
const t0 = Date.now();
const primary = await throwawayPostgres();
let replica: Awaited<ReturnType<typeof throwawayReplica>> | undefined;
const dir = snapshotBuild();
const servers: Array<Awaited<ReturnType<typeof startServer>>> = [];
const onPrimary = postgres(primary.url, { max: 2, onnotice: () => {} });
let onReplica: postgres.Sql | undefined;
try {
  await onPrimary`create database bilan`;
  const url = (base: string) => base.replace(/\/postgres$/, "/bilan");
  replica = await throwawayReplica(primary);
  onReplica = postgres(url(replica.url), { max: 1, onnotice: () => {} });
  const env = { DATABASE_URL: url(primary.url), DATABASE_REPLICA_URL: url(replica.url), DATABASE_REPLICA_MAX_LAG_S: String(MAX_LAG_S), DATABASE_POOL_SIZE: "4" };
  servers.push(await startServer({ dir, env: { ...env, DEMO_DATA: "true" } }));
  servers.push(await startServer({ dir, env }));
  const db = postgres(url(primary.url), { max: 2, onnotice: () => {} });
  const [{ standby }] = await onReplica<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
  check(standby, "the replica is not a standby");

  // A report to read, its owner's session; the public summary of the same organisation.
  const [subject] = await db<{ organisation_id: string; assessment_id: string; user_id: string; name: string }[]>`
    select a.organisation_id, a.id as assessment_id, m.user_id, o.name from assessments a
    join results r on r.assessment_id = a.id and r.current join organisations o on o.id = a.organisation_id
    join memberships m on m.organisation_id = a.organisation_id and m.role = 'owner' order by a.id limit 1`;
  check(subject, "the demo network has no report");
  await db`update organisations set public_summary = true where id = ${subject.organisation_id}`;
  const cookie = await sessionFor(db, subject.user_id);
  const reportPath = `/o/${subject.organisation_id}/reports/${subject.assessment_id}`;
  const publicPath = `/public/${subject.organisation_id}`;
  const read = async (server: (typeof servers)[number], path: string, withCookie = true) => {
    const response = await fetch(server.baseUrl + path, { headers: withCookie ? { cookie } : {}, signal: AbortSignal.timeout(10_000) }).catch(() => null);
    return { status: response?.status ?? 0, body: (await response?.text().catch(() => "")) ?? "" };
  };
  const replicaTransactions = async () => Number((await onReplica!<{ n: string }[]>`select xact_commit::text as n from pg_stat_database where datname = 'bilan'`)[0].n);
  await sleep(1_500); // the session and the opt-in replayed on the replica

  const editors = await createEditors(url(primary.url), 6, "replica");
  const load = startLoad((() => { let i = 0; return () => servers[i++ % 2].baseUrl; })(), editors.map((e, i) => ({ label: `editor ${i}`, ...e, questionId: FREE_QUESTIONS[i % 2].id, sectionId: "general" })), { maxMs: 50_000 });

  // 1. reads from the replica
  const before = await replicaTransactions();
  for (let i = 0; i < 10; i++) {
    const r = await read(servers[i % 2], reportPath);
    check(r.status === 200 && r.body.includes(subject.name), `report page answered ${r.status} before any fault`);
  }
  const publicBefore = await read(servers[0], publicPath, false);
  check(publicBefore.status === 200, `public summary answered ${publicBefore.status}`);
  const after = await replicaTransactions();
  check(after - before >= 10, `the replica ran ${after - before} transactions for 11 page reads: the pages are not read from it`);
  console.log(`read-replica: 11 pages read, the replica ran ${after - before} transactions`);

  // 2. a lagging replica: replay paused, a change on the primary; past the bound the page shows it.
  await onReplica`select pg_wal_replay_pause()`;
  const renamed = `${subject.name} (renamed ${Date.now()})`;
  await db`update organisations set name = ${renamed} where id = ${subject.organisation_id}`;
  await sleep(300);
  // (the public summary: the organisation's name there comes from the replica's read alone)
  const stale = await read(servers[0], publicPath, false);
  check(stale.status === 200 && stale.body.includes(subject.name) && !stale.body.includes(renamed), "within the lag bound, the page was not read from the replica");
  await sleep((MAX_LAG_S + 1.5) * 1000);
  const lagging: number[] = [];
  for (const server of servers) {
    // the first read past the check interval may still see the replica's answer of its last check
    await read(server, publicPath, false);
    const r = await read(server, publicPath, false);
    lagging.push(r.status);
    check(r.status === 200 && r.body.includes(renamed), `with the replica ${MAX_LAG_S + 1.5} s behind, the page did not show the primary's data (status ${r.status})`);
  }
  await onReplica`select pg_wal_replay_resume()`;
  console.log(`read-replica: replica paused beyond ${MAX_LAG_S} s: pages from the primary (${lagging.join(", ")}); replay resumed`);
  await sleep(2_000);

  // 3. the replica killed: reads still answered, by the primary.
  await onReplica.end({ timeout: 1 }).catch(() => {});
  onReplica = undefined;
  const killedAt = Date.now();
  await replica.destroy();
  replica = undefined;
  const statuses: Record<string, number> = {};
  let reads = 0;
  while (Date.now() - killedAt < 8_000) {
    for (const server of servers) {
      for (const [path, withCookie] of [[reportPath, true], [publicPath, false]] as const) {
        const r = await read(server, path, withCookie);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        reads++;
        check(r.status === 200, `${path} answered ${r.status} ${Date.now() - killedAt} ms after the replica was killed`);
      }
    }
  }
  console.log(`read-replica: replica killed; ${reads} reads in the next 8 s: ${JSON.stringify(statuses)}`);

  // 4. writes: every save answered by the primary, every acknowledged one stored there.
  await load.stop();
  const failed = Object.entries(load.statuses).filter(([s]) => s !== "200" && s !== "409");
  check(failed.length === 0, `saves failed during the run: ${JSON.stringify(load.statuses)}`);
  const missing = compare(load.acknowledged, await storedAnswersPostgres(url(primary.url)));
  check(missing.length === 0, `acknowledged saves missing on the primary:\n${missing.slice(0, 10).join("\n")}`);
  await db.end();
  console.log(`read-replica: ok — saves ${JSON.stringify(load.statuses)}, every acknowledged save on the primary (${load.acknowledged.size} answers); ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  await onReplica?.end({ timeout: 1 }).catch(() => {});
  await onPrimary.end({ timeout: 1 }).catch(() => {});
  for (const s of servers) await s.stop();
  await replica?.destroy();
  await primary.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
