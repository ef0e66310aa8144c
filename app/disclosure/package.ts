/**
 * The research-release package: a Frictionless Tabular Data Package (datapackage.json, CSV files with
 * inline Table Schemas), a codebook, a README on the method and a checksum file, zipped
 * deterministically. Pure: Web Crypto for hashes, fflate for the zip, no `node:` imports.
 */
import { zipSync, type Zippable } from "fflate";
import { ROUNDING } from "./statistics";
import { CONFIDENTIAL, FLAGS, NOT_APPLICABLE, type IndicatorMeta, type Published, type ProtectedRelease, type ProtectedRow } from "./types";

export type PackageFile = { path: string; bytes: Uint8Array; sha256: string };

/** The language of a release's labels: one the installation offers (column titles fall back to English). */
export type ReleaseLanguage = string;

export type ReleasePackageInput = {
  release: ProtectedRelease;
  indicators: IndicatorMeta[];
  campaign: { year: number; name: string };
  sources: Array<{ questionnaire: string; version: string; contentHash: string }>;
  createdAt: Date;
  releaseId: string;
  version: string;
  licence: { name: string; path: string; title: string };
  language: ReleaseLanguage;
  /** Every language of the network, in its order: the labels the package carries. */
  languages?: readonly ReleaseLanguage[];
  /**
   * Code lists of the breakdowns: each value with its label in every language of the network and,
   * for size bands, the headcounts it covers. Written as data/codelists.csv and in the codebook.
   */
  codeLists?: Record<string, Array<{ id: string; labels: Partial<Record<ReleaseLanguage, string>>; headcount?: { min: number; max?: number } }>>;
  /** Earlier versions of this campaign's release, oldest first: the changelog says why this one exists. */
  history?: Array<{ version: string; created: string; organisations: number }>;
  /** Organisations behind this release (for the changelog). */
  organisations?: number;
};

/** The network's languages, in its order (given), else every language the labels are in. */
function languagesOf(input: ReleasePackageInput): ReleaseLanguage[] {
  if (input.languages?.length) return [...input.languages];
  const seen = new Set<ReleaseLanguage>();
  for (const i of input.indicators) for (const l of Object.keys(i.labels ?? {})) seen.add(l);
  for (const entries of Object.values(input.codeLists ?? {})) for (const e of entries) for (const l of Object.keys(e.labels)) seen.add(l);
  return [...seen];
}

/** The descriptor's fixed description of what a release is. */
const DESCRIPTION =
  "Anonymised aggregate tables of one campaign of the annual social balance of a solidarity-economy network: for each indicator, " +
  "the number of organisations, mean, median, quartiles and applicable share, overall and by legal form, sector, region and size band, " +
  "protected by threshold, dominance, group-disclosure and complementary suppression.";
const KEYWORDS = ["social balance", "social and solidarity economy", "cooperatives", "indicators", "statistical disclosure control", "aggregate statistics"];

