import { describe, expect, it } from "vitest";
import { drawSample, randomCount, seededRandom, type Candidate } from "./sample";

const population: Candidate[] = Array.from({ length: 60 }, (_, i) => ({
  assessmentId: `a${String(i).padStart(3, "0")}`,
  flags: i % 10 === 0 ? ["borderline"] : [],
}));

describe("review sample", () => {
  it("takes every flagged submission and the share of the rest, rounded up", () => {
    const drawn = drawSample({ population, share: 0.1, seed: "seed-1" });
    const flagged = drawn.filter((d) => d.reason === "flagged").map((d) => d.assessmentId);
    expect(flagged).toEqual(population.filter((c) => c.flags.length).map((c) => c.assessmentId));
    expect(drawn.filter((d) => d.reason === "random")).toHaveLength(6); // 10% of 54, rounded up
    expect(drawn.filter((d) => d.reason === "random").every((d) => !flagged.includes(d.assessmentId))).toBe(true);
  });

  it("is the same draw from the recorded seed, whatever order the population comes in", () => {
    const first = drawSample({ population, share: 0.1, seed: "2026:7f3a" });
    const again = drawSample({ population: [...population].reverse(), share: 0.1, seed: "2026:7f3a" });
    expect(again).toEqual(first);
    const other = drawSample({ population, share: 0.1, seed: "2026:other" });
    expect(other.map((d) => d.assessmentId)).not.toEqual(first.map((d) => d.assessmentId));
  });

  it("draws nothing at random with a share of 0, and everything with 1", () => {
    expect(drawSample({ population, share: 0, seed: "x" })).toHaveLength(6);
    expect(drawSample({ population, share: 1, seed: "x" })).toHaveLength(60);
    expect(randomCount(0, 0.1)).toBe(0);
    expect(randomCount(3, 0.1)).toBe(1);
    expect(randomCount(10, 0.1)).toBe(1);
  });

  it("has a generator that stays in [0, 1) and repeats for a seed", () => {
    const a = seededRandom("s");
    const b = seededRandom("s");
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      expect(b()).toBe(x);
    }
  });
});
