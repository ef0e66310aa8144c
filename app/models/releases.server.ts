/**
 * Research releases: the organisations' current results of a closed campaign -> protected tables
 * (app/disclosure) -> a data package, stored once and served as stored. A later release of the
 * same campaign is compared with the previous one and refused when the difference isolates fewer
 * than k organisations. Downloads are logged and rate-limited in the database.
 */
import { locales } from "#app/i18n/locales";
import { and, count, desc, eq, gt, lt, sql } from "drizzle-orm";
import { getDb, getReadDb, selectRows } from "#db/client";
import { campaigns, campaignVersions, releaseDownloads, releases, users } from "#db/schema/index";
import {
  buildReleasePackage,
  buildZip,
  compareReleases,
  DEFAULT_DISCLOSURE_SETTINGS,
  parseDisclosureSettings,
  protectRelease,
  sha256Hex,
  type DisclosureSettings,
  type IndicatorMeta,
  type OrganisationRecord,
  type PackageFile,
  type ProtectedRelease,
  type ReleaseLanguage,
  type ReleasePackageInput,
  unitDomain,
} from "#app/disclosure/index";
import { comparabilityBetween, isMagnitudeUnit, type CompiledDefinition } from "#app/questionnaires/index";
import { audit } from "#app/utils/audit.server";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import { getDisclosureK } from "./benchmarks.server";
import { getDefinition, listDefinitions } from "./definitions.server";
// Releases are for approved researchers: this registers the approval on the actor.
import "./researchers.server";