/** SHA-256 of bytes as lower-case hex, with Web Crypto (global in browsers and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

const encoder = new TextEncoder();

/** One CSV field, quoted when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvText(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(",") + "\r\n").join("");
}

const TITLES: Record<ReleaseLanguage, Record<string, string>> = {
  en: {
    indicator: "Indicator code",
    unit: "Unit of the indicator",
    n: "Organisations with a value",
    mean: "Mean",
    median: "Median",
    q1: "First quartile",
    q3: "Third quartile",
    applicable_share: "Share of answering organisations for which the indicator applies",
    category: "Category",
    share: "Share of organisations in the category",
    legal_form: "Legal form",
    sector: "Sector",
    region: "Region",
    size_band: "Size band",
  },
  fr: {
    indicator: "Code de l'indicateur",
    unit: "Unité de l'indicateur",
    n: "Organisations ayant une valeur",
    mean: "Moyenne",
    median: "Médiane",
    q1: "Premier quartile",
    q3: "Troisième quartile",
    applicable_share: "Part des organisations répondantes pour lesquelles l'indicateur s'applique",
    category: "Catégorie",
    share: "Part des organisations dans la catégorie",
    legal_form: "Forme juridique",
    sector: "Secteur",
    region: "Région",
    size_band: "Tranche de taille",
  },
  ca: {
    indicator: "Codi de l'indicador",
    unit: "Unitat de l'indicador",
    n: "Organitzacions amb valor",
    mean: "Mitjana",
    median: "Mediana",
    q1: "Primer quartil",
    q3: "Tercer quartil",
    applicable_share: "Proporció d'organitzacions que responen a les quals s'aplica l'indicador",
    category: "Categoria",
    share: "Proporció d'organitzacions a la categoria",
    legal_form: "Forma jurídica",
    sector: "Sector",
    region: "Territori",
    size_band: "Franja de mida",
  },
  es: {
    indicator: "Código del indicador",
    unit: "Unidad del indicador",
    n: "Organizaciones con valor",
    mean: "Media",
    median: "Mediana",
    q1: "Primer cuartil",
    q3: "Tercer cuartil",
    applicable_share: "Proporción de organizaciones que responden a las que se aplica el indicador",
    category: "Categoría",
    share: "Proporción de organizaciones en la categoría",
    legal_form: "Forma jurídica",
    sector: "Sector",
    region: "Territorio",
    size_band: "Franja de tamaño",
  },
};

function title(language: ReleaseLanguage, name: string): string {
  return TITLES[language]?.[name] ?? TITLES.en[name] ?? name;
}

function published(v: Published | null | undefined): string {
  if (v === CONFIDENTIAL || v === NOT_APPLICABLE) return v;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`cannot publish ${String(v)}`);
  return String(v);
}

type Field = {
  name: string;
  type: "string" | "integer" | "number";
  title: string;
  description: string;
  "bilan:unit"?: string;
  constraints?: { required?: boolean; minimum?: number; maximum?: number; enum?: string[] };
};

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Builds every file of the package, sorted by path, each with its SHA-256. */
export async function buildReleasePackage(input: ReleasePackageInput): Promise<PackageFile[]> {
  const { release, language } = input;
  const meta = new Map(input.indicators.map((i) => [i.code, i]));
  for (const i of release.indicators) if (!meta.has(i.code)) throw new Error(`Indicator ${i.code} has no description for the codebook`);
  const numeric = release.indicators.filter((i) => i.kind !== "category").map((i) => i.code);
  const categorical = release.indicators.filter((i) => i.kind === "category");
  const allCategories = [...new Set(categorical.flatMap((i) => (i.categories ?? []).map((c) => c.id)))];
  const files: Array<{ path: string; text: string }> = [];
  const resources: Array<Record<string, unknown>> = [];

  const dimField = (d: string): Field => ({
    name: d,
    type: "string",
    title: title(language, d),
    description: `Breakdown value; "unknown" when the organisation did not state it.`,
    constraints: { required: true, enum: release.dimensionValues[d] },
  });
  const indicatorField = (codes: string[]): Field => ({
    name: "indicator",
    type: "string",
    title: title(language, "indicator"),
    description: "Indicator code, stable across campaigns (see codebook.md).",
    constraints: { required: true, enum: codes },
  });
  const unitField: Field = {
    name: "unit",
    type: "string",
    title: title(language, "unit"),
    description: "Unit of mean, median and quartiles in this row.",
    constraints: { required: true },
  };
  const nField: Field = {
    name: "n",
    type: "integer",
    title: title(language, "n"),
    description: "Number of distinct organisations with a value in the cell. C: confidential.",
    "bilan:unit": "organisations",
    constraints: { minimum: 0 },
  };
  const shareField = (name: string, description: string): Field => ({
    name,
    type: "number",
    title: title(language, name),
    description,
    "bilan:unit": "share (0 to 1)",
    constraints: { minimum: 0, maximum: 1 },
  });
  const statField = (name: string): Field => ({
    name,
    type: "number",
    title: title(language, name),
    description: `${title("en", name)} of the values in the cell, in the unit of the row (${ROUNDING.statistics}). C: confidential; Z: not applicable (the indicator applies to no organisation of the cell).`,
    "bilan:unit": "given in column unit",
  });

  for (const table of release.tables) {
    const dims = table.dimensions;
    const groupValues = (r: ProtectedRow) => dims.map((d) => r.group[d]);
    if (numeric.length > 0) {
      const fields: Field[] = [
        indicatorField(numeric),
        unitField,
        ...dims.map(dimField),
        nField,
        statField("mean"),
        statField("median"),
        statField("q1"),
        statField("q3"),
        shareField("applicable_share", `Share of answering organisations for which the indicator applies (${ROUNDING.shares}). C: confidential.`),
      ];
      const rows = table.rows
        .filter((r) => numeric.includes(r.indicator))
        .map((r) => [
          r.indicator,
          meta.get(r.indicator)!.unit,
          ...groupValues(r),
          published(r.n),
          published(r.mean),
          published(r.median),
          published(r.q1),
          published(r.q3),
          published(r.applicable_share),
        ]);
      const path = `data/${table.id}.csv`;
      files.push({ path, text: csvText([fields.map((f) => f.name), ...rows]) });
      resources.push({
        name: table.id.replaceAll("_", "-"),
        path,
        title: table.id,
        schema: { fields, missingValues: [...FLAGS], primaryKey: ["indicator", ...dims] },
      });
    }
    if (categorical.length > 0) {
      const fields: Field[] = [
        indicatorField(categorical.map((i) => i.code)),
        ...dims.map(dimField),
        nField,
        shareField("applicable_share", `Share of answering organisations for which the indicator applies (${ROUNDING.shares}). C: confidential.`),
        { name: "category", type: "string", title: title(language, "category"), description: "Category id (see codebook.md).", constraints: { required: true, enum: allCategories } },
        shareField("share", `Share of the cell's organisations that chose the category (${ROUNDING.shares}); multiple-choice shares may add up to more than 1. C: confidential.`),
      ];
      const rows = table.rows
        .filter((r) => r.shares !== undefined)
        .flatMap((r) =>
          (meta.get(r.indicator)!.categories ?? []).map((c) => [
            r.indicator,
            ...groupValues(r),
            published(r.n),
            published(r.applicable_share),
            c.id,
            published(r.shares![c.id]),
          ]),
        );
      const path = `data/${table.id}_categories.csv`;
      files.push({ path, text: csvText([fields.map((f) => f.name), ...rows]) });
      resources.push({
        name: `${table.id}-categories`.replaceAll("_", "-"),
        path,
        title: `${table.id} (category shares)`,
        schema: { fields, missingValues: [...FLAGS], primaryKey: ["indicator", ...dims, "category"] },
      });
    }
  }

  if (input.codeLists && Object.keys(input.codeLists).length > 0) {
    const lists = input.codeLists;
    const fields: Field[] = [
      { name: "breakdown", type: "string", title: "Breakdown", description: "Breakdown column of the tables.", constraints: { required: true, enum: Object.keys(lists) } },
      { name: "code", type: "string", title: "Code", description: "Value of the breakdown in the tables.", constraints: { required: true } },
      ...languagesOf(input).map((l): Field => ({ name: `label_${l}`, type: "string", title: `Label (${l})`, description: `Label of the value in ${l}.` })),
      { name: "headcount_min", type: "integer", title: "Headcount from", description: "Size bands: the smallest headcount of the band. Other breakdowns: empty.", constraints: { minimum: 0 } },
      { name: "headcount_max", type: "integer", title: "Headcount to", description: "Size bands: the largest headcount of the band; empty for the last, open band and for other breakdowns.", constraints: { minimum: 0 } },
    ];
    const rows = Object.entries(lists).flatMap(([breakdown, entries]) =>
      entries.map((e) => [
        breakdown,
        e.id,
        ...languagesOf(input).map((l) => e.labels[l] ?? e.labels[input.language] ?? Object.values(e.labels)[0] ?? e.id),
        e.headcount ? String(e.headcount.min) : "",
        e.headcount?.max !== undefined ? String(e.headcount.max) : "",
      ]),
    );
    files.push({ path: "data/codelists.csv", text: csvText([fields.map((f) => f.name), ...rows]) });
    resources.push({
      name: "codelists",
      path: "data/codelists.csv",
      title: "Breakdown code lists",
      schema: { fields, missingValues: [""], primaryKey: ["breakdown", "code"] },
    });
  }

  // CSV bytes and hashes first: the descriptor lists them.
  const csvBytes = new Map(files.map((f) => [f.path, encoder.encode(f.text)]));
  for (const r of resources) {
    const bytes = csvBytes.get(r.path as string)!;
    Object.assign(r, {
      profile: "tabular-data-resource",
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      bytes: bytes.length,
      hash: `sha256:${await sha256Hex(bytes)}`,
      dialect: { delimiter: ",", lineTerminator: "\r\n", header: true, quoteChar: '"', doubleQuote: true },
    });
  }

  const { settings } = release;
  const descriptor = {
    profile: "tabular-data-package",
    name: `bilan-${slug(input.campaign.name) || "campaign"}-${input.campaign.year}`,
    id: input.releaseId,
    title: `${input.campaign.name} ${input.campaign.year}: research release`,
    description: DESCRIPTION,
    keywords: KEYWORDS,
    version: input.version,
    created: input.createdAt.toISOString(),
    language,
    licenses: [{ ...input.licence }],
    contributors: [{ title: input.campaign.name, role: "publisher" }, { title: `The organisations of the ${input.campaign.year} campaign`, role: "author" }],
    sources: input.sources.map((s) => ({
      title: `${s.questionnaire} ${s.version}`,
      path: `indicators/${s.questionnaire}/${s.version}.yaml`,
      questionnaire: s.questionnaire,
      version: s.version,
      contentHash: s.contentHash,
    })),
    "bilan:disclosure": {
      k: settings.k,
      dominance: settings.dominance,
      groupDisclosure: "shares of 0 or 1 suppressed in cells of fewer than 2k organisations",
      breakdowns: settings.breakdowns,
      pairs: settings.pairs,
      flag: CONFIDENTIAL,
      flags: { [CONFIDENTIAL]: "confidential: suppressed by disclosure control", [NOT_APPLICABLE]: "not applicable: the indicator applies to no organisation of the cell" },
      rounding: ROUNDING,
      method: "README.md",
    },
    "bilan:documentation": ["README.md", "codebook.md", "CHANGELOG.md", "CITATION.cff"],
    resources,
  };
  files.push({ path: "datapackage.json", text: JSON.stringify(descriptor, null, 2) + "\n" });
  files.push({ path: "codebook.md", text: codebook(input) });
  files.push({ path: "README.md", text: readme(input) });
  files.push({ path: "CHANGELOG.md", text: changelog(input) });
  files.push({ path: "CITATION.cff", text: citation(input, descriptor.name) });

  const out: PackageFile[] = [];
  for (const f of files) {
    const bytes = csvBytes.get(f.path) ?? encoder.encode(f.text);
    out.push({ path: f.path, bytes, sha256: await sha256Hex(bytes) });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : 1));
  const sums = out.map((f) => `${f.sha256}  ${f.path}\n`).join("");
  const sumBytes = encoder.encode(sums);
  out.push({ path: "SHA256SUMS", bytes: sumBytes, sha256: await sha256Hex(sumBytes) });
  return out;
}

