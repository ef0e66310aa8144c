import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { campaigns } from "./assessments";

/** Quartiles of one number over one group of organisations: [n, q1, median, q3]. */
export type StoredQuartiles = [number, number, number, number];

/** One campaign's benchmarks: every indicator value ("i:CODE"), axis score ("a:AXIS") and total ("t:"). */
export interface StoredBenchmarks {
  all: Record<string, StoredQuartiles>;
  byLegalForm: Record<string, Record<string, StoredQuartiles>>;
}

/**
 * The benchmarks of a campaign, computed when its results change and served as stored
 * (docs/decisions/0700). Storing a result adds one to `requested`; a computation records the
 * `requested` it started from as its `generation`: the numbers are current when the two agree,
 * and readers keep seeing the previous numbers while a newer computation runs.
 */
export const benchmarkSets = pgTable("benchmark_sets", {
  campaignId: text("campaign_id")
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  requested: integer("requested").notNull().default(1),
  generation: integer("generation").notNull().default(0),
  data: jsonb("data").$type<StoredBenchmarks>(),
  computedAt: timestamp("computed_at", { withTimezone: true }),
});
