import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { customType } from "drizzle-orm/pg-core";
import { organisations, users } from "./accounts";

/**
 * An answer's value in jsonb, wrapped as {"v": value}: a bare JSON string such as "1" would be
 * read back as the number 1 by the driver layer, and a text answer must stay text.
 */
export const answerValue = customType<{ data: unknown; driverData: unknown }>({
  dataType() {
    return "jsonb";
  },
  toDriver(value) {
    return JSON.stringify({ v: value ?? null });
  },
  fromDriver(stored) {
    const parsed = typeof stored === "string" ? (JSON.parse(stored) as unknown) : stored;
    return parsed && typeof parsed === "object" && "v" in parsed ? (parsed as { v: unknown }).v : null;
  },
});

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

/**
 * Every definition file seen at start, with its content hash: a used version never changes.
 * `source` is the file's text as recorded, so that results and reports never depend on the
 * file staying under indicators/ (null only for rows recorded before it was kept).
 */
export const questionnaireVersions = pgTable(
  "questionnaire_versions",
  {
    id: text("id").primaryKey(), // "<questionnaire>@<version>"
    questionnaire: text("questionnaire").notNull(),
    version: text("version").notNull(),
    contentHash: text("content_hash").notNull(),
    file: text("file").notNull(),
    source: text("source"),
    title: jsonb("title").$type<Record<string, string>>().notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("questionnaire_versions_unique").on(t.questionnaire, t.version)],
);

export const campaignStatuses = ["planned", "open", "closed"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const campaigns = pgTable("campaigns", {
  id: id(),
  year: integer("year").notNull().unique(),
  opensOn: date("opens_on").notNull(),
  closesOn: date("closes_on").notNull(),
  status: text("status", { enum: campaignStatuses }).notNull().default("planned"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const campaignVersions = pgTable(
  "campaign_versions",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    versionId: text("version_id")
      .notNull()
      .references(() => questionnaireVersions.id),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.versionId] })],
);

export const assessmentStatuses = ["draft", "submitted", "under_review", "validated", "returned", "rejected"] as const;
export type AssessmentStatus = (typeof assessmentStatuses)[number];

export const assessments = pgTable(
  "assessments",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    questionnaire: text("questionnaire").notNull(),
    versionId: text("version_id")
      .notNull()
      .references(() => questionnaireVersions.id),
    status: text("status", { enum: assessmentStatuses }).notNull().default("draft"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: text("submitted_by").references(() => users.id),
    sealGranted: boolean("seal_granted").notNull().default(false),
  },
  (t) => [
    uniqueIndex("assessments_one_per_campaign").on(t.organisationId, t.campaignId, t.questionnaire),
    index("assessments_campaign_idx").on(t.campaignId, t.status),
  ],
);

/** One row per answered question; `revision` detects a colleague's concurrent edit. */
export const answers = pgTable(
  "answers",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    value: answerValue("value"),
    note: text("note"),
    revision: integer("revision").notNull().default(1),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** The browser's id of the change that wrote this revision: a retried save is recognised. */
    saveId: text("save_id"),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.questionId] })],
);

