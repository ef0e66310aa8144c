// Item: headers. The security headers on one route of every kind; a nonce-based policy on pages;
// no-store on private pages and exports; HSTS only over HTTPS.
import assert from "node:assert/strict";

const COMMON = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

function assertSecurityHeaders(r, what) {
  for (const [name, value] of Object.entries(COMMON)) assert.equal(r.headers.get(name), value, `${what}: ${name}`);
  const csp = r.headers.get("content-security-policy");
  assert.ok(csp, `${what}: a content security policy`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
  assert.match(csp, /base-uri 'none'/, `${what}: base-uri`);
  assert.ok(!/,/.test(csp), `${what}: one policy, not two merged (${csp})`);
  assert.equal(r.headers.get("strict-transport-security"), null, `${what}: no HSTS over plain HTTP`);
  return csp;
}

function scriptSrc(csp) {
  return /(?:^|;\s*)script-src ([^;]*)/.exec(csp)?.[1] ?? "";
}

export default [
  {
    name: "pages: a policy with a fresh nonce per request, no script 'unsafe-inline', every script tag carrying the nonce",
    run: async ({ client }) => {
      const c = client();
      const nonces = [];
      for (const path of ["/signin", "/signup", "/no-such-page"]) {
        const r = await c.request(path);
        const csp = assertSecurityHeaders(r, path);
        const src = scriptSrc(csp);
        assert.ok(!src.includes("'unsafe-inline'"), `${path}: script-src ${src}`);
        const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(src)?.[1];
        assert.ok(nonce, `${path}: a nonce in script-src (${src})`);
        nonces.push(nonce);
        assert.match(csp, /object-src 'none'/);
        const scripts = r.text.match(/<script\b[^>]*>/g) ?? [];
        assert.ok(scripts.length > 0, `${path}: scripts on the page`);
        for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: ${tag} without the nonce`);
        assert.ok(!/\son[a-z]+=/i.test(r.text.replace(/<script[\s\S]*?<\/script>/g, "")), `${path}: no inline event handler`);
      }
      assert.equal(new Set(nonces).size, nonces.length, "a new nonce on every request");
    },
  },
  {
    name: "one route of every kind carries the security headers: page, private page, data, resource, API, export, health, static, autosave, refusal",
    run: async ({ client, signedIn, DEMO, firstOrganisationId, baseURL }) => {
      const anonymous = client();
      const owner = await signedIn(DEMO.owner);
      const org = await firstOrganisationId(owner);
      const page = await anonymous.request("/signin");
      const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
      assert.ok(asset, "a script asset on the sign-in page");
      const routes = [
        ["page", anonymous, "/signin", {}],
        ["private page", owner, `/o/${org}`, { private: true }],
        ["account page", owner, "/account", { private: true }],
        ["data request", owner, `/o/${org}.data`, { private: true }],
        ["CSV export", owner, `/o/${org}/export.csv`, { private: true }],
        ["JSON export", owner, `/o/${org}/export.json`, { private: true }],
        ["personal data export", owner, "/account/export", { private: true }],
        ["API", anonymous, "/api/v1/releases", { private: true }],
        ["health", anonymous, "/healthz", { private: true }],
        ["static asset", anonymous, asset, {}],
        ["public file", anonymous, "/favicon.ico", {}],
        ["404", anonymous, "/no-such-page", {}],
        ["front-door refusal", anonymous, "/o/%00", {}],
      ];
      for (const [kind, c, path, { private: isPrivate }] of routes) {
        const r = await c.request(path);
        assert.ok(r.status < 500, `${kind} ${path}: ${r.status}`);
        assertSecurityHeaders(r, `${kind} ${path} (${r.status})`);
        if (isPrivate) assert.match(r.headers.get("cache-control") ?? "", /no-store/, `${kind} ${path}: no-store`);
      }
      const autosave = await owner.request(`/o/${org}/assessments/none/answers`, { form: { csrf: await owner.csrf(), questionId: "x" } });
      assertSecurityHeaders(autosave, `autosave (${autosave.status})`);
      assert.match(autosave.headers.get("cache-control") ?? "", /no-store/);
      assert.ok(baseURL);
    },
  },
  {
    name: "HSTS only when the request came over HTTPS (the trusted proxy's X-Forwarded-Proto)",
    timeout: 200_000,
    run: async ({ startServer }) => {
      const proxied = await startServer({ env: { TRUST_PROXY: "true", DEMO_DATA: "false" } });
      for (const path of ["/signin", "/healthz", "/favicon.ico"]) {
        const overHttps = await fetch(`${proxied.baseURL}${path}`, { headers: { "x-forwarded-proto": "https" } });
        assert.match(overHttps.headers.get("strict-transport-security") ?? "", /max-age=\d{7,}/, `${path} over HTTPS`);
        const overHttp = await fetch(`${proxied.baseURL}${path}`);
        assert.equal(overHttp.headers.get("strict-transport-security"), null, `${path} over HTTP`);
      }
    },
  },
];
