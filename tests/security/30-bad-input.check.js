// Item: bad input that used to answer 500. Each is a 400 or 404 with a message.
import assert from "node:assert/strict";

function assertRefused(r, what, statuses = [400, 404]) {
  assert.ok(statuses.includes(r.status), `${what}: ${r.status} ${r.text.slice(0, 200)}`);
  assert.ok(r.text.trim().length > 0, `${what}: a message`);
}

export default [
  {
    name: "a NUL byte in a path parameter (/o/%00, /public/%00, …): a 400 with a message",
    run: async ({ client, DEMO, signedIn }) => {
      const anonymous = client();
      const owner = await signedIn(DEMO.owner);
      for (const path of ["/o/%00", "/public/%00", "/invitations/%00", "/reset-password/%00", "/o/%00/members", "/review/%00"]) {
        assertRefused(await anonymous.request(path), `anonymous ${path}`);
        assertRefused(await owner.request(path), `owner ${path}`);
      }
    },
  },
  {
    name: "a NUL byte in a search parameter, and a q longer than the column allows: a 400 naming it",
    run: async ({ DEMO, signedIn }) => {
      const admin = await signedIn(DEMO.admin);
      for (const path of ["/admin/users?q=a%00b", "/admin/organisations?q=%00", "/admin/audit?actor=%00", "/review?campaign=%00"]) {
        assertRefused(await admin.request(path), path);
      }
      for (const path of [`/admin/users?q=${"x".repeat(5000)}`, `/admin/organisations?q=${"x".repeat(300)}`]) {
        const r = await admin.request(path);
        assert.equal(r.status, 400, `${path.slice(0, 40)}…: ${r.status}`);
        assert.match(r.text, /“q”/);
      }
      assert.equal((await admin.request("/admin/users?q=owner")).status, 200);
    },
  },
  {
    name: "a NUL byte in a form field (sign-up name, sign-in email, an answer's note): a 400 naming the field",
    run: async ({ client, DEMO, signedIn, firstOrganisationId }) => {
      const c = client();
      const signup = await c.request("/signup", { form: { csrf: await c.csrf(), name: "Al\u0000ice", email: "alice@example.org", password: "long enough passphrase" } });
      assert.equal(signup.status, 400, signup.text.slice(0, 200));
      assert.match(signup.text, /“name”/);
      const signin = await c.request("/signin", { form: { csrf: await c.csrf(), email: "a\u0000@example.org", password: "x" } });
      assert.equal(signin.status, 400);
      const owner = await signedIn(DEMO.owner);
      const org = await firstOrganisationId(owner);
      const profile = await owner.request(`/o/${org}/profile`, { form: { csrf: await owner.csrf(), organisationName: "Coop\u0000" } });
      assert.equal(profile.status, 400);
      const answer = await owner.request(`/o/${org}/assessments/none/answers`, { form: { csrf: await owner.csrf(), questionId: "x", "note.x": "a\u0000b" } });
      assert.equal(answer.status, 400);
      assert.match(answer.text, /“note\.x”/);
    },
  },
];