export const DOWNLOADS_PER_HOUR = 30;
export const RELEASE_LICENCE = { name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/", title: "Creative Commons Attribution 4.0" };
const NETWORK_NAME = "Bilan";

/** The disclosure settings of a new release: k from the `disclosure.k` setting, fixed breakdowns and pairs. */
export async function releaseSettings(): Promise<DisclosureSettings> {
  return parseDisclosureSettings({ k: await getDisclosureK(), breakdowns: DEFAULT_DISCLOSURE_SETTINGS.breakdowns, pairs: DEFAULT_DISCLOSURE_SETTINGS.pairs });
}

type RecordRow = {
  organisationId: string;
  versionId: string;
  legalForm: string | null;
  sector: string | null;
  region: string | null;
  sizeBand: string | null;
  values: string | Record<string, number | null> | null;
};

/**
 * One record per organisation with a current result in the campaign, broken down by the values the
 * organisation had when it submitted (frozen in the result), not by today's. An organisation that answered
 * two questionnaires gets the values of both; where both have a code, the later result wins.
 * A not-applicable indicator (or one without a value) is `null`; a code the version lacks is absent.
 */
export async function loadCampaignRecords(campaignId: string): Promise<{ records: OrganisationRecord[]; versionIds: string[] }> {
  // One row per result, its indicators in one JSON object {"CODE": value or null}: far cheaper to
  // send and read (JSON.parse builds the objects) than one row per indicator.
  const rows = await selectRows<RecordRow>(sql`
    select r.organisation_id as "organisationId", r.version_id as "versionId",
      r.legal_form as "legalForm", r.sector, r.region, r.size_band as "sizeBand", x.vals as "values"
    from (select ri.result_id, json_object_agg(ri.code, case when ri.applicable then ri.value end) as vals
          from result_indicators ri join results r2 on r2.id = ri.result_id
          where r2.campaign_id = ${campaignId} and r2.current
          group by ri.result_id) x
    join results r on r.id = x.result_id
    order by r.created_at, r.id`);
  const byOrg = new Map<string, OrganisationRecord>();
  const versionIds = new Set<string>();
  for (const row of rows) {
    versionIds.add(row.versionId);
    const values = (typeof row.values === "string" ? JSON.parse(row.values) : (row.values ?? {})) as OrganisationRecord["values"];
    const record = byOrg.get(row.organisationId);
    if (record) {
      Object.assign(record.values, values);
      continue;
    }
    const breakdowns: Record<string, string> = {};
    if (row.legalForm) breakdowns.legal_form = row.legalForm;
    if (row.sector) breakdowns.sector = row.sector;
    if (row.region) breakdowns.region = row.region;
    if (row.sizeBand) breakdowns.size_band = row.sizeBand;
    byOrg.set(row.organisationId, { organisationId: row.organisationId, breakdowns, values });
  }
  return { records: [...byOrg.values()], versionIds: [...versionIds].sort() };
}

function describeComparability(code: string, compiled: CompiledDefinition, all: CompiledDefinition[]): string {
  const d = compiled.definition;
  const earlier = all
    .filter((c) => c.definition.questionnaire === d.questionnaire && c.definition.version < d.version)
    .sort((a, b) => (a.definition.version < b.definition.version ? 1 : -1));
  const previous = earlier.find((c) => c.definition.version === d.comparability?.previous_version) ?? earlier[0];
  const here = `${d.questionnaire} ${d.version}`;
  if (!previous) return `${here}: first version of the questionnaire`;
  const there = `${previous.definition.questionnaire} ${previous.definition.version}`;
  const lines = comparabilityBetween(previous, compiled);
  const replaced = Object.entries(lines).find(([, l]) => l.kind === "replaced_by" && l.code === code);
  const line = lines[code];
  const note = (l: { note?: Readonly<Record<string, string>> }) => (l.note?.en ? ` (${l.note.en})` : "");
  if (!line) return replaced ? `${here}: replaces ${replaced[0]} of ${there}${note(replaced[1] as { note?: Readonly<Record<string, string>> })}` : `${here}: new, not in ${there}`;
  switch (line.kind) {
    case "same":
      return `${here}: same as in ${there}`;
    case "rescaled":
      return `${here}: rescaled from ${there} (value = ${line.factor ?? 1} x previous + ${line.offset ?? 0})${note(line)}`;
    case "replaced_by":
      return `${here}: replaced by ${line.code}; not comparable with ${there}${note(line)}`;
    case "not_comparable":
      return `${here}: not comparable with ${there}${note(line)}`;
  }
}

/** The codebook entries of every indicator of the campaign's questionnaire versions, codes in definition order. */
export async function releaseIndicators(versionIds: string[], language: ReleaseLanguage): Promise<{ indicators: IndicatorMeta[]; sources: Array<{ questionnaire: string; version: string; contentHash: string }> }> {
  const all = await listDefinitions();
  const used: CompiledDefinition[] = [];
  for (const id of versionIds) {
    const compiled = await getDefinition(id);
    if (compiled) used.push(compiled);
  }
  // Later versions describe a code first: their label is the current one.
  used.sort((a, b) => (a.definition.version === b.definition.version ? (a.definition.questionnaire < b.definition.questionnaire ? -1 : 1) : a.definition.version < b.definition.version ? 1 : -1));
  const byCode = new Map<string, IndicatorMeta>();
  for (const compiled of used) {
    for (const ind of compiled.definition.indicators) {
      const version = `${compiled.definition.questionnaire} ${compiled.definition.version}`;
      const comparability = describeComparability(ind.code, compiled, all);
      const known = byCode.get(ind.code);
      if (known) {
        known.versions!.push(version);
        known.comparability = `${known.comparability}; ${comparability}`;
        if (ind.applies_when) known.alwaysApplies = false;
        continue;
      }
      byCode.set(ind.code, {
        code: ind.code,
        label: ind.label[language] ?? ind.label.en,
        labels: { ...ind.label },
        unit: ind.unit,
        kind: isMagnitudeUnit(ind.unit) ? "magnitude" : "measure",
        domain: unitDomain(ind.unit),
        alwaysApplies: !ind.applies_when,
        formulaInWords: ind.formula + (ind.applies_when ? `; applies when ${ind.applies_when}` : ""),
        versions: [version],
        comparability,
      });
    }
  }
  // Choice questions are released as categories (code = question id), except the breakdowns themselves.
  for (const compiled of used) {
    const version = `${compiled.definition.questionnaire} ${compiled.definition.version}`;
    for (const section of compiled.definition.sections) {
      for (const q of section.questions) {
        if ((q.type !== "single_choice" && q.type !== "multiple_choice") || !q.choices || BREAKDOWN_QUESTIONS.has(q.id)) continue;
        const known = byCode.get(q.id);
        if (known) {
          if (known.kind !== "category") continue;
          known.versions!.push(version);
          for (const c of q.choices) if (!known.categories!.some((k) => k.id === c.id)) known.categories!.push({ id: c.id, label: c.label[language] ?? c.label.en });
          if (q.applies_when) known.alwaysApplies = false;
          continue;
        }
        byCode.set(q.id, {
          code: q.id,
          label: q.label[language] ?? q.label.en,
          labels: { ...q.label },
          unit: "category",
          kind: "category",
          categories: q.choices.map((c) => ({ id: c.id, label: c.label[language] ?? c.label.en })),
          formulaInWords: `answer to the ${q.type === "single_choice" ? "single" : "multiple"}-choice question "${q.label.en}"${q.applies_when ? `; asked when ${q.applies_when}` : ""}`,
          versions: [version],
          comparability: `${version}: question ${q.id}`,
          alwaysApplies: !q.applies_when,
        });
      }
    }
  }
  const indicators = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const sources = used
    .map((c) => ({ questionnaire: c.definition.questionnaire, version: c.definition.version, contentHash: `sha256:${c.contentHash}` }))
    .sort((a, b) => (a.questionnaire + a.version < b.questionnaire + b.version ? -1 : 1));
  return { indicators, sources };
}

export type PreparedRelease = {
  releaseId: string;
  campaign: { id: string; year: number; status: string };
  records: OrganisationRecord[];
  release: ProtectedRelease;
  files: PackageFile[];
  zip: Uint8Array;
  packageSha256: string;
  version: number;
  createdAt: Date;
  timings: { loadMs: number; protectMs: number; packageMs: number };
};

/** Questions that are the breakdowns themselves: not released as categories. */
const BREAKDOWN_QUESTIONS = new Set(["legal_form", "sector", "region", "size_band"]);

/**
 * Adds to each record its answers to the choice questions released as categories (a known choice id,
 * or the known ids of a multiple choice; a blank answer is "not applicable").
 */
export async function addChoiceAnswers(campaignId: string, records: OrganisationRecord[], indicators: IndicatorMeta[]): Promise<void> {
  const categorical = new Map(indicators.filter((i) => i.kind === "category").map((i) => [i.code, new Set((i.categories ?? []).map((c) => c.id))]));
  if (categorical.size === 0) return;
  // the stored answer is {"v": value}: ->> gives a choice id as text, a multiple choice as JSON text
  const rows = await selectRows<{ organisationId: string; questionId: string; value: string | null }>(sql`
    select r.organisation_id as "organisationId", a.question_id as "questionId", a.value ->> 'v' as value
    from results r join answers a on a.assessment_id = r.assessment_id
    where r.campaign_id = ${campaignId} and r.current and a.question_id in (${sql.join([...categorical.keys()].map((c) => sql`${c}`), sql`, `)})
    order by r.created_at, r.id`);
  const byOrg = new Map(records.map((r) => [r.organisationId, r]));
  for (const row of rows) {
    const record = byOrg.get(row.organisationId);
    const known = categorical.get(row.questionId);
    if (!record || !known) continue;
    const value: unknown = row.value !== null && row.value.startsWith("[") ? JSON.parse(row.value) : row.value;
    if (typeof value === "string") record.values[row.questionId] = known.has(value) ? value : null;
    else if (Array.isArray(value)) {
      const ids = value.filter((v): v is string => typeof v === "string" && known.has(v));
      record.values[row.questionId] = ids.length > 0 ? ids : null;
    } else record.values[row.questionId] = null;
  }
}

/** The breakdowns' code lists, labels in every language, size bands with their headcounts. */
export function releaseCodeLists(): NonNullable<ReleasePackageInput["codeLists"]> {
  const t = getTaxonomies();
  const entries = (list: Array<{ id: string; label: Record<ReleaseLanguage, string> }>) => list.map((e) => ({ id: e.id, labels: { ...e.label } }));
  let from = 0;
  const sizeBands = t.size_bands.map((b) => {
    const headcount = { min: from, max: b.max };
    from = (b.max ?? from) + 1;
    return { id: b.id, labels: { ...b.label }, headcount };
  });
  return { legal_form: entries(t.legal_forms), sector: entries(t.sectors), region: entries(t.regions), size_band: sizeBands };
}

/** Loads, protects and packages the campaign's release, without storing it. */
export async function prepareRelease({ campaignId, language, version, settings }: { campaignId: string; language: ReleaseLanguage; version: number; settings?: DisclosureSettings }): Promise<PreparedRelease | null> {
  const db = await getDb();
  const t0 = performance.now();
  const [campaign] = await db.select({ id: campaigns.id, year: campaigns.year, status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) return null;
  const { records, versionIds } = await loadCampaignRecords(campaignId);
  const offered = await db.select({ versionId: campaignVersions.versionId }).from(campaignVersions).where(eq(campaignVersions.campaignId, campaignId));
  const { indicators, sources } = await releaseIndicators([...new Set([...versionIds, ...offered.map((o) => o.versionId)])].sort(), language);
  await addChoiceAnswers(campaignId, records, indicators);
  const t1 = performance.now();
  const release = protectRelease({ records, indicators, settings: settings ?? (await releaseSettings()) });
  const t2 = performance.now();
  const releaseId = crypto.randomUUID();
  const createdAt = new Date();
  const earlier = await db
    .select({ version: releases.version, createdAt: releases.createdAt, organisations: releases.organisations })
    .from(releases)
    .where(and(eq(releases.campaignId, campaignId), lt(releases.version, version)))
    .orderBy(releases.version);
  const files = await buildReleasePackage({
    release,
    indicators,
    campaign: { year: campaign.year, name: NETWORK_NAME },
    sources,
    createdAt,
    releaseId,
    version: `${version}.0.0`,
    licence: RELEASE_LICENCE,
    language,
    languages: locales,
    codeLists: releaseCodeLists(),
    history: earlier.map((r) => ({ version: `${r.version}.0.0`, created: r.createdAt.toISOString(), organisations: r.organisations })),
    organisations: records.length,
  });
  const zip = buildZip(files);
  const packageSha256 = await sha256Hex(zip);
  const t3 = performance.now();
  return { releaseId, campaign, records, release, files, zip, packageSha256, version, createdAt, timings: { loadMs: t1 - t0, protectMs: t2 - t1, packageMs: t3 - t2 } };
}

export type BuildOutcome =
  | { ok: true; releaseId: string; version: number; year: number; packageSha256: string; timings: PreparedRelease["timings"] }
  | { ok: false; error: string; reasons?: string[] };

/**
 * Builds and stores the next release of a closed campaign. A later release is compared with every
 * earlier one of the campaign (with the records of both) and refused, with the reasons, when a
 * combination of the two isolates fewer than k organisations.
 */
export async function buildRelease({ campaignId, actorUserId, language = "en", ip }: { campaignId: string; actorUserId: string | null; language?: ReleaseLanguage; ip?: string }): Promise<BuildOutcome> {
  const db = await getDb();
  const [campaign] = await db.select({ id: campaigns.id, year: campaigns.year, status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) return { ok: false, error: "research.noCampaign" };
  if (campaign.status !== "closed") return { ok: false, error: "research.campaignNotClosed" };
  // Every earlier version of the campaign's release: the next one is audited against each of them.
  const earlier = await db
    .select({ id: releases.id, version: releases.version, tables: releases.tables, records: releases.records })
    .from(releases)
    .where(eq(releases.campaignId, campaignId))
    .orderBy(desc(releases.version));
  const previous = earlier[0];
  const version = (previous?.version ?? 0) + 1;
  const prepared = await prepareRelease({ campaignId, language, version });
  if (!prepared) return { ok: false, error: "research.noCampaign" };
  if (prepared.records.length === 0) return { ok: false, error: "research.noResults" };
  for (const before of earlier) {
    const compared = compareReleases(before.tables as ProtectedRelease, prepared.release, {
      previous: before.records as OrganisationRecord[],
      next: prepared.records,
    });
    if (!compared.ok) {
      await audit({
        action: "research.release_refused",
        actorUserId,
        targetType: "campaign",
        targetId: campaignId,
        ip,
        details: { year: campaign.year, previousVersion: before.version, reasons: compared.reasons.slice(0, 20), count: compared.reasons.length },
      });
      return { ok: false, error: "research.releaseRefused", reasons: compared.reasons };
    }
  }
  try {
    await db.transaction(async (tx) => {
      await tx.insert(releases).values({
        id: prepared.releaseId,
        campaignId,
        version,
        language,
        settings: prepared.release.settings as unknown as Record<string, unknown>,
        files: prepared.files.map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: f.sha256 })),
        packageSha256: prepared.packageSha256,
        zip: prepared.zip,
        zipBytes: prepared.zip.length,
        organisations: prepared.records.length,
        tables: prepared.release,
        records: prepared.records,
        createdBy: actorUserId,
        createdAt: prepared.createdAt,
      });
      await audit(
        {
          action: "research.release_created",
          actorUserId,
          targetType: "release",
          targetId: prepared.releaseId,
          ip,
          details: { year: campaign.year, version, organisations: prepared.records.length, package: prepared.packageSha256 },
        },
        tx,
      );
    });
  } catch (error) {
    if (/releases_campaign_version_unique|duplicate key/i.test(String((error as Error).message) + String((error as { cause?: Error }).cause?.message ?? ""))) {
      return { ok: false, error: "research.releaseConcurrent" };
    }
    throw error;
  }
  return { ok: true, releaseId: prepared.releaseId, version, year: campaign.year, packageSha256: prepared.packageSha256, timings: prepared.timings };
}

