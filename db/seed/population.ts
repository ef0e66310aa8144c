/**
 * A generated population for volume tests: organisations with realistic proportions of legal
 * forms, sectors, regions and sizes, and their basic balance over several campaign years.
 *
 * Answers come from tests/factories/answers.ts (drawn per legal form, every value through
 * validateAnswer), drift from year to year (the organisation improves a little, its headcount
 * moves), leave some questions not applicable (no workers, no profit) and stay drafts for some
 * organisations. Submitted ones pass checkForSubmit and are scored with scoreAssessment, and
 * their result is stored in the same shape as submitAssessment stores it.
 *
 * Rows are written in bulk, a chunk of organisations per transaction; the next chunk is
 * generated while the database writes the previous one.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq, sql } from "drizzle-orm";
import { getConnection, getDb } from "#db/client";
import {
  answers as answersTable,
  assessmentEvents,
  assessments,
  auditLog,
  campaigns,
  campaignVersions,
  memberships,
  organisations,
  resultAxes,
  resultIndicators,
  results,
  users,
  type AssessmentStatus,
} from "#db/schema/index";
import { checkForSubmit, scoreAssessment, type Answers, type CompiledDefinition } from "#app/questionnaires/index";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, versionIdOf } from "#app/models/definitions.server";
import { markAllBenchmarksStale } from "#app/models/benchmarks.server";
import { sizeBandFor } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import { generateAnswers, hashSeed, rng } from "../../tests/factories/answers";
import { seedSurveyResponses } from "./surveys";

const BASIC = "social-balance-basic";

export interface PopulationOptions {
  orgs: number;
  years: number;
  /** The last campaign year; the current year by default. */
  lastYear?: number;
  seed?: number;
  /** Organisations per transaction. */
  chunk?: number;
  log?: (line: string) => void;
}

export interface PopulationSummary {
  organisations: number;
  campaigns: { year: number; id: string; created: boolean; status: string; versionId: string }[];
  assessments: number;
  submitted: number;
  drafts: number;
  answers: number;
  results: number;
  refusedAtSubmit: number;
  /** Stakeholder survey responses of the population's complete-balance drafts (db/seed/surveys.ts). */
  surveyResponses: number;
  seconds: number;
}

type Weighted = Record<string, number>;

// Proportions close to what the Catalan and Spanish networks publish about their members.
const LEGAL_FORMS: Weighted = {
  worker_cooperative: 30,
  association: 28,
  other_cooperative: 8,
  commercial_company: 7,
  foundation: 7,
  consumer_cooperative: 6,
  self_employed: 8,
  labour_company: 6,
};
const SECTORS: Weighted = {
  food: 14,
  education: 11,
  care: 10,
  culture: 12,
  housing: 4,
  energy: 3,
  finance: 3,
  consulting: 9,
  technology: 7,
  textile: 4,
  social_services: 13,
  other: 10,
};
const REGIONS: Weighted = {
  barcelona: 42,
  girona: 8,
  lleida: 5,
  tarragona: 6,
  valencia: 11,
  balearic_islands: 4,
  madrid: 9,
  basque_country: 5,
  andalusia: 6,
  other: 4,
};

const PREFIX: Record<string, string[]> = {
  worker_cooperative: ["Cooperativa", "SCCL", "Cooperativa de treball"],
  consumer_cooperative: ["Cooperativa de consum", "Coop de consum"],
  other_cooperative: ["Cooperativa", "Cooperativa integral"],
  association: ["Associació", "Asociación", "Col·lectiu"],
  foundation: ["Fundació", "Fundación"],
  labour_company: ["Societat Laboral", "SLL"],
  commercial_company: ["SL", "Empresa social"],
  self_employed: ["Estudi", "Taller"],
};
const NOUNS = ["Arrels", "Sembra", "Llavor", "Xarxa", "Teixit", "Horta", "Ones", "Terra", "Fil", "Roda", "Ateneu", "Engranatge", "Bressol", "Cuina", "Mans", "Camí", "Aigua", "Fusta", "Brot", "Pedra", "Calma", "Rusc", "Alzina", "Trama"];
const QUALIFIERS = ["Viva", "Comuna", "Solidària", "del Barri", "Verda", "Nova", "Lliure", "Compartida", "del Sud", "de Gràcia", "del Delta", "Oberta", "Plural", "de Muntanya"];
const GIVEN = ["Núria", "Jordi", "Marta", "Pau", "Laia", "Anna", "Oriol", "Carme", "Aina", "Marc", "Júlia", "Pere", "Lucía", "Javier", "Elena", "Sergi", "Mireia", "Amina", "Iker", "Rosa"];
const FAMILY = ["Puig", "Vila", "Soler", "Ferrer", "Roca", "Mas", "Serra", "Font", "Pujol", "García", "Martínez", "López", "Sala", "Camps", "Riera", "Vidal", "Bosch", "Casals"];

