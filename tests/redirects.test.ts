import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { users } from "#db/schema/index";
import * as signin from "#app/routes/signin";
import * as language from "#app/routes/language";
import { hashPassword } from "#app/utils/password.server";
import { callRoute } from "./setup/routes";
import { setupTestDatabase } from "./setup/database";

setupTestDatabase();

const PASSWORD = "a long enough passphrase";
let email: string;
let n = 0;

beforeAll(async () => {
  const db = await getDb();
  email = `redirects.${Date.now()}@example.org`;
  await db.insert(users).values({ email, name: "Redirects", passwordHash: await hashPassword(PASSWORD) });
});

const signInTo = (redirectTo: string) => callRoute(signin, { path: "/signin", form: { email, password: PASSWORD, redirectTo }, ip: `10.55.0.${++n}` });

describe("redirects after a step stay on this site", () => {
  it("sign-in goes to a path of this site", async () => {
    const r = await signInTo("/account?tab=1");
    expect(r.status).toBe(302);
    expect(r.location).toBe("/account?tab=1");
  });

  it.each(["//evil.example/x", "/\\evil.example/x", "https://evil.example/x", "/..//evil.example"])(
    "sign-in with redirectTo %j lands on the home page",
    async (target) => {
      const r = await signInTo(target);
      expect(r.status).toBe(302);
      expect(r.location).toBe("/");
    },
  );

  it.each(["/x\r\nSet-Cookie: a=b", "/x\ny", "/x\u000by", "/\t/evil.example/x"])("sign-in with CR, LF, VT or a tab in redirectTo (%j): a 400 with a message", async (target) => {
    const r = await signInTo(target);
    expect(r.status).toBe(400);
    expect(r.data.formError).toBe("common.request.badRedirect");
  });

  it("the language switcher redirects only on this site, and refuses control characters with a message", async () => {
    const ok = await callRoute(language, { path: "/language", form: { locale: "fr", redirectTo: "/signin?x=1" } });
    expect(ok.location).toBe("/signin?x=1");
    for (const target of ["//evil.example", "/\\evil.example", "https://evil.example"]) {
      const r = await callRoute(language, { path: "/language", form: { locale: "fr", redirectTo: target } });
      expect(r.status).toBe(302);
      expect(r.location, target).toBe("/");
    }
    const crlf = await callRoute(language, { path: "/language", form: { locale: "fr", redirectTo: "/x\r\nSet-Cookie: a=b" }, headers: { "accept-language": "fr" } });
    expect(crlf.status).toBe(400);
    expect(crlf.data).toContain("adresse valide");
  });
});
