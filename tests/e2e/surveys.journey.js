// Stakeholder surveys: an owner opens the worker survey of the complete balance; respondents
// answer on a 360-px phone without an account and without JavaScript; the results stay hidden
// below the minimum of five responses and while the survey takes answers, and appear once it is
// closed past the minimum.
import assert from "node:assert/strict";
import { expectNoAxeViolations, journey, newContext, newPage, registerOrganisation } from "./helpers.js";

const WORKER_QUESTIONS = [
  "The temperature where I work is comfortable in every season.",
  "The light where I work is good enough for my tasks.",
  "The noise where I work lets me concentrate.",
  "My workload is manageable within my working hours.",
  "I can take part in the decisions that affect my work.",
  "I get the training I need to do my job and grow.",
  "My work leaves me enough time for my personal and family life.",
  "I am treated with respect, whatever my gender, origin or age.",
  "Overall, I am satisfied with my work in this organisation.",
];

async function respondOnPhone(browser, link, answer) {
  const context = await newContext(browser, { viewport: { width: 360, height: 740 }, javaScriptEnabled: false, isMobile: true });
  const phone = await context.newPage();
  await phone.goto(link);
  await phone.getByRole("heading", { level: 1, name: "Worker survey" }).waitFor();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the survey page is ${width} px wide on a 360-px screen`);
  for (const question of WORKER_QUESTIONS) await phone.getByRole("group", { name: question }).getByLabel(answer, { exact: true }).check();
  await phone.getByLabel("Anything else you would like to say about your working conditions? (optional)").fill("More shade in summer.");
  await phone.getByRole("button", { name: "Send my answers" }).click();
  await phone.getByText("Thank you: your answers were received.").waitFor();
  await context.close();
}

journey("an owner opens the worker survey; respondents answer on a phone without an account; results only past the minimum", async ({ browser }) => {
  const owner = await newPage(browser);
  const { organisationId } = await registerOrganisation(owner);
  await owner.goto(`/o/${organisationId}`);
  await owner.getByLabel("Questionnaire").selectOption({ label: "Social balance: complete (2026.1)" });
  await Promise.all([owner.waitForURL(/\/assessments\/[^/]+$/), owner.getByRole("button", { name: "Start" }).click()]);
  await Promise.all([owner.waitForURL(/\/surveys$/), owner.getByRole("link", { name: "Stakeholder surveys" }).click()]);
  await owner.getByRole("heading", { level: 1, name: "Stakeholder surveys" }).waitFor();
  const workers = owner.getByRole("region", { name: /Worker survey/ });
  await workers.getByRole("button", { name: "Open this survey" }).click();
  await owner.getByText("Survey opened: share its link or its QR code.").waitFor();
  const link = await owner.getByRole("region", { name: /Worker survey/ }).getByLabel("Link for respondents").inputValue();
  assert.match(link, /\/s\/[A-Za-z0-9_-]{20,}$/);
  const qr = await owner.request.get(new URL(`${owner.url()}/workers/qr.png`).pathname);
  assert.equal(qr.headers()["content-type"], "image/png");

  // the respondent's page and the organisation's surveys page pass axe
  const checker = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await checker.goto(link);
  await expectNoAxeViolations(checker);
  await expectNoAxeViolations(owner);

  await respondOnPhone(browser, link, "Agree");
  await owner.reload();
  const region = owner.getByRole("region", { name: /Worker survey/ });
  await region.getByText("Responses: 1 (results need 5).").waitFor();
  await region.getByText("Results appear once 5 people have answered.").waitFor();
  assert.equal(await region.getByRole("columnheader", { name: "Mean" }).count(), 0, "results shown below the minimum");
  assert.equal(await owner.getByText("More shade in summer.").count(), 0, "free text shown below the minimum");

  for (const answer of ["Agree", "Strongly agree", "Agree", "Neither agree nor disagree"]) await respondOnPhone(browser, link, answer);
  await owner.reload();
  // enough answers, but the survey still takes more: hidden until it is closed
  await owner.getByRole("region", { name: /Worker survey/ }).getByText(/Results appear once the survey is closed/).waitFor();
  assert.equal(await owner.getByRole("columnheader", { name: "Mean" }).count(), 0, "results shown while the survey takes answers");
  await owner.getByRole("region", { name: /Worker survey/ }).getByRole("button", { name: "Close the survey" }).click();
  await owner.getByText("Survey updated.").waitFor();
  const after = owner.getByRole("region", { name: /Worker survey/ });
  await after.getByRole("columnheader", { name: "Mean" }).waitFor();
  const row = after.getByRole("row", { name: /Overall, I am satisfied/ });
  await row.getByRole("cell", { name: "4", exact: true }).first().waitFor();
  assert.equal(await after.getByText("Results appear once 5 people have answered.").count(), 0);
  assert.equal(await after.getByText("More shade in summer.").count(), 5);
});
