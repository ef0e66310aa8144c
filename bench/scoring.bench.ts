/**
 * npm run bench:scoring [-- --count 10000 --rounds 7]
 *
 * Scores generated assessments of social-balance-complete 2025.1 (or --definition
 * indicators/common-good-matrix/2026.1.yaml, the points method) with the engine and with the
 * hand-written scorer (bench/scoring-handwritten.ts, bench/scoring-handwritten-matrix.ts), checks that both agree on every
 * assessment, and prints assessments per second (median of the rounds, after warm-up) on this
 * one thread. Results are recorded in docs/performance.md, section "Scoring".
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { loadDefinitionFile } from "#app/questionnaires/files";
import { canonicalJson } from "#app/questionnaires/hash";
import { scoreAssessment } from "#app/scoring/score";
import type { AssessmentResult } from "#app/scoring/score";
import type { Answers } from "#app/questionnaires/schema";
import { generateAnswers } from "./scoring-generate";
import { makeHandwrittenScorer, withoutReasons } from "./scoring-handwritten";
import { makeHandwrittenMatrixScorer } from "./scoring-handwritten-matrix";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    rounds: { type: "string", default: "7" },
    definition: { type: "string", default: "indicators/social-balance-complete/2025.1.yaml" },
  },
});
const count = Number(values.count);
const rounds = Number(values.rounds);

const loaded = await loadDefinitionFile(values.definition!);
if (!loaded.ok) {
  console.error(loaded.errors);
  process.exit(1);
}
const compiled = loaded.compiled;
const assessments = generateAnswers(compiled, count);
// the points method (the common-good matrix) has its own hand-written baseline
const handwritten = compiled.method.scale.kind === "points" ? makeHandwrittenMatrixScorer(compiled) : makeHandwrittenScorer(compiled);

// agreement first: the baseline is only a limit if it computes the same thing
let disagreements = 0;
let applicable = 0;
for (const a of assessments) {
  const e = withoutReasons(scoreAssessment(compiled, a));
  const h = withoutReasons(handwritten(a));
  applicable += e.indicators.filter((i) => i.applicable).length;
  if (canonicalJson(e) !== canonicalJson(h)) {
    if (disagreements++ < 3) console.error("disagreement on", JSON.stringify(a).slice(0, 300));
  }
}
if (disagreements) {
  console.error(`${disagreements} assessments scored differently by the engine and the hand-written scorer`);
  process.exit(1);
}

let sink = 0;
/**
 * Assessments per second of CPU time used by this process (user + system), so that other work on
 * a shared machine does not count against us; wall-clock rates are printed beside.
 */
const wall: Record<string, number[]> = { engine: [], handwritten: [] };
function measure(score: (a: Answers) => AssessmentResult, label?: string): number {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < assessments.length; i++) {
    const r = score(assessments[i]);
    sink += r.total ?? 0;
  }
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  if (label) wall[label].push(assessments.length / wallSeconds);
  return assessments.length / cpuSeconds;
}
function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const engine = (a: Answers) => scoreAssessment(compiled, a);
for (let i = 0; i < 2; i++) {
  measure(engine);
  measure(handwritten);
}
const engineRates: number[] = [];
const handRates: number[] = [];
for (let i = 0; i < rounds; i++) {
  engineRates.push(measure(engine, "engine"));
  handRates.push(measure(handwritten, "handwritten"));
}
const e = median(engineRates);
const h = median(handRates);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(`definition: ${compiled.definition.questionnaire} ${compiled.definition.version} (${compiled.questions.length} questions, ${compiled.indicators.length} indicators)`);
console.log(`assessments: ${count} generated, ${(applicable / count).toFixed(1)} applicable indicators on average; engine and hand-written agree on all`);
console.log(`machine: ${cpu}, ${os.cpus().length} logical CPUs, node ${process.version}, one thread`);
console.log(`load average: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const fmt = (x: number) => Math.round(x).toLocaleString("en");
console.log(`engine:       ${fmt(e)} assessments per CPU-second (median of ${rounds} rounds; wall clock ${fmt(median(wall.engine))}/s)`);
console.log(`hand-written: ${fmt(h)} assessments per CPU-second (wall clock ${fmt(median(wall.handwritten))}/s)`);
console.log(`engine / hand-written: ${(e / h).toFixed(2)}`);
const ok = e >= 20_000 && e >= h / 3;
console.log(ok ? "targets met (>= 20,000/s and >= 1/3 of hand-written)" : "TARGETS NOT MET (>= 20,000/s and >= 1/3 of hand-written)");
if (sink === -1) console.log(sink);
process.exitCode = ok ? 0 : 1;
