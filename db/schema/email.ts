import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Every email; without SMTP_URL it stays here and network admins read it in the app. */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    kind: text("kind").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [index("outbox_to_idx").on(t.to)],
);
