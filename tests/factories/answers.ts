import {
  applicableQuestions,
  validateAnswer,
  type AnswerValue,
  type Answers,
  type CompiledDefinition,
  type Question,
} from "#app/questionnaires/index";

/** A small seeded generator (mulberry32): the same seed gives the same organisation. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface AnswerProfile {
  /** 0..1: how "good" the organisation tends to be; moves numbers toward the top of their range. */
  quality: number;
  /** Typical headcount, to size people counts. */
  headcount: number;
  /** Share of optional questions left empty. */
  skipOptional?: number;
  /** The organisation's legal form (taxonomy id): the "legal_form" answer follows it, and associations live more on subsidies. */
  legalForm?: string;
}

/** Taxonomy legal forms -> the choices of the questionnaire's "legal_form" question. */
const LEGAL_FORM_CHOICE: Record<string, string> = {
  worker_cooperative: "cooperative",
  consumer_cooperative: "cooperative",
  other_cooperative: "cooperative",
  association: "association",
  foundation: "foundation",
  labour_company: "company",
  commercial_company: "company",
  self_employed: "other",
};

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Brings drawn answers closer to what the networks publish: parts within their totals (sales +
 * subsidies <= income, social-economy and local purchases <= purchases), income about 55% sales
 * and 33% subsidies (more subsidies for associations and foundations), about one in five closing
 * the year with a loss, a salary ratio of about 1.5 to 2, women about 65% of workers, about half
 * on 100% renewable electricity. Runs before the limits are checked, which still have the last word.
 */
function shape(compiled: CompiledDefinition, answers: Answers, random: () => number, profile: AnswerProfile) {
  const has = (id: string) => compiled.questionById.has(id) && answers[id] !== undefined;
  const choice = profile.legalForm ? LEGAL_FORM_CHOICE[profile.legalForm] : undefined;
  if (choice && compiled.questionById.get("legal_form")?.question.choices?.some((c) => c.id === choice)) answers.legal_form = choice;
  const turnover = answers.turnover;
  if (isNumber(turnover)) {
    const publicMoney = profile.legalForm === "association" || profile.legalForm === "foundation";
    const subsidies = Math.min(0.9, Math.max(0, (publicMoney ? 0.5 : 0.25) + (random() - 0.5) * 0.3));
    const sales = Math.min(1 - subsidies, Math.max(0, (publicMoney ? 0.35 : 0.62) + (random() - 0.5) * 0.3));
    if (has("income_sales")) answers.income_sales = round2(turnover * sales);
    if (has("income_subsidies")) answers.income_subsidies = round2(turnover * subsidies);
    if (has("result_of_year")) {
      const margin = random() < 0.2 ? -random() * 0.08 : random() * 0.06 * (0.5 + profile.quality);
      answers.result_of_year = round2(turnover * margin);
    }
  }
  const purchases = answers.purchases_total;
  if (isNumber(purchases)) {
    if (has("purchases_social_economy")) answers.purchases_social_economy = round2(purchases * Math.min(1, 0.05 + profile.quality * 0.2 + random() * 0.1));
    if (has("purchases_local")) answers.purchases_local = round2(purchases * Math.min(1, 0.2 + random() * 0.5));
  }
  const highest = answers.highest_salary;
  if (isNumber(highest) && has("lowest_salary")) answers.lowest_salary = round2(highest / (1.3 + random() * (1.6 - profile.quality)));
  const workers = answers.workers_total;
  if (isNumber(workers) && has("women_workers")) answers.women_workers = Math.min(workers, Math.round(workers * (0.45 + random() * 0.4)));
  if (has("renewable_electricity") && random() < 0.3 + profile.quality * 0.4) answers.renewable_electricity = 100;
}

const SCALE: Record<string, number> = { people: 1, fte: 1, eur: 40_000, hours: 30, days: 5, count: 1, kwh: 4_000, tonnes: 0.5, km: 800 };

function staticLimit(limit: unknown): number | undefined {
  return typeof limit === "number" ? limit : undefined;
}

