import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { campaigns } from "./assessments";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Raw bytes (the stored zip of a release); both drivers hand back a Uint8Array (Buffer on postgres.js). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
  toDriver(value) {
    return value;
  },
  fromDriver(value) {
    return value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBufferLike);
  },
});

export const researcherApplicationStatuses = ["pending", "approved", "refused"] as const;
export type ResearcherApplicationStatus = (typeof researcherApplicationStatuses)[number];

/** A researcher's application: who they are, what for, and the data agreement they accepted. */
export const researcherApplications = pgTable(
  "researcher_applications",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    institution: text("institution").notNull(),
    project: text("project").notNull(),
    purpose: text("purpose").notNull(),
    /** The agreement as accepted, word for word, and its SHA-256. */
    agreementText: text("agreement_text").notNull(),
    agreementSha256: text("agreement_sha256").notNull(),
    agreedAt: timestamp("agreed_at", { withTimezone: true }).notNull().defaultNow(),
    status: text("status", { enum: researcherApplicationStatuses }).notNull().default("pending"),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("researcher_applications_user_unique").on(t.userId), index("researcher_applications_status_idx").on(t.status)],
);

/** Personal API tokens of researchers: only the SHA-256 of the token is kept. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters of the token, to tell tokens apart in the list. */
    prefix: text("prefix").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * A research release, frozen: the zip as served, the hash of every file and of the package, the
 * protected tables (to compare a later release with), and the records they were built from (staff
 * only, never served: the comparison with a later release needs them).
 */
export const releases = pgTable(
  "releases",
  {
    id: id(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    version: integer("version").notNull(),
    language: text("language").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    files: jsonb("files").$type<Array<{ path: string; bytes: number; sha256: string }>>().notNull(),
    packageSha256: text("package_sha256").notNull(),
    zip: bytea("zip").notNull(),
    zipBytes: integer("zip_bytes").notNull(),
    organisations: integer("organisations").notNull(),
    tables: jsonb("tables").$type<unknown>().notNull(),
    records: jsonb("records").$type<unknown>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("releases_campaign_version_unique").on(t.campaignId, t.version)],
);

/** Every download of a release, for the rate limit (shared by every app server); the audit log has them too. */
export const releaseDownloads = pgTable(
  "release_downloads",
  {
    id: id(),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenId: text("token_id"),
    via: text("via", { enum: ["web", "api"] }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("release_downloads_user_idx").on(t.userId, t.at)],
);
