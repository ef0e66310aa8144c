import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { SQL } from "drizzle-orm";
import * as schema from "./schema/index";

/** One type for both drivers: drizzle's query API is the same on each. */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DatabaseKind = "pglite" | "postgres";

export interface Connection {
  db: Db;
  /** The same pool for work no request waits for (benchmark computations): a longer deadline. */
  background?: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** Raw client, for a few operations drizzle does not cover (dump, ping). */
  pglite?: PGlite;
  sql?: postgres.Sql;
}

export type OpenOptions =
  /** queryTimeoutMs: see withDeadlines (0: no deadline). */
  | { kind: "postgres"; url: string; max?: number; migrate?: boolean; queryTimeoutMs?: number }
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob | File; migrate?: boolean };

export const migrationsFolder = () => path.resolve(process.cwd(), "db/migrations");

export class DatabaseLockedError extends Error {}

/** PGlite holds its directory alone: a second process on it would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "bilan.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lockFile, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseLockedError(
          `The embedded database in ${path.resolve(dataDir)} is in use by another Bilan process (pid ${pid}). ` +
            `Stop that process first, or set DATA_DIR to another directory, or set DATABASE_URL to use PostgreSQL.`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale lock of a process that died
    }
  }
  throw new DatabaseLockedError(`Could not lock ${lockFile}.`);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openDatabase(options: OpenOptions): Promise<Connection> {
  if (options.kind === "postgres") {
    // A closed connection (server restarted, network cut) makes the next getDb() check the server first.
    const sql = postgres(options.url, {
      max: options.max ?? 10,
      // A server that does not accept a connection within 2 s counts as unreachable (decision 0501).
      connect_timeout: CONNECT_TIMEOUT_S,
      onnotice: () => {},
      onclose: () => (lastAnswerAt = 0),
    });
    // Migrations may take their time: they run without the per-query deadline.
    if (options.migrate !== false) await migrateWithLock(sql, drizzlePostgres(sql, { schema }));
    const db = drizzlePostgres(withDeadlines(preparedByDefault(sql), options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS), { schema });
    const background = drizzlePostgres(withDeadlines(preparedByDefault(sql), options.queryTimeoutMs ? BACKGROUND_QUERY_TIMEOUT_MS : 0), { schema });
    return { db, background, kind: "postgres", sql, close: () => sql.end({ timeout: 5 }) };
  }
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    const pglite = options.dataDir
      ? await PGlite.create(path.join(options.dataDir, "pglite"))
      : await PGlite.create({ loadDataDir: options.loadDataDir });
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    if (options.migrate !== false) {
      await migratePglite(db as never, { migrationsFolder: migrationsFolder() });
    }
    return {
      db,
      kind: "pglite",
      pglite,
      close: async () => {
        await pglite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * drizzle sends every query unnamed, so PostgreSQL parses and plans it on every call; named, a
 * connection prepares each statement once. The driver keeps them per connection, and connections
 * are replaced within the hour (postgres.js's max_lifetime), so the set stays bounded.
 */
function preparedByDefault(sql: postgres.Sql): postgres.Sql {
  const unsafe = sql.unsafe.bind(sql);
  return Object.assign(Object.create(sql) as postgres.Sql, {
    unsafe: ((query: string, params?: unknown[], options?: { prepare?: boolean }) => unsafe(query, params as never, { ...options, prepare: true })) as postgres.Sql["unsafe"],
  });
}

const CONNECT_TIMEOUT_S = 2;
const DEFAULT_QUERY_TIMEOUT_MS = 2_000;
/** Background work may take longer than a request may wait, on a busy server most of all. */
const BACKGROUND_QUERY_TIMEOUT_MS = 60_000;

/** What a query gets when it had no answer in time: counted as a connection error (a 503). */
export function queryTimedOut(ms: number) {
  return Object.assign(new Error(`the database did not answer within ${ms} ms`), { code: "QUERY_TIMEOUT" });
}

