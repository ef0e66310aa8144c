import { desc } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox } from "#db/schema/index";

export async function listOutbox({ limit = 100 }: { limit?: number } = {}) {
  const db = await getDb();
  return db
    .select({ id: outbox.id, to: outbox.to, subject: outbox.subject, text: outbox.text, kind: outbox.kind, createdAt: outbox.createdAt, sentAt: outbox.sentAt })
    .from(outbox)
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}
