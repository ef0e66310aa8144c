import { describe, expect, it } from "vitest";
import { getDb, pingDatabase } from "#db/client";
import { users } from "#db/schema/index";
import { setupTestDatabase } from "../tests/setup/database";

setupTestDatabase();

describe("database client", () => {
  it("answers and stores rows", async () => {
    const kind = await pingDatabase();
    expect(kind).toBe(process.env.TEST_DATABASE_URL ? "postgres" : "pglite");
    const db = await getDb();
    await db.insert(users).values({ email: "a@example.org", name: "A" });
    const rows = await db.select().from(users);
    expect(rows.map((r) => r.email)).toEqual(["a@example.org"]);
  });
});
