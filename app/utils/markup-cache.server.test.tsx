import { describe, expect, it } from "vitest";
import { markupCache } from "./markup-cache.server";

describe("the markup cache", () => {
  it("renders a key once, keeps it compressed and gives the same HTML back", async () => {
    let built = 0;
    const element = async () => {
      built++;
      return <p>{"é & <b> ".repeat(2000)}</p>;
    };
    const first = await markupCache.renderStatic(["test", 1], element);
    const second = await markupCache.renderStatic(["test", 1], element);
    expect(second).toBe(first);
    expect(built).toBe(1);
    expect(first).toContain("é &amp; &lt;b&gt;");
    await markupCache.renderStatic(["test", 2], element);
    expect(built).toBe(2);
  });

  it("keeps thousands of different renderings, not a fixed number of slots", async () => {
    let built = 0;
    for (let i = 0; i < 1500; i++) await markupCache.renderStatic(["many", i], async () => (built++, <p>{`report ${i} `.repeat(500)}</p>));
    for (let i = 0; i < 1500; i++) await markupCache.renderStatic(["many", i], async () => (built++, <p />));
    expect(built).toBe(1500);
  });
});
