import { describe, expect, it } from "vitest";
import { translate } from "#app/i18n/translate";
import { queueStatusKeys } from "./queue-status";

const line = (status: string, decision: string | null) => queueStatusKeys(status, decision).map((k) => translate("en", k)).join(" · ");

describe("the review queue's status", () => {
  it("does not repeat the status as the last decision", () => {
    expect(line("validated", "validated")).toBe(translate("en", "assessment.status.validated"));
    expect(line("returned", "returned")).toBe(translate("en", "assessment.status.returned"));
    expect(line("under_review", "review_started")).toBe(translate("en", "assessment.status.under_review"));
  });

  it("adds a last decision that says something else", () => {
    expect(line("submitted", "rescored")).toBe(`${translate("en", "assessment.status.submitted")} · rescored`);
    expect(line("submitted", null)).toBe(translate("en", "assessment.status.submitted"));
  });
});