/** A submitted assessment's frozen result; rescoring adds a row and moves `current`. */
export const results = pgTable(
  "results",
  {
    id: id(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    versionId: text("version_id").notNull(),
    definitionHash: text("definition_hash").notNull(),
    engineVersion: text("engine_version").notNull(),
    total: doublePrecision("total"),
    sealPassed: boolean("seal_passed").notNull(),
    /** The engine's whole AssessmentResult, as computed. */
    result: jsonb("result").notNull(),
    /** The review flags, computed when the result was stored (null: stored before flags were kept). */
    flags: jsonb("flags").$type<unknown[]>(),
    current: boolean("current").notNull().default(true),
    reason: text("reason"),
    /**
     * The organisation's breakdown values when the assessment was submitted (legal form, sector,
     * region, size band), frozen: research releases break results down by these, not by the
     * organisation's values of today. A rescoring keeps those of the result it replaces.
     */
    legalForm: text("legal_form"),
    sector: text("sector"),
    region: text("region"),
    sizeBand: text("size_band"),
    /** Where the breakdown values come from: "submission", or "backfilled" (copied from the organisation when the columns were added). */
    breakdownsSource: text("breakdowns_source").notNull().default("submission"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("results_assessment_idx").on(t.assessmentId),
    index("results_campaign_idx").on(t.campaignId, t.current),
    uniqueIndex("results_one_current").on(t.assessmentId).where(sql`${t.current}`),
  ],
);

/** Indicator rows of current and past results, for benchmarks, progress and releases. */
export const resultIndicators = pgTable(
  "result_indicators",
  {
    resultId: text("result_id")
      .notNull()
      .references(() => results.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    axis: text("axis"),
    value: doublePrecision("value"),
    score: doublePrecision("score"),
    applicable: boolean("applicable").notNull(),
    reason: text("reason"),
  },
  (t) => [primaryKey({ columns: [t.resultId, t.code] }), index("result_indicators_code_idx").on(t.code)],
);

export const resultAxes = pgTable(
  "result_axes",
  {
    resultId: text("result_id")
      .notNull()
      .references(() => results.id, { onDelete: "cascade" }),
    axis: text("axis").notNull(),
    score: doublePrecision("score"),
    applicable: boolean("applicable").notNull(),
  },
  (t) => [primaryKey({ columns: [t.resultId, t.axis] })],
);

/** What one value typed after a session ended looks like: the value, and what the page had loaded. */
export interface PendingValue {
  value: unknown;
  note?: string | null;
  /** The revision the page was loaded with. */
  revision?: number | null;
  /** The field as the page loaded it (see app/assessments/section-plan.ts). */
  orig?: unknown;
  origNote?: string | null;
}

/**
 * Answers typed after a member's session ended: kept for that member in that browser only
 * (the browser's `bilan_browser` cookie, hashed), one row per member, browser and assessment,
 * until the member signs in again and saves or discards them (docs/decisions/0640).
 */
export const pendingSaves = pgTable(
  "pending_saves",
  {
    id: id(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** sha-256 of the browser's `bilan_browser` cookie. */
    browserHash: text("browser_hash").notNull(),
    /** sha-256 of the ended session's token (sessions.id): later requests of that page find the row. */
    sessionKey: text("session_key").notNull(),
    values: jsonb("values").$type<Record<string, PendingValue>>().notNull(),
    /** Writes into this row: bounded, like its size. */
    writes: integer("writes").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("pending_saves_owner").on(t.userId, t.browserHash, t.assessmentId),
    index("pending_saves_session_idx").on(t.sessionKey, t.browserHash),
  ],
);

/** Who did what to an assessment's status: submit, reopen, review decisions. */
export const assessmentEvents = pgTable(
  "assessment_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    actorUserId: text("actor_user_id"),
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assessment_events_assessment_idx").on(t.assessmentId)],
);

/**
 * The norms of a questionnaire version in a campaign (definition `norms:`), computed from an
 * earlier campaign's results when the campaign opens and frozen: every result of the campaign
 * is scored with the same norms, and records them.
 */
export const campaignNorms = pgTable(
  "campaign_norms",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    versionId: text("version_id")
      .notNull()
      .references(() => questionnaireVersions.id),
    name: text("name").notNull(),
    /** FrozenNorm (app/scoring/score.ts): the source campaign's year, overall, per category. */
    norm: jsonb("norm").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.versionId, t.name] })],
);

/** Who of the organisation's members fills in a section: an owner shares the work out. */
export const sectionAssignments = pgTable(
  "section_assignments",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    sectionId: text("section_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assignedBy: text("assigned_by").references(() => users.id, { onDelete: "set null" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.sectionId] })],
);
