import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { assessments } from "./assessments";
import { users } from "./accounts";

/**
 * Stakeholder surveys (docs/surveys.md). Respondents are anonymous to everyone: a response holds
 * its answers and the day it was started, nothing else (no address, no user agent, no time of
 * day, no account, no link to a single-use code).
 */

export const surveyStatuses = ["open", "closed"] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** One survey per assessment and group, opened by the organisation. */
export const surveys = pgTable(
  "surveys",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id").notNull(),
    groupId: text("group_id").notNull(),
    /** The public link's secret (128 random bits, base64url): /s/<token>. */
    linkToken: text("link_token").notNull(),
    status: text("status", { enum: surveyStatuses }).notNull().default("open"),
    /** Last day answers are taken (inclusive, UTC); null: until closed or the assessment is submitted. */
    closesOn: date("closes_on"),
    /** Whether only single-use codes open it (no code, no answer). */
    codesRequired: boolean("codes_required").notNull().default(false),
    /** Set at submission: the survey is frozen, its aggregates in survey_results. */
    frozenAt: timestamp("frozen_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("surveys_one_per_group").on(t.assessmentId, t.groupId), uniqueIndex("surveys_link_token").on(t.linkToken)],
);

/** Single-use codes, stored hashed; `used_on` is a day. A used code is never tied to the response. */
export const surveyCodes = pgTable(
  "survey_codes",
  {
    surveyId: text("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedOn: date("used_on"),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.codeHash] })],
);

/**
 * One respondent's answers. While the respondent answers, `respondent_hash` (the sha-256 of the
 * token in their cookie) lets them save as they go; it is cleared when they finish, so nothing
 * ties a finished response to a browser.
 */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    surveyId: text("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    respondentHash: text("respondent_hash"),
    /** Question id -> scale value (number) or free text (string). */
    answers: jsonb("answers").$type<Record<string, number | string>>().notNull().default({}),
    completed: boolean("completed").notNull().default(false),
    /** The day the response was started (UTC); never a finer time. */
    day: date("day").notNull(),
  },
  (t) => [
    index("survey_responses_survey_idx").on(t.surveyId, t.completed),
    uniqueIndex("survey_responses_respondent").on(t.respondentHash).where(sql`${t.respondentHash} is not null`),
  ],
);

/** A survey's aggregates frozen at submission: what the result was computed from, with its n. */
export const surveyResults = pgTable(
  "survey_results",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    groupId: text("group_id").notNull(),
    responses: integer("responses").notNull(),
    minimum: integer("minimum").notNull(),
    codesIssued: integer("codes_issued").notNull(),
    released: boolean("released").notNull(),
    /** Aggregate name -> value (null below the minimum). */
    values: jsonb("values").$type<Record<string, number | null>>().notNull(),
    /** Scale question id -> respondents who answered it. */
    answered: jsonb("answered").$type<Record<string, number>>().notNull(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.groupId] })],
);
