// `npm run test:e2e`: starts the built server on a fresh embedded database, runs every
// tests/e2e/*.journey.js in Chromium, one journey at a time, and stops the server.
//
//   node tests/e2e/run.js [words…]   only the journeys whose name contains one of the words
//
// Builds nothing: `npm run build` first. Needs /usr/bin/chromium (apt-get install -y chromium).
// Screenshots of failed journeys go to tests/e2e/artifacts/.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CHROMIUM, launchBrowser, registeredJourneys } from "./helpers.js";
import { freePort } from "../setup/free-port.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const artifacts = path.join(here, "artifacts");
const filters = process.argv.slice(2).map((w) => w.toLowerCase());

function fail(message) {
  console.error(`e2e: ${message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

if (!fs.existsSync(path.join(root, "build/server/index.js")) || !fs.existsSync(path.join(root, "build/client"))) {
  fail("build/ is missing: run npm run build first.");
}
if (!fs.existsSync(CHROMIUM)) {
  fail(`Chromium is not installed at ${CHROMIUM}: install it with \`apt-get install -y chromium\`.`);
}

const port = await freePort();
const baseURL = `http://localhost:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-e2e-"));
const logFile = path.join(dataDir, "server.log");
const log = fs.openSync(logFile, "a");

// A production server, as people run it: Secure, __Host- cookies (Chromium accepts them on
// http://localhost, which it treats as a secure context), HSTS, no SMTP (emails wait in the
// outbox, where the journeys read them) and the demo network on an empty embedded database.
const env = { ...process.env, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: baseURL, DEMO_DATA: "true" };
delete env.DATABASE_URL;
delete env.SMTP_URL;
delete env.SECURE_COOKIES;
delete env.TRUST_PROXY;

let server;
let serverExited = null;
let serverExit;

function startServer(overrides = {}) {
  serverExited = null;
  server = spawn(process.execPath, ["server.js"], { cwd: root, env: { ...env, ...overrides }, stdio: ["ignore", log, log] });
  serverExit = new Promise((resolve) => {
    server.on("exit", (code, signal) => {
      serverExited = { code, signal };
      resolve(serverExited);
    });
  });
}
startServer();

/**
 * For journeys that check nothing is lost across a restart: stop (SIGTERM), start, wait for
 * health. `overrides` are environment variables for this start only (a journey that shortens
 * SESSION_IDLE_TIMEOUT restarts again without them when it is done).
 */
async function restartServer(overrides = {}) {
  await stopServer();
  startServer(overrides);
  await waitForHealth();
}

function serverLogTail(lines = 40) {
  try {
    return fs.readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

async function stopServer() {
  if (serverExited) return serverExited;
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
  const result = await serverExit;
  clearTimeout(timer);
  return result;
}

async function cleanup() {
  await stopServer();
  fs.closeSync(log);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

process.on("SIGINT", async () => {
  await cleanup();
  process.exit(130);
});

async function waitForHealth(timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (serverExited) throw new Error(`the server exited during start (code ${serverExited.code}).`);
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s.`);
}

let passed = 0;
let failed = 0;
let browser;
try {
  const started = Date.now();
  const health = await waitForHealth();
  console.log(`e2e: server on ${baseURL} (database ${health.database}) after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  process.env.E2E_BASE_URL = baseURL;
  const files = fs
    .readdirSync(here)
    .filter((f) => f.endsWith(".journey.js"))
    .sort();
  if (files.length === 0) throw new Error("no tests/e2e/*.journey.js files.");
  for (const file of files) {
    const before = registeredJourneys().length;
    await import(pathToFileURL(path.join(here, file)).href);
    for (const j of registeredJourneys().slice(before)) j.file = file;
  }
  const journeys = registeredJourneys().filter(
    (j) => filters.length === 0 || filters.some((w) => j.name.toLowerCase().includes(w) || j.file.includes(w)),
  );
  if (journeys.length === 0) throw new Error(`no journey matches ${filters.join(" ")}.`);

  browser = await launchBrowser();
  for (const j of journeys) {
    const t0 = Date.now();
    let timer;
    try {
      await Promise.race([
        j.run({ browser, baseURL, restartServer }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${j.timeout / 1000} s`)), j.timeout);
        }),
      ]);
      passed += 1;
      console.log(`  ok    ${j.name} (${j.file}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed += 1;
      console.log(`  FAIL  ${j.name} (${j.file})`);
      console.log(indent(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      await saveScreenshots(browser, j.name);
      if (serverExited) console.log(indent(`the server exited (code ${serverExited.code}); its log:\n${serverLogTail()}`));
    } finally {
      clearTimeout(timer);
      for (const context of browser.contexts()) await context.close().catch(() => {});
    }
  }
} catch (error) {
  failed += 1;
  console.error(`e2e: ${error instanceof Error ? error.message : error}`);
  console.error(indent(`server log:\n${serverLogTail()}`));
} finally {
  await browser?.close().catch(() => {});
  const stopped = await stopServer();
  if (stopped.signal === "SIGKILL") {
    failed += 1;
    console.log("  FAIL  the server did not stop within 15 s of SIGTERM");
  }
  if (failed > 0) console.log(indent(`server log (last lines):\n${serverLogTail(20)}`));
  fs.closeSync(log);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function indent(text) {
  return text
    .split("\n")
    .map((line) => `        ${line}`)
    .join("\n");
}

async function saveScreenshots(b, name) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 60);
  fs.mkdirSync(artifacts, { recursive: true });
  let n = 0;
  for (const context of b.contexts()) {
    for (const page of context.pages()) {
      n += 1;
      const file = path.join(artifacts, `${slug}-${n}.png`);
      try {
        await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
        console.log(indent(`screenshot of ${page.url()}: ${path.relative(root, file)}`));
      } catch {
        // a closed page cannot be shown
      }
    }
  }
}
