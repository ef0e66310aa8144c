// `npm run test:security`: attacks from outside against the built server. Starts the built
// server itself (production mode, a free port, an empty temporary data directory with the demo
// network), then runs every tests/security/*.check.js in file-name order, each check one after
// the other, and stops the server. Ends with a line `N passed, N failed`.
//
//   node tests/security/run.js [words…]   only the checks whose name or file contains a word
//
// A check file exports default an array of { name, run(ctx), timeout? }. ctx holds:
//   baseURL, client(baseURL?), signedIn(email, password?), startServer({ env }), DEMO, DEMO_PASSWORD,
//   logTail() (the shared server's log), firstOrganisationId(client)
// A check throws (node:assert) to fail. Add a file to add checks; nothing here needs to change.
// Builds nothing: `npm run build` first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { client, DEMO, DEMO_PASSWORD, firstOrganisationId, root, signedIn, startServer } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).map((w) => w.toLowerCase());

if (!fs.existsSync(path.join(root, "build/server/index.js")) || !fs.existsSync(path.join(root, "build/client"))) {
  console.error("security: build/ is missing: run npm run build first.");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const indent = (text) =>
  String(text)
    .split("\n")
    .map((line) => `        ${line}`)
    .join("\n");

let passed = 0;
let failed = 0;
let server;
const extraServers = [];

// Stopped from outside (CI's timeout, Ctrl-C): stop the servers too, so none outlives the run.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    for (const other of [...extraServers, server]) await other?.stop().catch(() => {});
    process.exit(130);
  });
}
try {
  const t0 = Date.now();
  server = await startServer();
  console.log(`security: server on ${server.baseURL} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const ctx = {
    baseURL: server.baseURL,
    DEMO,
    DEMO_PASSWORD,
    logTail: server.logTail,
    client: (base = server.baseURL) => client(base),
    signedIn: (email, password, base = server.baseURL) => signedIn(base, email, password),
    firstOrganisationId,
    /** Another server with other settings (stopped by the runner at the end). */
    startServer: async (options) => {
      const other = await startServer(options);
      extraServers.push(other);
      return other;
    },
  };
  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith(".check.js"))
    .sort();
  if (files.length === 0) throw new Error("no tests/security/*.check.js files.");
  for (const file of files) {
    const checks = (await import(pathToFileURL(path.join(here, file)).href)).default;
    if (!Array.isArray(checks)) throw new Error(`${file} must export default an array of { name, run }.`);
    for (const check of checks) {
      if (filters.length && !filters.some((w) => check.name.toLowerCase().includes(w) || file.includes(w))) continue;
      const started = Date.now();
      let timer;
      try {
        await Promise.race([
          check.run(ctx),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${(check.timeout ?? 30_000) / 1000} s`)), check.timeout ?? 30_000);
          }),
        ]);
        passed += 1;
        console.log(`  ok    ${check.name} (${file}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        console.log(`  FAIL  ${check.name} (${file})`);
        console.log(indent(error instanceof Error ? (error.stack ?? error.message) : error));
      } finally {
        clearTimeout(timer);
      }
    }
  }
} catch (error) {
  failed += 1;
  console.error(`security: ${error instanceof Error ? error.message : error}`);
} finally {
  for (const other of extraServers) await other.stop().catch(() => {});
  if (server) {
    if (failed > 0) console.log(indent(`server log (last lines):\n${server.logTail(20)}`));
    const stopped = await server.stop();
    if (stopped?.signal === "SIGKILL") {
      failed += 1;
      console.log("  FAIL  the server did not stop within 15 s of SIGTERM");
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
