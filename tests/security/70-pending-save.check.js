// Planted answers (issue 12, item 4), checked against a running server from outside.
//
//   import { check } from "./70-pending-save.check.js";
//   await check({ baseUrl: "http://localhost:3000" });   // throws on failure
//
// Assumes the demo network (DEMO_DATA on an empty database): the account
// owner@energiacomuna.example with the password bilan-demo-2026 and its draft of this year's
// basic balance. It signs in once as that member to learn the organisation and assessment ids,
// then, as an anonymous client:
//   - posts an answer to the autosave endpoint (POST /o/:org/assessments/:id/answers) and the
//     section form (POST /o/:org/assessments/:id/general), for the real ids and for made-up ones,
//     with and without a made-up session cookie;
//   - expects the same status and the same body or redirect for real and made-up ids (ids masked);
// and finally opens the section as the member, in a browser carrying the attacker's made-up
// browser cookie, and expects none of the planted values to be offered back.
// Standalone: Node 20's fetch only, no dependency, no database access.

const MEMBER = "owner@energiacomuna.example";
const PASSWORD = "bilan-demo-2026";
const SECTION = "general";
const QUESTION = "members_total";
const PLANTED = "987654";

class Client {
  constructor(baseUrl) {
    this.baseUrl = baseUrl.replace(/\/$/, "");
    this.cookies = new Map();
  }
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  set(name, value) {
    this.cookies.set(name, value);
  }
  /** The cookie whose name is `base`, with or without the __Host- prefix. */
  get(base) {
    return this.cookies.get(base) ?? this.cookies.get(`__Host-${base}`);
  }
  nameOf(base) {
    return this.cookies.has(`__Host-${base}`) ? `__Host-${base}` : base;
  }
  async request(path, { method = "GET", form } = {}) {
    const headers = { cookie: this.cookieHeader() };
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers.origin = this.baseUrl;
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, location: response.headers.get("location"), text: await response.text() };
  }
  /** The CSRF token of a page's forms. */
  async csrf(path = "/signin") {
    const page = await this.request(path);
    const match = /name="csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error(`pending-save check: no CSRF token on ${path} (status ${page.status})`);
    return match[1];
  }
}

function fail(message) {
  throw new Error(`pending-save check: ${message}`);
}

async function memberIds(baseUrl) {
  const member = new Client(baseUrl);
  const csrf = await member.csrf();
  const signedIn = await member.request("/signin", { method: "POST", form: { csrf, email: MEMBER, password: PASSWORD, redirectTo: "/" } });
  if (signedIn.status !== 302) fail(`could not sign in as ${MEMBER} (status ${signedIn.status}): is this the demo network?`);
  const home = await member.request("/");
  const org = /href="\/o\/([^/"]+)"/.exec(home.text)?.[1] ?? /\/o\/([^/"]+)/.exec(home.location ?? "")?.[1];
  if (!org) fail(`no organisation found for ${MEMBER}`);
  const orgPage = await member.request(`/o/${org}`);
  const assessment = new RegExp(`/o/${org}/assessments/([^/"?]+)"`).exec(orgPage.text)?.[1];
  if (!assessment) fail(`no assessment found for ${MEMBER}`);
  return { member, org, assessment };
}

export async function check({ baseUrl }) {
  const { member, org, assessment } = await memberIds(baseUrl);
  const fakeOrg = "00000000-0000-4000-8000-000000000000";
  const fakeAssessment = "00000000-0000-4000-8000-000000000001";
  const mask = (text, o, a) => String(text ?? "").replaceAll(o, "ORG").replaceAll(a, "ASSESSMENT");
  const browserKey = "attacker".padEnd(43, "x");

  for (const withSession of [false, true]) {
    const attacker = new Client(baseUrl);
    const csrf = await attacker.csrf();
    attacker.set(attacker.nameOf("bilan_csrf").replace("bilan_csrf", "bilan_browser"), browserKey);
    if (withSession) attacker.set(attacker.nameOf("bilan_csrf").replace("bilan_csrf", "bilan_session"), "made-up".padEnd(43, "y"));
    const replies = {};
    for (const [o, a, kind] of [
      [org, assessment, "real"],
      [fakeOrg, fakeAssessment, "fake"],
    ]) {
      const autosave = await attacker.request(`/o/${o}/assessments/${a}/answers`, {
        method: "POST",
        form: { csrf, intent: "save-answer", sectionId: SECTION, questionId: QUESTION, [`q.${QUESTION}`]: PLANTED, [`rev.${QUESTION}`]: "" },
      });
      const section = await attacker.request(`/o/${o}/assessments/${a}/${SECTION}`, {
        method: "POST",
        form: { csrf, intent: "save-section", [`q.${QUESTION}`]: PLANTED, [`orig.${QUESTION}`]: JSON.stringify(""), [`rev.${QUESTION}`]: "" },
      });
      replies[kind] = {
        autosave: { status: autosave.status, body: mask(autosave.text, o, a) },
        section: { status: section.status, location: mask(section.location, o, a) },
      };
    }
    const label = withSession ? "with a made-up session cookie" : "without a session";
    if (replies.real.autosave.status !== 401) fail(`an anonymous autosave ${label} answered ${replies.real.autosave.status}, expected 401`);
    if (JSON.stringify(replies.real) !== JSON.stringify(replies.fake)) {
      fail(`anonymous replies ${label} differ between existing and made-up ids:\n  real ${JSON.stringify(replies.real)}\n  fake ${JSON.stringify(replies.fake)}`);
    }
    if (/resume=/.test(replies.real.autosave.body + replies.real.section.location)) fail(`an anonymous reply ${label} names a kept save: ${JSON.stringify(replies.real)}`);
  }

  // The member opens the section, even in a browser carrying the attacker's browser cookie.
  member.set(member.nameOf("bilan_csrf").replace("bilan_csrf", "bilan_browser"), browserKey);
  const page = await member.request(`/o/${org}/assessments/${assessment}/${SECTION}`);
  if (page.status !== 200) fail(`the member's section page answered ${page.status}`);
  if (page.text.includes(PLANTED)) fail("the member's section page offers the planted value back");
}

export default [
  {
    name: "an anonymous autosave or section post plants nothing and tells nothing about the ids",
    timeout: 60_000,
    run: async ({ baseURL }) => check({ baseUrl: baseURL }),
  },
];
