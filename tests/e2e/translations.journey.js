// Translations: in each shipped language, the main pages (home, the organisation's home, a
// questionnaire section, a report, administration, review, research) show no raw key and, in a
// language other than English, no English interface string. "English" is what the en catalogues
// say where the page's language says something else (app/locales/<lang>/*.json).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO, journey, newPage, organisationIdFrom, signIn } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const localesDir = path.join(root, "app/locales");

function readCatalogues(lang) {
  const out = new Map();
  for (const file of fs.readdirSync(path.join(localesDir, lang))) {
    if (!file.endsWith(".json")) continue;
    const ns = file.slice(0, -".json".length);
    for (const [key, text] of Object.entries(JSON.parse(fs.readFileSync(path.join(localesDir, lang, file), "utf8")))) out.set(`${ns}.${key}`, text);
  }
  return out;
}

const en = readCatalogues("en");
const namespaces = [...new Set([...en.keys()].map((k) => k.slice(0, k.indexOf("."))))];
const RAW_KEY = new RegExp(`(?<![\\w@/.-])(?:${namespaces.join("|")})\\.[A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*(?![\\w@/-])`, "g");

/**
 * The English fragments that must not appear on a page in `lang`: each en string that differs
 * from the language's own, cut at its placeholders, keeping fragments of two words or more and
 * ten characters or more (shorter ones, such as "Total", are words both languages share).
 */
function englishFragments(lang) {
  const mine = readCatalogues(lang);
  const fragments = new Map();
  for (const [key, text] of en) {
    if (mine.get(key) === text) continue;
    for (const part of text.split(/\{\{[^}]*\}\}|\n/)) {
      const fragment = part.trim().replace(/^[\s:;,.(·—–-]+|[\s:;,(·—–-]+$/g, "");
      if (fragment.length < 10 || !/\s/.test(fragment)) continue;
      fragments.set(fragment, key);
    }
  }
  return fragments;
}

/** The text people see or hear: visible text nodes and accessible-name attributes; code samples left out. */
async function pageTexts(page) {
  return page.evaluate(() => {
    const texts = [];
    const skip = (el) => el.closest("code, pre, script, style, noscript, [hidden], [aria-hidden=true]");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || skip(parent)) continue;
      const text = node.textContent.replace(/\s+/g, " ").trim();
      if (text) texts.push(text);
    }
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], [alt], input[type=submit][value], input[type=button][value]")) {
      if (skip(el)) continue;
      for (const attribute of ["aria-label", "title", "placeholder", "alt", "value"]) {
        const value = el.getAttribute(attribute);
        if (value && (attribute !== "value" || el.matches("input[type=submit], input[type=button]"))) texts.push(value);
      }
    }
    for (const title of document.querySelectorAll("svg title")) if (!skip(title)) texts.push(title.textContent.trim());
    texts.push(document.title);
    return texts;
  });
}

async function expectTranslated(page, lang, fragments) {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  const url = new URL(page.url()).pathname;
  assert.equal(await page.locator("html").getAttribute("lang"), lang, `${url} is not in ${lang}`);
  const texts = await pageTexts(page);
  const joined = texts.join("\n");
  const raw = [...new Set(joined.match(RAW_KEY) ?? [])].filter((k) => en.has(k) || en.has(`${k}_other`) || !/^\d/.test(k.split(".")[1]));
  assert.deepEqual(raw, [], `raw keys on ${url} in ${lang}`);
  if (lang === "en") return;
  const english = [];
  for (const [fragment, key] of fragments) if (joined.includes(fragment)) english.push(`${JSON.stringify(fragment)} (${key})`);
  assert.deepEqual(english, [], `English left on ${url} in ${lang}`);
}

/** The language switcher, whatever language the page is in (it also sets a signed-in person's account). */
async function switchTo(page, lang) {
  await page.locator("#language-select").selectOption(lang);
  await Promise.all([page.waitForLoadState("load"), page.locator("form.language-switcher button[type=submit]").click()]);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Signs in (in English), switches to `lang`, visits `paths` (or what `pathsOf` finds), and switches back. */
async function asPerson(browser, email, lang, fragments, pathsOf) {
  const page = await newPage(browser);
  await signIn(page, email);
  try {
    await switchTo(page, lang);
    for (const target of await pathsOf(page)) {
      const status = (await page.goto(target))?.status();
      assert.equal(status, 200, `${target} answered ${status}`);
      await expectTranslated(page, lang, fragments);
    }
  } finally {
    // the demo accounts keep English for the other journeys
    await switchTo(page, "en");
    await page.context().close();
  }
}

async function ownerPaths(page) {
  const id = organisationIdFrom(page);
  await page.goto(`/o/${id}`);
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const report = hrefs.find((h) => /\/reports\/[^/]+$/.test(h ?? ""));
  const draft = hrefs.find((h) => /\/assessments\/[^/]+$/.test(h ?? ""));
  assert.ok(report && draft, `no report or draft linked from /o/${id}`);
  await page.goto(draft);
  const section = await page.locator('a[href*="/assessments/"]').evaluateAll((links) =>
    links.map((a) => a.getAttribute("href")).find((h) => /\/assessments\/[^/]+\/[^/]+$/.test(h ?? "")),
  );
  assert.ok(section, `no section linked from ${draft}`);
  return ["/", `/o/${id}`, draft, section, report, `/o/${id}/progress`, "/account"];
}

async function reviewerPaths(page) {
  await page.goto("/review");
  const detail = await page.locator('a[href^="/review/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")).find((h) => /^\/review\/[^/?]+$/.test(h ?? "")));
  return detail ? ["/review", detail] : ["/review"];
}

const SHIPPED = ["en", "fr", "ca", "es"];
for (const lang of SHIPPED) {
  journey(`in ${lang}, the main pages show no raw key${lang === "en" ? "" : " and no English string"}`, async ({ browser }) => {
    const fragments = lang === "en" ? new Map() : englishFragments(lang);
    assert.ok(lang === "en" || fragments.size > 300, `only ${fragments.size} English fragments to look for in ${lang}`);

    const visitor = await newPage(browser);
    await visitor.goto("/signin");
    await switchTo(visitor, lang);
    for (const target of ["/", "/signin", "/signup", "/forgot-password"]) {
      await visitor.goto(target);
      await expectTranslated(visitor, lang, fragments);
    }
    if (lang === "en") {
      // a page no route matches has no root data: the error page takes its strings from the page itself
      await visitor.goto("/no-such-page");
      await visitor.waitForLoadState("networkidle");
      await visitor.getByRole("heading", { name: "Page not found", level: 1 }).waitFor();
      await expectTranslated(visitor, lang, fragments);
    }
    await visitor.context().close();

    await asPerson(browser, DEMO.teixidoresOwner, lang, fragments, ownerPaths);
    await asPerson(browser, DEMO.admin, lang, fragments, async () => ["/admin", "/admin/campaigns", "/admin/questionnaires", "/admin/releases", "/admin/audit", "/admin/organisations", "/admin/users"]);
    await asPerson(browser, DEMO.reviewer, lang, fragments, reviewerPaths);
    await asPerson(browser, "researcher@uni.example", lang, fragments, async () => ["/research", "/research/apply", "/research/tokens"]);
  }, { timeout: 240_000 });
}
