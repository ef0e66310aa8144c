// Phones: every role's main pages at 320 px wide (WCAG 1.4.10), with no sideways scroll of the
// page; a wide table scrolls inside its own box. Each role starts on its own page.
import assert from "node:assert/strict";
import { DEMO, journey, newPage, organisationIdFrom, signIn, SECTION_LINK } from "./helpers.js";

const PHONE = { viewport: { width: 320, height: 640 } };

async function pageWidths(page, paths) {
  const wide = [];
  for (const path of paths) {
    await page.goto(path);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${path}: ${width} px`);
  }
  return wide;
}

async function linksMatching(page, pattern) {
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  return [...new Set(hrefs.filter((h) => pattern.test(h ?? "")))];
}

journey("an owner's pages fit a 320 px screen", async ({ browser }) => {
  const page = await newPage(browser, PHONE);
  await signIn(page, DEMO.teixidoresOwner);
  const id = organisationIdFrom(page);
  await page.goto(`/o/${id}`);
  const assessment = (await linksMatching(page, /\/assessments\/[^/]+$/))[0];
  const report = (await linksMatching(page, /\/reports\/[^/]+$/))[0];
  assert.ok(assessment && report, "the demo owner has a draft and a report");
  await page.goto(assessment);
  const section = (await linksMatching(page, SECTION_LINK))[0];
  const paths = [`/o/${id}`, assessment, section, `${assessment}/check-answers`, `${assessment}/guide`, report, `/o/${id}/progress`, `/o/${id}/members`, `/o/${id}/sharing`, `/o/${id}/profile`, "/account"];
  assert.deepEqual(await pageWidths(page, paths), []);
}, { timeout: 180_000 });

journey("staff start on their own page, and it fits a 320 px screen", async ({ browser }) => {
  const admin = await newPage(browser, PHONE);
  await signIn(admin, DEMO.admin);
  assert.equal(new URL(admin.url()).pathname, "/admin");
  await admin.getByRole("heading", { name: /^Participation in \d{4}$/ }).waitFor();
  const adminPaths = ["/admin", "/admin/campaigns", "/admin/questionnaires", "/admin/organisations", "/admin/users", "/admin/taxonomies", "/admin/settings", "/admin/researchers", "/admin/releases", "/admin/outbox", "/admin/audit"];
  assert.deepEqual(await pageWidths(admin, adminPaths), []);

  const reviewer = await newPage(browser, PHONE);
  await signIn(reviewer, DEMO.reviewer);
  assert.equal(new URL(reviewer.url()).pathname, "/review");
  assert.deepEqual(await pageWidths(reviewer, ["/review"]), []);
}, { timeout: 180_000 });

journey("a funder and a researcher start on their own page, and it fits a 320 px screen", async ({ browser }) => {
  const funder = await newPage(browser, PHONE);
  await signIn(funder, "funder@fundacio.example");
  assert.equal(new URL(funder.url()).pathname, "/funder");
  assert.deepEqual(await pageWidths(funder, ["/funder", "/funder/portfolio"]), []);

  const researcher = await newPage(browser, PHONE);
  await signIn(researcher, "researcher@uni.example");
  assert.equal(new URL(researcher.url()).pathname, "/research");
  assert.deepEqual(await pageWidths(researcher, ["/research", "/research/tokens"]), []);
}, { timeout: 120_000 });
