/**
 * Deterministic generated assessments for a definition: a small seeded PRNG, answers of the right
 * type for every question, cross-field limits respected (a limit naming another question is
 * read from the answers generated so far), about one organisation in ten with no workers, and
 * a few optional answers left empty.
 */
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import type { AnswerValue, Answers } from "#app/questionnaires/schema";

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAGNITUDE: Record<string, number> = {
  members_total: 800,
  workers_total: 60,
  volunteers: 40,
  turnover: 2_000_000,
  purchases_total: 800_000,
  governing_body_size: 12,
  management_size: 8,
  energy_consumption: 120_000,
  intercooperation_projects: 6,
  community_projects: 6,
  community_contribution: 20_000,
  training_hours: 1_500,
  total_assets: 2_000_000,
  supplier_payment_days: 120,
  assemblies_per_year: 4,
  waste_tonnes: 20,
  vehicle_km: 100_000,
  community_hours: 600,
  sick_leave_days: 600,
  work_accidents: 4,
  overtime_hours: 2_000,
};

export function generateAnswers(compiled: CompiledDefinition, count: number, seed = 2025): Answers[] {
  const random = prng(seed);
  const out: Answers[] = [];
  for (let k = 0; k < count; k++) {
    const a: Answers = {};
    const noWorkers = random() < 0.1;
    for (const q of compiled.questions) {
      const question = q.question;
      if (!question.required && random() < 0.1) continue;
      let v: AnswerValue;
      const maxRef = question.limits?.max;
      const cap = typeof maxRef === "string" ? (a[maxRef] as number | undefined) : typeof maxRef === "number" ? maxRef : undefined;
      switch (question.type) {
        case "integer":
          if (question.id === "workers_total" && noWorkers) v = 0;
          else if (cap !== undefined) v = Math.floor(random() * (cap + 1));
          else v = Math.floor(random() * (MAGNITUDE[question.id] ?? 30)) + (question.id === "governing_body_size" ? 1 : 0);
          break;
        case "number":
        case "money": {
          const top = cap ?? MAGNITUDE[question.id] ?? 50_000;
          v = Math.round(random() * top * 100) / 100;
          if (question.id === "result_of_year") v = Math.round((random() - 0.3) * 100_000);
          if (question.id === "equity_capital") v = Math.round((random() - 0.1) * 1_000_000);
          if (question.id === "lowest_salary") v = Math.round((a.highest_salary as number) * (0.2 + 0.8 * random()));
          if (question.id === "highest_salary") v = 18_000 + Math.round(random() * 80_000);
          break;
        }
        case "percent":
          v = Math.round(random() * 1000) / 10;
          break;
        case "boolean":
          v = random() < 0.6;
          break;
        case "single_choice":
          v = q.choiceIds[Math.floor(random() * q.choiceIds.length)];
          break;
        case "multiple_choice":
          v = q.choiceIds.filter(() => random() < 0.5);
          break;
        case "date":
          v = `${1980 + Math.floor(random() * 45)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
          break;
        default:
          v = "Generated text";
      }
      a[question.id] = v;
    }
    out.push(a);
  }
  return out;
}