/** Releases, newest first, without their bytes. */
export async function listReleases() {
  const db = await getReadDb();
  return db
    .select({
      id: releases.id,
      campaignId: releases.campaignId,
      year: campaigns.year,
      version: releases.version,
      language: releases.language,
      files: releases.files,
      packageSha256: releases.packageSha256,
      zipBytes: releases.zipBytes,
      organisations: releases.organisations,
      createdAt: releases.createdAt,
      createdByName: users.name,
    })
    .from(releases)
    .innerJoin(campaigns, eq(campaigns.id, releases.campaignId))
    .leftJoin(users, eq(users.id, releases.createdBy))
    .orderBy(desc(campaigns.year), desc(releases.version));
}

/** What a researcher (web or API) sees of a release. */
export function publicRelease(r: Awaited<ReturnType<typeof listReleases>>[number]) {
  return {
    id: r.id,
    campaign: r.year,
    version: r.version,
    language: r.language,
    created: r.createdAt.toISOString(),
    organisations: r.organisations,
    bytes: r.zipBytes,
    sha256: r.packageSha256,
    files: r.files,
    download: `/api/v1/releases/${r.id}/package.zip`,
  };
}

export type DownloadOutcome =
  | { ok: true; zip: Uint8Array; filename: string; sha256: string }
  | { ok: false; status: 404 }
  | { ok: false; status: 429; retryAfterSeconds: number };

