import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { outbox, users } from "#db/schema/index";
import { requestPasswordReset, signUp } from "#app/models/accounts.server";
import { setOrganisationDisabled } from "#app/models/admin.server";
import * as forgotPassword from "#app/routes/forgot-password";
import * as orgHome from "#app/routes/o.$orgId._index";
import * as orgExportCsv from "#app/routes/o.$orgId.export[.]csv";
import * as orgMembers from "#app/routes/o.$orgId.members";
import * as signup from "#app/routes/signup";
import { LIMITS } from "#app/utils/rate-limit.server";
import { callRoute } from "./setup/routes";
import { setupTestDatabase } from "./setup/database";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

const invite = (w: World, email: string) =>
  callRoute(orgMembers, { path: `/o/${w.orgA}/members`, params: { orgId: w.orgA }, cookie: w.cookies.owner, form: { intent: "invite", email, role: "viewer" } });

async function emailsTo(pattern: string) {
  const db = await getDb();
  return db.select({ id: outbox.id }).from(outbox).where(like(outbox.to, pattern));
}

describe("invitations", () => {
  it("sends at most 3 invitations a day to one address", async () => {
    for (let i = 0; i < LIMITS.invitationRecipient[0].max; i++) expect((await invite(world, "same.person@example.org")).status).toBe(200);
    const refused = await invite(world, "same.person@example.org");
    expect(refused.status).toBe(429);
    expect(refused.data.errors.email).toBe("organisation.invitationsThrottled");
    expect(await emailsTo("same.person@example.org")).toHaveLength(3);
  });

  it("sends at most 30 invitations an hour from one organisation", async () => {
    const own = await createWorld();
    const max = LIMITS.invitationOrganisation[0].max;
    for (let i = 0; i < max; i++) expect((await invite(own, `many.${i}@example.org`)).status).toBe(200);
    expect((await invite(own, "one.more@example.org")).status).toBe(429);
    expect(await emailsTo("one.more@example.org")).toHaveLength(0);
  });
});

describe("password resets", () => {
  it("sends at most 3 reset emails an hour for one account, and says nothing about it", async () => {
    const db = await getDb();
    await db.insert(users).values({ email: "forgetful@example.org", name: "Forgetful" });
    for (let i = 0; i < 5; i++) {
      expect(await requestPasswordReset({ email: "forgetful@example.org", ip: `198.51.100.${i}`, locale: "en" })).toEqual({ ok: true });
    }
    expect(await emailsTo("forgetful@example.org")).toHaveLength(LIMITS.passwordResetAccount[0].max);
  });

  it("answers 429 with a message past 10 requests an hour from one address", async () => {
    const ip = "203.0.113.77";
    for (let i = 0; i < LIMITS.passwordResetAddress[0].max; i++) {
      expect((await callRoute(forgotPassword, { path: "/forgot-password", form: { email: `probe${i}@example.org` }, ip })).status).toBe(200);
    }
    const refused = await callRoute(forgotPassword, { path: "/forgot-password", form: { email: "probe@example.org" }, ip });
    expect(refused.status).toBe(429);
    expect(refused.data.errors.form).toBe("account.tooManyRequests");
  });
});

describe("sign-ups", () => {
  it("creates at most 20 accounts an hour from one address", async () => {
    const ip = "203.0.113.88";
    const max = LIMITS.signUpAddress[0].max;
    const results = await Promise.all(
      Array.from({ length: max + 5 }, (_, i) => signUp({ name: "Bot", email: `bot${i}@example.org`, password: "a long enough passphrase", locale: "en" }, ip)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(max);
    const refused = await callRoute(signup, {
      path: "/signup",
      ip,
      form: { name: "Bea", email: "bea.late@example.org", password: "a long enough passphrase", organisationName: "Coop", legalForm: "association", sector: "food", region: "girona", headcount: "3" },
    });
    expect(refused.status).toBe(429);
    expect(refused.data.errors.form).toBe("account.tooManyRequests");
    expect(refused.data.values.organisationName).toBe("Coop");
    const db = await getDb();
    expect(await db.select().from(users).where(and(eq(users.email, "bea.late@example.org")))).toHaveLength(0);
  });
});

describe("a disabled organisation", () => {
  it("is closed to its members, its owner included: pages, exports, invitations", async () => {
    const own = await createWorld();
    const asOwner = { params: { orgId: own.orgA }, cookie: own.cookies.owner };
    expect((await callRoute(orgHome, { path: `/o/${own.orgA}`, ...asOwner })).status).toBe(200);
    await setOrganisationDisabled({ organisationId: own.orgA, disabled: true, actorUserId: own.users.admin });
    expect((await callRoute(orgHome, { path: `/o/${own.orgA}`, ...asOwner })).status).toBe(404);
    expect((await callRoute(orgExportCsv, { path: `/o/${own.orgA}/export.csv`, ...asOwner })).status).toBe(404);
    expect((await callRoute(orgMembers, { path: `/o/${own.orgA}/members`, ...asOwner })).status).toBe(404);
    expect((await invite(own, "too.late@example.org")).status).toBe(404);
    expect(await emailsTo("too.late@example.org")).toHaveLength(0);
    // Enabled again, it opens again.
    await setOrganisationDisabled({ organisationId: own.orgA, disabled: false, actorUserId: own.users.admin });
    expect((await callRoute(orgHome, { path: `/o/${own.orgA}`, ...asOwner })).status).toBe(200);
  });
});
