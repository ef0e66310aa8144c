// Filling in the social balance: with JavaScript (autosave, questions that appear and
// disappear, submit), without JavaScript (a section saved by its button), and two colleagues
// editing the same answer (the second sees the conflict and chooses).
import assert from "node:assert/strict";
import { DEMO, journey, newContext, newPage, registerOrganisation, signIn } from "./helpers.js";

/** The input of a question, found by its label (which may end with "(required)"). */
function answerBox(page, label) {
  return page.getByRole("textbox", { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
}

/** Starts this year's basic balance from the organisation home; returns the overview URL. */
async function startBasic(page, organisationId) {
  await page.goto(`/o/${organisationId}`);
  await page.getByLabel("Questionnaire").selectOption({ index: 0 });
  await Promise.all([page.waitForURL(/\/assessments\/[^/]+$/), page.getByRole("button", { name: "Start" }).click()]);
  return new URL(page.url()).pathname;
}

/** Answers every visible, empty question of the section with a small valid value. */
async function fillVisibleQuestions(page) {
  for (let round = 0; round < 4; round++) {
    let filled = 0;
    const questions = page.locator(".question:not([hidden])");
    const count = await questions.count();
    for (let i = 0; i < count; i++) {
      const q = questions.nth(i);
      const radios = q.locator('input[type="radio"]');
      const boxes = q.locator('input[type="checkbox"]');
      const date = q.locator('input[type="date"]');
      const text = q.locator('input[type="text"][name^="q."], textarea[name^="q."]');
      if ((await radios.count()) > 0) {
        if ((await q.locator('input[type="radio"]:checked').count()) === 0) {
          await radios.first().check();
          filled++;
        }
      } else if ((await boxes.count()) > 0) {
        if ((await q.locator('input[type="checkbox"]:checked').count()) === 0) {
          await boxes.first().check();
          filled++;
        }
      } else if ((await date.count()) > 0) {
        if ((await date.inputValue()) === "") {
          await date.fill("2020-05-01");
          filled++;
        }
      } else if ((await text.count()) > 0) {
        if ((await text.inputValue()) === "") {
          await text.fill("1");
          filled++;
        }
      }
    }
    if (filled === 0) return;
    await page.waitForTimeout(300); // questions that now apply appear
  }
}

async function waitUntilAllSaved(page) {
  await page.waitForFunction(
    () => document.querySelectorAll(".save-saving").length === 0 && document.querySelectorAll(".save-status").length > 0,
    null,
    { timeout: 15_000 },
  );
  await page.waitForTimeout(1200); // the debounce of the last change
  await page.waitForFunction(() => document.querySelectorAll(".save-saving").length === 0, null, { timeout: 15_000 });
  const failed = await page.locator(".save-failed, .save-invalid, .conflict").count();
  assert.equal(failed, 0, "every answer should save");
}

journey("an editor fills in the basic balance with JavaScript, answers autosave, and submits", async ({ browser }) => {
  const page = await newPage(browser);
  const { organisationId } = await registerOrganisation(page, { headcount: "1" });
  const overview = await startBasic(page, organisationId);
  const sections = await page.locator("main ol li a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.ok(sections.length >= 5, "the basic balance has its sections");
  for (const href of sections) {
    await page.goto(href);
    await fillVisibleQuestions(page);
    await waitUntilAllSaved(page);
    // Saved for real: a reload shows the answers from the database.
    await page.reload();
    const empty = await page.locator('.question:not([hidden]) input[type="text"][name^="q."]').evaluateAll((inputs) => inputs.filter((i) => i.value === "").length);
    assert.equal(empty, 0, `no empty answer left after autosave on ${href}`);
  }
  await page.goto(overview);
  // Check your answers first: every section with its answers and a link to change each one.
  await Promise.all([page.waitForURL(/\/check-answers$/), page.getByRole("link", { name: "Check your answers and submit" }).click()]);
  await page.getByRole("heading", { name: "Check your answers before submitting" }).waitFor();
  assert.ok((await page.getByRole("link", { name: /^Change the answer to/ }).count()) > 10, "a change link per answer");
  await page.getByText("Every required answer is there: you can submit.").waitFor();
  await Promise.all([page.waitForURL(/submitted=1/), page.getByRole("button", { name: "Submit the social balance" }).click()]);
  await page.getByRole("heading", { name: "What happens next" }).waitFor();
  await page.getByText("submitted", { exact: true }).first().waitFor();
  await page.getByRole("link", { name: "Read your report" }).waitFor();
  // Read-only now.
  await page.goto(sections[1]);
  await page.getByText("This social balance is read-only.").waitFor();
});

journey("without JavaScript a section is saved with its button, and a wrong value keeps the others", async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  const { organisationId } = await registerOrganisation(page, { headcount: "3" });
  const overview = await startBasic(page, organisationId);
  await Promise.all([page.waitForURL(/\/general$/), page.getByRole("link", { name: "General data" }).first().click()]);
  const workers = answerBox(page, "Paid workers at the end of the year");
  await workers.fill("3");
  const volunteers = answerBox(page, "Regular volunteers");
  await volunteers.fill("-4");
  await page.getByRole("button", { name: "Save this section" }).click();
  await page.getByText("Some answers were not saved").waitFor();
  await page.getByText("The value must be at least 0.").waitFor();
  assert.equal(await answerBox(page, "Regular volunteers").inputValue(), "-4", "the wrong value is kept to correct");
  assert.equal(await answerBox(page, "Paid workers at the end of the year").inputValue(), "3", "the other value is kept");
  await answerBox(page, "Regular volunteers").fill("4");
  await page.getByRole("button", { name: "Save this section" }).click();
  await page.getByText("Section saved.").waitFor();
  await page.goto(overview);
  await page.getByRole("link", { name: "General data" }).first().click();
  assert.equal(await answerBox(page, "Paid workers at the end of the year").inputValue(), "3");
  assert.equal(await answerBox(page, "Regular volunteers").inputValue(), "4");
});

journey("two colleagues edit the same answer: the second sees the first's value and chooses", async ({ browser }) => {
  const owner = await newPage(browser);
  await signIn(owner, DEMO.hortaOwner);
  const organisationId = new URL(owner.url()).pathname.split("/")[2];
  await owner.goto(`/o/${organisationId}`);
  await Promise.all([owner.waitForURL(/\/assessments\/[^/]+$/), owner.getByRole("link", { name: "Continue" }).click()]);
  await Promise.all([owner.waitForURL(/\/general$/), owner.getByRole("link", { name: "General data" }).first().click()]);
  const sectionUrl = owner.url();

  const editor = await newPage(browser);
  await signIn(editor, "editor@hortaviva.example");
  await editor.goto(sectionUrl);

  const label = "Regular volunteers";
  await answerBox(owner, label).fill("11");
  await owner.locator("#question-volunteers .save-saved, [data-question] .save-saved").first().waitFor();
  // The editor's page still holds the old revision.
  await answerBox(editor, label).fill("12");
  const conflict = editor.locator(".conflict");
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Pau Ferrer/);
  assert.match(await conflict.innerText(), /11/);
  await editor.getByRole("button", { name: "Keep my answer" }).click();
  await editor.locator(".save-saved").first().waitFor();
  await owner.reload();
  assert.equal(await answerBox(owner, label).inputValue(), "12");
});

journey("the server stops and starts again in the middle of the work, and every saved answer is there", async ({ browser, restartServer }) => {
  const page = await newPage(browser);
  const { organisationId } = await registerOrganisation(page, { headcount: "5" });
  await startBasic(page, organisationId);
  await Promise.all([page.waitForURL(/\/general$/), page.getByRole("link", { name: "General data" }).first().click()]);
  await answerBox(page, "Paid workers at the end of the year").fill("5");
  await answerBox(page, "Regular volunteers").fill("8");
  await page.waitForFunction(() => document.querySelectorAll(".save-saved").length >= 2, null, { timeout: 15_000 });
  await restartServer();
  // The session lives in the database too: the same browser carries on.
  await page.reload();
  assert.equal(await answerBox(page, "Paid workers at the end of the year").inputValue(), "5");
  assert.equal(await answerBox(page, "Regular volunteers").inputValue(), "8");
  await answerBox(page, "Regular volunteers").fill("9");
  await page.locator(".save-saved").first().waitFor();
});
