// Accessibility: axe-core's WCAG 2.1 A and AA rules find nothing on the pages that exist,
// for a visitor, an organisation owner and the network admin.
import { DEMO, expectNoAxeViolations, journey, newPage, organisationIdFrom, signIn } from "./helpers.js";

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
