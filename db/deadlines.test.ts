import { describe, expect, it } from "vitest";
import type postgres from "postgres";
import { isConnectionError, withDeadlines } from "#db/client";

// A driver whose server never answers (frozen, or cut off without a reset): every query pends.
function silentServer() {
  const cancelled: string[] = [];
  const pending = (text: string) => {
    const never = new Promise<never>(() => {});
    return Object.assign(never, { values: () => never, cancel: () => cancelled.push(text) });
  };
  const sql = {
    unsafe: (text: string) => pending(text),
    // A transaction waits for a connection that never comes free.
    begin: () => new Promise<never>(() => {}),
  } as unknown as postgres.Sql;
  return { sql, cancelled };
}

async function timed<T>(work: () => PromiseLike<T>) {
  const t0 = Date.now();
  const error = await Promise.resolve(work()).then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - t0 };
}

describe("database deadlines", () => {
  it("rejects a query the server does not answer, as a connection error, and cancels it", async () => {
    const { sql, cancelled } = silentServer();
    const bounded = withDeadlines(sql, 150);
    const { error, ms } = await timed(() => bounded.unsafe("select 1", []).values());
    expect(isConnectionError(error)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(1_000);
    expect(cancelled).toEqual(["select 1"]);
    expect(isConnectionError((await timed(() => bounded.unsafe("select 2", []))).error)).toBe(true);
  });

  it("rejects a transaction that waits too long for a connection", async () => {
    const { sql } = silentServer();
    const { error, ms } = await timed(() => withDeadlines(sql, 150).begin(async () => 1));
    expect(isConnectionError(error)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it("rejects a transaction at once when one of its statements times out, without waiting for the rollback", async () => {
    const { sql: silent } = silentServer();
    // The connection is granted, then its statements (and the ROLLBACK) go unanswered.
    const sql = { ...silent, begin: (fn: (tx: postgres.TransactionSql) => unknown) => Promise.resolve(fn(silent as never)).then(() => new Promise(() => {}), () => new Promise(() => {})) } as unknown as postgres.Sql;
    const bounded = withDeadlines(sql, 150);
    const { error, ms } = await timed(() => bounded.begin(async (tx) => tx.unsafe("update answers set revision = 2", [])));
    expect(isConnectionError(error)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it("leaves queries alone without a deadline", () => {
    const { sql } = silentServer();
    expect(withDeadlines(sql, 0)).toBe(sql);
  });
});
