// Members: the owner invites a colleague by email; the colleague joins and sees only that
// organisation.
import assert from "node:assert/strict";
import {
  DEMO,
  DEMO_ORGANISATION,
  journey,
  linkFromEmail,
  newPage,
  organisationIdFrom,
  registerOrganisation,
  signIn,
  signOut,
  uniqueEmail,
  visit,
} from "./helpers.js";

journey("the owner invites a colleague, who joins and sees only that organisation", async ({ browser }) => {
  // The owner registers and invites.
  const ownerPage = await newPage(browser);
  const owner = await registerOrganisation(ownerPage, { organisationName: "Associació La Xarxa" });
  const colleague = { name: "Biel Costa", email: uniqueEmail("colleague"), password: "bread and roses and tea" };
  await ownerPage.getByRole("link", { name: "Members" }).click();
  await ownerPage.getByRole("heading", { name: "Invite a colleague" }).waitFor();
  await ownerPage.getByLabel("Email").fill(colleague.email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption({ label: "editor" });
  await ownerPage.getByRole("button", { name: "Send the invitation" }).click();
  await ownerPage.getByRole("status").getByText("The invitation is sent.").waitFor();
  await ownerPage.getByRole("heading", { name: "Pending invitations" }).waitFor();
  await ownerPage.getByText(colleague.email).waitFor();

  // The invitation, as the network admin sees it in the outbox (no SMTP here).
  const link = await linkFromEmail(browser, colleague.email, { subject: "Join Associació La Xarxa on Bilan" });
  assert.match(link, /\/invitations\/[A-Za-z0-9_-]+$/);

  // The colleague opens it, creates an account and lands in the organisation.
  const page = await newPage(browser);
  await page.goto(link);
  await page.getByText("You are invited to join Associació La Xarxa as editor.").waitFor();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(colleague.name);
  await page.getByLabel("Password").fill(colleague.password);
  await Promise.all([
    page.waitForURL(new RegExp(`/o/${owner.organisationId}$`)),
    page.getByRole("button", { name: "Create my account and join" }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: "Associació La Xarxa" }).waitFor();

  // The invitation is spent.
  const again = await newPage(browser);
  await again.goto(link);
  await again.getByText("This invitation is not valid any more").waitFor();

  // The owner sees the new member with their role.
  await ownerPage.reload();
  await ownerPage.getByRole("cell", { name: colleague.name, exact: true }).waitFor();
  assert.equal(await ownerPage.getByLabel(`Role of ${colleague.name}`).inputValue(), "editor");

  // Signing in again, the colleague goes straight to their only organisation.
  await signOut(page);
  await signIn(page, colleague.email, colleague.password);
  assert.equal(organisationIdFrom(page), owner.organisationId);
  await page.getByText("Your organisations").click();
  const listed = page.getByRole("navigation", { name: "Main" }).getByRole("listitem");
  assert.deepEqual(await listed.allTextContents(), ["Associació La Xarxa"]);
  // An editor sees the members but cannot invite.
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("cell", { name: owner.name, exact: true }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Send the invitation" }).count(), 0);

  // Another organisation's pages answer 404, whatever the path.
  const demoPage = await newPage(browser);
  await signIn(demoPage, DEMO.teixidoresOwner);
  await demoPage.getByRole("heading", { level: 1, name: DEMO_ORGANISATION }).waitFor();
  const otherId = organisationIdFrom(demoPage);
  for (const path of [`/o/${otherId}`, `/o/${otherId}/members`, `/o/${otherId}/profile`]) {
    assert.equal(await visit(page, path), 404, `${path} should answer 404 to a member of another organisation`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    assert.equal(await page.getByText(DEMO_ORGANISATION).count(), 0, `${path} shows the other organisation's name`);
  }
  // And so does an organisation that does not exist: the same answer, nothing leaks.
  assert.equal(await visit(page, "/o/00000000-0000-4000-8000-000000000000"), 404);
  await page.getByRole("heading", { name: "Page not found" }).waitFor();
});

journey("an invitation to someone with an account is accepted after signing in", async ({ browser }) => {
  const ownerPage = await newPage(browser);
  const owner = await registerOrganisation(ownerPage, { organisationName: "Fundació Arrels" });
  const member = await registerOrganisation(await newPage(browser), { organisationName: "Taller Obert" });
  await ownerPage.getByRole("link", { name: "Members" }).click();
  await ownerPage.getByLabel("Email").fill(member.email);
  await ownerPage.getByLabel("Role", { exact: true }).selectOption({ label: "viewer" });
  await ownerPage.getByRole("button", { name: "Send the invitation" }).click();
  await ownerPage.getByRole("status").getByText("The invitation is sent.").waitFor();

  const link = await linkFromEmail(browser, member.email, { subject: "Join Fundació Arrels on Bilan" });
  const page = await newPage(browser);
  await page.goto(link);
  await page.getByRole("link", { name: "Sign in to join" }).click();
  await page.getByLabel("Email").fill(member.email);
  await page.getByLabel("Password").fill(member.password);
  await Promise.all([page.waitForURL(/\/invitations\//), page.getByRole("button", { name: "Sign in" }).click()]);
  await Promise.all([
    page.waitForURL(new RegExp(`/o/${owner.organisationId}$`)),
    page.getByRole("button", { name: "Join the organisation" }).click(),
  ]);

  // Two organisations now, both listed; home lists them with their roles.
  await page.goto("/");
  await page.getByRole("link", { name: "Fundació Arrels" }).first().waitFor();
  await page.getByRole("main").getByText("(viewer)").waitFor();
  await page.getByRole("main").getByText("(owner)").waitFor();
  // A viewer gets no profile tab, and the profile page answers 404.
  assert.equal(await visit(page, `/o/${owner.organisationId}/profile`), 404);
});