/**
 * A researcher downloads a release: at most DOWNLOADS_PER_HOUR per researcher and hour, counted in
 * the database (every app server sees the same count). Each download and each refusal is logged.
 */
export async function downloadRelease({
  releaseId,
  userId,
  tokenId,
  via,
  ip,
  now = new Date(),
}: {
  releaseId: string;
  userId: string;
  tokenId: string | null;
  via: "web" | "api";
  ip?: string;
  now?: Date;
}): Promise<DownloadOutcome> {
  if (!/^[0-9a-f-]{36}$/i.test(releaseId)) return { ok: false, status: 404 };
  const db = await getDb();
  const [release] = await db
    .select({ id: releases.id, year: campaigns.year, version: releases.version, packageSha256: releases.packageSha256 })
    .from(releases)
    .innerJoin(campaigns, eq(campaigns.id, releases.campaignId))
    .where(eq(releases.id, releaseId));
  if (!release) return { ok: false, status: 404 };
  const since = new Date(now.getTime() - 3_600_000);
  const allowed = await db.transaction(async (tx) => {
    // One researcher's downloads are counted one at a time, whichever server answers.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"release-downloads:" + userId}))`);
    const [recent] = await tx
      .select({ n: count() })
      .from(releaseDownloads)
      .where(and(eq(releaseDownloads.userId, userId), gt(releaseDownloads.at, since)));
    if (recent.n >= DOWNLOADS_PER_HOUR) return false;
    await tx.insert(releaseDownloads).values({ releaseId, userId, tokenId, via, at: now });
    await audit({ action: "research.downloaded", actorUserId: userId, targetType: "release", targetId: releaseId, ip, details: { year: release.year, version: release.version, via, tokenId } }, tx);
    return true;
  });
  if (!allowed) {
    await audit({ action: "research.download_throttled", actorUserId: userId, targetType: "release", targetId: releaseId, ip, details: { via, limitPerHour: DOWNLOADS_PER_HOUR } });
    const [oldest] = await db
      .select({ at: releaseDownloads.at })
      .from(releaseDownloads)
      .where(and(eq(releaseDownloads.userId, userId), gt(releaseDownloads.at, since)))
      .orderBy(releaseDownloads.at)
      .limit(1);
    const retryAfterSeconds = oldest ? Math.max(1, Math.ceil((oldest.at.getTime() + 3_600_000 - now.getTime()) / 1000)) : 3600;
    return { ok: false, status: 429, retryAfterSeconds };
  }
  const [stored] = await db.select({ zip: releases.zip }).from(releases).where(eq(releases.id, releaseId));
  return { ok: true, zip: stored.zip, filename: `bilan-release-${release.year}-v${release.version}.zip`, sha256: release.packageSha256 };
}

/** Closed campaigns with their number of current results and releases, for the staff page and the CLI. */
export async function listReleasableCampaigns() {
  return selectRows<{ id: string; year: number; status: string; results: number; releases: number }>(sql`
    select c.id, c.year, c.status,
      (select count(distinct r.organisation_id)::int from results r where r.campaign_id = c.id and r.current) as results,
      (select count(*)::int from releases x where x.campaign_id = c.id) as releases
    from campaigns c order by c.year desc`);
}

export async function campaignIdByYear(year: number): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.year, year));
  return row?.id ?? null;
}
