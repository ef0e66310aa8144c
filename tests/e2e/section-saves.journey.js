// The section page never loses or overwrites an answer: last year's answers fill only empty
// ones and the copy can be undone; autosave carries on after a form post without a conflict with
// oneself; a whole-section save writes only what the person changed and asks per answer in a
// conflict; everything typed after the session ended comes back after signing in. With and
// without JavaScript, two browser contexts where a colleague is involved.
import assert from "node:assert/strict";
import { DEMO, journey, newContext, newPage, signIn } from "./helpers.js";

const ENERGIA_OWNER = "owner@energiacomuna.example";
const HORTA_EDITOR = "editor@hortaviva.example";

/** A question's value field (text inputs), by question id. */
const field = (page, id) => page.locator(`[name="q.${id}"]`);
const question = (page, id) => page.locator(`#question-${id}`);

/** Signs in and opens a section of this year's draft (sections: general, economy, democracy, environment, community, work, digital). */
async function openSection(page, email, sectionId) {
  await signIn(page, email);
  const organisationId = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`/o/${organisationId}`);
  await Promise.all([page.waitForURL(/\/assessments\/[^/]+$/), page.getByRole("link", { name: "Continue" }).click()]);
  await page.goto(`${new URL(page.url()).pathname}/${sectionId}`);
  return page.url();
}