function pick(random: () => number, weights: Weighted): string {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (const [key, w] of Object.entries(weights)) {
    r -= w;
    if (r < 0) return key;
  }
  return Object.keys(weights)[0];
}
const oneOf = <T>(random: () => number, list: T[]) => list[Math.floor(random() * list.length)];

/** Many very small organisations, a typical one of about 20, a few of several hundred. */
function drawHeadcount(random: () => number, legalForm: string): number {
  if (legalForm === "self_employed") return random() < 0.8 ? 1 : 2;
  if (legalForm === "association" && random() < 0.15) return 0; // volunteers only
  // log-normal: median about 8, mean about 20
  const u = Math.max(1e-9, random());
  const v = random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(1, Math.min(600, Math.round(Math.exp(Math.log(8) + 1.2 * normal))));
}

interface GeneratedOrg {
  id: string;
  name: string;
  legalForm: string;
  sector: string;
  region: string;
  headcount: number;
  ownerId: string;
  ownerEmail: string;
  ownerName: string;
  joinYear: number;
  quality: number;
}

interface Chunk {
  organisations: (typeof organisations.$inferInsert)[];
  users: (typeof users.$inferInsert)[];
  memberships: (typeof memberships.$inferInsert)[];
  assessments: (typeof assessments.$inferInsert)[];
  answers: (typeof answersTable.$inferInsert)[];
  results: (typeof results.$inferInsert)[];
  indicators: (typeof resultIndicators.$inferInsert)[];
  axes: (typeof resultAxes.$inferInsert)[];
  events: (typeof assessmentEvents.$inferInsert)[];
  submitted: number;
  drafts: number;
  refused: number;
}

interface CampaignYear {
  year: number;
  id: string;
  status: string;
  versionId: string;
  compiled: CompiledDefinition;
  created: boolean;
}

/** Reuses the campaign of each year, or creates it closed with the questionnaire versions of that year. */
async function campaignsFor(years: number[]): Promise<CampaignYear[]> {
  const db = await getDb();
  const out: CampaignYear[] = [];
  for (const year of years) {
    const version = year <= 2024 ? "2024.1" : "2025.1";
    const wanted = versionIdOf(BASIC, version);
    let [row] = await db.select({ id: campaigns.id, status: campaigns.status }).from(campaigns).where(eq(campaigns.year, year));
    let created = false;
    if (!row) {
      const versionIds = [wanted];
      if (version === "2025.1") versionIds.push(versionIdOf("social-balance-complete", "2025.1"));
      const made = await createCampaign({ year, opensOn: `${year}-04-20`, closesOn: `${year}-07-15`, versionIds }, null, "closed");
      if (!made.ok) throw new Error(`campaign ${year}: ${made.error}`);
      row = { id: made.id, status: "closed" };
      created = true;
    }
    const offered = await db
      .select({ versionId: campaignVersions.versionId })
      .from(campaignVersions)
      .where(eq(campaignVersions.campaignId, row.id));
    const basic = offered.map((o) => o.versionId).find((v) => v.startsWith(`${BASIC}@`)) ?? wanted;
    const compiled = await getDefinition(basic);
    if (!compiled) throw new Error(`campaign ${year}: no definition ${basic}`);
    out.push({ year, id: row.id, status: row.status, versionId: basic, compiled, created });
  }
  return out;
}

function dateIn(year: number, random: () => number, fromMonth: number, toMonth: number) {
  const month = fromMonth + Math.floor(random() * (toMonth - fromMonth + 1));
  const day = 1 + Math.floor(random() * 28);
  return new Date(Date.UTC(year, month - 1, day, 8 + Math.floor(random() * 10), Math.floor(random() * 60)));
}

