/**
 * Shared by the load benchmarks, the fault scripts and the operations checks: the machine,
 * a temporary PostgreSQL database, the built server started from a private copy of build/
 * (another engineer's rebuild cannot change it mid-run), sessions for generated people,
 * latency percentiles, and recording results for `npm run bench`.
 *
 * Everything runs against 127.0.0.1 only.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PG_SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const CSRF = "b".repeat(43);
/** Where each benchmark leaves its record for bench/run.ts (outside the repository). */
export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? path.join(os.tmpdir(), "bilan-bench-results");

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    at: new Date().toISOString(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A new, empty database on the local PostgreSQL; drop() removes it. */
export async function tempPostgres(prefix = "bilan_bench") {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    throw new Error(`Cannot create a database on ${PG_SERVER}: ${(error as Error).message}. Start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect 15 main start).`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const cleanup = postgres(PG_SERVER, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await cleanup.end();
    },
  };
}

/** A private copy of the build (and links to what it reads at run time), to start servers from. */
export function snapshotBuild(): string {
  if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) throw new Error("build/ is missing: run npm run build first.");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-bench-app-"));
  fs.cpSync(path.join(ROOT, "build"), path.join(dir, "build"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "server.js"), path.join(dir, "server.js"));
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
  for (const link of ["node_modules", "db", "indicators", "public", "app/locales"]) {
    if (!fs.existsSync(path.join(ROOT, link))) continue;
    fs.mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, link), path.join(dir, link));
  }
  return dir;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  process: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  logTail(lines?: number): string;
}

