import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** member: belongs to organisations; admin and reviewer: network staff; funder and researcher: their own kinds. */
export const accountKinds = ["member", "admin", "reviewer", "funder", "researcher"] as const;
export type AccountKind = (typeof accountKinds)[number];
export const organisationRoles = ["owner", "editor", "viewer"] as const;
export type OrganisationRole = (typeof organisationRoles)[number];

export const funders = pgTable("funders", {
  id: id(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email"),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    locale: text("locale").notNull().default("en"),
    kind: text("kind", { enum: accountKinds }).notNull().default("member"),
    funderId: text("funder_id").references(() => funders.id),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const organisations = pgTable("organisations", {
  id: id(),
  name: text("name").notNull(),
  legalForm: text("legal_form").notNull(),
  sector: text("sector").notNull(),
  region: text("region").notNull(),
  headcount: integer("headcount").notNull(),
  sizeBand: text("size_band").notNull(),
  publicSummary: boolean("public_summary").notNull().default(false),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Taxonomy entries an organisation had before they were retired (indicators/taxonomies, under
 * `retired:`), and the entry it was moved to at start: the history of its profile.
 */
export const organisationTaxonomyChanges = pgTable(
  "organisation_taxonomy_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    taxonomy: text("taxonomy").notNull(),
    fromId: text("from_id").notNull(),
    toId: text("to_id").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organisation_taxonomy_changes_org_idx").on(t.organisationId)],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: organisationRoles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] }), index("memberships_org_idx").on(t.organisationId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: organisationRoles }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invitations_token_unique").on(t.tokenHash)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** sha-256 of the cookie token: a database leak does not leak live sessions. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    activeOrganisationId: text("active_organisation_id"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const passwordResets = pgTable("password_resets", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Keys the server makes for itself on first use and shares through the database with every app
 * server (the key that signs known-device cookies). Not settings: never shown, never exported.
 */
export const serverSecrets = pgTable("server_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});

/**
 * Rate-limit counters (app/utils/rate-limit.server.ts): one row per limit, key and fixed window,
 * counted by one atomic upsert, so that concurrent requests and several app servers share them.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    name: text("name").notNull(),
    /** The counted thing, hashed when it is personal (an email, an address). */
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.key, t.windowStart] }), index("rate_limits_expires_idx").on(t.expiresAt)],
);
