import { describe, expect, it } from "vitest";
import { translate } from "#app/i18n/translate";
import { flagTextParams } from "./flag-text";

const axes = [
  { id: "environment", title: { en: "Environmental sustainability", fr: "Durabilité environnementale", ca: "Sostenibilitat ambiental", es: "Sostenibilidad ambiental" } },
  { id: "work", title: { en: "Quality of work", fr: "Qualité du travail", ca: "Qualitat del treball", es: "Calidad del trabajo" } },
];

describe("flag texts", () => {
  it("name the axis by its title in the reader's language", () => {
    const detail = { axis: "environment", delta: 3.5, axes: "environment,work" };
    const en = translate("en", "review.flagDetail.big_jump", flagTextParams(detail, axes, "en"));
    expect(en).toContain("Environmental sustainability");
    expect(en).not.toMatch(/\benvironment\b/);
    expect(translate("ca", "review.flagDetail.big_jump", flagTextParams(detail, axes, "ca"))).toContain("Sostenibilitat ambiental");
    expect(flagTextParams(detail, axes, "fr").axes).toBe("Durabilité environnementale, Qualité du travail");
  });

  it("keep an unknown axis id, and other details, as they are", () => {
    expect(flagTextParams({ axis: "gone", score: 9.5 }, axes, "en")).toEqual({ axis: "gone", score: 9.5 });
    expect(flagTextParams({ total: 4.2, passLine: 4 }, axes, "en")).toEqual({ total: 4.2, passLine: 4 });
  });
});