function drawNumber(q: Question, random: () => number, profile: AnswerProfile): number {
  const min = staticLimit(q.limits?.min) ?? 0;
  const maxLimit = staticLimit(q.limits?.max);
  const lean = Math.min(1, Math.max(0, profile.quality * 0.6 + random() * 0.4));
  if (q.type === "percent") return Math.round(Math.min(maxLimit ?? 100, Math.max(min, lean * 100)));
  if (maxLimit !== undefined && maxLimit - min <= 20) {
    const v = min + lean * (maxLimit - min);
    return q.type === "integer" ? Math.round(v) : Math.round(v * 10) / 10;
  }
  const unit = q.type === "money" ? "eur" : (q.unit ?? "count");
  const base = (SCALE[unit] ?? 1) * Math.max(1, profile.headcount) * (0.5 + random());
  let v = Math.max(min, base);
  if (maxLimit !== undefined) v = Math.min(v, maxLimit);
  return q.type === "integer" ? Math.round(v) : Math.round(v * 100) / 100;
}

function drawAnswer(q: Question, random: () => number, profile: AnswerProfile): AnswerValue {
  switch (q.type) {
    case "integer":
    case "number":
    case "percent":
    case "money":
      return drawNumber(q, random, profile);
    case "boolean":
      return random() < 0.35 + profile.quality * 0.6;
    case "single_choice": {
      const choices = q.choices ?? [];
      const index = Math.min(choices.length - 1, Math.floor((profile.quality * 0.5 + random() * 0.5) * choices.length));
      return choices[index]?.id ?? null;
    }
    case "multiple_choice":
      return (q.choices ?? []).filter(() => random() < 0.25 + profile.quality * 0.5).map((c) => c.id);
    case "short_text":
      return "Yes, see our annual report.";
    case "long_text":
      return "We discussed this in the assembly and wrote it down in the minutes.";
    case "date":
      return `2025-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    default:
      return null;
  }
}

/**
 * Plausible answers to a whole definition: drawn per question, then brought within the limits
 * that depend on other answers (women on the board <= board size), and blanked where a
 * question does not apply. Every value passes validateAnswer, the check real answers go through.
 */
export function generateAnswers(compiled: CompiledDefinition, random: () => number, profile: AnswerProfile): Answers {
  const answers: Answers = {};
  for (const cq of compiled.questions) {
    const q = cq.question;
    if (!q.required && random() < (profile.skipOptional ?? 0.1)) {
      // skipping a question that feeds a score is answering "none of these" (drawn without
      // consuming the random stream, so every other answer stays what it was)
      if (cq.requiredAtSubmit && q.type === "multiple_choice") answers[q.id] = [];
      continue;
    }
    answers[q.id] = drawAnswer(q, random, profile);
  }
  if (compiled.questions.some((q) => q.question.id === "workers_total") && typeof answers.workers_total === "number") {
    answers.workers_total = profile.headcount;
  }
  shape(compiled, answers, random, profile);
  // Two passes settle limits that refer to answers that are themselves limited.
  for (let pass = 0; pass < 3; pass++) {
    for (const cq of compiled.questions) {
      const id = cq.question.id;
      if (answers[id] === undefined) continue;
      const check = validateAnswer(compiled, id, answers[id], answers);
      if (check.ok) continue;
      const { code, params } = check.error;
      if (code === "above_max" && typeof params?.max === "number") answers[id] = cq.question.type === "integer" ? Math.floor(params.max) : params.max;
      else if (code === "below_min" && typeof params?.min === "number") answers[id] = cq.question.type === "integer" ? Math.ceil(params.min) : params.min;
      else delete answers[id];
    }
  }
  const asked = new Set(applicableQuestions(compiled, answers));
  for (const id of Object.keys(answers)) if (!asked.has(id)) delete answers[id];
  // Required questions that became applicable later get an answer too.
  for (const cq of compiled.questions) {
    const id = cq.question.id;
    if (asked.has(id) && answers[id] === undefined && cq.question.required) {
      const value = drawAnswer(cq.question, random, profile);
      if (validateAnswer(compiled, id, value, answers).ok) answers[id] = value;
    }
  }
  for (const cq of compiled.questions) {
    const id = cq.question.id;
    if (asked.has(id) && answers[id] === undefined && cq.requiredAtSubmit && cq.question.type === "multiple_choice") answers[id] = [];
  }
  return answers;
}
