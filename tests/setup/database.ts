import { afterAll, beforeAll } from "vitest";
import postgres from "postgres";
import { closeDatabase, openDatabase, installConnection, type Connection } from "#db/client";
import { loadPgliteSnapshot } from "./pglite-snapshot";

/**
 * A fresh, migrated database for the calling test file: PGlite in memory by default,
 * a new database on the server named by TEST_DATABASE_URL when it is set.
 */
export async function createTestDatabase(): Promise<Connection> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    return openDatabase({ kind: "pglite", loadDataDir: await loadPgliteSnapshot(), migrate: false });
  }
  const name = `bilan_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (error) {
    throw new Error(
      `Cannot create a test database on TEST_DATABASE_URL (${serverUrl}): ${(error as Error).message}. ` +
        `Start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or unset TEST_DATABASE_URL.`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // A generous deadline: the whole suite shares two cores; the 2 s of production are the fault scripts' business.
  const connection = await openDatabase({ kind: "postgres", url: url.toString(), max: 5, queryTimeoutMs: 30_000 });
  return {
    ...connection,
    close: async () => {
      await connection.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

/** Call at the top of a test file that touches the database. */
export function setupTestDatabase() {
  beforeAll(async () => {
    installConnection(await createTestDatabase());
  });
  afterAll(async () => {
    await closeDatabase();
  });
}
