import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, users } from "#db/schema/index";
import * as signin from "#app/routes/signin";
import { hashPassword } from "#app/utils/password.server";
import { LIMITS, reserve, on } from "#app/utils/rate-limit.server";
import { callRoute } from "./setup/routes";
import { setupTestDatabase } from "./setup/database";

setupTestDatabase();

const PASSWORD = "correct horse battery staple";

async function makeUser(name: string) {
  const db = await getDb();
  const email = `${name}.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.org`;
  const [user] = await db.insert(users).values({ email, name, passwordHash: await hashPassword(PASSWORD) }).returning({ id: users.id });
  return { email, id: user.id };
}

const deviceCookieOf = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith("bilan_device="))?.split(";")[0];

async function failuresFrom(ip: string) {
  const db = await getDb();
  return (await db.select().from(auditLog).where(and(eq(auditLog.action, "auth.sign_in_failed"), eq(auditLog.ip, ip)))).length;
}

let victim: { email: string; id: string };
beforeAll(async () => {
  victim = await makeUser("victim");
});

describe("sign-in limits count atomically", () => {
  it("lets at most 10 of 40 concurrent wrong passwords from one address be checked", async () => {
    const ip = "203.0.113.40";
    const target = await makeUser("target");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => callRoute(signin, { path: "/signin", form: { email: target.email, password: `wrong password ${i}` }, ip })),
    );
    const checked = results.filter((r) => r.status === 400).length;
    expect(checked).toBe(LIMITS.signInAddress[0].max);
    expect(results.filter((r) => r.status === 429)).toHaveLength(40 - checked);
    expect(results.find((r) => r.status === 429)?.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await failuresFrom(ip)).toBe(checked);
  });

  it("counts every reservation once, however many ask at the same time", async () => {
    const limit = { name: "test.concurrent", max: 5, windowMs: 60_000 };
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => reserve(on([limit], "k"))));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
  });
});

describe("an attack does not lock the owner out", () => {
  it("lets the owner sign in from a known browser while the account is locked for every other", async () => {
    // The owner signed in before from this browser: it holds a known-device cookie.
    const first = await callRoute(signin, { path: "/signin", form: { email: victim.email, password: PASSWORD }, ip: "198.51.100.7" });
    expect(first.status).toBe(302);
    const device = deviceCookieOf(first.headers);
    expect(device).toBeDefined();

    // An attacker guesses from many addresses, the owner's among them (one office, one NAT).
    for (let i = 0; i < 12; i++) {
      await callRoute(signin, { path: "/signin", form: { email: victim.email, password: `guess ${i}` }, ip: i % 2 ? "198.51.100.7" : `192.0.2.${i}` });
    }
    // The account is now closed to browsers it does not know, even with the right password...
    const stranger = await callRoute(signin, { path: "/signin", form: { email: victim.email, password: PASSWORD }, ip: "192.0.2.200" });
    expect(stranger.status).toBe(429);
    // ... and so is the owner's address for them...
    for (let i = 0; i < 10; i++) await callRoute(signin, { path: "/signin", form: { email: `nobody${i}@example.org`, password: "guess guess" }, ip: "198.51.100.7" });
    const sameAddress = await callRoute(signin, { path: "/signin", form: { email: victim.email, password: PASSWORD }, ip: "198.51.100.7" });
    expect(sameAddress.status).toBe(429);
    // ... but the owner, from their browser and that same address, signs in.
    const owner = await callRoute(signin, { path: "/signin", form: { email: victim.email, password: PASSWORD }, ip: "198.51.100.7", cookie: device });
    expect(owner.status).toBe(302);
  });

  it("does not take a forged or another account's device cookie", async () => {
    const other = await makeUser("other");
    const signedIn = await callRoute(signin, { path: "/signin", form: { email: other.email, password: PASSWORD }, ip: "198.51.100.20" });
    const device = deviceCookieOf(signedIn.headers)!;
    const [name, value] = device.split("=");
    const parts = value.split(".");
    const forged = `${name}=${[parts[0], victim.id, parts[2], parts[3]].join(".")}`;
    // The victim's account locked for unknown browsers (again: the test above may be more than
    // a minute ago on a loaded machine, and the shortest window is a minute).
    for (let i = 0; i < LIMITS.signInAccount[0].max; i++) {
      await callRoute(signin, { path: "/signin", form: { email: victim.email, password: `guess again ${i}` }, ip: `192.0.2.${100 + i}` });
    }
    for (const cookie of [device, forged]) {
      const r = await callRoute(signin, { path: "/signin", form: { email: victim.email, password: PASSWORD }, ip: "198.51.100.21", cookie });
      expect(r.status).toBe(429);
    }
  });

  it("locks a known browser out after its own failures, and then counts it as unknown", async () => {
    const owner = await makeUser("careful");
    const signedIn = await callRoute(signin, { path: "/signin", form: { email: owner.email, password: PASSWORD }, ip: "198.51.100.30" });
    const device = deviceCookieOf(signedIn.headers)!;
    const ips = (i: number) => `198.51.100.${31 + (i % 5)}`;
    for (let i = 0; i < LIMITS.signInDevice[0].max; i++) {
      const r = await callRoute(signin, { path: "/signin", form: { email: owner.email, password: `typo ${i}` }, ip: ips(i), cookie: device });
      expect(r.status).toBe(400);
    }
    // The device's failures did not touch the account's counters: unknown browsers still get in.
    const elsewhere = await callRoute(signin, { path: "/signin", form: { email: owner.email, password: PASSWORD }, ip: "198.51.100.40" });
    expect(elsewhere.status).toBe(302);
    // The device past its limit is an unknown browser: its next failures count on the account.
    const again = await callRoute(signin, { path: "/signin", form: { email: owner.email, password: "typo again" }, ip: "198.51.100.41", cookie: device });
    expect(again.status).toBe(400);
  });
});