function generateChunk(first: number, count: number, seed: number, tag: string, years: CampaignYear[]): Chunk {
  const taxonomies = getTaxonomies();
  const chunk: Chunk = { organisations: [], users: [], memberships: [], assessments: [], answers: [], results: [], indicators: [], axes: [], events: [], submitted: 0, drafts: 0, refused: 0 };
  const firstYear = years[0].year;
  for (let n = first; n < first + count; n++) {
    const random = rng(hashSeed(`${seed}:org:${n}`));
    const legalForm = pick(random, LEGAL_FORMS);
    const org: GeneratedOrg = {
      id: crypto.randomUUID(),
      name: `${oneOf(random, PREFIX[legalForm])} ${oneOf(random, NOUNS)} ${oneOf(random, QUALIFIERS)}`,
      legalForm,
      sector: pick(random, SECTORS),
      region: pick(random, REGIONS),
      headcount: drawHeadcount(random, legalForm),
      ownerId: crypto.randomUUID(),
      ownerEmail: `owner.${tag}.${n}@seed.bilan.example`,
      ownerName: `${oneOf(random, GIVEN)} ${oneOf(random, FAMILY)}`,
      // most organisations are there from the first year; the others join later
      joinYear: random() < 0.6 ? firstYear : firstYear + 1 + Math.floor(random() * Math.max(1, years.length - 1)),
      quality: 0.15 + random() * 0.55,
    };
    chunk.organisations.push({
      id: org.id,
      name: org.name,
      legalForm: org.legalForm,
      sector: org.sector,
      region: org.region,
      headcount: org.headcount,
      sizeBand: sizeBandFor(taxonomies, org.headcount),
      createdAt: dateIn(org.joinYear, random, 1, 4),
    });
    chunk.users.push({ id: org.ownerId, email: org.ownerEmail, name: org.ownerName, createdAt: dateIn(org.joinYear, random, 1, 4) });
    chunk.memberships.push({ userId: org.ownerId, organisationId: org.id, role: "owner" });

    let headcount = org.headcount;
    for (const [index, campaign] of years.entries()) {
      if (campaign.year < org.joinYear) continue;
      const yearRandom = rng(hashSeed(`${seed}:org:${n}:${campaign.year}`));
      // Drift: a little better each year, headcount moving by up to a tenth.
      if (index > 0 && headcount > 1) headcount = Math.max(1, Math.round(headcount * (0.92 + yearRandom() * 0.18)));
      const open = campaign.status === "open";
      const roll = yearRandom();
      // Closed years: 5% did not take part, 3% left a draft; the open year: 45% still drafts.
      if (!open && roll < 0.05) continue;
      const draft = open ? roll < 0.45 : roll < 0.08;
      const quality = Math.min(1, org.quality + index * 0.04 + (yearRandom() - 0.5) * 0.08);
      const compiled = campaign.compiled;
      const values = generateAnswers(compiled, yearRandom, { quality, headcount, legalForm: org.legalForm, skipOptional: 0.15 });
      const assessmentId = crypto.randomUUID();
      const createdAt = dateIn(campaign.year, yearRandom, 4, 5);
      let kept: Answers = values;
      let status: AssessmentStatus = "draft";
      let submittedAt: Date | null = null;
      if (draft) {
        const sections = compiled.definition.sections;
        const filled = new Set(sections.slice(0, 1 + Math.floor(yearRandom() * (sections.length - 1))).flatMap((s) => s.questions.map((q) => q.id)));
        kept = Object.fromEntries(Object.entries(values).filter(([id]) => filled.has(id)));
      } else if (checkForSubmit(compiled, values).length > 0) {
        chunk.refused += 1; // the same check a person's submit goes through: stays a draft
      } else {
        submittedAt = dateIn(campaign.year, yearRandom, 6, 7);
        const validated = !open && yearRandom() < 0.2;
        status = validated ? "validated" : "submitted";
        const result = scoreAssessment(compiled, values);
        const resultId = crypto.randomUUID();
        chunk.results.push({
          id: resultId,
          assessmentId,
          organisationId: org.id,
          campaignId: campaign.id,
          versionId: campaign.versionId,
          definitionHash: result.definitionHash,
          engineVersion: result.engineVersion,
          total: result.total,
          sealPassed: result.seal.passed,
          result,
          current: true,
          createdBy: org.ownerId,
          createdAt: submittedAt,
        });
        for (const i of result.indicators) {
          chunk.indicators.push({ resultId, code: i.code, axis: i.axis, value: i.value, score: i.score, applicable: i.applicable, reason: i.reason ?? null });
        }
        for (const a of result.axes) chunk.axes.push({ resultId, axis: a.id, score: a.score, applicable: a.applicable });
        chunk.events.push({ assessmentId, kind: "submitted", actorUserId: org.ownerId, at: submittedAt });
        if (validated) {
          chunk.events.push({ assessmentId, kind: "validated", actorUserId: null, at: new Date(submittedAt.getTime() + 20 * 86_400_000) });
        }
        chunk.submitted += 1;
        chunk.assessments.push({
          id: assessmentId,
          organisationId: org.id,
          campaignId: campaign.id,
          questionnaire: BASIC,
          versionId: campaign.versionId,
          status,
          createdBy: org.ownerId,
          createdAt,
          submittedAt,
          submittedBy: org.ownerId,
          sealGranted: validated && result.seal.passed,
        });
      }
      if (status === "draft") {
        chunk.drafts += 1;
        chunk.assessments.push({ id: assessmentId, organisationId: org.id, campaignId: campaign.id, questionnaire: BASIC, versionId: campaign.versionId, status, createdBy: org.ownerId, createdAt, submittedAt: null, submittedBy: null, sealGranted: false });
      }
      const updatedAt = submittedAt ?? dateIn(campaign.year, yearRandom, 5, 6);
      for (const [questionId, value] of Object.entries(kept)) {
        chunk.answers.push({ assessmentId, questionId, value, revision: 1, updatedBy: org.ownerId, updatedAt });
      }
    }
  }
  return chunk;
}