/** The zip of the package files, byte for byte the same for the same files (fixed time stamps). */
export function buildZip(files: Array<{ path: string; bytes: Uint8Array }>): Uint8Array {
  // Local-time components, so the stored DOS time is the same whatever the server's time zone.
  const mtime = new Date(2000, 0, 1, 0, 0, 0);
  const entries: Zippable = {};
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    entries[f.path] = [f.bytes, { mtime, level: 6 }];
  }
  return zipSync(entries, { mtime });
}

function mdCell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
}

function codebook(input: ReleasePackageInput): string {
  const lines = [
    `# Codebook: ${input.campaign.name} ${input.campaign.year}`,
    "",
    `Release ${input.releaseId}, version ${input.version}. Indicator codes are stable across campaigns: join years on \`indicator\`.`,
    "",
    "| code | label | kind | unit | values | applies | formula in words | questionnaire versions | comparability with earlier years |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const domain = (d: IndicatorMeta["domain"]) => {
    if (!d) return "any number";
    const range = `${d.min ?? "−∞"} to ${d.max ?? "+∞"}`;
    return d.integer ? `whole numbers, ${range}` : range;
  };
  for (const i of input.indicators) {
    lines.push(
      `| ${mdCell(i.code)} | ${mdCell(i.label)} | ${i.kind} | ${mdCell(i.unit)} | ${mdCell(i.kind === "category" ? "categories" : domain(i.domain))} | ${
        i.alwaysApplies ? "always" : "under a condition (see formula)"
      } | ${mdCell(i.formulaInWords ?? "not stated")} | ${mdCell((i.versions ?? []).join(", ") || "not stated")} | ${mdCell(i.comparability ?? "not stated")} |`,
    );
  }
  const multilingual = input.indicators.filter((i) => i.labels && Object.keys(i.labels).length > 0);
  if (multilingual.length > 0) {
    const languages = languagesOf(input);
    lines.push("", "## Labels in every language", "", `| code | ${languages.join(" | ")} |`, `| --- | ${languages.map(() => "---").join(" | ")} |`);
    for (const i of multilingual) lines.push(`| ${mdCell(i.code)} | ${languages.map((l) => mdCell(i.labels![l] ?? "")).join(" | ")} |`);
  }
  if (input.codeLists) {
    lines.push("", "## Breakdowns", "", "The code lists are also in `data/codelists.csv`, with the labels in every language.", "");
    for (const [breakdown, entries] of Object.entries(input.codeLists)) {
      lines.push(`### ${breakdown}`, "", "| code | label | headcount |", "| --- | --- | --- |");
      for (const e of entries) {
        const range = e.headcount ? `${e.headcount.min}${e.headcount.max !== undefined ? ` to ${e.headcount.max}` : " or more"}` : "";
        lines.push(`| ${mdCell(e.id)} | ${mdCell(e.labels[input.language] ?? e.labels.en ?? e.id)} | ${range} |`);
      }
      lines.push("");
    }
  }
  const withCategories = input.indicators.filter((i) => i.kind === "category");
  if (withCategories.length > 0) {
    lines.push("", "## Categories", "");
    for (const i of withCategories) {
      lines.push(`### ${i.code}: ${i.label}`, "", "| id | label |", "| --- | --- |");
      for (const c of i.categories ?? []) lines.push(`| ${mdCell(c.id)} | ${mdCell(c.label)} |`);
      lines.push("");
    }
  }
  lines.push(
    "",
    "## Sources",
    "",
    ...input.sources.map((s) => `- ${s.questionnaire} ${s.version}, content hash \`${s.contentHash}\``),
    "",
  );
  return lines.join("\n");
}

