// npm run check:weight — JavaScript a page ships, gzipped, measured from the build.
//
// For each page: entry.client and its imports, then every route the URL matches (root, the
// layouts, the page's own route), each route's module and imports, and every chunk those import
// in turn (followed through the chunks' own import statements), each file once. Sizes are
// gzip at the level the server's compression middleware uses (6).
//
// The route list comes from Remix's client manifest (build/client/assets/manifest-*.js, the
// same one the browser reads). Limits: the questionnaire section page 200 kB, the report 300 kB.
// Exits 1 when a page is over its limit, or when build/ is missing ("run npm run build first").
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";
import zlib from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const client = path.join(root, "build/client");
const PAGES = [
  { name: "questionnaire section page", route: "routes/o.$orgId.assessments.$assessmentId.$sectionId", limitKb: 200 },
  { name: "report page", route: "routes/o.$orgId.reports.$assessmentId", limitKb: 300 },
  { name: "organisation home", route: "routes/o.$orgId._index", limitKb: 200, optional: true },
  { name: "sign-in", route: "routes/signin", limitKb: 200, optional: true },
];

function fail(message) {
  console.error(`check:weight: ${message}`);
  process.exit(1);
}

const assets = path.join(client, "assets");
if (!fs.existsSync(assets)) fail("build/client is missing: run npm run build first.");
const manifestFile = fs.readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
if (!manifestFile) fail("no Remix manifest in build/client/assets: run npm run build first.");
const manifestText = fs.readFileSync(path.join(assets, manifestFile), "utf8");
const manifest = JSON.parse(manifestText.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, ""));

const gzipCache = new Map();
function gzipBytes(file) {
  if (!gzipCache.has(file)) gzipCache.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 6 }).length);
  return gzipCache.get(file);
}

/** The chunk and every chunk it imports, statically or not ("./x.js" specifiers in the code). */
function closure(urls) {
  const seen = new Set();
  const queue = [...urls];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const file = path.join(client, url);
    if (!fs.existsSync(file)) fail(`${url} is in the manifest but not in build/client: rebuild.`);
    const code = fs.readFileSync(file, "utf8");
    for (const match of code.matchAll(/(?:import|from)\s*\(?\s*["'](\.\/[^"']+\.js)["']/g)) {
      queue.push(path.posix.join(path.posix.dirname(url), match[1]));
    }
  }
  return seen;
}

const results = [];
let failed = false;
for (const page of PAGES) {
  if (!manifest.routes[page.route]) {
    if (page.optional) continue;
    fail(`route ${page.route} is not in the build.`);
  }
  const chain = [];
  for (let id = page.route; id; id = manifest.routes[id]?.parentId) chain.unshift(manifest.routes[id]);
  const urls = [manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((r) => [r.module, ...(r.imports ?? [])])];
  const files = closure(urls);
  const bytes = [...files].reduce((sum, url) => sum + gzipBytes(path.join(client, url)), 0);
  const kb = Math.round((bytes / 1024) * 10) / 10;
  const ok = kb <= page.limitKb;
  if (!ok) failed = true;
  results.push({ ...page, kb, files: files.size, routes: chain.map((r) => r.id), ok });
  console.log(`${ok ? "ok  " : "OVER"}  ${page.name.padEnd(28)} ${String(kb).padStart(7)} kB gzipped JS in ${files.size} files (limit ${page.limitKb} kB)`);
}

const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(os.tmpdir(), "bilan-bench-results");
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(
  path.join(resultsDir, "page-weight.json"),
  JSON.stringify(
    {
      bench: "page-weight",
      command: "npm run check:weight",
      machine: { nproc: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), at: new Date().toISOString() },
      figures: results.map((r) => ({ name: `${r.name} JavaScript (gzip)`, value: r.kb, unit: "kB", limit: { name: "budget", value: r.limitKb, unit: "kB" }, ratio: Math.round((r.kb / r.limitKb) * 100) / 100, target: `<= ${r.limitKb} kB`, pass: r.ok, note: `${r.files} files` })),
    },
    null,
    2,
  ),
);
if (failed) fail("a page ships more JavaScript than its budget (above).");
