import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "#db/client";
import { answers, assessments, campaigns, results } from "#db/schema/index";
import type { AssessmentResult } from "#app/questionnaires/index";
import { computeFlags, INCOHERENCE_RULES, type Flag, type FlagResult } from "#app/review/flags";

const FLAG_QUESTIONS = [...new Set(INCOHERENCE_RULES.flatMap((r) => r.questionIds))];

export interface FlagSubject {
  assessmentId: string;
  organisationId: string;
  questionnaire: string;
  year: number;
  result: AssessmentResult;
}

/**
 * Review flags of some assessments, from each one's result, the organisation's latest earlier
 * result (same questionnaire first) and the answers the coherence rules read: two queries for
 * all of them. Called when a result is stored (one assessment) and for results stored before
 * flags were kept (one page of the queue at most).
 */
export async function computeFlagsOf(subjects: FlagSubject[], db?: Db | Tx): Promise<Map<string, Flag[]>> {
  const out = new Map<string, Flag[]>();
  if (subjects.length === 0) return out;
  const q = db ?? (await getDb());
  const ids = subjects.map((r) => r.assessmentId);
  const answerRows = await q
    .select({ assessmentId: answers.assessmentId, questionId: answers.questionId, value: answers.value })
    .from(answers)
    .where(and(inArray(answers.assessmentId, ids), inArray(answers.questionId, FLAG_QUESTIONS)));
  const answersBy = new Map<string, Record<string, unknown>>();
  for (const a of answerRows) {
    const map = answersBy.get(a.assessmentId) ?? {};
    map[a.questionId] = a.value;
    answersBy.set(a.assessmentId, map);
  }
  const orgIds = [...new Set(subjects.map((r) => r.organisationId))];
  const year = Math.max(...subjects.map((r) => r.year));
  const earlier = await q
    .select({ organisationId: results.organisationId, questionnaire: assessments.questionnaire, year: campaigns.year, result: results.result })
    .from(results)
    .innerJoin(assessments, eq(assessments.id, results.assessmentId))
    .innerJoin(campaigns, eq(campaigns.id, results.campaignId))
    .where(and(inArray(results.organisationId, orgIds), eq(results.current, true), lt(campaigns.year, year)))
    .orderBy(desc(campaigns.year));
  const earlierBy = new Map<string, typeof earlier>();
  for (const e of earlier) earlierBy.set(e.organisationId, [...(earlierBy.get(e.organisationId) ?? []), e]);
  for (const row of subjects) {
    const before = (earlierBy.get(row.organisationId) ?? []).filter((e) => e.year < row.year);
    const previous = before.find((e) => e.questionnaire === row.questionnaire) ?? before[0];
    out.set(
      row.assessmentId,
      computeFlags({ result: row.result as FlagResult, previous: previous ? (previous.result as FlagResult) : null, answers: answersBy.get(row.assessmentId) ?? {} }),
    );
  }
  return out;
}

/** Flags of the assessment whose result is being stored, in the storing transaction. */
export async function flagsAtStore(tx: Tx, assessment: { id: string; organisationId: string; campaignId: string; questionnaire: string }, result: AssessmentResult) {
  const [campaign] = await tx.select({ year: campaigns.year }).from(campaigns).where(eq(campaigns.id, assessment.campaignId));
  if (!campaign) return [];
  const flags = await computeFlagsOf([{ assessmentId: assessment.id, organisationId: assessment.organisationId, questionnaire: assessment.questionnaire, year: campaign.year, result }], tx);
  return flags.get(assessment.id) ?? [];
}

/** Keeps flags computed for results stored before flags were kept, so that they are computed once. */
export async function storeFlags(flags: Map<string, Flag[]>) {
  if (flags.size === 0) return;
  const db = await getDb();
  const rows = [...flags].map(([assessmentId, f]) => sql`(${assessmentId}, ${JSON.stringify(f)}::jsonb)`);
  await db.execute(sql`
    update results set flags = v.flags from (values ${sql.join(rows, sql`, `)}) as v(assessment_id, flags)
    where results.assessment_id = v.assessment_id and results.current and results.flags is null
  `);
}