function changelog(input: ReleasePackageInput): string {
  const lines = [`# Changelog: ${input.campaign.name} ${input.campaign.year}`, ""];
  const history = input.history ?? [];
  lines.push(`## ${input.version} (${input.createdAt.toISOString().slice(0, 10)})`, "");
  if (history.length === 0) {
    lines.push(`First release of the campaign${input.organisations !== undefined ? `, ${input.organisations} organisations` : ""}.`);
  } else {
    const last = history[history.length - 1];
    const now = input.organisations;
    const change = now === undefined ? "" : ` (${now} organisations; version ${last.version} had ${last.organisations})`;
    lines.push(
      `Supersedes version ${last.version}${change}: results submitted, withdrawn or corrected since it was built. ` +
        "It was compared with each earlier version of the campaign and accepted: no combination of it and an earlier version isolates fewer than k organisations. " +
        "Use the latest version; earlier ones stay valid descriptions of the data as it then stood.",
    );
  }
  for (const h of [...history].reverse()) {
    lines.push("", `## ${h.version} (${h.created.slice(0, 10)})`, "", `${h.organisations} organisations.`);
  }
  lines.push("");
  return lines.join("\n");
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}

function citation(input: ReleasePackageInput, name: string): string {
  return [
    "cff-version: 1.2.0",
    "message: If you use these data, please cite them as below.",
    "type: dataset",
    `title: ${yamlString(`${input.campaign.name} ${input.campaign.year}: research release`)}`,
    "authors:",
    `  - name: ${yamlString(input.campaign.name)}`,
    `version: ${yamlString(input.version)}`,
    `date-released: ${input.createdAt.toISOString().slice(0, 10)}`,
    `identifiers:`,
    `  - type: other`,
    `    value: ${yamlString(input.releaseId)}`,
    `    description: ${yamlString(`Release id of ${name}`)}`,
    `license: ${input.licence.name}`,
    `abstract: ${yamlString(DESCRIPTION)}`,
    "keywords:",
    ...KEYWORDS.map((k) => `  - ${yamlString(k)}`),
    "",
  ].join("\n");
}