/** Starts `node server.js` from a build snapshot, and waits for /healthz to answer 200. */
export async function startServer({ dir, env, port, timeoutMs = 120_000 }: { dir: string; env: Record<string, string | undefined>; port?: number; timeoutMs?: number }): Promise<RunningServer> {
  const chosen = port ?? (await freePort());
  const logFile = path.join(dir, `server-${chosen}-${Date.now()}.log`);
  const log = fs.openSync(logFile, "a");
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NODE_ENV: "production", PORT: String(chosen), PUBLIC_URL: `http://127.0.0.1:${chosen}`, SECURE_COOKIES: "false", DEMO_DATA: "false", ...env })) {
    if (v !== undefined) fullEnv[k] = v;
  }
  if (!env.DATABASE_URL) delete fullEnv.DATABASE_URL;
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "server.js"], { cwd: dir, env: fullEnv as NodeJS.ProcessEnv, stdio: ["ignore", log, log] });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve((exitCode = code))));
  const baseUrl = `http://127.0.0.1:${chosen}`;
  const logTail = (lines = 30) => {
    try {
      return fs.readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server exited during start (code ${exitCode}):\n${logTail()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s:\n${logTail()}`);
    }
    await sleep(200);
  }
  return {
    baseUrl,
    port: chosen,
    process: child,
    logFile,
    exited,
    logTail,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
      fs.closeSync(log);
    },
    async kill() {
      if (exitCode !== undefined) return;
      child.kill("SIGKILL");
      await exited;
      fs.closeSync(log);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A live session for a user, written as the app writes it (sha-256 of the cookie token). */
export async function sessionFor(sql: postgres.Sql, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const id = createHash("sha256").update(token).digest("hex");
  const now = new Date();
  await sql`insert into sessions (id, user_id, created_at, last_seen_at, expires_at) values (${id}, ${userId}, ${now}, ${now}, ${new Date(now.getTime() + 12 * 3600_000)})`;
  return `bilan_session=${token}; bilan_csrf=${CSRF}`;
}

export interface Editor {
  organisationId: string;
  assessmentId: string;
  userId: string;
  cookie: string;
}

/**
 * `count` organisations, each with an owner signed in and a draft of the open campaign's basic
 * balance: the people of the autosave benchmarks and fault scripts. Needs the demo network's
 * open campaign (DEMO_DATA=true on the first start).
 */
export async function createEditors(url: string, count: number, tag = "bench"): Promise<Editor[]> {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const [campaign] = await sql<{ id: string }[]>`select id from campaigns where status = 'open' order by year desc limit 1`;
    if (!campaign) throw new Error("no open campaign: start the server once with DEMO_DATA=true on the empty database");
    const [version] = await sql<{ version_id: string }[]>`select version_id from campaign_versions where campaign_id = ${campaign.id} and version_id like 'social-balance-basic@%'`;
    const editors: Editor[] = [];
    for (let i = 0; i < count; i++) {
      const organisationId = crypto.randomUUID();
      const userId = crypto.randomUUID();
      const assessmentId = crypto.randomUUID();
      await sql`insert into organisations (id, name, legal_form, sector, region, headcount, size_band) values (${organisationId}, ${`Cooperativa ${tag} ${i}`}, 'worker_cooperative', 'food', 'barcelona', 12, 'small')`;
      await sql`insert into users (id, email, name) values (${userId}, ${`editor.${tag}.${i}.${process.pid}@bench.example`}, ${`Editor ${i}`})`;
      await sql`insert into memberships (user_id, organisation_id, role) values (${userId}, ${organisationId}, 'owner')`;
      await sql`insert into assessments (id, organisation_id, campaign_id, questionnaire, version_id, created_by) values (${assessmentId}, ${organisationId}, ${campaign.id}, 'social-balance-basic', ${version.version_id}, ${userId})`;
      editors.push({ organisationId, assessmentId, userId, cookie: await sessionFor(sql, userId) });
    }
    return editors;
  } finally {
    await sql.end();
  }
}

/** Questions an editor can save over and over without touching another answer's limits. */
export const FREE_QUESTIONS = [
  { id: "members_total", section: "general" },
  { id: "volunteers", section: "general" },
  { id: "energy_consumption", section: "environment" },
  { id: "assembly_participation", section: "democracy" },
];

export function saveBody(questionId: string, sectionId: string, value: string | number, revision?: number | null) {
  const form = new URLSearchParams({ csrf: CSRF, questionId, sectionId, [`q.${questionId}`]: String(value) });
  if (revision) form.set(`rev.${questionId}`, String(revision));
  return form.toString();
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencySummary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) };
}

/** A benchmark's figures, in the shape bench/run.ts collects into bench/results.json. */
export interface BenchFigure {
  /** e.g. "autosave p95 latency" */
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, measured in the same run (or a fixed target). */
  limit?: { name: string; value: number; unit: string };
  /** value / limit.value */
  ratio?: number;
  target?: string;
  pass?: boolean;
  note?: string;
}

export interface BenchRecord {
  bench: string;
  command: string;
  machine: ReturnType<typeof machine>;
  figures: BenchFigure[];
  details?: Record<string, unknown>;
}

/** Prints the record and leaves it in RESULTS_DIR/<bench>.json for bench/run.ts. */
export function record(entry: BenchRecord) {
  const dir = RESULTS_DIR;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${entry.bench}.json`), JSON.stringify(entry, null, 2));
  console.log(`BENCH_RESULT ${JSON.stringify(entry)}`);
}

/**
 * A PostgreSQL server of its own, in a temporary directory on a free port (initdb, pg_ctl), for
 * fault scripts that stop or freeze the server: the shared one at 127.0.0.1:5432 stays untouched.
 * Run as root, the server runs as the `postgres` user. destroy() stops it and removes the directory.
 */
export async function throwawayPostgres() {
  const { dir, data, port, run } = await pgPlace("bilan-pg-");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  return runningPostgres({ run, dir, data, port });
}

/** A temporary directory (the postgres user's when run as root), a free port, and the programs. */
async function pgPlace(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (process.getuid?.() === 0) fs.chownSync(dir, ...postgresIds());
  return { dir, data: path.join(dir, "data"), port: await freePort(), run: pgRunner(pgBinDir()) };
}

