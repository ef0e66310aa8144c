// The production HTTP server: the built Remix app behind Express, with a clean shutdown
// that closes the database (PGlite must release its directory before another start).
// With WORKERS > 1 (PostgreSQL only) this process prepares the database, then forks that many
// servers sharing the port, and passes SIGTERM/SIGINT on to them.
import cluster from "node:cluster";
import http from "node:http";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";

const build = await import("./build/server/index.js");
const { startup, shutdown, frontDoor, serveAutosave, workerCount, log, clientAddress, expressTrustProxy } = build.entry.module;

try {
  // Configuration, migrations and first-start work (demo data): once, before any worker starts.
  await startup();
} catch (error) {
  // (the configuration itself may be what failed: straight to stderr)
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

if (cluster.isPrimary && workerCount() > 1) await superviseWorkers(workerCount());
else serve();

async function superviseWorkers(count) {
  await shutdown();
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < count; i++) fork();
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping ${count} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function serve() {
  const port = Number(process.env.PORT ?? 3000);
  const app = express();
  app.disable("x-powered-by");
  // TRUST_PROXY (a number of proxies or their addresses): what Express reads for the protocol and
  // host; the client's address comes from the one function the autosave endpoint uses too.
  app.set("trust proxy", expressTrustProxy());
  app.use(compression());
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  // Other public files (favicon, robots.txt) have an extension; pages do not, and need no look
  // on the disk first.
  const publicFiles = express.static("build/client", { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? publicFiles(req, res, next) : next()));
  app.all("*", createRequestHandler({ build, getLoadContext: (req) => ({ clientIp: clientAddress(req) }) }));

  // Every request first meets the front door (the security headers every response carries, and
  // addresses no route should see refused: docs/security.md). Autosaves, the questionnaire's most
  // frequent request, are then answered before Express and Remix (docs/decisions/0007);
  // everything else goes through them.
  const server = http.createServer((req, res) => frontDoor(req, res) || serveAutosave(req, res) || app(req, res));
  server.listen(port, () => {
    if (cluster.isPrimary) log.info(`Bilan listening on http://localhost:${port}`);
    else log.info(`Bilan worker ${process.pid} listening on http://localhost:${port}`);
  });

  let stopping = false;
  async function stop(signal) {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing`);
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    server.close();
    server.closeAllConnections?.();
    try {
      await shutdown();
    } finally {
      process.exit(0);
    }
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
