import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Written by the global setup: a migrated PGlite, so each test file loads it in about a second. */
export const snapshotPath = () =>
  process.env.BILAN_PGLITE_SNAPSHOT ?? path.join(os.tmpdir(), `bilan-pglite-snapshot-${process.ppid}.tar.gz`);

export async function loadPgliteSnapshot(): Promise<Blob> {
  const file = snapshotPath();
  if (!fs.existsSync(file)) throw new Error(`No PGlite snapshot at ${file}: run the tests through vitest (global setup).`);
  return new Blob([fs.readFileSync(file)]);
}
