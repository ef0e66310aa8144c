/**
 * Types of the research-release disclosure module. Pure: no database, no Remix, no `node:` imports.
 * The method is described in docs/disclosure.md.
 */

/** One organisation's indicator values for a campaign. */
export type OrganisationRecord = {
  organisationId: string;
  /** Breakdown values, e.g. { legal_form: "cooperative", sector: "food", region: "barcelona", size_band: "10-49" }. */
  breakdowns: Record<string, string>;
  /**
   * Indicator values by indicator code. `null` means "not applicable" (answered, but the indicator does
   * not apply); a missing key means "not answered / not in this questionnaire version".
   * Category indicators take one category id (single choice) or an array of ids (multiple choice).
   */
  values: Record<string, number | string | string[] | null>;
};

export type IndicatorKind = "magnitude" | "measure" | "category";

export type IndicatorMeta = {
  code: string;
  label: string;
  unit: string;
  /** magnitude (money, people, hours): threshold and dominance; measure (shares, ratios, scores): threshold; category: threshold and group disclosure. */
  kind: IndicatorKind;
  categories?: Array<{ id: string; label: string }>;
  formulaInWords?: string;
  versions?: string[];
  comparability?: string;
  /**
   * What the codebook says of the values (from the question's unit and limits). A bound lets a reader
   * conclude that a cell whose mean sits on it holds that value for every member: yes/no indicators
   * ({ min: 0, max: 1, integer: true }), percentages ({ min: 0, max: 100 }), counts ({ min: 0, integer: true }).
   */
  domain?: { min?: number; max?: number; integer?: boolean };
  /** The label in every language of the network (the codebook lists them all). */
  labels?: Partial<Record<string, string>>;
  /** The indicator applies to every organisation that answers (no applies-when condition). */
  alwaysApplies?: boolean;
};

export type DominanceSettings = { n1: number; p1: number; n2: number; p2: number };

export type DisclosureSettings = {
  /** Minimum number of distinct organisations behind a published figure. Default 10, refused below 3. */
  k: number;
  dominance: DominanceSettings;
  breakdowns: string[];
  pairs: Array<[string, string]>;
};

/**
 * Flags in place of a value, in the manner of Eurostat's flags: `C` confidential (suppressed by
 * disclosure control); `Z` not applicable (the indicator applies to no organisation of the cell, so
 * the statistic does not exist: `n` is 0 and the applicable share 0).
 */
export const CONFIDENTIAL = "C" as const;
export type Confidential = typeof CONFIDENTIAL;
export const NOT_APPLICABLE = "Z" as const;
export type NotApplicable = typeof NOT_APPLICABLE;
export const FLAGS = [CONFIDENTIAL, NOT_APPLICABLE] as const;
export type Published = number | Confidential | NotApplicable;

export type ProtectedRow = {
  indicator: string;
  /** The cell: breakdown name -> value; `{}` for the overall table. */
  group: Record<string, string>;
  n: number | Confidential;
  /** `null` when the statistic is not defined for the indicator's kind (category indicators have no mean). */
  mean: Published | null;
  median: Published | null;
  q1: Published | null;
  q3: Published | null;
  applicable_share: number | Confidential;
  /** Category indicators only: share of the cell's organisations that chose each category. */
  shares?: Record<string, Published>;
};

export type ProtectedTable = {
  id: string;
  dimensions: string[];
  rows: ProtectedRow[];
};

export type ProtectedRelease = {
  settings: DisclosureSettings;
  /** The indicators the tables describe (kind and categories are needed to read and to audit the tables). */
  indicators: IndicatorMeta[];
  /** Values of each breakdown, in the order the tables use; `unknown` stands for a missing value. */
  dimensionValues: Record<string, string[]>;
  tables: ProtectedTable[];
};

/** One difference the published tables allow that isolates too few organisations (or a dominated total). */
export type AttackFinding = {
  description: string;
  isolatedOrganisations: number;
};