/**
 * Every query drizzle sends through `sql` (and every statement of a transaction) must be answered
 * within `ms` from the moment it is asked, waiting for a pool connection included: postgres.js has
 * no such bound, and with the server frozen or cut off its queries wait as long as the TCP
 * connection lives. Past the deadline the query is cancelled and rejected with QUERY_TIMEOUT, and
 * the next getDb() checks the server before any query (decision 0501). A transaction's wait for its
 * connection has the same deadline; a statement of it that times out rejects the transaction at
 * once, without waiting for a ROLLBACK the server cannot answer.
 */
export function withDeadlines(sql: postgres.Sql, ms: number): postgres.Sql {
  if (!(ms > 0)) return sql;
  const timeout = () => {
    lastAnswerAt = 0;
    return queryTimedOut(ms);
  };
  /** The query's answer, or the timeout's rejection: whichever comes first. */
  const bounded = <T>(query: { cancel(): unknown }, result: PromiseLike<T>, onTimeout?: (error: Error) => void): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      Promise.resolve(result).finally(() => clearTimeout(timer)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = timeout();
          Promise.resolve(query.cancel()).catch(() => {});
          onTimeout?.(error);
          reject(error);
        }, ms);
      }),
    ]);
  };
  const wrapUnsafe = (target: Pick<postgres.Sql, "unsafe">, onTimeout?: (error: Error) => void) =>
    ((query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => {
      const pending = target.unsafe(query, params as never, options);
      // drizzle awaits the query itself or its .values(): both are bounded.
      return {
        values: () => bounded(pending, pending.values(), onTimeout),
        then: (resolve?: (v: unknown) => unknown, reject?: (e: unknown) => unknown) => bounded(pending, pending, onTimeout).then(resolve, reject),
      };
    }) as unknown as postgres.Sql["unsafe"];

  const begin = ((...args: unknown[]) => {
    const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
    let failFast!: (error: Error) => void;
    const failed = new Promise<never>((_, reject) => (failFast = reject));
    let entered = false;
    let waitedTooLong = false;
    const waiting = setTimeout(() => {
      waitedTooLong = true;
      failFast(timeout());
    }, ms);
    const run = (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) => {
      entered = true;
      clearTimeout(waiting);
      if (waitedTooLong) throw queryTimedOut(ms); // given up already: roll back at once
      return fn(Object.assign(Object.create(tx) as postgres.TransactionSql, { unsafe: wrapUnsafe(tx, failFast) }));
    });
    run.catch(() => {}).finally(() => !entered && clearTimeout(waiting));
    return Promise.race([run, failed]);
  }) as postgres.Sql["begin"];

  return Object.assign(Object.create(sql) as postgres.Sql, { unsafe: wrapUnsafe(sql), begin });
}

/** Servers starting together take turns: one migrates, the others then find nothing to do. */
async function migrateWithLock(sql: postgres.Sql, db: Db) {
  const reserved = await sql.reserve();
  try {
    await reserved`select pg_advisory_lock(72620011)`;
    await migratePostgres(db, { migrationsFolder: migrationsFolder() });
  } finally {
    await reserved`select pg_advisory_unlock(72620011)`.catch(() => {});
    reserved.release();
  }
}

let current: Connection | undefined;
let opening: Promise<Connection> | undefined;

/** The app's connection, opened from the environment on first use. */
export function getConnection(): Promise<Connection> {
  if (current) return Promise.resolve(current);
  opening ??= (async () => {
    const { getEnv } = await import("../app/utils/env.server");
    const env = getEnv();
    const connection = env.DATABASE_URL
      ? await openDatabase({ kind: "postgres", url: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE, queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS })
      : await openDatabase({ kind: "pglite", dataDir: env.DATA_DIR });
    if (env.DATABASE_URL && env.DATABASE_REPLICA_URL) {
      const replicaPool = openReplica({ url: env.DATABASE_REPLICA_URL, max: env.DATABASE_POOL_SIZE, queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS, maxLagS: env.DATABASE_REPLICA_MAX_LAG_S });
      const close = connection.close;
      connection.close = async () => {
        await Promise.all([close(), replicaPool.sql.end({ timeout: 5 })]);
        if (replica === replicaPool) replica = undefined;
      };
    }
    current = connection;
    return connection;
  })().catch((error) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

/**
 * Errors that mean "the database cannot be reached" rather than "this query is wrong":
 * postgres.js's connection codes, the socket's, and PostgreSQL's connection (08) and
 * shutdown (57P0x) classes. Looks through `cause` (drizzle wraps driver errors).
 */
export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|CONNECTION_\w+|CONNECT_TIMEOUT|QUERY_TIMEOUT|08\w{3}|57P0[1-3])$/.test(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What a page or an API gets while the database cannot be reached: a 503 the error page explains. */
export function databaseUnavailable(): Response {
  return new Response("The database is unavailable for a moment. Please try again in a few seconds.", {
    status: 503,
    headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "5", "cache-control": "no-store" },
  });
}

/**
 * Runs `work`; a connection failure or a deadline on the way (after getDb() let it through)
 * becomes the same 503 "try again" as getDb()'s, for routes that answer it themselves (autosave).
 */
export async function unavailableOnConnectionError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Response) && isConnectionError(error)) throw databaseUnavailable();
    throw error;
  }
}

