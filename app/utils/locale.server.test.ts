import { describe, expect, it } from "vitest";
import { detectLocale, resolveLocale } from "./locale.server";

const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });

describe("the page's language", () => {
  it.each<[string, Record<string, string>, { locale: string } | null, string]>([
    ["the account's setting first", { cookie: "bilan_lang=es", "accept-language": "ca" }, { locale: "fr" }, "fr"],
    ["an account language no longer offered is skipped", { "accept-language": "ca" }, { locale: "de" }, "ca"],
    ["then the switcher's cookie", { cookie: "bilan_lang=es", "accept-language": "ca" }, null, "es"],
    ["then Accept-Language, by weight", { "accept-language": "de;q=1, fr;q=0.8, es;q=0.9" }, null, "es"],
    ["a regional variant finds its language", { "accept-language": "fr-CA" }, null, "fr"],
    ["then the installation's default", { "accept-language": "de, ja" }, null, "en"],
    ["with no header at all", {}, null, "en"],
    ["a cookie naming no offered language is ignored", { cookie: "bilan_lang=xx", "accept-language": "ca-ES" }, null, "ca"],
  ])("%s", async (_name, headers, user, expected) => {
    // remix-i18next in the root loader, and the synchronous order used outside pages, agree
    expect(await detectLocale(request(headers), user)).toBe(expected);
    expect(resolveLocale(request(headers), user)).toBe(expected);
  });
});
