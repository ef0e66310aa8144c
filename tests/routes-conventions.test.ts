import { describe, expect, it } from "vitest";

const sources = import.meta.glob("../app/routes/*.{ts,tsx}", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("route conventions", () => {
  it("every action reads its body through readForm or assertCsrf (CSRF checked)", () => {
    const unchecked = Object.entries(sources)
      .filter(([, source]) => /export (async )?function action/.test(source))
      .filter(([, source]) => !/readForm\(|assertCsrf\(/.test(source))
      .map(([file]) => file);
    expect(unchecked).toEqual([]);
  });

  it("no route imports the database schema for writes outside models, except documented ones", () => {
    const writers = Object.entries(sources)
      .filter(([, source]) => /\.(insert|update|delete)\(/.test(source))
      .map(([file]) => file.replace("../app/routes/", ""));
    // Small, single-statement writes kept in place; anything bigger belongs in app/models.
    expect(writers.sort()).toEqual(["invitations.$token.tsx", "language.tsx"]);
  });
});