/** The value shown as last year's answer of a question. */
async function lastYearValue(page, id) {
  const text = await question(page, id).locator(".last-year").innerText();
  return /: (.+?)(?: Use last year's answer)?$/.exec(text)?.[1].trim();
}

/** Waits until a field shows the value (the page re-renders after a post). */
async function shows(page, id, value, message) {
  await page
    .waitForFunction(([name, v]) => document.querySelector(`[name="${name}"]`)?.value === v, [`q.${id}`, value], { timeout: 5_000 })
    .catch(async () => assert.equal(await field(page, id).inputValue(), value, message));
}

/** Types into a question and waits for its autosave's reply (of this change, not an earlier one). */
async function typeAndAutosave(page, id, value, status = 200) {
  const reply = page.waitForResponse((r) => r.url().endsWith("/answers") && (r.request().postData() ?? "").includes(`name="questionId"\r\n\r\n${id}\r\n`));
  await field(page, id).fill(value);
  const response = await reply;
  assert.equal(response.status(), status, `the autosave of ${id} answers ${status}`);
  if (status === 200) await question(page, id).locator(".save-saved").waitFor();
}

async function savedAt(page, id) {
  await question(page, id).locator(".save-saved").waitFor();
}

journey("last year's answers fill only the empty ones, can be undone, and autosave goes on without a conflict with oneself", async ({ browser }) => {
  const page = await newPage(browser);
  await openSection(page, ENERGIA_OWNER, "democracy");
  await field(page, "governing_body_size").fill("5");
  await field(page, "management_size").fill("3");
  await savedAt(page, "governing_body_size");
  await savedAt(page, "management_size");
  const share = await lastYearValue(page, "assembly_participation");
  assert.ok(share, "last year has an answer for the assembly participation");

  await page.getByRole("button", { name: "Use last year's answers for this section" }).click();
  await page.getByText(/empty answers filled in with your answers of 2025/).waitFor();
  // Focus moves to what the copy did (announced), never back to the top of the page.
  await page.waitForFunction(() => /empty answers filled in/.test(document.activeElement?.textContent ?? ""), null, { timeout: 5_000 });
  await shows(page, "governing_body_size", "5", "this year's answer stays");
  await shows(page, "management_size", "3", "this year's answer stays");
  await shows(page, "assembly_participation", share, "an empty answer is filled in");

  await page.getByRole("button", { name: "Undo the copy" }).click();
  await page.getByText("The copy is undone").waitFor();
  await page.waitForFunction(() => /The copy is undone/.test(document.activeElement?.textContent ?? ""), null, { timeout: 5_000 });
  await shows(page, "assembly_participation", "", "the copy is undone");
  await shows(page, "governing_body_size", "5");

  // Copy again, then change a copied answer: autosave edits from the copy's revision.
  await page.getByRole("button", { name: "Use last year's answers for this section" }).click();
  await page.getByText(/empty answers filled in/).waitFor();
  await typeAndAutosave(page, "assembly_participation", "42");
  assert.equal(await page.locator(".conflict").count(), 0, "no conflict with oneself");
  // The same after saving the whole section.
  await page.getByRole("button", { name: "Save this section" }).click();
  await page.getByText("Section saved.").waitFor();
  await typeAndAutosave(page, "management_size", "4");
  assert.equal(await page.locator(".conflict").count(), 0, "no conflict with oneself after saving the section");
  await page.reload();
  assert.deepEqual(
    [await field(page, "governing_body_size").inputValue(), await field(page, "management_size").inputValue(), await field(page, "assembly_participation").inputValue()],
    ["5", "4", "42"],
  );
});

journey("without JavaScript, last year's answers fill only the empty ones, one answer is replaced on request, and the copy can be undone", async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await openSection(page, ENERGIA_OWNER, "environment");
  await field(page, "renewable_electricity").fill("40");
  await page.getByRole("button", { name: "Save this section" }).click();
  await page.getByText("Section saved.").waitFor();
  const energy = await lastYearValue(page, "energy_consumption");
  // Typed, not saved yet, then the section button.
  await field(page, "ecological_purchases_share").fill("25");
  await page.getByRole("button", { name: "Use last year's answers for this section" }).click();
  await page.getByText(/empty answers filled in/).waitFor();
  await shows(page, "renewable_electricity", "40", "a saved answer stays");
  await shows(page, "ecological_purchases_share", "25", "a typed answer stays");
  assert.equal(Number((await field(page, "energy_consumption").inputValue()).replace(",", ".")), Number(energy.replace(/,/g, "")), "an empty answer is filled in");
  await page.getByRole("button", { name: "Undo the copy" }).click();
  await page.getByText("The copy is undone").waitFor();
  await page.waitForFunction(() => /The copy is undone/.test(document.activeElement?.textContent ?? ""), null, { timeout: 5_000 });
  await shows(page, "energy_consumption", "", "the copy is undone");
  await shows(page, "ecological_purchases_share", "25");
  // Replacing a non-empty answer is a choice made for that question.
  await question(page, "renewable_electricity").getByRole("button", { name: "Use last year's answer" }).click();
  // one answer replaced: "1 empty answer filled in" (the singular form)
  await page.getByText(/empty answers? filled in|No empty answer/).waitFor();
  assert.notEqual(await field(page, "renewable_electricity").inputValue(), "40");
});

journey("two colleagues save the same section: untouched answers are not written, a conflict shows both answers and waits for a choice", async ({ browser }) => {
  const owner = await newPage(browser);
  const sectionUrl = await openSection(owner, DEMO.hortaOwner, "community");
  const editorContext = await newContext(browser, { javaScriptEnabled: false });
  const editor = await editorContext.newPage();
  await signIn(editor, HORTA_EDITOR);
  await editor.goto(sectionUrl);

  // The owner (with JavaScript) answers after the editor's page was loaded.
  await typeAndAutosave(owner, "intercooperation_projects", "4");
  // The editor (without JavaScript) saves another answer: the owner's stays.
  await field(editor, "community_projects").fill("2");
  await editor.getByRole("button", { name: "Save this section" }).click();
  await editor.getByText("Section saved.").waitFor();
  await shows(editor, "intercooperation_projects", "4", "an untouched field did not overwrite the colleague");

  // Both change the same answer.
  await typeAndAutosave(owner, "community_contribution", "100");
  await field(editor, "community_contribution").fill("200");
  await editor.getByRole("button", { name: "Save this section" }).click();
  const conflict = question(editor, "community_contribution").locator(".conflict");
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Pau Ferrer/);
  assert.match(await conflict.innerText(), /100/);
  assert.match(await conflict.innerText(), /Your answer: 200/);
  // Saving again without choosing replaces nothing.
  await editor.getByRole("button", { name: "Save this section" }).click();
  await question(editor, "community_contribution").locator(".conflict").waitFor();
  await owner.reload();
  await shows(owner, "community_contribution", "100");
  // The editor chooses their answer.
  await question(editor, "community_contribution").getByLabel("Keep my answer").check();
  await editor.getByRole("button", { name: "Save this section" }).click();
  await editor.getByText("Section saved.").waitFor();
  await owner.reload();
  await shows(owner, "community_contribution", "200");

  // With JavaScript, the Save button writes only what the owner changed.
  await field(editor, "community_projects").fill("3");
  await editor.getByRole("button", { name: "Save this section" }).click();
  await editor.getByText("Section saved.").waitFor();
  await owner.getByRole("button", { name: "Save this section" }).click();
  await owner.getByText("Section saved.").waitFor();
  await shows(owner, "community_projects", "3", "the owner's Save kept the editor's newer answer");
});