// PostgreSQL only (PGlite runs in this process): a request checks that the server answered
// within the last CHECK_EVERY_MS, and otherwise pings it first (one ping shared by every request
// of that moment, given PING_TIMEOUT_MS). A failed ping makes getDb() throw the 503 Response, which
// Remix shows as "try again" (app/root.tsx) rather than a 500. See docs/decisions/0501.
const CHECK_EVERY_MS = 2_000;
const PING_TIMEOUT_MS = 1_500;
/** /healthz answers within a second whatever happens. */
const HEALTH_TIMEOUT_MS = 800;
let lastAnswerAt = 0;
let checking: Promise<boolean> | undefined;

function checkServer(sql: postgres.Sql): Promise<boolean> {
  checking ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error("ping timed out"), { code: "CONNECT_TIMEOUT" })), PING_TIMEOUT_MS);
        }),
      ]);
      lastAnswerAt = Date.now();
      return true;
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      return false;
    } finally {
      clearTimeout(timer);
      checking = undefined;
    }
  })();
  return checking;
}

export async function getDb(): Promise<Db> {
  let connection: Connection;
  try {
    connection = await getConnection();
  } catch (error) {
    if (isConnectionError(error)) throw databaseUnavailable();
    throw error;
  }
  if (connection.sql && Date.now() - lastAnswerAt > CHECK_EVERY_MS && !(await checkServer(connection.sql))) {
    throw databaseUnavailable();
  }
  return connection.db;
}

// A streaming replica (DATABASE_REPLICA_URL, decision 0702): read-only pages read from it while
// it answers and is at most maxLagS behind; otherwise, at once, from the primary. Its state is
// checked at most every REPLICA_CHECK_MS, the check shared by every request of that moment and
// bounded by REPLICA_CHECK_TIMEOUT_MS; a closed connection (the replica stopped or killed) marks
// it unusable at once. An unusable replica is checked again in the background, never waited for.
const REPLICA_CHECK_MS = 1_000;
const REPLICA_CHECK_TIMEOUT_MS = 300;

interface Replica {
  db: Db;
  sql: postgres.Sql;
  maxLagS: number;
  usable: boolean;
  checkedAt: number;
  /** Seconds behind the primary at the last check (null: not known). */
  lagS: number | null;
  checking?: Promise<void>;
}
let replica: Replica | undefined;

/** The replica's pool; nothing is asked of it before the first read. */
export function openReplica({ url, max, queryTimeoutMs, maxLagS }: { url: string; max: number; queryTimeoutMs: number; maxLagS: number }): Replica {
  const opened: Replica = { db: undefined as unknown as Db, sql: undefined as unknown as postgres.Sql, maxLagS, usable: false, checkedAt: 0, lagS: null };
  opened.sql = postgres(url, {
    max,
    connect_timeout: CONNECT_TIMEOUT_S,
    onnotice: () => {},
    onclose: () => {
      opened.usable = false;
      opened.checkedAt = 0;
    },
  });
  opened.db = drizzlePostgres(withDeadlines(preparedByDefault(opened.sql), queryTimeoutMs), { schema });
  replica = opened;
  return opened;
}

