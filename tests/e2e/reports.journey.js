// Reports: the owner reads a report (charts in the server HTML), writes a commitment, shares
// with the demo funder, the funder reads it; the owner revokes and the funder gets 404.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
  assert.match(html, /<svg class="chart radar-chart" role="img" aria-label="Radar of the axis scores/);
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
