// Accessibility: axe-core's WCAG 2.1 A and AA rules find nothing on the pages that exist,
// for a visitor, an organisation owner and the network admin.
import assert from "node:assert/strict";
import { DEMO, expectNoAxeViolations, journey, newPage, organisationIdFrom, runAxe, signIn, SECTION_LINK } from "./helpers.js";

const rules = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };

async function checkPages(page, paths) {
  for (const path of paths) {
    await page.goto(path);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await expectNoAxeViolations(page, rules);
  }
}

journey("a visitor's pages pass axe", async ({ browser }) => {
  const page = await newPage(browser);
  await checkPages(page, ["/", "/signin", "/signup", "/forgot-password", "/reset-password/not-a-token", "/invitations/not-a-token"]);
}, { timeout: 180_000 });

journey("an owner's pages pass axe, the 404 page included", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, DEMO.teixidoresOwner);
  const id = organisationIdFrom(page);
  await checkPages(page, [`/o/${id}`, `/o/${id}/members`, `/o/${id}/profile`, "/account", "/organisations/new", "/o/not-an-organisation"]);
}, { timeout: 180_000 });

journey("the network admin's pages pass axe", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, DEMO.admin);
  await checkPages(page, ["/", "/admin", "/admin/outbox"]);
});

/** The demo owner's pages of the assessment: this year's draft (a section) and a past report. */
async function assessmentPages(page, organisationId) {
  await page.goto(`/o/${organisationId}`);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const report = hrefs.find((h) => /\/reports\/[^/]+$/.test(h ?? ""));
  const draft = hrefs.find((h) => /\/assessments\/[^/]+$/.test(h ?? ""));
  assert.ok(report, `no link to a report on the organisation home (links: ${hrefs.join(" ")})`);
  assert.ok(draft, "no link to this year's assessment on the organisation home");
  await page.goto(draft);
  const section = (await page.locator('a[href*="/assessments/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")))).find((h) => SECTION_LINK.test(h ?? ""));
  assert.ok(section, `no link to a section on ${draft}`);
  return { report, draft, section };
}

/** Every visible form control has an accessible name (a label, aria-label or aria-labelledby). */
async function expectEveryInputLabelled(page) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
      .filter((el) => !(el.closest("[hidden]")))
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby")))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unlabelled, [], `inputs without a label on ${page.url()}`);
}

journey("the questionnaire section and the report pass axe (no serious or critical violation), every input labelled", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, DEMO.teixidoresOwner);
  const id = organisationIdFrom(page);
  const { report, draft, section } = await assessmentPages(page, id);
  for (const path of [draft, section, report]) {
    await page.goto(path);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const violations = (await runAxe(page, rules)).filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(
      violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`),
      [],
      `serious or critical accessibility violations on ${path}`,
    );
    await expectEveryInputLabelled(page);
  }
}, { timeout: 180_000 });

journey("the researcher's releases page passes axe", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, "researcher@uni.example");
  const status = (await page.goto("/research"))?.status();
  assert.ok(status === 200, `/research answered ${status}`);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  const violations = (await runAxe(page, rules)).filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(violations.map((v) => `${v.id}: ${v.help}`), [], "serious or critical accessibility violations on /research");
  await expectEveryInputLabelled(page);
});
