import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  assessmentEvents,
  assessments,
  auditLog,
  campaigns,
  campaignVersions,
  organisations,
  questionnaireVersions,
  results,
  sessions,
  users,
} from "#db/schema/index";
import { canonicalJson, scoreAssessment, type AssessmentResult } from "#app/questionnaires/index";
import { audit } from "#app/utils/audit.server";
import { sizeBandFor } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import { answerValues, loadAnswers, storeResult } from "./assessments.server";
import { benchmarksFollowOrganisation, refreshBenchmarksInBackground } from "./benchmarks.server";
import { checkDefinitions, getDefinition, listDefinitions } from "./definitions.server";
import { scoringInputFor } from "./norms.server";
import { profileError } from "./organisations.server";
import { frozenSurveyAnswers } from "./surveys.server";

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// ---------------------------------------------------------------- questionnaire versions

/**
 * Every version: as recorded (content hash), whether campaigns offer it, whether answers exist,
 * and the checks of the file as it is on disk now (shape, formulas, cross-version comparability).
 */
export async function listQuestionnaireVersions() {
  const db = await getDb();
  const recorded = await db
    .select({
      id: questionnaireVersions.id,
      questionnaire: questionnaireVersions.questionnaire,
      version: questionnaireVersions.version,
      title: questionnaireVersions.title,
      file: questionnaireVersions.file,
      contentHash: questionnaireVersions.contentHash,
      recordedAt: questionnaireVersions.recordedAt,
      copyKept: sql<boolean>`${questionnaireVersions.source} is not null`,
    })
    .from(questionnaireVersions)
    .orderBy(asc(questionnaireVersions.questionnaire), desc(questionnaireVersions.version));
  const used = await db.select({ versionId: assessments.versionId, n: count() }).from(assessments).groupBy(assessments.versionId);
  const offered = await db
    .select({ versionId: campaignVersions.versionId, year: campaigns.year, status: campaigns.status })
    .from(campaignVersions)
    .innerJoin(campaigns, eq(campaigns.id, campaignVersions.campaignId));
  const loaded = new Map((await listDefinitions()).map((c) => [`${c.definition.questionnaire}@${c.definition.version}`, c]));
  const checks = await checkDefinitions();
  const onDisk = new Map(
    checks.definitions.filter((c) => !c.storedCopy).map((c) => [`${c.definition.questionnaire}@${c.definition.version}`, c.contentHash]),
  );
  const missing = new Set(checks.missing.map((m) => m.id));
  return {
    versions: recorded.map((v) => {
      const campaignsOf = offered.filter((o) => o.versionId === v.id).sort((a, b) => b.year - a.year);
      const answered = used.find((u) => u.versionId === v.id)?.n ?? 0;
      const errors = checks.errors.filter((e) => e.file === v.file || e.file.endsWith(`/${v.file}`) || v.file.endsWith(e.file));
      const status = campaignsOf.some((c) => c.status === "open") ? "open" : campaignsOf.length ? "offered" : "not_offered";
      return {
        id: v.id,
        questionnaire: v.questionnaire,
        version: v.version,
        title: v.title,
        file: v.file,
        contentHash: v.contentHash,
        recordedAt: v.recordedAt,
        loaded: loaded.has(v.id),
        status,
        campaigns: campaignsOf.map((c) => c.year),
        assessments: answered,
        fileChanged: onDisk.has(v.id) && onDisk.get(v.id) !== v.contentHash,
        /** The file is gone: the version is served from the copy kept in the database (if any). */
        fileMissing: missing.has(v.id),
        copyKept: v.copyKept,
        errors: errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ""} ${e.path ? `${e.path}: ` : ""}${e.message}`),
      };
    }),
    /** Errors that belong to no recorded version (a new file with mistakes). */
    otherErrors: checks.errors
      .filter((e) => !recorded.some((v) => e.file === v.file || e.file.endsWith(`/${v.file}`) || v.file.endsWith(e.file)))
      .map((e) => `${e.file}${e.line ? `:${e.line}` : ""} ${e.path ? `${e.path}: ` : ""}${e.message}`),
  };
}

// ---------------------------------------------------------------- organisations

const PAGE_SIZE = 50;

export async function searchOrganisations({ q, page = 1 }: { q?: string; page?: number }) {
  const db = await getDb();
  const where = q ? ilike(organisations.name, likePattern(q)) : undefined;
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      legalForm: organisations.legalForm,
      sector: organisations.sector,
      region: organisations.region,
      headcount: organisations.headcount,
      sizeBand: organisations.sizeBand,
      disabledAt: organisations.disabledAt,
    })
    .from(organisations)
    .where(where)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, page };
}

export async function adminGetOrganisation(organisationId: string) {
  if (organisationId.length > 64) return null;
  const db = await getDb();
  const [row] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return row ?? null;
}

export interface TaxonomyFields {
  name: string;
  legalForm: string;
  sector: string;
  region: string;
  headcount: number;
}

export async function adminUpdateOrganisation({ organisationId, fields, actorUserId }: { organisationId: string; fields: TaxonomyFields; actorUserId: string }) {
  const problem = profileError({ organisationName: fields.name, legalForm: fields.legalForm, sector: fields.sector, region: fields.region, headcount: fields.headcount });
  if (problem) return { ok: false as const, ...problem };
  const before = await adminGetOrganisation(organisationId);
  if (!before) return { ok: false as const, field: "name", error: "common.form.invalid" };
  const db = await getDb();
  const sizeBand = sizeBandFor(getTaxonomies(), fields.headcount);
  await db.update(organisations).set({ ...fields, sizeBand }).where(eq(organisations.id, organisationId));
  if (before.legalForm !== fields.legalForm) await benchmarksFollowOrganisation(organisationId);
  const changed = Object.fromEntries(
    (["name", "legalForm", "sector", "region", "headcount"] as const).filter((k) => before[k] !== fields[k]).map((k) => [k, { from: before[k], to: fields[k] }]),
  );
  await audit({ action: "organisation.updated_by_staff", actorUserId, organisationId, targetType: "organisation", targetId: organisationId, details: changed });
  return { ok: true as const };
}

/** A disabled organisation disappears from its members' lists and pages; its data stays. */
export async function setOrganisationDisabled({ organisationId, disabled, actorUserId }: { organisationId: string; disabled: boolean; actorUserId: string }) {
  const db = await getDb();
  await db.update(organisations).set({ disabledAt: disabled ? new Date() : null }).where(eq(organisations.id, organisationId));
  await benchmarksFollowOrganisation(organisationId);
  await audit({ action: disabled ? "organisation.disabled" : "organisation.enabled", actorUserId, organisationId, targetType: "organisation", targetId: organisationId });
}

// ---------------------------------------------------------------- users

export async function searchUsers({ q, page = 1 }: { q?: string; page?: number }) {
  const db = await getDb();
  const where = and(isNull(users.deletedAt), q ? or(ilike(users.name, likePattern(q)), ilike(users.email, likePattern(q))) : undefined);
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, kind: users.kind, disabledAt: users.disabledAt, createdAt: users.createdAt })
    .from(users)
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, page };
}

/** Disabling a user ends every session at once; enabling lets them sign in again. */
export async function setUserDisabled({ userId, disabled, actorUserId }: { userId: string; disabled: boolean; actorUserId: string }) {
  if (disabled && userId === actorUserId) return { ok: false as const, error: "admin.users.notYourself" };
  const db = await getDb();
  const ended = await db.transaction(async (tx) => {
    const updated = await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, userId)).returning({ id: users.id });
    if (updated.length === 0) return null;
    const gone = disabled ? await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id }) : [];
    await audit({ action: disabled ? "user.disabled" : "user.enabled", actorUserId, targetType: "user", targetId: userId, details: { sessionsEnded: gone.length } }, tx);
    return gone.length;
  });
  if (ended === null) return { ok: false as const, error: "common.form.invalid" };
  return { ok: true as const, sessionsEnded: ended };
}

// ---------------------------------------------------------------- audit log

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  page?: number;
}

/** The audit log, newest first, filtered by who (name, email or id), what (action prefix) and when (UTC days). */
export async function searchAuditLog(filter: AuditFilter) {
  const db = await getDb();
  const page = filter.page ?? 1;
  const conditions: SQL[] = [];
  if (filter.actor) {
    const matches = await db
      .select({ id: users.id })
      .from(users)
      .where(or(eq(users.id, filter.actor), ilike(users.email, likePattern(filter.actor)), ilike(users.name, likePattern(filter.actor))))
      .limit(500);
    conditions.push(inArray(auditLog.actorUserId, matches.length ? matches.map((m) => m.id) : ["-"]));
  }
  if (filter.action) conditions.push(ilike(auditLog.action, `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (filter.from) conditions.push(gte(auditLog.at, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to) conditions.push(lt(auditLog.at, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000)));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorUserId: auditLog.actorUserId,
      actorName: users.name,
      actorEmail: users.email,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      organisationId: auditLog.organisationId,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE, page };
}

// ---------------------------------------------------------------- rescoring

/**
 * Scores every submitted assessment of a campaign again with the engine and definitions
 * running now. A result that comes out different is stored beside the old one (which stays,
 * no longer current) with the reason; an identical one is left alone. A granted seal whose new
 * result no longer passes is withdrawn. Logged with the reason.
 */
export async function rescoreCampaign({ campaignId, reason, actorUserId }: { campaignId: string; reason: string; actorUserId: string }) {
  const db = await getDb();
  const rows = await db
    .select({ assessment: assessments, result: results.result })
    .from(assessments)
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(eq(assessments.campaignId, campaignId))
    .orderBy(asc(assessments.id));
  let rescored = 0;
  let unchanged = 0;
  let sealsWithdrawn = 0;
  for (const { assessment } of rows) {
    const compiled = await getDefinition(assessment.versionId);
    if (!compiled) continue;
    await db.transaction(async (tx) => {
      const [current] = await tx
        .select({ result: results.result })
        .from(results)
        .where(and(eq(results.assessmentId, assessment.id), eq(results.current, true)))
        .for("update");
      // the facts frozen at submission (when the result recorded them) and the campaign's frozen norms
      const input = await scoringInputFor(tx, assessment, compiled);
      const frozenFacts = (current?.result as AssessmentResult | undefined)?.facts;
      if (frozenFacts) input.facts = { ...input.facts, ...frozenFacts };
      // the frozen survey aggregates are read like answers (none for a version without surveys)
      const surveyAnswers = compiled.aggregates.length ? await frozenSurveyAnswers(assessment.id, tx) : {};
      const fresh = scoreAssessment(compiled, { ...answerValues(await loadAnswers(assessment.id, tx)), ...surveyAnswers }, input);
      if (current && canonicalJson(current.result) === canonicalJson(JSON.parse(JSON.stringify(fresh)))) {
        unchanged++;
        return;
      }
      const before = current?.result as AssessmentResult | undefined;
      await storeResult(tx, assessment, fresh, actorUserId, reason);
      await tx.insert(assessmentEvents).values({ assessmentId: assessment.id, kind: "rescored", actorUserId, reason });
      if (assessment.sealGranted && !fresh.seal.passed) {
        await tx.update(assessments).set({ sealGranted: false }).where(eq(assessments.id, assessment.id));
        sealsWithdrawn++;
      }
      await audit(
        {
          action: "assessment.rescored",
          actorUserId,
          organisationId: assessment.organisationId,
          targetType: "assessment",
          targetId: assessment.id,
          details: { reason, from: before?.total ?? null, to: fresh.total, engineVersion: fresh.engineVersion },
        },
        tx,
      );
      rescored++;
    });
  }
  if (rescored > 0) refreshBenchmarksInBackground(campaignId);
  await audit({ action: "campaign.rescored", actorUserId, targetType: "campaign", targetId: campaignId, details: { reason, rescored, unchanged, sealsWithdrawn } });
  return { rescored, unchanged, sealsWithdrawn };
}

/** Every result an assessment has had, newest first: the history rescoring keeps. */
export async function resultHistory(assessmentId: string) {
  const db = await getDb();
  return db
    .select({ id: results.id, total: results.total, sealPassed: results.sealPassed, current: results.current, reason: results.reason, engineVersion: results.engineVersion, createdAt: results.createdAt })
    .from(results)
    .where(eq(results.assessmentId, assessmentId))
    .orderBy(desc(results.createdAt));
}