/** Runs a PostgreSQL program (as the postgres user when run as root); throws with its output. */
function pgRunner(bin: string) {
  const asRoot = process.getuid?.() === 0;
  return (program: string, args: string[], options: { timeout?: number } = {}) => {
    const command = asRoot ? "runuser" : path.join(bin, program);
    const full = asRoot ? ["-u", "postgres", "--", path.join(bin, program), ...args] : args;
    const result = spawnSync(command, full, { encoding: "utf8", timeout: options.timeout ?? 60_000 });
    if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
  };
}

/**
 * A streaming replica of a throwaway PostgreSQL (`pg_basebackup -R`: a hot standby that follows
 * the primary's WAL), on a free port of its own, with the same handle as throwawayPostgres().
 */
export async function throwawayReplica(primary: { port: number }) {
  const { dir, data, port, run } = await pgPlace("bilan-pg-replica-");
  run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", data, "-R", "-X", "stream", "--no-sync"], { timeout: 120_000 });
  return runningPostgres({ run, dir, data, port, extra: "-c hot_standby=on" });
}

function runningPostgres({ run, dir, data, port, extra = "" }: { run: ReturnType<typeof pgRunner>; dir: string; data: string; port: number; extra?: string }) {
  const start = () => run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${extra}`.trim(), "start"]);
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  /** The postmaster and every backend: SIGSTOP freezes the server (connections open, no answer). */
  const pids = () => {
    const postmaster = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = fs
      .readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return Number(fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  };
  return {
    url,
    port,
    start,
    /** Fast shutdown: connections are ended, new ones refused until start(). */
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    freeze: () => pids().forEach((pid) => process.kill(pid, "SIGSTOP")),
    thaw: () => pids().forEach((pid) => process.kill(pid, "SIGCONT")),
    async destroy() {
      try {
        pids().forEach((pid) => process.kill(pid, "SIGCONT"));
      } catch {
        // not running
      }
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], { timeout: 30_000 });
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pgBinDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(base, v, "bin/initdb"))) return path.join(base, v, "bin");
  throw new Error("initdb not found under /usr/lib/postgresql: install the PostgreSQL server package (postgresql-15).");
}

function postgresIds(): [number, number] {
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("no postgres user to run a throwaway PostgreSQL as (running as root)");
  const [, , uid, gid] = line.split(":");
  return [Number(uid), Number(gid)];
}

/**
 * What the shared PostgreSQL has left: max_connections, less superuser_reserved_connections,
 * less the client connections open now (other engineers' included).
 */
export async function freeConnections(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ max: number; reserved: number; in_use: number }[]>`
      select current_setting('max_connections')::int as max, current_setting('superuser_reserved_connections')::int as reserved,
        (select count(*)::int from pg_stat_activity where backend_type = 'client backend') as in_use`;
    // this connection is counted in use, and is closed before the load starts
    return { max: row.max, reserved: row.reserved, inUse: row.in_use - 1, free: row.max - row.reserved - (row.in_use - 1) };
  } finally {
    await sql.end();
  }
}

export function pgbenchPath() {
  for (const candidate of ["/usr/lib/postgresql/15/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench", "/usr/bin/pgbench"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error("pgbench is missing: apt-get install -y postgresql-contrib");
}

/**
 * pgbench's summary and, from its per-transaction logs (`-l --log-prefix <logDir>/tx`), every
 * transaction's latency in ms (the log's third field is microseconds).
 */
export function parsePgbench(out: string, logDir: string) {
  const transactions = Number(out.match(/number of transactions actually processed: (\d+)/)?.[1] ?? NaN);
  const tps = Number(out.match(/tps = ([\d.]+)/)?.[1] ?? NaN);
  const failed = Number(out.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
  const latencies: number[] = [];
  for (const file of fs.readdirSync(logDir).filter((f) => f.startsWith("tx"))) {
    for (const line of fs.readFileSync(path.join(logDir, file), "utf8").split("\n")) {
      const fields = line.split(" ");
      if (fields.length > 3) latencies.push(Number(fields[2]) / 1000);
    }
  }
  if (!(tps > 0)) throw new Error(`pgbench gave no rate:\n${out}`);
  return { transactions, tps, failed, seconds: transactions / tps, latencies };
}