function readme(input: ReleasePackageInput): string {
  const s = input.release.settings;
  return [
    `# ${input.campaign.name} ${input.campaign.year}: research release`,
    "",
    `Release ${input.releaseId}, version ${input.version}, created ${input.createdAt.toISOString()}. Licence: ${input.licence.title} (${input.licence.path}).`,
    "",
    "## What is in it",
    "",
    "- `datapackage.json`: the Frictionless Tabular Data Package descriptor, with the Table Schema of every CSV file, the questionnaire versions and their content hashes, and the disclosure settings.",
    "- `data/*.csv`: UTF-8, header row, comma, CRLF. One file per table: `overall`, one per breakdown (`by_<breakdown>`), one per pair of breakdowns. Files ending in `_categories` hold the category shares of choice questions, one row per category, when the release has choice questions.",
    "- `codebook.md`: every indicator with its code, label, unit, values (domain), when it applies, formula in words, questionnaire versions and comparability with earlier years; the breakdowns' code lists.",
    "- `data/codelists.csv`: every breakdown value with its label in every language, and the headcounts of the size bands.",
    "- `CHANGELOG.md`: the versions of this campaign's release and why each exists; `CITATION.cff`: how to cite the data.",
    "- `SHA256SUMS`: the SHA-256 of every other file (`sha256sum -c SHA256SUMS`).",
    "",
    "Each row gives, for one indicator and one cell, the number `n` of distinct organisations with a value, the mean, the median and the quartiles (linear interpolation, type 7), and the share of answering organisations for which the indicator applies. Minimum and maximum are never published: they are one organisation's value.",
    `Figures are rounded once: ${ROUNDING.statistics}; ${ROUNDING.shares}.`,
    "",
    "## Disclosure control",
    "",
    `- **Threshold**: a cell with fewer than k = ${s.k} distinct organisations is suppressed.`,
    `- **Dominance** (money, headcounts, hours): a cell is suppressed when its ${s.dominance.n1} largest contributor(s) make more than ${s.dominance.p1}% of its total, or its ${s.dominance.n2} largest more than ${s.dominance.p2}% (on absolute values).`,
    `- **Group disclosure**: category shares (and the applicable share) are suppressed in a cell of fewer than ${2 * s.k} organisations where a share is 0% or 100%.`,
    "- **Complementary suppression**: every table of an indicator is protected together (overall, by breakdown, by pair). Wherever a total and its parts are published, the suppressed parts together hold at least k organisations and pass the dominance and group rules, so that subtracting the visible parts from the total reveals nothing. Further cells are suppressed until an exact audit of every combination the published cells determine finds nothing.",
    "- **Flags**: a suppressed value is `C` (confidential); a statistic that does not exist because the indicator applies to no organisation of the cell (`n` is 0, the applicable share 0) is `Z` (not applicable). Both are declared as missing values in every Table Schema. A value is never an empty cell, and a suppressed one never 0. A suppressed cell has every statistic flagged, `n` included.",
    "- **Unknown**: an organisation that did not state a breakdown is counted in the value `unknown`, so that parts always add up to totals.",
    "",
    "Cells are protected per indicator, because each indicator has its own respondents. A later release of the same campaign is refused when its difference with this one would isolate fewer than k organisations.",
    "",
  ].join("\n");
}
