// Reports: the owner reads a report (charts in the server HTML), writes a commitment, shares
// with the demo funder, the funder reads it; the owner revokes and the funder gets 404.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO, DEMO_ORGANISATION, journey, newPage, organisationIdFrom, signIn, visit } from "./helpers.js";

const FUNDER = "funder@fundacio.example";
const FUNDER_NAME = "Fundació Solidària";

journey("the owner reads a report, commits, shares with a funder, and revokes the share", async ({ browser }) => {
  const owner = await newPage(browser);
  await signIn(owner, DEMO.teixidoresOwner);
  const organisationId = organisationIdFrom(owner);

  // The report of a submitted balance, with its radar in the HTML the server sends.
  await owner.goto(`/o/${organisationId}`);
  await Promise.all([owner.waitForURL(/\/reports\//), owner.getByRole("link", { name: "Report", exact: true }).first().click()]);
  const reportPath = new URL(owner.url()).pathname;
  await owner.getByRole("heading", { level: 1, name: /Social balance report \d{4}/ }).waitFor();
  const html = await (await owner.request.get(reportPath)).text();
  assert.match(html, /<svg class="chart radar-chart radar-names" role="img" aria-label="Radar of the axis scores/);
  await owner.getByRole("img", { name: /Radar of the axis scores/ }).waitFor();

  // A commitment for next year.
  await owner.getByLabel("Indicator", { exact: true }).selectOption({ index: 0 });
  await owner.getByLabel("Reach").selectOption("at_least");
  await owner.getByLabel("Target").fill("50");
  await owner.getByLabel("How you will get there (optional)").fill("Ask our electricity cooperative.");
  await owner.getByRole("button", { name: "Save the commitment" }).click();
  await owner.getByText("The commitment is saved.").waitFor();
  await owner.locator("ul.commitments li", { hasText: "Ask our electricity cooperative." }).first().waitFor();

  // The same report as a PDF, with the commitment in it.
  const [download] = await Promise.all([owner.waitForEvent("download"), owner.getByRole("link", { name: "Download the report (PDF)" }).click()]);
  assert.match(download.suggestedFilename(), /^bilan-\d{4}-[a-z0-9-]+\.pdf$/);
  const pdfText = execFileSync("pdftotext", [await download.path(), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  assert.match(pdfText, /Social balance report \d{4}/);
  assert.match(pdfText, /Ask our electricity cooperative\./);
  // The report's body (server-rendered HTML, fetched again after the save) is still all there.
  await owner.getByRole("img", { name: /Radar of the axis scores/ }).waitFor();
  assert.equal(await owner.locator("#report-body svg.chart").count() > 1, true);

  // Share with the demo funder (the demo already shares: start from no share).
  await owner.getByRole("link", { name: "Sharing" }).click();
  await owner.getByRole("heading", { level: 1, name: "Sharing" }).waitFor();
  const existing = owner.getByRole("button", { name: `Revoke the share with ${FUNDER_NAME}` });
  if (await existing.count()) {
    await existing.click();
    await owner.getByText("The share is revoked").waitFor();
  }
  await owner.getByLabel("Funder", { exact: true }).selectOption({ label: FUNDER_NAME });
  await owner.getByLabel("All years, including future ones").check();
  await owner.getByRole("button", { name: "Share", exact: true }).click();
  await owner.getByText("The reports are shared.").waitFor();

  // The funder sees the organisation, its report and its portfolio.
  const funder = await newPage(browser);
  await signIn(funder, FUNDER);
  await funder.goto("/funder");
  await funder.getByRole("link", { name: DEMO_ORGANISATION }).click();
  await funder.getByRole("heading", { level: 1, name: `Reports of ${DEMO_ORGANISATION}` }).waitFor();
  await Promise.all([funder.waitForURL(/\/funder\/organisations\/[^/]+\/[^/]+$/), funder.getByRole("link", { name: /^Report \d{4}$/ }).first().click()]);
  const funderReport = new URL(funder.url()).pathname;
  await funder.getByRole("heading", { level: 1, name: /Social balance report \d{4}/ }).waitFor();
  assert.equal(await funder.getByRole("button", { name: "Save the commitment" }).count(), 0);
  await funder.getByRole("link", { name: "Portfolio" }).first().click();
  await funder.getByRole("heading", { level: 1 }).waitFor();

  // The organisation sees who looked.
  await owner.reload();
  await owner.getByRole("heading", { name: "Who looked" }).waitFor();
  assert.ok((await owner.getByRole("cell", { name: new RegExp(FUNDER_NAME) }).count()) > 0);

  // Revoked: the funder's next request answers 404.
  await owner.getByRole("button", { name: `Revoke the share with ${FUNDER_NAME}` }).click();
  await owner.getByText("The share is revoked").waitFor();
  assert.equal(await visit(funder, funderReport), 404);
  await funder.goto("/funder");
  assert.equal(await funder.getByRole("link", { name: DEMO_ORGANISATION }).count(), 0);
});

// The report on a phone and on paper: chart text at least 11 px as rendered at 320 px wide (its
// font size times the scale its SVG is drawn at), no sideways scroll, swatches drawn as SVG, and
// the basic report printed by Chromium on A4 in about eight pages, the first one full.
journey("the report reads on a 320 px phone and prints in about eight A4 pages", async ({ browser }) => {
  const page = await newPage(browser, { viewport: { width: 320, height: 640 } });
  await signIn(page, DEMO.teixidoresOwner);
  const organisationId = organisationIdFrom(page);
  await page.goto(`/o/${organisationId}`);
  const href = await page.locator('main a[href*="/reports/"]').first().getAttribute("href");
  await page.goto(href);
  await page.getByRole("heading", { level: 1, name: /Social balance report \d{4}/ }).waitFor();
  // the indicators over the years open on demand: open them to measure their text too
  await page.locator("details.indicators-over-years > summary").click();
  const measured = await page.evaluate(() =>
    [...document.querySelectorAll("#report-body svg text")]
      .filter((t) => t.getBoundingClientRect().height > 0)
      .map((t) => {
        const svg = t.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || svg.width.baseVal.value);
        return { text: t.textContent, px: Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 10) / 10 };
      }),
  );
  assert.ok(measured.length > 20, `chart text measured: ${measured.length}`);
  const smallest = Math.min(...measured.map((m) => m.px));
  console.log(`    chart text at 320 px: ${measured.length} texts, smallest ${smallest} px`);
  assert.deepEqual(measured.filter((m) => m.px < 11), []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
  // y labels whole: no tick text wider than the room left of its axis
  const clipped = await page.evaluate(() => [...document.querySelectorAll("#report-body .recharts-yAxis text")].filter((t) => t.getBoundingClientRect().left < t.ownerSVGElement.getBoundingClientRect().left - 0.5).map((t) => t.textContent));
  assert.deepEqual(clipped, []);
  assert.equal(await page.locator("#report-body .legend .swatch").first().evaluate((s) => s.tagName.toLowerCase()), "svg");

  // Printed by Chromium as it prints for a reader (A4, no background graphics).
  const desk = await newPage(browser);
  await signIn(desk, DEMO.teixidoresOwner);
  await desk.goto(href);
  await desk.getByRole("heading", { level: 1, name: /Social balance report \d{4}/ }).waitFor();
  await desk.emulateMedia({ media: "print" });
  const file = path.join(os.tmpdir(), `bilan-report-${process.pid}.pdf`);
  await desk.pdf({ path: file, format: "A4", printBackground: false, preferCSSPageSize: true });
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))[1]);
  // how far down the first page something is printed: its last row that is not white, from a
  // grey image of it (pdftoppm, 20 dpi, a binary PGM)
  const pgm = execFileSync("pdftoppm", ["-f", "1", "-l", "1", "-r", "20", "-gray", file]);
  const [, w, h] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString("latin1", 0, 40)).map(Number);
  const pixels = pgm.subarray(pgm.length - w * h);
  let lastInked = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (pixels[y * w + x] < 200) lastInked = y;
  const filled = Math.round((lastInked / h) * 100);
  console.log(`    printed: ${pages} A4 pages, the first one printed down to ${filled} % of its height`);
  if (process.env.KEEP_REPORT_PDF) fs.copyFileSync(file, process.env.KEEP_REPORT_PDF);
  fs.rmSync(file, { force: true });
  assert.ok(pages <= 9, `the basic report prints in ${pages} pages`);
  assert.ok(filled >= 80, `the first page is printed down to ${filled} % of its height`);
}, { timeout: 120_000 });
