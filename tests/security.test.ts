import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, selectRows } from "#db/client";
import { auditLog, users } from "#db/schema/index";
import * as signin from "#app/routes/signin";
import * as signout from "#app/routes/signout";
import * as signup from "#app/routes/signup";
import * as orgMembers from "#app/routes/o.$orgId.members";
import { hashPassword } from "#app/utils/password.server";
import { ABSOLUTE_TIMEOUT_MS, getSessionUser, IDLE_TIMEOUT_MS } from "#app/utils/session.server";
import { buildRequest, callRoute } from "./setup/routes";
import { setupTestDatabase } from "./setup/database";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

const PASSWORD = "correct horse battery staple";
let world: World;
let email: string;

beforeAll(async () => {
  world = await createWorld();
  const db = await getDb();
  email = `alice.${Date.now()}@example.org`;
  await db.insert(users).values({ email, name: "Alice", passwordHash: await hashPassword(PASSWORD) });
});

function cookieFrom(headers: Headers, name: string) {
  const all = headers.getSetCookie();
  return all.find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
}

describe("sign-in and sessions", () => {
  it("sets an HttpOnly SameSite=Lax session cookie and a fresh token at every sign-in", async () => {
    const first = await callRoute(signin, { path: "/signin", form: { email, password: PASSWORD }, ip: "10.0.0.1" });
    expect(first.status).toBe(302);
    const cookie1 = cookieFrom(first.headers, "bilan_session")!;
    expect(cookie1).toMatch(/HttpOnly/);
    expect(cookie1).toMatch(/SameSite=Lax/);
    expect(cookie1).toMatch(/Path=\//);
    const token1 = cookie1.split(";")[0];
    expect(token1.split("=")[1].length).toBeGreaterThanOrEqual(22); // at least 128 bits

    const second = await callRoute(signin, { path: "/signin", form: { email, password: PASSWORD }, cookie: token1, ip: "10.0.0.1" });
    const token2 = cookieFrom(second.headers, "bilan_session")!.split(";")[0];
    expect(token2).not.toBe(token1);
    // The session of the first token ended at the second sign-in.
    expect(await getSessionUser(buildRequest({ path: "/", cookie: token1 }))).toBeNull();
    expect((await getSessionUser(buildRequest({ path: "/", cookie: token2 })))?.email).toBe(email);
  });

  it("ends the session server-side at sign-out", async () => {
    const signedIn = await callRoute(signin, { path: "/signin", form: { email, password: PASSWORD }, ip: "10.0.0.2" });
    const token = cookieFrom(signedIn.headers, "bilan_session")!.split(";")[0];
    const out = await callRoute(signout, { path: "/signout", form: {}, cookie: token });
    expect(out.status).toBe(302);
    expect(out.headers.getSetCookie().some((c) => c.startsWith("bilan_session=;") && c.includes("Max-Age=0"))).toBe(true);
    expect(await getSessionUser(buildRequest({ path: "/", cookie: token }))).toBeNull();
  });

  const freshSession = async (ip: string) => {
    const signedIn = await callRoute(signin, { path: "/signin", form: { email, password: PASSWORD }, ip });
    return { token: cookieFrom(signedIn.headers, "bilan_session")!.split(";")[0], at: Date.now() };
  };
  const userAt = (token: string, time: number) => getSessionUser(buildRequest({ path: "/", cookie: token }), { now: new Date(time) });

  it("keeps a session through 30 minutes without activity, and ends it just after", async () => {
    const before = await freshSession("10.0.0.3");
    expect(await userAt(before.token, before.at + IDLE_TIMEOUT_MS - 5000)).toMatchObject({ email });
    const after = await freshSession("10.0.0.3");
    expect(await userAt(after.token, after.at + IDLE_TIMEOUT_MS + 1000)).toBeNull();
    // ended for good: coming back to the earlier time does not revive it
    expect(await userAt(after.token, after.at)).toBeNull();
  });

  it("ends a session 12 hours after sign-in however active it is", async () => {
    const { token, at } = await freshSession("10.0.0.5");
    let t = at;
    // active every 25 minutes (under the idle timeout) up to just before the absolute limit
    while (t + 25 * 60_000 < at + ABSOLUTE_TIMEOUT_MS - 60_000) {
      t += 25 * 60_000;
      expect(await userAt(token, t), `still signed in after ${Math.round((t - at) / 60_000)} minutes`).toMatchObject({ email });
    }
    expect(await userAt(token, at + ABSOLUTE_TIMEOUT_MS - 60_000)).toMatchObject({ email });
    expect(await userAt(token, at + ABSOLUTE_TIMEOUT_MS + 1000)).toBeNull();
  });

  it("does not tell whether an email has an account", async () => {
    const unknown = await callRoute(signin, { path: "/signin", form: { email: "nobody@example.org", password: "whatever123" }, ip: "10.0.0.4" });
    const wrong = await callRoute(signin, { path: "/signin", form: { email, password: "wrong password" }, ip: "10.0.0.4" });
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(unknown.data.formError).toBe(wrong.data.formError);
  });

  it("refuses the 11th failed sign-in from one address within a minute, even with the right password", async () => {
    const ip = "10.9.9.9";
    for (let i = 0; i < 10; i++) {
      const r = await callRoute(signin, { path: "/signin", form: { email: `guess${i}@example.org`, password: `wrong-${i}-password` }, ip });
      expect(r.status).toBe(400);
    }
    const eleventh = await callRoute(signin, { path: "/signin", form: { email, password: PASSWORD }, ip });
    expect(eleventh.status).toBe(429);
    expect(eleventh.data.formError).toBe("account.throttled");
    // Another address is not affected.
    const elsewhere = await callRoute(signin, { path: "/signin", form: { email, password: PASSWORD }, ip: "10.9.9.10" });
    expect(elsewhere.status).toBe(302);
    const db = await getDb();
    const failures = await db.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed"));
    expect(failures.length).toBeGreaterThanOrEqual(10);
    expect(JSON.stringify(failures)).not.toContain("wrong-");
  });
});

describe("cross-site requests", () => {
  it("refuses a POST without the CSRF token", async () => {
    const r = await callRoute(orgMembers, {
      path: `/o/${world.orgA}/members`,
      params: { orgId: world.orgA },
      cookie: world.cookies.owner,
      form: { intent: "invite", email: "csrf@example.org", role: "owner" },
      withoutCsrf: true,
    });
    expect(r.status).toBe(403);
  });

  it("refuses a POST from another origin even with a token", async () => {
    const r = await callRoute(orgMembers, {
      path: `/o/${world.orgA}/members`,
      params: { orgId: world.orgA },
      cookie: world.cookies.owner,
      form: { intent: "invite", email: "csrf@example.org", role: "owner" },
      headers: { origin: "https://evil.example" },
    });
    expect(r.status).toBe(403);
    const r2 = await callRoute(signup, {
      path: "/signup",
      form: { name: "x" },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(r2.status).toBe(403);
  });
});

describe("sign-up", () => {
  it("refuses common passwords and keeps the other values", async () => {
    const r = await callRoute(signup, {
      path: "/signup",
      form: { name: "Bea", email: "bea@example.org", password: "password123", organisationName: "Coop", legalForm: "association", sector: "food", region: "girona", headcount: "3" },
    });
    expect(r.status).toBe(400);
    expect(r.data.errors.password).toBe("account.passwordCommon");
    expect(r.data.values.organisationName).toBe("Coop");
    expect(r.data.values.password).toBeUndefined();
  });

  it("answers 400 with messages, never a 500, for hostile values", async () => {
    const r = await callRoute(signup, {
      path: "/signup",
      form: { name: "x".repeat(100_000), email: "not-an-email", password: "short", organisationName: "", legalForm: "../../etc", sector: "food", region: "girona", headcount: "1e309" },
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.data.errors).sort()).toEqual(["email", "headcount", "name", "organisationName", "password"]);
  });
});

describe("GET requests change nothing", () => {
  it("leaves every table but the logs as it was after visiting every page", async () => {
    const snapshot = async () => {
      const tables = await selectRows<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'audit_log'`,
      );
      const digests: Record<string, string> = {};
      for (const { table_name } of tables) {
        const [row] = await selectRows<{ digest: string }>(
          sql.raw(`select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as digest from "${table_name}" t`),
        );
        digests[table_name] = row.digest;
      }
      return digests;
    };
    const before = await snapshot();
    const pages = import.meta.glob("../app/routes/*.{ts,tsx}") as Record<string, () => Promise<any>>;
    expect(Object.keys(pages).length).toBeGreaterThan(10);
    for (const [file, load] of Object.entries(pages)) {
      const module = await load();
      if (!module.loader) continue;
      for (const cookie of [undefined, world.cookies.owner, world.cookies.admin]) {
        try {
          await module.loader({ request: buildRequest({ path: "/x", cookie }), params: { orgId: world.orgA, token: "nope" }, context: {} });
        } catch (thrown) {
          if (!(thrown instanceof Response)) throw new Error(`${file}: ${String(thrown)}`);
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
