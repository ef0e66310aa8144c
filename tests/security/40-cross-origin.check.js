// Item: a cross-origin or Origin: null POST to a page is a 403, not a 500.
import assert from "node:assert/strict";

export default [
  {
    name: "a POST from another origin, Origin: null or Sec-Fetch-Site: cross-site, anonymous or signed in: a 403 with a message",
    run: async ({ client, signedIn, DEMO, firstOrganisationId }) => {
      const anonymous = client();
      const owner = await signedIn(DEMO.owner);
      const org = await firstOrganisationId(owner);
      const targets = [
        [anonymous, "/signin", { email: "a@example.org", password: "x" }],
        [anonymous, "/signup", { name: "x" }],
        [anonymous, "/", {}],
        [anonymous, "/signin.data", { email: "a@example.org", password: "x" }],
        [owner, `/o/${org}/members`, { intent: "invite", email: "x@example.org", role: "owner" }],
        [owner, `/o/${org}/assessments/x/answers`, { questionId: "x" }],
        [owner, "/language", { locale: "fr" }],
      ];
      for (const [c, path, fields] of targets) {
        const form = { csrf: await c.csrf(), ...fields };
        for (const headers of [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }]) {
          const r = await c.request(path, { form, headers });
          assert.equal(r.status, 403, `${path} with ${JSON.stringify(headers)}: ${r.status} ${r.text.slice(0, 200)}`);
          assert.ok(r.text.length > 0);
        }
      }
      // our own origin with the token passes (the invitation is sent)
      const ok = await owner.request(`/o/${org}/members`, { form: { csrf: await owner.csrf(), intent: "invite", email: `ok.${Date.now()}@example.org`, role: "viewer" } });
      assert.equal(ok.status, 200);
    },
  },
  {
    name: "an X-Forwarded-Host without a trusted proxy changes nothing (no 500 from a forged host)",
    run: async ({ client }) => {
      const c = client();
      const r = await c.request("/signin", { form: { csrf: await c.csrf(), email: "a@example.org", password: "wrong password" }, headers: { "x-forwarded-host": "evil.example" } });
      assert.equal(r.status, 400);
    },
  },
];
