import { sql } from "drizzle-orm";
import { doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { funders, organisations, users } from "./accounts";
import { assessments } from "./assessments";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

export const commitmentDirections = ["at_least", "at_most"] as const;
export type CommitmentDirection = (typeof commitmentDirections)[number];

/**
 * An improvement goal set after reading a report: reach `target` on indicator `code` (at least,
 * or at most). The next year's report checks it against the indicator's new value.
 */
export const commitments = pgTable(
  "commitments",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    /** The assessment whose report it was written after. */
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    direction: text("direction", { enum: commitmentDirections }).notNull(),
    target: doublePrecision("target").notNull(),
    note: text("note"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("commitments_org_idx").on(t.organisationId), index("commitments_assessment_idx").on(t.assessmentId)],
);

/** "all" or the list of campaign years the funder may see. */
export type ShareYears = "all" | number[];

/**
 * An organisation's revocable consent that one funder may see its reports. A revoked share
 * keeps its row (the history of consents); at most one live share per organisation and funder.
 */
export const shares = pgTable(
  "shares",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    funderId: text("funder_id")
      .notNull()
      .references(() => funders.id, { onDelete: "cascade" }),
    years: jsonb("years").$type<ShareYears>().notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("shares_one_live").on(t.organisationId, t.funderId).where(sql`${t.revokedAt} is null`),
    index("shares_funder_idx").on(t.funderId),
  ],
);
