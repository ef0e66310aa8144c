// npm run test:faults — the fault scripts, one after the other (about 2 minutes). Needs the
// build (npm run build) and the local PostgreSQL; restarts PostgreSQL once (pg-restart).
//   node bench/faults/run.js [names…]   e.g. db-unreachable server-kill
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const all = ["db-unreachable", "db-outage-load", "server-kill", "pg-restart", "worker-kill"];
const chosen = process.argv.slice(2).length ? all.filter((n) => process.argv.slice(2).includes(n)) : all;
let failed = 0;
for (const name of chosen) {
  const t0 = Date.now();
  console.log(`==> ${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(here, `${name}.ts`)], { cwd: root, stdio: "inherit", timeout: 180_000 });
  const ok = r.status === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? "ok  " : "FAIL"}  ${name} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(`${chosen.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
