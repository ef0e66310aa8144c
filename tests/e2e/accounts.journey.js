// Accounts: registering with an organisation, signing out, resetting a forgotten password.
import assert from "node:assert/strict";
import {
  baseURL,
  journey,
  linkFromEmail,
  newContext,
  newPage,
  registerOrganisation,
  signIn,
  signOut,
  uniqueEmail,
  visit,
} from "./helpers.js";

journey("a new organisation registers and its owner lands on its page", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/");
  await page.getByRole("link", { name: "Register an organisation" }).click();
  await page.getByRole("heading", { name: "Register" }).waitFor();

  // A wrong value gets a message next to its field, and the other values stay.
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Aina Serra");
  await page.getByLabel("Email").fill("not-an-address");
  await page.getByRole("button", { name: "Create my account" }).click();
  await page.getByText("Enter an email address such as name@example.org.").waitFor();
  assert.equal(await page.getByRole("textbox", { name: "Name", exact: true }).inputValue(), "Aina Serra");

  const owner = await registerOrganisation(page, { organisationName: "Cooperativa El Teler" });
  await page.getByRole("heading", { level: 1, name: "Cooperativa El Teler" }).waitFor();
  assert.match(page.url(), new RegExp(`/o/${owner.organisationId}$`));
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("cell", { name: owner.email, exact: true }).waitFor();

  // Production cookies: __Host- prefix, Secure, HttpOnly, SameSite=Lax, and they work on
  // http://localhost (the session above would not exist otherwise).
  const cookies = await page.context().cookies(baseURL());
  const session = cookies.find((c) => c.name === "__Host-bilan_session");
  assert.ok(session, `no __Host-bilan_session cookie; cookies: ${cookies.map((c) => c.name).join(", ")}`);
  assert.equal(session.secure, true);
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, "Lax");
  assert.equal(session.path, "/");
  assert.ok(cookies.some((c) => c.name === "__Host-bilan_csrf" && c.secure && c.httpOnly), "no __Host-bilan_csrf cookie");

  // The address is taken now.
  const other = await newPage(browser);
  await other.goto("/signup");
  await other.getByRole("textbox", { name: "Name", exact: true }).fill("Someone Else");
  await other.getByLabel("Email").fill(owner.email);
  await other.getByLabel("Password").fill("another long password");
  await other.getByLabel("Organisation name").fill("Another One");
  for (const label of ["Legal form", "Sector", "Region"]) await other.getByLabel(label).selectOption({ index: 1 });
  await other.getByLabel("Headcount").fill("3");
  await other.getByRole("button", { name: "Create my account" }).click();
  await other.getByText("An account already uses this email.").waitFor();
});

journey("signing out ends the session on the server", async ({ browser }) => {
  const page = await newPage(browser);
  const owner = await registerOrganisation(page);
  const session = (await page.context().cookies(baseURL())).find((c) => c.name.endsWith("bilan_session"));
  assert.ok(session, "no session cookie after registering");

  await signOut(page);
  await page.getByRole("heading", { name: "Bilan: the social balance of your organisation" }).waitFor();
  await visit(page, "/account");
  assert.equal(new URL(page.url()).pathname, "/signin", "signed out, /account should send to sign in");

  // The old token, replayed from another browser, opens nothing.
  const replay = await newContext(browser);
  await replay.addCookies([{ ...session }]);
  const replayPage = await replay.newPage();
  await visit(replayPage, `/o/${owner.organisationId}`);
  assert.equal(new URL(replayPage.url()).pathname, "/signin", "the signed-out token still opened the organisation");

  // Signing in again works, and brings back to the one organisation.
  await signIn(page, owner.email, owner.password);
  assert.match(page.url(), new RegExp(`/o/${owner.organisationId}$`));
});

journey("a forgotten password is reset with the emailed link", async ({ browser }) => {
  const page = await newPage(browser);
  const owner = await registerOrganisation(page, { email: uniqueEmail("forgetful") });
  await signOut(page);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  await page.getByLabel("Email").fill(owner.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await page.getByRole("status").getByText("If this address has an account, a link to reset the password is on its way.").waitFor();

  // An unknown address gets the same answer and no email.
  const probe = await newPage(browser);
  await probe.goto("/forgot-password");
  await probe.getByLabel("Email").fill("nobody@e2e.example");
  await probe.getByRole("button", { name: "Send the link" }).click();
  await probe.getByRole("status").getByText("If this address has an account").waitFor();

  const link = await linkFromEmail(browser, owner.email, { subject: "Reset your Bilan password" });
  assert.match(link, /\/reset-password\/[A-Za-z0-9_-]+$/);
  await page.goto(link);
  await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set my password" }).click();
  await page.getByText("The password needs at least 8 characters.").waitFor();
  const newPassword = "new words for a new season";
  await page.getByLabel("New password").fill(newPassword);
  await Promise.all([
    page.waitForURL(new RegExp(`/o/${owner.organisationId}$`)),
    page.getByRole("button", { name: "Set my password" }).click(),
  ]);
  await signOut(page);

  // The link works once.
  await page.goto(link);
  await page.getByText("This link is not valid any more").waitFor();

  // The old password is refused, the new one opens the account.
  await page.goto("/signin");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").getByText("The email or the password is not right.").waitFor();
  await signIn(page, owner.email, newPassword);
  assert.match(page.url(), new RegExp(`/o/${owner.organisationId}$`));
});
