// Languages: the switcher in the header changes the page to French, Catalan and Spanish;
// the choice is remembered, and kept on the account of a signed-in person.
import assert from "node:assert/strict";
import { journey, newPage, registerOrganisation, signIn, signOut } from "./helpers.js";

async function switchLanguage(page, { label, button, to }) {
  await page.getByLabel(label, { exact: true }).selectOption({ label: to });
  await page.getByRole("button", { name: button, exact: true }).click();
}

journey("the language switcher turns the page into French, Catalan and Spanish", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/signin");
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");

  await switchLanguage(page, { label: "Language", button: "Change", to: "Français" });
  await page.getByRole("heading", { name: "Connexion" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/signin", "the switcher should come back to the same page");
  assert.equal(await page.locator("html").getAttribute("lang"), "fr");
  await page.getByLabel("Mot de passe").waitFor();
  await page.getByRole("link", { name: "Mot de passe oublié ?" }).waitFor();

  await switchLanguage(page, { label: "Langue", button: "Changer", to: "Català" });
  await page.getByRole("heading", { name: "Inici de sessió" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "ca");
  await page.getByLabel("Contrasenya").waitFor();

  await switchLanguage(page, { label: "Idioma", button: "Canvia", to: "Español" });
  await page.getByRole("heading", { name: "Inicio de sesión" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "es");

  // Remembered on the next visit, and on other pages.
  await page.goto("/forgot-password");
  await page.getByRole("button", { name: "Cambiar", exact: true }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "es");

  await switchLanguage(page, { label: "Idioma", button: "Cambiar", to: "English" });
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
});

journey("a browser that asks for Catalan gets Catalan", async ({ browser }) => {
  const page = await newPage(browser, { locale: "ca-ES" });
  await page.goto("/");
  await page.getByRole("heading", { name: "Bilan: el balanç social de la vostra organització" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "ca");
});

journey("a signed-in person's language is kept on their account", async ({ browser }) => {
  const page = await newPage(browser);
  const owner = await registerOrganisation(page, { organisationName: "Cooperativa Idiomes" });
  await switchLanguage(page, { label: "Language", button: "Change", to: "Français" });
  await page.getByRole("link", { name: "Membres" }).waitFor();
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await page.getByRole("link", { name: "Se connecter" }).first().waitFor();

  // In a browser that never chose a language, the account's language comes back at sign-in.
  const other = await newPage(browser);
  await signIn(other, owner.email, owner.password);
  await other.getByRole("link", { name: "Membres" }).waitFor();
  assert.equal(await other.locator("html").getAttribute("lang"), "fr");
  await switchLanguage(other, { label: "Langue", button: "Changer", to: "English" });
  await other.getByRole("link", { name: "Members" }).waitFor();
  await signOut(other);
});
