import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/client";

/** Migrates one in-memory PGlite and dumps it; every test file starts from that snapshot. */
export default async function globalSetup() {
  const file = path.join(os.tmpdir(), `bilan-pglite-snapshot-${process.pid}-${Date.now()}.tar.gz`);
  process.env.BILAN_PGLITE_SNAPSHOT = file;
  if (process.env.TEST_DATABASE_URL) return () => {};
  const connection = await openDatabase({ kind: "pglite" });
  const dump = await connection.pglite!.dumpDataDir("gzip");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await connection.close();
  return () => fs.rmSync(file, { force: true });
}
