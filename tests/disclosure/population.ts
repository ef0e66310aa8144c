/**
 * A seeded population for the disclosure attacks and the suppression measure: organisations with
 * skewed breakdowns (many small cells) and indicators of every kind the questionnaires carry: money,
 * headcounts, yes/no, percentages that apply only to organisations with workers, small whole-number
 * counts and a choice question. The same seed always gives the same organisations.
 */
import { seededRandom } from "#app/disclosure/modular";
import type { IndicatorMeta, OrganisationRecord } from "#app/disclosure/index";

export const POPULATION_INDICATORS: IndicatorMeta[] = [
  { code: "ECO01", label: "Turnover", unit: "eur", kind: "magnitude", alwaysApplies: true },
  { code: "ECO02", label: "Closed the year with a loss", unit: "boolean", kind: "measure", domain: { min: 0, max: 1, integer: true }, alwaysApplies: true },
  { code: "QUA01", label: "Workers", unit: "people", kind: "magnitude", domain: { min: 0, integer: true }, alwaysApplies: true },
  { code: "EQU01", label: "Women in positions of responsibility", unit: "percent", kind: "measure", domain: { min: 0, max: 100 } },
  { code: "ENV01", label: "Runs on renewable electricity", unit: "boolean", kind: "measure", domain: { min: 0, max: 1, integer: true }, alwaysApplies: true },
  { code: "DEM01", label: "Assemblies held", unit: "count", kind: "magnitude", domain: { min: 0, integer: true }, alwaysApplies: true },
  {
    code: "ENV07",
    label: "Bank",
    unit: "category",
    kind: "category",
    alwaysApplies: true,
    categories: [
      { id: "ethical", label: "Ethical finance" },
      { id: "cooperative", label: "Cooperative bank" },
      { id: "conventional", label: "Conventional bank" },
    ],
  },
];

export const POPULATION_BREAKDOWNS = {
  legal_form: ["association", "cooperative", "foundation", "company", "self_employed"],
  sector: ["food", "care", "culture", "energy", "housing", "other"],
  region: ["barcelona", "girona", "lleida", "tarragona", "andalusia"],
  size_band: ["none", "micro", "small", "medium"],
} as const;

function pick<T>(random: () => number, list: readonly T[], power: number): T {
  return list[Math.min(list.length - 1, Math.floor(Math.pow(random(), power) * list.length))];
}

export function seededPopulation(organisations: number, seed = 2025): OrganisationRecord[] {
  const random = seededRandom(seed);
  return Array.from({ length: organisations }, (_, i) => {
    const size = pick(random, POPULATION_BREAKDOWNS.size_band, 1.4);
    const workers = size === "none" ? 0 : size === "micro" ? 1 + Math.floor(random() * 9) : size === "small" ? 10 + Math.floor(random() * 40) : 50 + Math.floor(random() * 200);
    const bank = random();
    return {
      organisationId: `org-${String(i).padStart(5, "0")}`,
      breakdowns: {
        legal_form: pick(random, POPULATION_BREAKDOWNS.legal_form, 1.6),
        sector: pick(random, POPULATION_BREAKDOWNS.sector, 1.3),
        region: pick(random, POPULATION_BREAKDOWNS.region, 1.8),
        size_band: size,
      },
      values: {
        ECO01: Math.round(20_000 + workers * 40_000 * (0.5 + random())),
        ECO02: random() < 0.2 ? 1 : 0,
        QUA01: workers,
        EQU01: workers === 0 ? null : Math.round(random() * 100),
        ENV01: random() < 0.54 ? 1 : 0,
        DEM01: Math.floor(Math.pow(random(), 2) * 4),
        ENV07: bank < 0.6 ? "ethical" : bank < 0.75 ? "cooperative" : "conventional",
      },
    };
  });
}