journey("everything typed after the session ended comes back after signing in, with and without JavaScript", async ({ browser, restartServer }) => {
  await restartServer({ SESSION_IDLE_TIMEOUT: "10" });
  try {
    // Two browsers, one with JavaScript and one without, idle until their sessions end.
    const page = await newPage(browser);
    await openSection(page, ENERGIA_OWNER, "community");
    const context = await newContext(browser, { javaScriptEnabled: false });
    const plain = await context.newPage();
    await openSection(plain, ENERGIA_OWNER, "digital");
    await page.waitForTimeout(11_000);

    // With JavaScript: several answers typed after the expiry, each autosaved into the same kept set.
    await field(page, "community_projects").fill("6");
    await question(page, "community_projects").locator(".save-signed_out").waitFor();
    await field(page, "community_contribution").fill("300");
    await question(page, "community_contribution").locator(".save-signed_out").waitFor();
    // Without JavaScript: the section posted after the expiry.
    await question(plain, "ethical_hosting").getByRole("radio", { name: "Yes" }).check();
    await question(plain, "digital_training").getByRole("radio", { name: "No" }).check();
    await Promise.all([plain.waitForURL(/\/signin/), plain.getByRole("button", { name: "Save this section" }).click()]);

    await Promise.all([page.waitForURL(/\/signin/), question(page, "community_projects").getByRole("link", { name: "Sign in again" }).click()]);
    await page.getByLabel("Email").fill(ENERGIA_OWNER);
    await page.getByLabel("Password").fill("bilan-demo-2026");
    await Promise.all([page.waitForURL(/\/community$/), page.getByRole("button", { name: "Sign in" }).click()]);
    await shows(page, "community_projects", "6");
    await shows(page, "community_contribution", "300");
    await savedAt(page, "community_projects");
    await savedAt(page, "community_contribution");
    await page.reload();
    assert.deepEqual([await field(page, "community_projects").inputValue(), await field(page, "community_contribution").inputValue()], ["6", "300"]);

    await plain.getByLabel("Email").fill(ENERGIA_OWNER);
    await plain.getByLabel("Password").fill("bilan-demo-2026");
    await Promise.all([plain.waitForURL(/\/digital$/), plain.getByRole("button", { name: "Sign in" }).click()]);
    await plain.getByText("The answers you typed before your session ended").waitFor();
    await plain.getByRole("button", { name: "Save this section" }).click();
    await plain.getByText("Section saved.").waitFor();
    assert.equal(await question(plain, "ethical_hosting").getByRole("radio", { name: "Yes" }).isChecked(), true);
    assert.equal(await question(plain, "digital_training").getByRole("radio", { name: "No" }).isChecked(), true);
  } finally {
    await restartServer();
  }
}, { timeout: 150_000 });
