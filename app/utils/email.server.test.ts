import { desc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client";
import { apiTokens, outbox, users } from "#db/schema/index";
import { changePassword, findValidResetToken, requestPasswordReset, resetPassword } from "#app/models/accounts.server";
import { createApiToken } from "#app/models/api-tokens.server";
import { findInvitation, inviteMember } from "#app/models/organisations.server";
import { setupTestDatabase } from "../../tests/setup/database";
import { createWorld, type World } from "../../tests/setup/world";
import { resetEnvCache } from "./env.server";
import { hashPassword } from "./password.server";

const sent = vi.hoisted(() => [] as { to: string; subject: string; text: string }[]);
vi.mock("nodemailer", () => {
  const createTransport = () => ({ sendMail: async (message: { to: string; subject: string; text: string }) => sent.push(message) });
  return { createTransport, default: { createTransport } };
});

setupTestDatabase();

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterEach(() => {
  delete process.env.SMTP_URL;
  resetEnvCache();
});
const withMailServer = () => {
  process.env.SMTP_URL = "smtp://mail.test:25";
  resetEnvCache();
};

async function keptCopyTo(to: string) {
  const db = await getDb();
  const [row] = await db.select().from(outbox).where(eq(outbox.to, to)).orderBy(desc(outbox.createdAt)).limit(1);
  return row;
}
const tokenIn = (text: string, path: string) => new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(text)?.[1];

async function makeUser(email: string, password = "first long passphrase") {
  const db = await getDb();
  const [user] = await db.insert(users).values({ email, name: "Person", passwordHash: await hashPassword(password) }).returning({ id: users.id });
  return user.id;
}

describe("secret links in the outbox", () => {
  it("keeps no usable reset link once a mail server delivered it", async () => {
    withMailServer();
    await makeUser("smtp.reset@example.org");
    await requestPasswordReset({ email: "smtp.reset@example.org", ip: "127.0.0.1", locale: "en" });
    const delivered = sent.find((m) => m.to === "smtp.reset@example.org")!;
    const token = tokenIn(delivered.text, "reset-password")!;
    expect(await findValidResetToken(token)).not.toBeNull();
    const kept = await keptCopyTo("smtp.reset@example.org");
    expect(kept.sentAt).not.toBeNull();
    expect(kept.text).not.toContain(token);
    expect(tokenIn(kept.text, "reset-password")).toBeUndefined();
    expect(kept.text).toContain("[link removed");
  });

  it("keeps no usable invitation link once a mail server delivered it", async () => {
    withMailServer();
    await inviteMember({ organisationId: world.orgA, invitedBy: { id: world.users.owner, name: "Owner" }, email: "smtp.invitee@example.org", role: "viewer", locale: "en" });
    const token = tokenIn(sent.find((m) => m.to === "smtp.invitee@example.org")!.text, "invitations")!;
    expect(await findInvitation(token)).not.toBeNull();
    expect((await keptCopyTo("smtp.invitee@example.org")).text).not.toContain(token);
  });

  it("keeps the whole message without a mail server: the outbox delivers it", async () => {
    await makeUser("outbox.reset@example.org");
    await requestPasswordReset({ email: "outbox.reset@example.org", ip: "127.0.0.1", locale: "en" });
    const token = tokenIn((await keptCopyTo("outbox.reset@example.org")).text, "reset-password")!;
    expect(await findValidResetToken(token)).not.toBeNull();
  });

  it("bounds user-written names in subjects", async () => {
    const db = await getDb();
    const { organisations } = await import("#db/schema/index");
    await db.update(organisations).set({ name: `Coop ${"x".repeat(5000)}\r\nBcc: all@example.org` }).where(eq(organisations.id, world.orgB));
    await inviteMember({ organisationId: world.orgB, invitedBy: { id: world.users.otherOrgOwner, name: "Owner" }, email: "long.subject@example.org", role: "viewer", locale: "en" });
    const kept = await keptCopyTo("long.subject@example.org");
    expect(kept.subject.length).toBeLessThanOrEqual(120);
    expect(kept.subject).not.toMatch(/[\r\n]/);
  });
});

describe("older links and tokens after a reset or a password change", () => {
  it("ends every other reset link and revokes the API tokens at a reset", async () => {
    const userId = await makeUser("two.links@example.org");
    await createApiToken({ userId, name: "script" });
    await requestPasswordReset({ email: "two.links@example.org", ip: "127.0.0.2", locale: "en" });
    const older = tokenIn((await keptCopyTo("two.links@example.org")).text, "reset-password")!;
    await requestPasswordReset({ email: "two.links@example.org", ip: "127.0.0.2", locale: "en" });
    const newer = tokenIn((await keptCopyTo("two.links@example.org")).text, "reset-password")!;
    expect(older).not.toBe(newer);
    expect((await resetPassword({ token: newer, password: "second long passphrase", ip: "127.0.0.2" })).ok).toBe(true);
    expect(await findValidResetToken(older)).toBeNull();
    expect((await resetPassword({ token: older, password: "attacker long passphrase", ip: "127.0.0.2" })).ok).toBe(false);
    const db = await getDb();
    const tokens = await db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.userId, userId));
    expect(tokens).toHaveLength(1);
    expect(tokens[0].revokedAt).not.toBeNull();
  });

  it("ends every reset link at a password change", async () => {
    const userId = await makeUser("changer@example.org");
    await requestPasswordReset({ email: "changer@example.org", ip: "127.0.0.3", locale: "en" });
    const link = tokenIn((await keptCopyTo("changer@example.org")).text, "reset-password")!;
    expect((await changePassword({ userId, currentPassword: "first long passphrase", password: "changed long passphrase", ip: "127.0.0.3" })).ok).toBe(true);
    expect(await findValidResetToken(link)).toBeNull();
  });
});
