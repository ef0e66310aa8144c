import { describe, expect, it } from "vitest";
import { sectionProgress } from "./progress";

describe("section progress", () => {
  const questions = [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }];
  const asked = new Set(["a", "b", "c"]);

  it("counts the asked questions that hold an answer", () => {
    expect(sectionProgress(questions, {}, asked)).toEqual({ answered: 0, total: 3 });
    expect(sectionProgress(questions, { a: 5, b: "", c: null, d: 1 }, asked)).toEqual({ answered: 1, total: 3 });
    expect(sectionProgress(questions, { a: 0, b: false, c: [] }, asked)).toEqual({ answered: 3, total: 3 });
  });

  it("moves as answers are typed and saved, without a reload", () => {
    const loaded = { a: 5 };
    const now = { ...loaded, b: 7 };
    expect(sectionProgress(questions, loaded, asked).answered).toBe(1);
    expect(sectionProgress(questions, now, asked).answered).toBe(2);
  });
});
