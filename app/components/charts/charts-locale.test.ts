import { describe, expect, it } from "vitest";
import { formatScore } from "./format";
import { lineChartSvg } from "./line-chart";
import { radarChartSvg } from "./radar-chart";

describe("charts write numbers in the reader's language", () => {
  const axes = [
    { id: "economy", label: "Économie", score: 6.78 },
    { id: "equity", label: "Équité", score: 7.25 },
    { id: "environment", label: "Environnement", score: 4 },
  ];

  it("the radar's labels, as its table", () => {
    const svg = radarChartSvg({ axes, label: "Scores", format: (v) => formatScore("fr", v) });
    expect(svg).toContain("Économie 6,8");
    expect(svg).toContain("Équité 7,3");
    expect(svg).not.toContain("6.78");
  });

  it("the line chart's ticks and point titles", () => {
    const svg = lineChartSvg({ label: "Total", years: [2023, 2024], series: [{ name: "Total", segments: [[{ year: 2023, value: 7.2 }, { year: 2024, value: 7.45 }]] }], min: 0, max: 10, format: (v) => formatScore("ca", v) });
    expect(svg).toContain("Total 2023: 7,2");
    expect(svg).toContain("Total 2024: 7,5");
    expect(svg).not.toContain("Total 2023: 7.2");
    expect(svg).toContain(">2,5<");
  });
});