/**
 * How far behind its primary the replica is, in seconds: 0 when it streams and has replayed all it
 * received; otherwise the age of the last transaction it replayed (a replica cut off from its
 * primary, or not a replica at all, gets null).
 */
const REPLICA_LAG_QUERY = `
  select pg_is_in_recovery() as standby,
    case when exists (select 1 from pg_stat_wal_receiver where status = 'streaming') and pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
    else extract(epoch from now() - pg_last_xact_replay_timestamp()) end::float8 as lag`;

function checkReplica(r: Replica): Promise<void> {
  r.checking ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const rows = (await Promise.race([
        r.sql.unsafe(REPLICA_LAG_QUERY),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(queryTimedOut(REPLICA_CHECK_TIMEOUT_MS)), REPLICA_CHECK_TIMEOUT_MS);
        }),
      ])) as unknown as Array<{ standby: boolean; lag: number | null }>;
      const [row] = rows;
      r.lagS = row?.standby && row.lag !== null ? Number(row.lag) : null;
      r.usable = r.lagS !== null && r.lagS <= r.maxLagS;
    } catch {
      r.lagS = null;
      r.usable = false;
    } finally {
      clearTimeout(timer);
      r.checkedAt = Date.now();
      r.checking = undefined;
    }
  })();
  return r.checking;
}

/**
 * The database for a read-only page (report, public summary, research releases): the replica
 * when one is configured, answering and within its lag bound; the primary otherwise.
 */
export async function getReadDb(): Promise<Db> {
  const r = replica ?? ((await getConnection().catch(() => undefined)) && replica);
  if (!r) return getDb();
  if (Date.now() - r.checkedAt > REPLICA_CHECK_MS) {
    if (r.usable) await checkReplica(r);
    else void checkReplica(r);
  }
  return r.usable ? r.db : getDb();
}

/** Where reads go now, for /healthz and the fault script: "primary", or "replica" with its lag. */
export function replicaState(): { configured: boolean; usable: boolean; lagS: number | null } {
  return { configured: replica !== undefined, usable: replica?.usable ?? false, lagS: replica?.lagS ?? null };
}

/** The database for background work (see Connection.background); the request's one elsewhere. */
export async function getBackgroundDb(): Promise<Db> {
  const db = await getDb();
  const connection = await getConnection();
  return connection.db === db && connection.background ? connection.background : db;
}

/**
 * A query built once per connection (drizzle's `.prepare()` with placeholders) and then only run
 * with its parameters: for the queries nearly every request makes, where building the SQL anew
 * costs more than running it.
 */
export function preparedPerConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let query = built.get(db);
    if (!query) built.set(db, (query = build(db)));
    return query;
  };
}

/** Tests put their own database in place. */
export function installConnection(connection: Connection | undefined) {
  current = connection;
  opening = connection ? Promise.resolve(connection) : undefined;
}

export async function closeDatabase() {
  const connection = current;
  current = undefined;
  opening = undefined;
  if (connection) await connection.close();
}

/** Answers when the database does, within HEALTH_TIMEOUT_MS; throws otherwise. */
export async function pingDatabase(): Promise<DatabaseKind> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(queryTimedOut(HEALTH_TIMEOUT_MS)), HEALTH_TIMEOUT_MS);
  });
  try {
    const connection = await Promise.race([getConnection(), deadline]);
    if (connection.sql) {
      // The check every request shares: one ping at a time, however often /healthz is asked.
      if (Date.now() - lastAnswerAt > 500 && !(await Promise.race([checkServer(connection.sql), deadline]))) {
        throw Object.assign(new Error("the database does not answer"), { code: "CONNECTION_CLOSED" });
      }
    } else await Promise.race([connection.pglite!.query("select 1"), deadline]);
    return connection.kind;
  } finally {
    clearTimeout(timer);
  }
}

/** Rows of a raw SQL query, whichever driver runs it (postgres.js returns an array, PGlite an object). */
export async function selectRows<T>(query: SQL, db?: Db | Tx): Promise<T[]> {
  const result = (await (db ?? (await getDb())).execute(query)) as unknown;
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