type Kind = "text" | "int" | "float" | "bool" | "time" | "json" | "answer";
type Columns = Array<[column: string, key: string, kind: Kind]>;

const COLUMNS: Record<string, Columns> = {
  organisations: [["id", "id", "text"], ["name", "name", "text"], ["legal_form", "legalForm", "text"], ["sector", "sector", "text"], ["region", "region", "text"], ["headcount", "headcount", "int"], ["size_band", "sizeBand", "text"], ["created_at", "createdAt", "time"]],
  users: [["id", "id", "text"], ["email", "email", "text"], ["name", "name", "text"], ["created_at", "createdAt", "time"]],
  memberships: [["user_id", "userId", "text"], ["organisation_id", "organisationId", "text"], ["role", "role", "text"]],
  assessments: [["id", "id", "text"], ["organisation_id", "organisationId", "text"], ["campaign_id", "campaignId", "text"], ["questionnaire", "questionnaire", "text"], ["version_id", "versionId", "text"], ["status", "status", "text"], ["created_by", "createdBy", "text"], ["created_at", "createdAt", "time"], ["submitted_at", "submittedAt", "time"], ["submitted_by", "submittedBy", "text"], ["seal_granted", "sealGranted", "bool"]],
  answers: [["assessment_id", "assessmentId", "text"], ["question_id", "questionId", "text"], ["value", "value", "answer"], ["revision", "revision", "int"], ["updated_by", "updatedBy", "text"], ["updated_at", "updatedAt", "time"]],
  results: [["id", "id", "text"], ["assessment_id", "assessmentId", "text"], ["organisation_id", "organisationId", "text"], ["campaign_id", "campaignId", "text"], ["version_id", "versionId", "text"], ["definition_hash", "definitionHash", "text"], ["engine_version", "engineVersion", "text"], ["total", "total", "float"], ["seal_passed", "sealPassed", "bool"], ["result", "result", "json"], ["current", "current", "bool"], ["created_by", "createdBy", "text"], ["created_at", "createdAt", "time"]],
  result_indicators: [["result_id", "resultId", "text"], ["code", "code", "text"], ["axis", "axis", "text"], ["value", "value", "float"], ["score", "score", "float"], ["applicable", "applicable", "bool"], ["reason", "reason", "text"]],
  result_axes: [["result_id", "resultId", "text"], ["axis", "axis", "text"], ["score", "score", "float"], ["applicable", "applicable", "bool"]],
  assessment_events: [["assessment_id", "assessmentId", "text"], ["kind", "kind", "text"], ["actor_user_id", "actorUserId", "text"], ["at", "at", "time"]],
};

