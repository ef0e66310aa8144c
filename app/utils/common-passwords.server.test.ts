import { randomBytes } from "node:crypto";
import * as common from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { isCommonPassword } from "./common-passwords.server";

// The list is ranked by how often each password appears in breaches.
const top10k = common.dictionary["passwords-common"].slice(0, 10_000).filter((p) => p.length >= 8 && p.length <= 128);

describe("common passwords", () => {
  it("refuses the 10,000 most common passwords that meet the length rule (a sample through the whole range)", () => {
    expect(top10k.length).toBeGreaterThan(2000);
    const sample = top10k.filter((_, i) => i % 10 === 0);
    const accepted = sample.filter((p) => !isCommonPassword(p));
    expect(accepted).toEqual([]);
  });

  it("refuses their capitalised, reversed and l33t variants, words of the four languages, and trivial patterns", () => {
    for (const p of ["Password123", "P@ssw0rd", "drowssap", "SUNSHINE", "motdepasse", "contraseña", "contrasenya", "bilan123", "aaaaaaaa", "12341234", "qwertyuiop"]) {
      expect(isCommonPassword(p), p).toBe(true);
    }
  });

  it("accepts passphrases and random passwords of any length, without composition rules", () => {
    for (const p of ["correct horse battery staple", "a long enough passphrase", "mon vélo est bleu ciel", "k7#Qm2!xTz", randomBytes(12).toString("base64url"), randomBytes(96).toString("base64")]) {
      expect(isCommonPassword(p), p).toBe(false);
    }
  });

  it("checks a password in bounded time, whatever its length", () => {
    isCommonPassword("warm up the dictionaries");
    for (const p of [randomBytes(24).toString("base64").slice(0, 32), "p@ssw0rd".repeat(4), "x".repeat(128), randomBytes(96).toString("base64")]) {
      const start = performance.now();
      isCommonPassword(p);
      expect(performance.now() - start, p).toBeLessThan(2000);
    }
  });
});
