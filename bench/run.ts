/**
 * npm run bench — every benchmark of bench/, one after the other, then bench/results.json and
 * the generated table of docs/performance.md (between the bench:table markers; the prose
 * sections around it are left as they are).
 *
 *   npm run bench [-- --only autosave,surveys,pages] [-- --quick]
 *
 * --quick shortens the load runs (10 s, 1,000 organisations) for a try; the recorded figures
 * come from a full run. Needs the build (runs `npm run build` when build/ is missing) and the
 * local PostgreSQL.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { machine, RESULTS_DIR, ROOT, type BenchRecord } from "./lib/harness";

const { values } = parseArgs({ options: { only: { type: "string" }, quick: { type: "boolean", default: false } } });
const only = values.only?.split(",").map((s) => s.trim());
const quick = values.quick;
const RESULTS = RESULTS_DIR;
process.env.BENCH_RESULTS_DIR = RESULTS;
const wanted = (name: string) => !only || only.includes(name);

function run(label: string, command: string, args: string[]) {
  console.log(`\n==> ${label}: ${command} ${args.join(" ")}`);
  const t0 = Date.now();
  const out = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  const lines = (out.stdout ?? "").split("\n").filter((l) => !l.startsWith("BENCH_RESULT "));
  console.log(lines.join("\n").trim());
  console.log(`<== ${label}: exit ${out.status} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { status: out.status, stdout: out.stdout ?? "" };
}

function readRecord(name: string): BenchRecord | undefined {
  const file = path.join(RESULTS, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as BenchRecord) : undefined;
}

const records: BenchRecord[] = [];
const problems: string[] = [];
fs.rmSync(RESULTS, { recursive: true, force: true });
const startMachine = machine();

if (!fs.existsSync(path.join(ROOT, "build/server/index.js"))) {
  if (run("build", "npm", ["run", "build"]).status !== 0) throw new Error("npm run build failed: the load benchmarks need the build.");
}

if (wanted("page-weight")) {
  const r = run("page weight", process.execPath, ["bench/page-weight.js"]);
  const rec = readRecord("page-weight");
  if (rec) records.push(rec);
  else problems.push(`page weight did not run (exit ${r.status})`);
}

if (wanted("scoring")) {
  const r = run("scoring", process.execPath, ["--import", "tsx", "bench/scoring.bench.ts", ...(quick ? ["--count", "2000", "--rounds", "3"] : [])]);
  const num = (re: RegExp) => Number((r.stdout.match(re)?.[1] ?? "NaN").replace(/,/g, ""));
  const engine = num(/engine:\s+([\d,]+) assessments per CPU-second/);
  const hand = num(/hand-written:\s+([\d,]+) assessments per CPU-second/);
  if (Number.isFinite(engine) && Number.isFinite(hand)) {
    records.push({
      bench: "scoring",
      command: "npm run bench:scoring",
      machine: machine(),
      figures: [
        {
          name: "scoring, social-balance-complete 2025.1",
          value: engine,
          unit: "assessments/CPU-s",
          limit: { name: "hand-written scorer", value: hand, unit: "assessments/CPU-s" },
          ratio: Math.round((engine / hand) * 100) / 100,
          target: ">= 20,000/s and >= 1/3 of hand-written",
          pass: engine >= 20_000 && engine >= hand / 3,
        },
      ],
    });
  } else problems.push(`scoring: could not read its output (exit ${r.status})`);
}

if (wanted("autosave")) {
  const r = run("autosave", process.execPath, ["--import", "tsx", "bench/autosave.bench.ts", ...(quick ? ["--seconds", "5", "--rounds", "2"] : [])]);
  const rec = readRecord("autosave");
  if (rec && r.status === 0) records.push(rec);
  else problems.push(`autosave failed (exit ${r.status})`);
}

if (wanted("surveys")) {
  const r = run("stakeholder surveys", process.execPath, ["--import", "tsx", "bench/surveys.bench.ts", ...(quick ? ["--respondents", "100", "--organisations", "1000"] : [])]);
  const rec = readRecord("surveys");
  if (rec && r.status === 0) records.push(rec);
  else problems.push(`surveys failed (exit ${r.status})`);
}

for (const [name, script, quickArgs] of [
  ["submit", "bench/submit.bench.ts", ["--seconds", "3", "--rounds", "2"]],
  ["pglite", "bench/pglite.bench.ts", ["--seconds", "4", "--rounds", "1"]],
] as const) {
  if (!wanted(name)) continue;
  // Submissions against pgbench's equivalent transaction; PGlite against PostgreSQL at 500 organisations.
  const r = run(name, process.execPath, ["--import", "tsx", script, ...(quick ? quickArgs : [])]);
  const rec = readRecord(name);
  if (rec && r.status === 0) records.push(rec);
  else problems.push(`${name} failed (exit ${r.status})`);
}

if (wanted("pages")) {
  const r = run("report and questionnaire pages", process.execPath, ["--import", "tsx", "bench/report.bench.ts", ...(quick ? ["--orgs", "1000", "--seconds", "5"] : [])]);
  const rec = readRecord("pages");
  if (rec && r.status === 0) records.push(rec);
  else problems.push(`pages failed (exit ${r.status})`);
}

if (wanted("network-pages")) {
  // Every page at 500, 2,000 and 5,000 organisations, a different organisation per request, submissions trickling in.
  const r = run("pages across the network", process.execPath, ["--import", "tsx", "bench/pages.bench.ts", ...(quick ? ["--sizes", "500,1000", "--seconds", "2", "--rounds", "1"] : [])]);
  const rec = readRecord("network-pages");
  if (rec && r.status === 0) records.push(rec);
  else problems.push(`network pages failed (exit ${r.status})`);
}

if (wanted("release")) {
  if (!fs.existsSync(path.join(ROOT, "bench/release.bench.ts"))) {
    console.log("\n==> release: bench/release.bench.ts is not there; skipped");
  } else {
    const r = run("research release", process.execPath, ["--import", "tsx", "bench/release.bench.ts", ...(quick ? ["--rounds", "1"] : [])]);
    const file = path.join(ROOT, "bench/results/release.json");
    if (r.status === 0 && fs.existsSync(file)) {
      const rel = JSON.parse(fs.readFileSync(file, "utf8"));
      records.push({
        bench: "release",
        command: rel.command ?? "npm run bench:release",
        machine: machine(),
        figures: [
          {
            name: `research release, ${rel.data?.organisations ?? "?"} organisations`,
            value: rel.release?.medianMs,
            unit: "ms",
            limit: { name: "SQL GROUP BY of the same cells", value: rel.limit?.medianMs, unit: "ms" },
            ratio: rel.ratio,
            target: rel.target ?? "ratio <= 3",
            pass: typeof rel.ratio === "number" ? rel.ratio <= 3 : undefined,
          },
        ],
      });
    } else problems.push(`release failed (exit ${r.status})`);
  }
}

const endMachine = machine();
const results = { measuredAt: endMachine.at, command: `npm run bench${quick ? " -- --quick" : ""}`, machine: { ...startMachine, loadAverageAtEnd: endMachine.loadAverage }, records, problems };
fs.writeFileSync(path.join(ROOT, "bench/results.json"), JSON.stringify(results, null, 2) + "\n");

// ---------------------------------------------------------------- docs/performance.md table
const fmt = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? "–" : n >= 1000 ? Math.round(n).toLocaleString("en") : String(n));
const rows = records.flatMap((r) =>
  r.figures.map(
    (f) =>
      `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.limit ? `${f.limit.name}: ${fmt(f.limit.value)} ${f.limit.unit}` : "–"} | ${f.ratio ?? "–"} | ${f.target ?? "–"} | ${f.pass === undefined ? "–" : f.pass ? "yes" : "**no**"} | ${r.machine.loadAverage[0]} | ${(f.note ?? "").replace(/\|/g, "/")} |`,
  ),
);
const table = [
  "<!-- bench:table:start -->",
  `Generated by \`${results.command}\` on ${results.measuredAt.slice(0, 16).replace("T", " ")} UTC. Machine: ${startMachine.cpu}, nproc ${startMachine.nproc}, Node ${startMachine.node}; load average ${startMachine.loadAverage.join(" ")} at the start, ${endMachine.loadAverage.join(" ")} at the end (the machine is shared). Raw figures: \`bench/results.json\`.`,
  "",
  "| figure | measured | limit, same run | ratio | target | met | load (1 min) | notes |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
  ...(problems.length ? ["", `Did not run: ${problems.join("; ")}.`] : []),
  "<!-- bench:table:end -->",
].join("\n");
const docs = path.join(ROOT, "docs/performance.md");
let text = fs.readFileSync(docs, "utf8");
const start = text.indexOf("<!-- bench:table:start -->");
const end = text.indexOf("<!-- bench:table:end -->");
if (start >= 0 && end > start) text = text.slice(0, start) + table + text.slice(end + "<!-- bench:table:end -->".length);
else text = text.replace(/^(# Performance\n(?:.*\n)*?)\n## /m, `$1\n## All benchmarks: the latest \`npm run bench\`\n\n${table}\n\n## `);
fs.writeFileSync(docs, text);
console.log(`\nbench/results.json and docs/performance.md written.${problems.length ? ` Problems: ${problems.join("; ")}` : ""}`);
for (const r of records) for (const f of r.figures) if (f.pass === false) console.log(`target not met: ${f.name}: ${f.value} ${f.unit} (${f.target})`);
process.exitCode = problems.length ? 1 : 0;
