// Shared helpers of the browser journeys: a browser, contexts, signing in, the outbox, axe.
// The runner (run.js) starts the server and sets E2E_BASE_URL; journeys register with
// `journey(name, fn)` and get `{ browser, baseURL }`.
import fs from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The demo network created on first start (app/models/demo.server.ts). */
export const DEMO_PASSWORD = "bilan-demo-2026";
export const DEMO = {
  admin: "admin@bilan.example",
  reviewer: "reviewer@bilan.example",
  teixidoresOwner: "owner@teixidores.example",
  hortaOwner: "owner@hortaviva.example",
};
export const DEMO_ORGANISATION = "Cooperativa Les Teixidores";
/** A link to a section of an assessment (not its guide, check page, comments or surveys). */
export const SECTION_LINK = /\/assessments\/[^/]+\/(?!guide$|check-answers$|comments$|surveys$)[a-z][a-z0-9_]*$/;

// ---------------------------------------------------------------- registry

const registered = [];

/** Declares a journey; the runner runs them in file order, one at a time. */
export function journey(name, run, { timeout = 90_000 } = {}) {
  registered.push({ name, run, timeout });
}

export function registeredJourneys() {
  return registered;
}

// ---------------------------------------------------------------- browser

export function baseURL() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run the journeys with `npm run test:e2e`.");
  return url;
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh browser profile (no cookies), speaking English unless told otherwise. */
export async function newContext(browser, { locale = "en-GB", ...options } = {}) {
  const context = await browser.newContext({ baseURL: baseURL(), locale, ...options });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** A new context with one page in it. */
export async function newPage(browser, options) {
  const context = await newContext(browser, options);
  return context.newPage();
}

// ---------------------------------------------------------------- people

let counter = 0;
/** An address nobody used yet in this run. */
export function uniqueEmail(prefix = "person") {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@e2e.example`;
}

export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/signin"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

export async function signOut(page) {
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.getByRole("button", { name: "Sign out" }).click(),
  ]);
  await page.getByRole("link", { name: "Sign in" }).first().waitFor();
}

/**
 * Registers a person with a new organisation through /signup; returns its id (from the
 * address the app lands on, /o/:orgId) and the details used.
 */
export async function registerOrganisation(page, overrides = {}) {
  const person = {
    name: "Aina Serra",
    email: uniqueEmail("owner"),
    password: "a long walk by the river",
    organisationName: `Cooperativa Prova ${Date.now().toString(36)}`,
    headcount: "12",
    ...overrides,
  };
  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByLabel("Organisation name").fill(person.organisationName);
  for (const label of ["Legal form", "Sector", "Region"]) {
    await page.getByLabel(label).selectOption({ index: 1 });
  }
  await page.getByLabel("Headcount").fill(person.headcount);
  await Promise.all([
    page.waitForURL(/\/o\/[^/]+$/),
    page.getByRole("button", { name: "Create my account" }).click(),
  ]);
  const organisationId = new URL(page.url()).pathname.split("/")[2];
  return { ...person, organisationId };
}

// ---------------------------------------------------------------- outbox

/**
 * The newest email to `to` in the outbox, read as the demo network admin in a context of
 * its own (so the caller's session is untouched). Retries briefly: the email is written in
 * the same request that answers, but a journey may ask at once.
 */
export async function latestEmail(browser, to, { subject, timeout = 10_000 } = {}) {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await signIn(page, DEMO.admin);
    const deadline = Date.now() + timeout;
    for (;;) {
      await page.goto("/admin/outbox");
      const emails = await page.locator("article.email").evaluateAll((articles) =>
        articles.map((a) => ({
          to: a.querySelector(".email-to")?.textContent?.trim() ?? "",
          subject: a.querySelector("h2")?.textContent?.trim() ?? "",
          body: a.querySelector("pre.email-body")?.textContent ?? "",
        })),
      );
      const found = emails.find((e) => e.to === to && (subject === undefined || subject.test?.(e.subject) || e.subject === subject));
      if (found) {
        const link = found.body.match(/https?:\/\/\S+/)?.[0] ?? null;
        return { ...found, link };
      }
      if (Date.now() > deadline) throw new Error(`No email to ${to} in the outbox (${emails.length} emails there).`);
      await page.waitForTimeout(250);
    }
  } finally {
    await context.close();
  }
}

/** The link of the newest email to `to`, checked to point at this server. */
export async function linkFromEmail(browser, to, options) {
  const email = await latestEmail(browser, to, options);
  assert.ok(email.link, `the email to ${to} has no link:\n${email.body}`);
  assert.ok(email.link.startsWith(baseURL()), `the link ${email.link} does not start with PUBLIC_URL ${baseURL()}`);
  return email.link;
}

// ---------------------------------------------------------------- pages

/** The id of the organisation a member of exactly one organisation lands on after signing in. */
export function organisationIdFrom(page) {
  const match = new URL(page.url()).pathname.match(/^\/o\/([^/]+)/);
  assert.ok(match, `expected an organisation page, got ${page.url()}`);
  return match[1];
}

/** Opens a URL and returns the HTTP status of the document. */
export async function visit(page, path) {
  const response = await page.goto(path);
  return response?.status();
}

/** The names of the session-like cookies the browser holds for the app. */
export async function cookieNames(context) {
  return (await context.cookies(baseURL())).map((c) => c.name).sort();
}

// ---------------------------------------------------------------- accessibility

const require = createRequire(import.meta.url);
const axe = require("axe-core");

/**
 * Runs axe-core on the page and returns its violations (an empty array when clean).
 * `options` goes to axe.run (e.g. { runOnly: ["wcag2a", "wcag2aa"] }).
 */
export async function runAxe(page, options = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }) {
  const loaded = await page.evaluate(() => typeof window.axe !== "undefined");
  // (evaluated through the DevTools protocol: the page's content security policy allows no inline script tag)
  if (!loaded) await page.evaluate(axe.source);
  const result = await page.evaluate((opts) => window.axe.run(document, opts), options);
  return result.violations;
}

/** Fails with a readable list when axe finds violations. */
export async function expectNoAxeViolations(page, options) {
  const violations = await runAxe(page, options);
  const lines = violations.map(
    (v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  assert.equal(violations.length, 0, `accessibility violations on ${page.url()}:\n${lines.join("\n")}`);
}
