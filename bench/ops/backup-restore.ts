/**
 * Backups, tested: back up, wipe, restore, compare (row counts and a digest of every table).
 *   - PostgreSQL: pg_dump --format=custom of a seeded database, the database dropped, a new one
 *     created, pg_restore, compared.
 *   - Embedded (PGlite): a server stopped with SIGTERM, DATA_DIR archived with tar, the directory
 *     wiped, the archive unpacked, compared (and a server starts on it).
 * Run: node --import tsx bench/ops/backup-restore.ts (needs the build and the local PostgreSQL).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "#db/client";
import { PG_SERVER, ROOT, snapshotBuild, startServer, tempPostgres } from "../lib/harness";

const DIGEST = `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
const tableDigest = (t: string) => `select count(*)::int as n, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as digest from "${t}" x`;

async function digestPostgres(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const out: Record<string, string> = {};
    for (const { table_name } of await sql.unsafe<{ table_name: string }[]>(DIGEST)) {
      const [row] = await sql.unsafe<{ n: number; digest: string }[]>(tableDigest(table_name));
      out[table_name] = `${row.n} ${row.digest}`;
    }
    return out;
  } finally {
    await sql.end();
  }
}

async function digestPglite(dataDir: string) {
  const c = await openDatabase({ kind: "pglite", dataDir, migrate: false });
  try {
    const out: Record<string, string> = {};
    for (const { table_name } of (await c.pglite!.query<{ table_name: string }>(DIGEST)).rows) {
      const [row] = (await c.pglite!.query<{ n: number; digest: string }>(tableDigest(table_name))).rows;
      out[table_name] = `${row.n} ${row.digest}`;
    }
    return out;
  } finally {
    await c.close();
  }
}

function same(a: Record<string, string>, b: Record<string, string>, what: string) {
  const diff = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
  if (diff.length) throw new Error(`${what}: restored tables differ: ${diff.map((k) => `${k} (${a[k]} vs ${b[k]})`).join(", ")}`);
  const rows = Object.values(a).reduce((s, v) => s + Number(v.split(" ")[0]), 0);
  console.log(`${what}: ok — ${Object.keys(a).length} tables, ${rows} rows, identical after restore`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-backup-"));
try {
  // PostgreSQL
  const original = await tempPostgres("bilan_ops_backup");
  execFileSync(process.execPath, ["--import", "tsx", "db/seed-cli.ts", "--orgs", "200", "--years", "3"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: original.url }, stdio: ["ignore", "ignore", "inherit"] });
  const before = await digestPostgres(original.url);
  const dump = path.join(work, "bilan.dump");
  execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${dump}`, original.url], { stdio: "inherit" });
  await original.drop(); // the wipe
  const restored = await tempPostgres("bilan_ops_restored");
  try {
    execFileSync("pg_restore", ["--no-owner", `--dbname=${restored.url}`, dump], { stdio: "inherit" });
    same(before, await digestPostgres(restored.url), `PostgreSQL (pg_dump ${Math.round(fs.statSync(dump).size / 1024)} kB, pg_restore)`);
  } finally {
    await restored.drop();
  }

  // Embedded
  const dataDir = path.join(work, "data");
  const app = snapshotBuild();
  try {
    const server = await startServer({ dir: app, env: { DATA_DIR: dataDir, DEMO_DATA: "true" } });
    await server.stop(); // SIGTERM: PGlite closes its directory
    const embeddedBefore = await digestPglite(dataDir);
    const archive = path.join(work, "bilan-data.tar.gz");
    execFileSync("tar", ["czf", archive, "--exclude=bilan.lock", "-C", dataDir, "."]);
    fs.rmSync(dataDir, { recursive: true, force: true }); // the wipe
    fs.mkdirSync(dataDir);
    execFileSync("tar", ["xzf", archive, "-C", dataDir]);
    same(embeddedBefore, await digestPglite(dataDir), "embedded (tar of DATA_DIR)");
    const again = await startServer({ dir: app, env: { DATA_DIR: dataDir } });
    await again.stop();
    console.log("embedded: a server starts on the restored directory");
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
void PG_SERVER;
