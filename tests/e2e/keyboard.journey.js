// The questionnaire with the keyboard alone: from the top of a section page, Tab reaches an
// answer box, typing fills it, and the autosave says "Saved"; the value is there after a reload.
import assert from "node:assert/strict";
import { DEMO, journey, newPage, organisationIdFrom, signIn, SECTION_LINK } from "./helpers.js";

journey("the questionnaire can be filled in with the keyboard alone", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, DEMO.hortaOwner);
  const id = organisationIdFrom(page);
  await page.goto(`/o/${id}`);
  const draft = await page.locator("a[href]").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href")).find((h) => /\/assessments\/[^/]+$/.test(h ?? "")),
  );
  assert.ok(draft, "no link to this year's assessment on the organisation home");
  await page.goto(draft);
  const section = (await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).find((h) => SECTION_LINK.test(h ?? ""));
  assert.ok(section, "no link to a section");
  await page.goto(section);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForLoadState("networkidle");

  // Tab from the top of the page until the focus is on a number or text answer (bounded).
  let focused = null;
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el && el.matches('input[type="text"][name^="q."], input[inputmode][name^="q."], input[type="number"][name^="q."]') ? el.getAttribute("name") : null;
    });
    if (focused) break;
  }
  assert.ok(focused, "Tab never reached an answer box in 80 presses");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("42");
  await page.keyboard.press("Tab"); // leaving the field saves at once
  const box = page.locator(`[name="${focused}"]`);
  const status = page.locator(".question", { has: box }).locator(".save-status");
  await status.filter({ hasText: "Saved" }).waitFor({ timeout: 15_000 });
  await page.reload();
  assert.equal(await page.locator(`[name="${focused}"]`).inputValue(), "42", `${focused} is not 42 after a reload`);
});
