import { desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, memberships, outbox, users } from "#db/schema/index";
import { setupTestDatabase } from "../../tests/setup/database";
import { createWorld, type World } from "../../tests/setup/world";
import { deleteAccount, exportAccountData, requestPasswordReset, resetPassword, signIn, signUp } from "./accounts.server";
import { acceptInvitation, changeMemberRole, findInvitation, inviteMember, listMembers } from "./organisations.server";

setupTestDatabase();

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

async function lastEmailTo(to: string) {
  const db = await getDb();
  const [row] = await db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt)).limit(1);
  return row;
}
const tokenIn = (text: string, path: string) => new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(text)![1];

describe("sign-up", () => {
  it("creates the account and its organisation with the person as owner", async () => {
    const outcome = await signUp(
      {
        name: "Rosa",
        email: "rosa@coop.example",
        password: "a long enough passphrase",
        locale: "ca",
        organisation: { name: "Coop Rosa", legalForm: "worker_cooperative", sector: "care", region: "lleida", headcount: 12 },
      },
      "127.0.0.1",
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const members = await listMembers(outcome.organisationId!);
    expect(members.map((m) => [m.name, m.role])).toEqual([["Rosa", "owner"]]);
    const again = await signUp({ name: "Rosa", email: "rosa@coop.example", password: "another long passphrase", locale: "ca" }, "127.0.0.1");
    expect(again).toEqual({ ok: false, field: "email", error: "account.emailTaken" });
  });
});

describe("invitations", () => {
  it("sends an expiring single-use link that adds the member with the chosen role", async () => {
    const email = "newcomer@example.org";
    const sent = await inviteMember({ organisationId: world.orgA, invitedBy: { id: world.users.owner, name: "Owner" }, email, role: "viewer", locale: "fr" });
    expect(sent.ok).toBe(true);
    const mail = await lastEmailTo(email);
    expect(mail.subject).toContain("Rejoignez");
    const token = tokenIn(mail.text, "invitations");
    expect((await findInvitation(token))?.role).toBe("viewer");

    const db = await getDb();
    const [user] = await db.insert(users).values({ email, name: "Newcomer" }).returning({ id: users.id });
    expect((await acceptInvitation({ token, userId: user.id })).ok).toBe(true);
    expect((await acceptInvitation({ token, userId: user.id })).ok).toBe(false); // single use
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, user.id));
    expect(membership).toMatchObject({ organisationId: world.orgA, role: "viewer" });
    const [logged] = await db.select().from(auditLog).where(eq(auditLog.action, "membership.joined"));
    expect(logged.targetId).toBe(user.id);
  });

  it("keeps at least one owner", async () => {
    const outcome = await changeMemberRole({ organisationId: world.orgB, targetUserId: world.users.otherOrgOwner, role: "viewer", actorUserId: world.users.otherOrgOwner });
    expect(outcome).toEqual({ ok: false, error: "organisation.lastOwner" });
  });
});

describe("password reset", () => {
  it("resets through the emailed link once, ends old sessions, and signs in with the new password", async () => {
    const outcome = await signUp({ name: "Pere", email: "pere@example.org", password: "first long passphrase", locale: "en" }, "127.0.0.1");
    expect(outcome.ok).toBe(true);
    await requestPasswordReset({ email: "pere@example.org", ip: "127.0.0.1", locale: "en" });
    const token = tokenIn((await lastEmailTo("pere@example.org")).text, "reset-password");
    expect((await resetPassword({ token, password: "second long passphrase", ip: "127.0.0.1" })).ok).toBe(true);
    expect((await resetPassword({ token, password: "third long passphrase", ip: "127.0.0.1" })).ok).toBe(false);
    expect((await signIn({ email: "pere@example.org", password: "first long passphrase", ip: "1.1.1.1" })).ok).toBe(false);
    expect((await signIn({ email: "pere@example.org", password: "second long passphrase", ip: "1.1.1.1" })).ok).toBe(true);
  });

  it("says nothing and sends nothing for an unknown address", async () => {
    await requestPasswordReset({ email: "ghost@example.org", ip: "127.0.0.1", locale: "en" });
    expect(await lastEmailTo("ghost@example.org")).toBeUndefined();
  });
});

describe("deleting an account", () => {
  it("anonymises the person and keeps the organisation", async () => {
    const outcome = await signUp(
      { name: "Quim", email: "quim@example.org", password: "quim long passphrase", locale: "es", organisation: { name: "Solo", legalForm: "association", sector: "food", region: "girona", headcount: 0 } },
      "127.0.0.1",
    );
    if (!outcome.ok) throw new Error("sign-up failed");
    const exported = await exportAccountData(outcome.userId);
    expect(exported.user?.email).toBe("quim@example.org");
    expect(exported.memberships).toHaveLength(1);
    expect(JSON.stringify(exported)).not.toContain("argon2");
    expect((await deleteAccount({ userId: outcome.userId, currentPassword: "wrong", ip: "x" })).ok).toBe(false);
    expect((await deleteAccount({ userId: outcome.userId, currentPassword: "quim long passphrase", ip: "x" })).ok).toBe(true);
    const db = await getDb();
    const [user] = await db.select().from(users).where(eq(users.id, outcome.userId));
    expect(user).toMatchObject({ email: null, name: "Deleted user", passwordHash: null });
    expect(user.deletedAt).not.toBeNull();
    expect((await signIn({ email: "quim@example.org", password: "quim long passphrase", ip: "2.2.2.2" })).ok).toBe(false);
  });
});

describe("audit log", () => {
  /** The database's own message for a refused statement (drizzle wraps it in its cause). */
  async function refusal(statement: Promise<unknown>): Promise<string> {
    try {
      await statement;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      return String((cause as Error | undefined)?.message ?? (error as Error).message);
    }
    return "not refused";
  }

  it("refuses UPDATE, DELETE and TRUNCATE, each with its own error, and keeps every row", async () => {
    const db = await getDb();
    await db.insert(auditLog).values({ action: "test.append_only" });
    const before = (await db.select({ id: auditLog.id }).from(auditLog)).length;
    expect(before).toBeGreaterThan(0);
    expect(await refusal(db.update(auditLog).set({ action: "x" }))).toBe("audit_log is append-only: UPDATE refused");
    expect(await refusal(db.delete(auditLog))).toBe("audit_log is append-only: DELETE refused");
    expect(await refusal(db.execute(sql`truncate audit_log`))).toBe("audit_log is append-only: TRUNCATE refused");
    // A statement that matches no row is refused too.
    expect(await refusal(db.delete(auditLog).where(eq(auditLog.action, "no such action")))).toBe("audit_log is append-only: DELETE refused");
    expect((await db.select({ id: auditLog.id }).from(auditLog)).length).toBe(before);
  });
});
