import { doublePrecision, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { assessments, campaigns } from "./assessments";
import { users } from "./accounts";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

export const commentSides = ["network", "organisation"] as const;
export type CommentSide = (typeof commentSides)[number];

/**
 * A review thread is every comment on one question of one assessment, oldest first: reviewers
 * write from the network's side, the organisation answers from its own. Never edited.
 */
export const reviewComments = pgTable(
  "review_comments",
  {
    id: id(),
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    side: text("side", { enum: commentSides }).notNull(),
    authorUserId: text("author_user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("review_comments_assessment_idx").on(t.assessmentId, t.questionId)],
);

/** One item of a drawn sample: why it was drawn, and the flags it had then. */
export interface SampleItem {
  assessmentId: string;
  reason: "flagged" | "random";
  flags: string[];
}

/**
 * A drawn review sample: every flagged submission plus a seeded random share of the rest.
 * The population (ids and flags as they were), the share and the seed are kept, so that the
 * same draw can be recomputed and checked later (app/review/sample.ts).
 */
export const reviewSamples = pgTable(
  "review_samples",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    seed: text("seed").notNull(),
    share: doublePrecision("share").notNull(),
    population: jsonb("population").$type<Array<{ assessmentId: string; flags: string[] }>>().notNull(),
    items: jsonb("items").$type<SampleItem[]>().notNull(),
    drawnBy: text("drawn_by").references(() => users.id, { onDelete: "set null" }),
    drawnAt: timestamp("drawn_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("review_samples_campaign_idx").on(t.campaignId, t.drawnAt)],
);
