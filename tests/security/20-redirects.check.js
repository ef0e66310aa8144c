// Item: open redirects. Every redirect target, resolved as a browser would, stays on our origin.
import assert from "node:assert/strict";

const HOSTILE = ["/\t/evil.example/x", "//evil.example/x", "/\\evil.example/x", "\\\\evil.example", "https://evil.example/x", "/..//evil.example/x", "javascript:alert(1)"];

/** Where a browser goes with this Location (tabs and line breaks dropped, backslashes read as slashes). */
function browserTarget(location, baseURL) {
  return new URL(location.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), baseURL);
}

export default [
  {
    name: "sign-in with a hostile redirectTo never leaves the site",
    run: async ({ client, baseURL, DEMO }) => {
      for (const target of HOSTILE) {
        const c = client();
        const r = await c.signIn(DEMO.owner, undefined, { redirectTo: target });
        assert.ok(r.status === 302 || r.status === 400, `${JSON.stringify(target)}: ${r.status}`);
        if (r.status === 302) {
          assert.equal(browserTarget(r.location, baseURL).origin, new URL(baseURL).origin, `${JSON.stringify(target)} -> ${r.location}`);
          assert.equal(r.location, "/", `${JSON.stringify(target)} -> ${r.location}`);
        }
      }
    },
  },
  {
    name: "sign-in with a redirectTo of this site goes there",
    run: async ({ client, DEMO }) => {
      const c = client();
      const r = await c.signIn(DEMO.owner, undefined, { redirectTo: "/account?x=1" });
      assert.equal(r.status, 302);
      assert.equal(r.location, "/account?x=1");
    },
  },
  {
    name: "redirectTo with CR, LF or VT: a 400 with a message, never a 500",
    run: async ({ client, DEMO }) => {
      for (const target of ["/x\r\nSet-Cookie: a=b", "/x\ny", "/x\u000by"]) {
        const c = client();
        const r = await c.signIn(DEMO.owner, undefined, { redirectTo: target });
        assert.equal(r.status, 400, `${JSON.stringify(target)}: ${r.status}`);
        assert.match(r.text, /not a valid address/);
        const lang = await c.request("/language", { form: { csrf: await c.csrf(), locale: "fr", redirectTo: target } });
        assert.equal(lang.status, 400, `language ${JSON.stringify(target)}: ${lang.status}`);
      }
    },
  },
  {
    name: "the language switcher redirects only within the site",
    run: async ({ client, baseURL }) => {
      for (const target of HOSTILE.filter((t) => !/[\t]/.test(t))) {
        const c = client();
        const r = await c.request("/language", { form: { csrf: await c.csrf(), locale: "fr", redirectTo: target } });
        assert.equal(r.status, 302, `${JSON.stringify(target)}: ${r.status} ${r.text.slice(0, 100)}`);
        assert.equal(browserTarget(r.location, baseURL).origin, new URL(baseURL).origin, `${JSON.stringify(target)} -> ${r.location}`);
      }
      const c = client();
      const ok = await c.request("/language", { form: { csrf: await c.csrf(), locale: "fr", redirectTo: "/signin?x=1" } });
      assert.equal(ok.location, "/signin?x=1");
    },
  },
  {
    name: "a guarded page sends an anonymous visitor to sign-in with a redirectTo of this site only",
    run: async ({ client }) => {
      const r = await client().request("/account");
      assert.equal(r.status, 302);
      assert.match(r.location, /^\/signin\?redirectTo=%2Faccount$/);
    },
  },
];