/** PostgreSQL COPY text format: tabs, newlines and backslashes escaped, \N for null. */
function copyField(value: unknown, kind: Kind): string {
  if (kind === "answer") value = JSON.stringify({ v: value ?? null });
  else if (value === null || value === undefined) return "\\N";
  else if (kind === "json") value = JSON.stringify(value);
  else if (kind === "time") value = (value as Date).toISOString();
  else if (kind === "bool") return value ? "t" : "f";
  else if (kind === "float" || kind === "int") {
    if (typeof value !== "number" || !Number.isFinite(value)) return "\\N";
    return String(value);
  }
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

function copyText(table: string, rows: Record<string, unknown>[]): string {
  const columns = COLUMNS[table];
  let out = "";
  for (const row of rows) out += columns.map(([, key, kind]) => copyField(row[key], kind)).join("\t") + "\n";
  return out;
}

/**
 * Bulk writes with COPY, a chunk per transaction: on PostgreSQL through postgres.js's COPY FROM
 * STDIN, on PGlite through COPY FROM '/dev/blob'. Many times faster than multi-row INSERTs.
 */
async function writeChunk(chunk: Chunk) {
  const connection = await getConnection();
  const tables: Array<[string, Record<string, unknown>[]]> = [
    ["organisations", chunk.organisations],
    ["users", chunk.users],
    ["memberships", chunk.memberships],
    ["assessments", chunk.assessments],
    ["answers", chunk.answers],
    ["results", chunk.results],
    ["result_indicators", chunk.indicators],
    ["result_axes", chunk.axes],
    ["assessment_events", chunk.events],
  ];
  const statement = (table: string, source: string) => `copy "${table}" (${COLUMNS[table].map(([c]) => `"${c}"`).join(", ")}) from ${source}`;
  if (connection.sql) {
    await connection.sql.begin(async (tx) => {
      for (const [table, rows] of tables) {
        if (!rows.length) continue;
        const t0 = Date.now();
        const query = tx.unsafe(statement(table, "stdin"));
        // A refused row fails the query, not the stream: wait for both.
        await Promise.all([query.writable().then((stream) => pipeline(Readable.from([copyText(table, rows)]), stream)), query]);
        if (process.env.SEED_DEBUG) console.log(`    ${table}: ${rows.length} rows in ${Date.now() - t0} ms`);
      }
    });
    return;
  }
  await connection.pglite!.transaction(async (tx) => {
    for (const [table, rows] of tables) {
      if (!rows.length) continue;
      await tx.query(statement(table, "'/dev/blob'"), [], { blob: new Blob([copyText(table, rows)]) });
    }
  });
}

export async function seedPopulation(options: PopulationOptions): Promise<PopulationSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const seed = options.seed ?? 1;
  const lastYear = options.lastYear ?? new Date().getFullYear();
  const years = Array.from({ length: options.years }, (_, i) => lastYear - options.years + 1 + i);
  const campaignYears = await campaignsFor(years);
  for (const c of campaignYears) log(`  campaign ${c.year}: ${c.created ? "created (closed)" : `existing (${c.status})`}, ${c.versionId}`);
  // A tag per run keeps owner emails unique when the seed is run twice.
  const tag = `${seed}-${Date.now().toString(36)}`;
  const chunkSize = options.chunk ?? 250;
  const summary: PopulationSummary = {
    organisations: 0,
    campaigns: campaignYears.map((c) => ({ year: c.year, id: c.id, created: c.created, status: c.status, versionId: c.versionId })),
    assessments: 0,
    submitted: 0,
    drafts: 0,
    answers: 0,
    results: 0,
    refusedAtSubmit: 0,
    surveyResponses: 0,
    seconds: 0,
  };
  const organisationIds: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  for (let first = 0; first < options.orgs; first += chunkSize) {
    const count = Math.min(chunkSize, options.orgs - first);
    const chunk = generateChunk(first, count, seed, tag, campaignYears);
    await writing; // the previous chunk was written while this one was generated
    writing = writeChunk(chunk);
    for (const o of chunk.organisations) organisationIds.push(o.id!);
    summary.organisations += count;
    summary.assessments += chunk.assessments.length;
    summary.submitted += chunk.submitted;
    summary.drafts += chunk.drafts;
    summary.answers += chunk.answers.length;
    summary.results += chunk.results.length;
    summary.refusedAtSubmit += chunk.refused;
    if ((first / chunkSize) % 4 === 3 || first + count >= options.orgs) {
      log(`  ${first + count} / ${options.orgs} organisations (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  await writing;
  summary.surveyResponses = (await seedSurveyResponses({ organisationIds, seed, log })).responses;
  const db = await getDb();
  await markAllBenchmarksStale(db);
  // Fresh statistics for the planner: thousands of rows arrived at once (autovacuum comes later).
  for (const table of ["organisations", "memberships", "assessments", "answers", "results", "result_indicators", "result_axes"]) await db.execute(sql.raw(`analyze ${table}`));
  await db.insert(auditLog).values({
    action: "seed.population",
    details: { organisations: summary.organisations, years, assessments: summary.assessments, seed },
  });
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/** Row counts of the tables the population fills, for the command's closing line. */
export async function populationCounts() {
  const db = await getDb();
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries({ organisations, assessments, answers: answersTable, results, result_indicators: resultIndicators })) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
    out[name] = Number(row.n);
  }
  return out;
}

