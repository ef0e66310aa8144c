// Review: a reviewer comments on a question and returns the balance; the organisation reads
// the comment, answers it, changes the answer and submits again; the reviewer validates and
// the seal shows as granted on the organisation's home page.
import assert from "node:assert/strict";
import { DEMO, journey, newContext, newPage, signIn } from "./helpers.js";

/** Demo organisations and their owners (app/models/demo.server.ts); Les Teixidores is left to other journeys. */
const OWNERS = {
  "Associació L'Horta Viva": DEMO.hortaOwner,
  "Energia Comuna SCCL": "owner@energiacomuna.example",
};
const QUESTION = "Regular volunteers";
const COMMENT = "Volunteers: is this the number of people or of hours?";

journey("a reviewer returns a balance with a comment; the organisation corrects it; validation grants the seal", async ({ browser }) => {
  // The reviewer opens last year's campaign in the review queue.
  const reviewer = await newPage(browser);
  await signIn(reviewer, DEMO.reviewer);
  await reviewer.getByRole("link", { name: "Review", exact: true }).click();
  await reviewer.getByRole("heading", { level: 1, name: "Review queue" }).waitFor();
  await reviewer.getByLabel("Campaign").selectOption({ label: (await reviewer.getByLabel("Campaign").locator("option", { hasText: /^2025 / }).textContent()).trim() });
  await Promise.all([reviewer.waitForURL(/campaign=/), reviewer.getByRole("button", { name: "Show" }).click()]);

  // A demo organisation whose balance passes and waits for review.
  const rows = reviewer.locator("tbody tr");
  let organisationName = null;
  for (let i = 0; i < (await rows.count()); i++) {
    const name = (await rows.nth(i).locator("th").textContent()).trim();
    const seal = (await rows.nth(i).locator("td").last().textContent()).trim();
    if (OWNERS[name] && seal === "passes, not granted yet") {
      organisationName = name;
      break;
    }
  }
  assert.ok(organisationName, "a demo organisation's 2025 balance passes and is not reviewed yet");
  await reviewer.getByRole("link", { name: organisationName, exact: true }).click();
  await reviewer.getByRole("heading", { level: 1, name: new RegExp(organisationName) }).waitFor();
  const assessmentId = new URL(reviewer.url()).pathname.split("/").pop();

  // The reviewer comments on one question and returns the balance with a reason.
  await reviewer.getByLabel(`Comment on “${QUESTION}”`).fill(COMMENT);
  await reviewer.getByRole("article", { name: QUESTION }).getByRole("button", { name: "Add the comment" }).click();
  await reviewer.getByText("Comment added.").waitFor();
  await reviewer.getByText(COMMENT).waitFor();
  await reviewer.getByLabel("Reason", { exact: true }).fill("Please check the volunteers figure.");
  await reviewer.getByRole("button", { name: "Return for changes" }).click();
  await reviewer.getByText("Returned for changes: the organisation can change its answers and submit again.").waitFor();
  await reviewer.getByText("returned for changes", { exact: false }).first().waitFor();

  // The organisation's owner reads the comment and answers it (without JavaScript: plain forms).
  const context = await newContext(browser, { javaScriptEnabled: false });
  const owner = await context.newPage();
  await signIn(owner, OWNERS[organisationName]);
  const organisationId = new URL(owner.url()).pathname.split("/")[2];
  await owner.goto(`/o/${organisationId}/assessments/${assessmentId}/comments`);
  await owner.getByRole("heading", { level: 1, name: /Reviewer comments/ }).waitFor();
  await owner.getByText(COMMENT).waitFor();
  await owner.getByLabel(`Your answer to the comment on “${QUESTION}”`).fill("People: we corrected it.");
  await owner.getByRole("button", { name: "Send the answer" }).click();
  await owner.getByText("People: we corrected it.").waitFor();

  // It changes the answer on the section page and submits again; there the thread stands
  // beside its question, the section is marked in the list, and a reply can be sent from it.
  await owner.getByRole("link", { name: QUESTION }).click();
  const thread = owner.getByRole("article", { name: `Comments on “${QUESTION}”` });
  await thread.getByText(COMMENT).waitFor();
  await thread.getByText("People: we corrected it.").waitFor();
  await owner.getByText("comments from the network").first().waitFor();
  await thread.getByLabel(`Your answer to the comment on “${QUESTION}”`).fill("Changed on the section page too.");
  await thread.getByRole("button", { name: "Send the answer" }).click();
  await owner.getByRole("article", { name: `Comments on “${QUESTION}”` }).getByText("Changed on the section page too.").waitFor();
  const field = owner.getByRole("textbox", { name: new RegExp(`^${QUESTION}`) });
  const before = await field.inputValue();
  await field.fill(String((Number(before) || 0) + 1));
  await owner.getByRole("button", { name: "Save this section" }).click();
  await owner.getByText("Section saved.").waitFor();
  await owner.goto(`/o/${organisationId}/assessments/${assessmentId}`);
  // The reason of the return stands at the top of the overview.
  await owner.getByRole("region", { name: "The network returned your social balance for changes" }).getByText("Reason given: Please check the volunteers figure.").waitFor();
  await owner.goto(`/o/${organisationId}/assessments/${assessmentId}/check-answers`);
  await Promise.all([owner.waitForURL(/submitted=1/), owner.getByRole("button", { name: "Submit the social balance" }).click()]);

  // The reviewer sees the answer and validates: the seal is granted.
  await reviewer.reload();
  await reviewer.getByText("People: we corrected it.").waitFor();
  await reviewer.getByRole("button", { name: "Validate" }).click();
  await reviewer.getByText("Validated: the seal is granted for this year.").waitFor();
  const history = reviewer.getByRole("region", { name: "History" });
  await history.getByText(/validated \(Oriol Reviewer\)/).waitFor();
  assert.match(await history.textContent(), /returned for changes \(Oriol Reviewer\): Please check the volunteers figure\./);

  // The organisation's home page shows the seal as granted for 2025.
  await owner.goto(`/o/${organisationId}`);
  const row = owner.getByRole("row").filter({ has: owner.getByRole("cell", { name: "2025", exact: true }) }).filter({ hasText: "Social balance: basic" });
  await row.getByRole("cell", { name: "granted", exact: true }).waitFor();
  await context.close();
});
