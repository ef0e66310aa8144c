import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { answers, assessments, campaigns, organisations, results } from "#db/schema/index";
import type { AssessmentResult } from "#app/questionnaires/index";
import { toCsv } from "#app/reports/csv";
import { audit } from "#app/utils/audit.server";
import { listDefinitions } from "./definitions.server";

/** Columns of the results CSV: the same for every year and version (one row per code and year). */
export const RESULT_COLUMNS = ["year", "questionnaire", "version", "code", "axis", "unit", "value", "score", "scored", "applicable", "reason"] as const;
export const ANSWER_COLUMNS = ["year", "questionnaire", "version", "question_id", "value", "note"] as const;

/**
 * The organisation's own data, every year: each submitted assessment with its current result
 * (total, seal, axes, indicators) and its answers. Three queries.
 */
export async function organisationExport(organisationId: string) {
  const db = await getDb();
  const [org] = await db.select({ id: organisations.id, name: organisations.name, legalForm: organisations.legalForm }).from(organisations).where(eq(organisations.id, organisationId));
  if (!org) return null;
  const rows = await db
    .select({
      assessmentId: assessments.id,
      questionnaire: assessments.questionnaire,
      status: assessments.status,
      sealGranted: assessments.sealGranted,
      year: campaigns.year,
      versionId: results.versionId,
      total: results.total,
      result: results.result,
    })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(eq(assessments.organisationId, organisationId))
    .orderBy(asc(campaigns.year), asc(assessments.questionnaire));
  const answerRows = rows.length
    ? await db
        .select({ assessmentId: answers.assessmentId, questionId: answers.questionId, value: answers.value, note: answers.note })
        .from(answers)
        .where(inArray(answers.assessmentId, rows.map((r) => r.assessmentId)))
        .orderBy(asc(answers.questionId))
    : [];
  const units = new Map<string, string>();
  for (const d of await listDefinitions()) for (const i of d.definition.indicators) units.set(`${d.definition.questionnaire}@${d.definition.version}:${i.code}`, i.unit);
  return {
    organisation: org,
    years: rows.map((r) => {
      const result = r.result as AssessmentResult;
      return {
        year: r.year,
        questionnaire: r.questionnaire,
        version: result.version,
        status: r.status,
        total: r.total,
        seal: { passed: result.seal.passed, granted: r.sealGranted },
        engineVersion: result.engineVersion,
        definitionHash: result.definitionHash,
        axes: result.axes.map((a) => ({ axis: a.id, score: a.score, applicable: a.applicable })),
        indicators: result.indicators.map((i) => ({
          code: i.code,
          axis: i.axis,
          unit: units.get(`${r.versionId}:${i.code}`) ?? null,
          value: i.value,
          score: i.score,
          scored: i.scored,
          applicable: i.applicable,
          reason: i.reason ?? null,
        })),
        answers: answerRows.filter((a) => a.assessmentId === r.assessmentId).map((a) => ({ questionId: a.questionId, value: a.value ?? null, note: a.note })),
      };
    }),
  };
}

export type OrganisationExport = NonNullable<Awaited<ReturnType<typeof organisationExport>>>;

export function resultsCsv(data: OrganisationExport): string {
  return toCsv(
    RESULT_COLUMNS,
    data.years.flatMap((y) => y.indicators.map((i) => [y.year, y.questionnaire, y.version, i.code, i.axis, i.unit, i.value, i.score, i.scored, i.applicable, i.reason])),
  );
}

export function answersCsv(data: OrganisationExport): string {
  return toCsv(
    ANSWER_COLUMNS,
    data.years.flatMap((y) =>
      y.answers.map((a) => [y.year, y.questionnaire, y.version, a.questionId, a.value === null ? null : Array.isArray(a.value) ? a.value.join(";") : String(a.value), a.note]),
    ),
  );
}

export async function logExport({ organisationId, userId, format }: { organisationId: string; userId: string; format: string }) {
  await audit({ action: "organisation.exported", actorUserId: userId, organisationId, targetType: "organisation", targetId: organisationId, details: { format } });
}
