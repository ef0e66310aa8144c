// Every role's main pages from its own home, at 1366 and 390 px: no serious or critical axe
// violation (WCAG 2.1 A and AA), and a screenshot of each kept in tests/e2e/artifacts/screens/
// (CI keeps that folder as the run's artefacts).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO, journey, newPage, runAxe, signIn, SECTION_LINK } from "./helpers.js";

const screens = path.join(path.dirname(fileURLToPath(import.meta.url)), "artifacts", "screens");
const rules = { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } };
const WIDTHS = [1366, 390];

async function linksMatching(page, pattern) {
  const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  return [...new Set(hrefs.filter((h) => pattern.test(h ?? "")))];
}

/** Visits each page at each width: axe, then a full-page screenshot named after the role and page. */
async function checkAndKeep(browser, email, role, pagesOf) {
  fs.mkdirSync(screens, { recursive: true });
  const problems = [];
  for (const width of WIDTHS) {
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    await signIn(page, email);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    const pages = await pagesOf(page);
    for (const [name, target] of pages) {
      await page.goto(target);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      const serious = (await runAxe(page, rules)).filter((v) => v.impact === "serious" || v.impact === "critical");
      for (const v of serious) problems.push(`${name} at ${width} px: ${v.id} (${v.impact}) ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", ")}`);
      await page.screenshot({ path: path.join(screens, `${role}-${name}-${width}.png`), fullPage: true });
    }
    await page.context().close();
  }
  assert.deepEqual(problems, [], `serious or critical accessibility violations for the ${role}`);
}

journey("an owner's pages from the dashboard: axe and screenshots at 1366 and 390 px", async ({ browser }) => {
  await checkAndKeep(browser, DEMO.teixidoresOwner, "owner", async (page) => {
    const home = new URL(page.url()).pathname;
    const assessment = (await linksMatching(page, /\/assessments\/[^/]+$/))[0];
    const report = (await linksMatching(page, /\/reports\/[^/]+$/))[0];
    await page.goto(assessment);
    const section = (await linksMatching(page, SECTION_LINK))[0];
    return [
      ["home", home],
      ["overview", assessment],
      ["section", section],
      ["check-answers", `${assessment}/check-answers`],
      ["guide", `${assessment}/guide`],
      ["report", report],
      ["progress", `${home}/progress`],
      ["sharing", `${home}/sharing`],
      ["members", `${home}/members`],
    ];
  });
}, { timeout: 240_000 });

journey("staff pages from their homes: axe and screenshots at 1366 and 390 px", async ({ browser }) => {
  await checkAndKeep(browser, DEMO.admin, "admin", async () =>
    ["", "/campaigns", "/questionnaires", "/organisations", "/users", "/taxonomies", "/settings", "/researchers", "/releases", "/outbox", "/audit"].map((p) => [`admin${p.replace("/", "-")}`, `/admin${p}`]),
  );
  await checkAndKeep(browser, DEMO.reviewer, "reviewer", async (page) => {
    const first = (await linksMatching(page, /^\/review\/[^/?]+$/))[0];
    return [["queue", "/review"], ...(first ? [["submission", first]] : [])];
  });
}, { timeout: 300_000 });

journey("a funder's and a researcher's pages: axe and screenshots at 1366 and 390 px", async ({ browser }) => {
  await checkAndKeep(browser, "funder@fundacio.example", "funder", async () => [
    ["home", "/funder"],
    ["portfolio", "/funder/portfolio"],
  ]);
  await checkAndKeep(browser, "researcher@uni.example", "researcher", async () => [
    ["releases", "/research"],
    ["tokens", "/research/tokens"],
  ]);
}, { timeout: 180_000 });
