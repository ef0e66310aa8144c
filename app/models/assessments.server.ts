import { and, asc, desc, eq, inArray, lt, ne, sql } from "drizzle-orm";
import { getDb, preparedPerConnection, type Db, type Tx } from "#db/client";
import {
  answers,
  assessmentEvents,
  assessments,
  campaigns,
  campaignVersions,
  organisations,
  pendingSaves,
  resultAxes,
  resultIndicators,
  results,
  users,
  type AssessmentStatus,
} from "#db/schema/index";
import {
  checkForSubmit,
  scoreAssessment,
  validateAnswer,
  type AnswerError,
  type AnswerValue,
  type Answers,
  type AssessmentResult,
  type CompiledDefinition,
  type SubmitProblem,
} from "#app/questionnaires/index";
import { audit } from "#app/utils/audit.server";
import { markBenchmarksStale, refreshBenchmarksInBackground } from "./benchmarks.server";
import { getDefinition } from "./definitions.server";
import { scoringInputFor } from "./norms.server";
import { flagsAtStore } from "./review-flags.server";
import { freezeSurveys, hasOpenedSurveys, networkSurveyMinimum, surveyAggregatesForSubmit, unfreezeSurveys, type SurveyProblem } from "./surveys.server";
import { aggregatesAsAnswers } from "#app/surveys/aggregates";

export const EDITABLE_STATUSES: readonly AssessmentStatus[] = ["draft", "returned"];

export type AssessmentRow = typeof assessments.$inferSelect;

export interface StoredAnswer {
  value: AnswerValue;
  note: string | null;
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
  updatedByName: string | null;
}

export async function listOrganisationAssessments(organisationId: string) {
  const db = await getDb();
  return db
    .select({
      id: assessments.id,
      questionnaire: assessments.questionnaire,
      versionId: assessments.versionId,
      status: assessments.status,
      submittedAt: assessments.submittedAt,
      sealGranted: assessments.sealGranted,
      campaignId: campaigns.id,
      year: campaigns.year,
      total: results.total,
      sealPassed: results.sealPassed,
      /** No answer stored and none kept from an expired session: an owner may discard it. */
      empty: sql<boolean>`(not exists (select 1 from ${answers} where ${answers.assessmentId} = ${assessments.id}) and not exists (select 1 from ${pendingSaves} where ${pendingSaves.assessmentId} = ${assessments.id}))`,
    })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .leftJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(eq(assessments.organisationId, organisationId))
    .orderBy(desc(campaigns.year), asc(assessments.questionnaire));
}

export type DiscardOutcome = { ok: true } | { ok: false; error: "not_found" | "assessment.notEmpty" };

/**
 * Removes a draft nobody has answered anything in (no answer, none kept from an expired session),
 * e.g. one started by mistake. The draft's row is locked first, so that a colleague's first
 * answer arriving at the same moment either lands before (and the draft is kept) or fails with
 * the draft gone; never is an answer deleted with it. Audited.
 */
export async function discardEmptyDraft({ organisationId, assessmentId, userId }: { organisationId: string; assessmentId: string; userId: string }): Promise<DiscardOutcome> {
  if (assessmentId.length > 64) return { ok: false, error: "not_found" };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: assessments.id, status: assessments.status, versionId: assessments.versionId, campaignId: assessments.campaignId })
      .from(assessments)
      .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)))
      .for("update");
    if (!row) return { ok: false, error: "not_found" } as const;
    const [used] = await tx
      .select({ one: sql<number>`1` })
      .from(answers)
      .where(eq(answers.assessmentId, assessmentId))
      .limit(1);
    const [kept] = await tx.select({ one: sql<number>`1` }).from(pendingSaves).where(eq(pendingSaves.assessmentId, assessmentId)).limit(1);
    // an opened stakeholder survey may hold responses (and its link is out): the draft is not empty
    const surveyed = await hasOpenedSurveys(tx, assessmentId);
    if (row.status !== "draft" || used || kept || surveyed) return { ok: false, error: "assessment.notEmpty" } as const;
    await tx.delete(assessments).where(eq(assessments.id, assessmentId));
    await audit(
      { action: "assessment.discarded", actorUserId: userId, organisationId, targetType: "assessment", targetId: assessmentId, details: { versionId: row.versionId, campaignId: row.campaignId } },
      tx,
    );
    return { ok: true } as const;
  });
}

/** The assessment, only if it belongs to the organisation the guard allowed. */
export async function getAssessment(organisationId: string, assessmentId: string) {
  if (assessmentId.length > 64) return null;
  const db = await getDb();
  const [row] = await db
    .select({ assessment: assessments, campaign: campaigns })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)));
  if (!row) return null;
  const compiled = await getDefinition(row.assessment.versionId);
  if (!compiled) return null;
  return { ...row, compiled };
}

export function isEditable(assessment: Pick<AssessmentRow, "status">, campaign: { status: string }) {
  if (assessment.status === "returned") return true;
  return assessment.status === "draft" && campaign.status === "open";
}

export type StartOutcome = { ok: true; assessmentId: string } | { ok: false; error: string };

/** One assessment per organisation, campaign and questionnaire: starting twice opens the first. */
export async function startAssessment({
  organisationId,
  campaignId,
  versionId,
  userId,
}: {
  organisationId: string;
  campaignId: string;
  versionId: string;
  userId: string;
}): Promise<StartOutcome> {
  const db = await getDb();
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign || campaign.status !== "open") return { ok: false, error: "assessment.campaignNotOpen" };
  const [offered] = await db
    .select({ versionId: campaignVersions.versionId })
    .from(campaignVersions)
    .where(and(eq(campaignVersions.campaignId, campaignId), eq(campaignVersions.versionId, versionId)));
  const compiled = offered ? await getDefinition(versionId) : undefined;
  if (!compiled) return { ok: false, error: "assessment.versionNotOffered" };
  const questionnaire = compiled.definition.questionnaire;
  // One balance per organisation and campaign: a second questionnaire beside a draft is refused
  // (starting the same one again leads to the draft).
  const [other] = await db
    .select({ id: assessments.id, questionnaire: assessments.questionnaire })
    .from(assessments)
    .where(and(eq(assessments.organisationId, organisationId), eq(assessments.campaignId, campaignId)));
  if (other) return other.questionnaire === questionnaire ? { ok: true, assessmentId: other.id } : { ok: false, error: "assessment.alreadyStarted" };
  const [created] = await db
    .insert(assessments)
    .values({ organisationId, campaignId, questionnaire, versionId, createdBy: userId })
    .onConflictDoNothing()
    .returning({ id: assessments.id });
  if (created) {
    await audit({ action: "assessment.started", actorUserId: userId, organisationId, targetType: "assessment", targetId: created.id, details: { versionId } });
    return { ok: true, assessmentId: created.id };
  }
  const [existing] = await db
    .select({ id: assessments.id })
    .from(assessments)
    .where(and(eq(assessments.organisationId, organisationId), eq(assessments.campaignId, campaignId), eq(assessments.questionnaire, questionnaire)));
  return { ok: true, assessmentId: existing.id };
}

/** A stored answer as pages and conflicts show it (join users on answers.updatedBy for the name). */
const storedAnswerColumns = {
  value: answers.value,
  note: answers.note,
  revision: answers.revision,
  updatedAt: answers.updatedAt,
  updatedBy: answers.updatedBy,
  updatedByName: users.name,
};

export async function loadAnswers(assessmentId: string, tx?: Tx): Promise<Map<string, StoredAnswer>> {
  const db = tx ?? (await getDb());
  const rows = await db
    .select({ questionId: answers.questionId, ...storedAnswerColumns })
    .from(answers)
    .leftJoin(users, eq(users.id, answers.updatedBy))
    .where(eq(answers.assessmentId, assessmentId));
  return new Map(rows.map((r) => [r.questionId, { ...r, value: (r.value ?? null) as AnswerValue }]));
}

/** The given answers only, without the writers' names (enough to save). */
async function loadAnswersOf(assessmentId: string, questionIds: string[]): Promise<Map<string, StoredAnswer>> {
  if (questionIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db
    .select({ questionId: answers.questionId, value: answers.value, note: answers.note, revision: answers.revision, updatedAt: answers.updatedAt, updatedBy: answers.updatedBy })
    .from(answers)
    .where(and(eq(answers.assessmentId, assessmentId), inArray(answers.questionId, questionIds)));
  return new Map(rows.map((r) => [r.questionId, { ...r, value: (r.value ?? null) as AnswerValue, updatedByName: null }]));
}

export function answerValues(stored: Map<string, StoredAnswer>): Answers {
  const out: Answers = {};
  for (const [id, a] of stored) out[id] = a.value;
  return out;
}

/**
 * Last year's answers for the side-by-side view: the organisation's most recent earlier
 * assessment (same questionnaire first, else any), since shared questions keep their ids.
 */
export async function previousAnswers(organisationId: string, questionnaire: string, year: number) {
  const db = await getDb();
  const earlier = await db
    .select({ id: assessments.id, questionnaire: assessments.questionnaire, year: campaigns.year })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .where(and(eq(assessments.organisationId, organisationId), lt(campaigns.year, year), ne(assessments.status, "draft")))
    .orderBy(desc(campaigns.year));
  const best = earlier.find((e) => e.questionnaire === questionnaire) ?? earlier[0];
  if (!best) return null;
  return { year: best.year, answers: answerValues(await loadAnswers(best.id)) };
}

export type SaveOutcome =
  | { status: "saved"; questionId: string; value: AnswerValue; note: string | null; revision: number; updatedAt: string }
  | { status: "invalid"; questionId: string; error: AnswerError }
  | {
      status: "conflict";
      questionId: string;
      current: { value: AnswerValue; note: string | null; revision: number; updatedAt: string; updatedByName: string | null };
    }
  | { status: "read_only"; questionId: string };

export interface AnswerInput {
  questionId: string;
  raw: unknown;
  /** undefined: leave the note as it is. */
  note?: string | null;
  /** The revision the person was editing from; null when they saw no answer. */
  baseRevision: number | null;
  /** The browser's id of this change (autosave): a retry of a committed save is recognised. */
  saveId?: string;
  /** The browser's earlier changes of this answer whose replies never came: if one of them wrote the stored revision, it is the person's own. */
  unconfirmedSaveIds?: string[];
}

const MAX_NOTE_LENGTH = 5000;

/** A question whose limits are expressions over other answers: validating it reads them all. */
function dependsOnOtherAnswers(compiled: CompiledDefinition, questionId: string) {
  const q = compiled.questionById.get(questionId);
  return q !== undefined && (typeof q.min === "function" || typeof q.max === "function");
}

function sameAnswer(a: { value: AnswerValue; note: string | null }, b: { value: AnswerValue; note: string | null | undefined }) {
  return JSON.stringify(a.value) === JSON.stringify(b.value) && (b.note === undefined || (a.note ?? null) === (b.note ?? null));
}

/**
 * Saves answers one by one (each its own upsert, so two colleagues editing different answers
 * both persist). A save from a stale revision is refused as a conflict unless it writes what is
 * already there (a retried request). Cross-field limits are checked against the other answers.
 */
export async function saveAnswers({
  assessmentId,
  compiled,
  inputs,
  userId,
  known,
}: {
  assessmentId: string;
  compiled: CompiledDefinition;
  inputs: AnswerInput[];
  userId: string;
  /** The inputs' stored answers, when the caller has just read them (the autosave lookup). */
  known?: Map<string, StoredAnswer>;
}): Promise<SaveOutcome[]> {
  const db = await getDb();
  // Most saves touch one answer without limits on other answers: read just that row.
  const needsAll = inputs.length > 1 || inputs.some((i) => dependsOnOtherAnswers(compiled, i.questionId));
  const stored = needsAll ? await loadAnswers(assessmentId) : (known ?? (await loadAnswersOf(assessmentId, inputs.map((i) => i.questionId))));
  const current = answerValues(stored);
  const validated: Array<{ input: AnswerInput; value: AnswerValue } | SaveOutcome> = [];
  // Validate against the answers as they will be after this save (a section is saved whole).
  const pendingValues: Answers = { ...current };
  if (inputs.length > 1) {
    for (const input of inputs) {
      const check = validateAnswer(compiled, input.questionId, input.raw, current);
      if (check.ok) pendingValues[input.questionId] = check.value;
    }
  }
  for (const input of inputs) {
    if (input.note && input.note.length > MAX_NOTE_LENGTH) {
      validated.push({ status: "invalid", questionId: input.questionId, error: { code: "too_long", params: { max: MAX_NOTE_LENGTH } } });
      continue;
    }
    const check = validateAnswer(compiled, input.questionId, input.raw, pendingValues);
    validated.push(check.ok ? { input, value: check.value } : { status: "invalid", questionId: input.questionId, error: check.error });
  }
  const outcomes: SaveOutcome[] = [];
  for (const item of validated) {
    if ("status" in item) {
      outcomes.push(item);
      continue;
    }
    outcomes.push(await upsertAnswer(db, assessmentId, item.input, item.value, userId, stored.get(item.input.questionId)));
  }
  return outcomes;
}

/**
 * The two writes of a save, prepared once per connection: a first answer (revision 1, unless a
 * colleague's got there first) and a new revision of the one the person saw.
 */
const answerWrites = preparedPerConnection((db: Db) => {
  const p = sql.placeholder;
  return {
    insert: db
      .insert(answers)
      .values({ assessmentId: p("assessmentId"), questionId: p("questionId"), value: p("value"), note: p("note"), revision: 1, updatedBy: p("userId"), updatedAt: p("now"), saveId: p("saveId") })
      .onConflictDoNothing()
      .returning({ revision: answers.revision, note: answers.note })
      .prepare("answer_insert"),
    update: db
      .update(answers)
      .set({
        value: p("value"),
        // undefined note in the input: leave the stored note as it is
        note: sql`case when ${p("keepNote")}::boolean then ${answers.note} else ${p("note")}::text end`,
        // (drizzle types update values without placeholders: cast them in SQL)
        updatedBy: sql`${p("userId")}::text`,
        updatedAt: sql`${p("now")}::timestamptz`,
        revision: sql`${p("revision")}::int`,
        saveId: sql`${p("saveId")}::text`,
      })
      .where(and(eq(answers.assessmentId, p("assessmentId")), eq(answers.questionId, p("questionId")), eq(answers.revision, p("baseRevision"))))
      .returning({ revision: answers.revision, note: answers.note })
      .prepare("answer_update"),
  };
});

async function upsertAnswer(
  db: Awaited<ReturnType<typeof getDb>>,
  assessmentId: string,
  input: AnswerInput,
  value: AnswerValue,
  userId: string,
  before: StoredAnswer | undefined,
  retried = false,
): Promise<SaveOutcome> {
  const now = new Date();
  const questionId = input.questionId;
  // Nothing changed: acknowledge without a new revision.
  if (before && before.revision === input.baseRevision && sameAnswer(before, { value, note: input.note })) {
    return { status: "saved", questionId, value, note: before.note, revision: before.revision, updatedAt: before.updatedAt.toISOString() };
  }
  const writes = answerWrites(db);
  const written =
    input.baseRevision === null || input.baseRevision === 0
      ? await writes.insert.execute({ assessmentId, questionId, value, note: input.note ?? null, userId, now, saveId: input.saveId ?? null })
      : await writes.update.execute({
          assessmentId,
          questionId,
          value,
          keepNote: input.note === undefined,
          note: input.note ?? null,
          userId,
          now: now.toISOString(),
          baseRevision: input.baseRevision,
          revision: input.baseRevision + 1,
          saveId: input.saveId ?? null,
        });
  if (written.length === 1) {
    return { status: "saved", questionId, value, note: written[0].note, revision: written[0].revision, updatedAt: now.toISOString() };
  }
  const [latest] = await db
    .select({ ...storedAnswerColumns, saveId: answers.saveId })
    .from(answers)
    .leftJoin(users, eq(users.id, answers.updatedBy))
    .where(and(eq(answers.assessmentId, assessmentId), eq(answers.questionId, questionId)));
  if (!latest) {
    // Someone's revision without a row (cannot happen in normal use): write it fresh.
    return upsertAnswer(db, assessmentId, { ...input, baseRevision: null }, value, userId, undefined);
  }
  const latestValue = (latest.value ?? null) as AnswerValue;
  const own = latest.updatedBy === userId && latest.saveId !== null;
  if (own && latest.saveId === input.saveId) {
    // This very change was committed and its reply lost: acknowledge it.
    return { status: "saved", questionId, value: latestValue, note: latest.note, revision: latest.revision, updatedAt: latest.updatedAt.toISOString() };
  }
  if (own && input.unconfirmedSaveIds?.includes(latest.saveId!) && latest.revision !== input.baseRevision && !retried) {
    // The stored revision is the person's own earlier change whose reply was lost: carry on from it.
    return upsertAnswer(db, assessmentId, { ...input, baseRevision: latest.revision }, value, userId, undefined, true);
  }
  if (sameAnswer({ value: latestValue, note: latest.note }, { value, note: input.note })) {
    return { status: "saved", questionId, value, note: latest.note, revision: latest.revision, updatedAt: latest.updatedAt.toISOString() };
  }
  return {
    status: "conflict",
    questionId,
    current: { value: latestValue, note: latest.note, revision: latest.revision, updatedAt: latest.updatedAt.toISOString(), updatedByName: latest.updatedByName },
  };
}

export type SubmitOutcome =
  | { ok: true; resultId: string; alreadySubmitted: boolean }
  | { ok: false; reason: "invalid"; problems: SubmitProblem[] }
  | { ok: false; reason: "surveys"; surveyProblems: SurveyProblem[] }
  | { ok: false; reason: "not_editable" };

/** Writes a result and its indicator and axis rows (inside the caller's transaction). */
export async function storeResult(
  tx: Tx,
  assessment: Pick<AssessmentRow, "id" | "organisationId" | "campaignId" | "versionId" | "questionnaire">,
  result: AssessmentResult,
  createdBy: string | null,
  reason: string | null = null,
) {
  const flags = await flagsAtStore(tx, assessment, result);
  // The breakdowns of the submission: those of the result this one replaces (a rescoring), else the
  // organisation's values now.
  const breakdownColumns = { legalForm: results.legalForm, sector: results.sector, region: results.region, sizeBand: results.sizeBand, breakdownsSource: results.breakdownsSource };
  const [replaced] = await tx
    .select(breakdownColumns)
    .from(results)
    .where(and(eq(results.assessmentId, assessment.id), eq(results.current, true)));
  const breakdowns =
    replaced ??
    (
      await tx
        .select({ legalForm: organisations.legalForm, sector: organisations.sector, region: organisations.region, sizeBand: organisations.sizeBand })
        .from(organisations)
        .where(eq(organisations.id, assessment.organisationId))
    ).map((o) => ({ ...o, breakdownsSource: "submission" }))[0] ??
    { legalForm: null, sector: null, region: null, sizeBand: null, breakdownsSource: "submission" };
  await tx.update(results).set({ current: false }).where(and(eq(results.assessmentId, assessment.id), eq(results.current, true)));
  const [row] = await tx
    .insert(results)
    .values({
      assessmentId: assessment.id,
      organisationId: assessment.organisationId,
      campaignId: assessment.campaignId,
      versionId: assessment.versionId,
      definitionHash: result.definitionHash,
      engineVersion: result.engineVersion,
      total: result.total,
      sealPassed: result.seal.passed,
      result,
      flags,
      current: true,
      reason,
      ...breakdowns,
      createdBy,
    })
    .returning({ id: results.id });
  if (result.indicators.length) {
    await tx.insert(resultIndicators).values(
      result.indicators.map((i) => ({ resultId: row.id, code: i.code, axis: i.axis, value: i.value, score: i.score, applicable: i.applicable, reason: i.reason ?? null })),
    );
  }
  if (result.axes.length) {
    await tx.insert(resultAxes).values(result.axes.map((a) => ({ resultId: row.id, axis: a.id, score: a.score, applicable: a.applicable })));
  }
  // Last: the campaign's one benchmark row stays locked only until this transaction commits.
  await markBenchmarksStale(tx, assessment.campaignId);
  return row.id;
}

/**
 * Submission: checks every answer, scores with the engine and stores the result in the same
 * transaction that marks the assessment submitted. A second submit (double click, back button)
 * finds it submitted and returns the same result.
 */
export async function submitAssessment({ organisationId, assessmentId, userId }: { organisationId: string; assessmentId: string; userId: string }): Promise<SubmitOutcome> {
  const db = await getDb();
  let scoredCampaign: string | null = null;
  const surveyMinimum = await networkSurveyMinimum();
  const outcome = await db.transaction(async (tx): Promise<SubmitOutcome> => {
    const [assessment] = await tx
      .select()
      .from(assessments)
      .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)))
      .for("update");
    if (!assessment) return { ok: false, reason: "not_editable" };
    const [campaign] = await tx.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, assessment.campaignId));
    if (!EDITABLE_STATUSES.includes(assessment.status)) {
      const [current] = await tx.select({ id: results.id }).from(results).where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
      return current ? { ok: true, resultId: current.id, alreadySubmitted: true } : { ok: false, reason: "not_editable" };
    }
    if (!isEditable(assessment, campaign)) return { ok: false, reason: "not_editable" };
    const compiled = await getDefinition(assessment.versionId);
    if (!compiled) return { ok: false, reason: "not_editable" };
    const values = answerValues(await loadAnswers(assessmentId, tx));
    const problems = checkForSubmit(compiled, values);
    if (problems.length) return { ok: false, reason: "invalid", problems };
    // the organisation's facts and the campaign's norms, frozen into the result; stakeholder
    // surveys: required ones must have reached their minimum, their aggregates are read like answers
    const surveyed = await surveyAggregatesForSubmit(tx, assessmentId, compiled, surveyMinimum);
    if (surveyed.problems.length) return { ok: false, reason: "surveys", surveyProblems: surveyed.problems };
    const read = surveyed.aggregates.length ? { ...values, ...aggregatesAsAnswers(surveyed.aggregates) } : values;
    const result = scoreAssessment(compiled, read, await scoringInputFor(tx, assessment, compiled));
    const resultId = await storeResult(tx, assessment, result, userId);
    await freezeSurveys(tx, assessmentId, surveyed.aggregates);
    scoredCampaign = assessment.campaignId;
    await tx.update(assessments).set({ status: "submitted", submittedAt: new Date(), submittedBy: userId }).where(eq(assessments.id, assessmentId));
    await tx.insert(assessmentEvents).values({ assessmentId, kind: "submitted", actorUserId: userId });
    await audit({ action: "assessment.submitted", actorUserId: userId, organisationId, targetType: "assessment", targetId: assessmentId, details: { total: result.total, seal: result.seal.passed } }, tx);
    return { ok: true, resultId, alreadySubmitted: false };
  });
  if (scoredCampaign) refreshBenchmarksInBackground(scoredCampaign);
  return outcome;
}

/** Network staff reopen a submitted assessment for changes; logged with the reason. */
export async function reopenAssessment({ assessmentId, userId, reason }: { assessmentId: string; userId: string; reason: string }) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [assessment] = await tx.select().from(assessments).where(eq(assessments.id, assessmentId)).for("update");
    if (!assessment || EDITABLE_STATUSES.includes(assessment.status)) return { ok: false as const };
    await tx.update(assessments).set({ status: "returned", sealGranted: false }).where(eq(assessments.id, assessmentId));
    await unfreezeSurveys(tx, assessmentId);
    await tx.insert(assessmentEvents).values({ assessmentId, kind: "reopened", actorUserId: userId, reason });
    await audit({ action: "assessment.reopened", actorUserId: userId, organisationId: assessment.organisationId, targetType: "assessment", targetId: assessmentId, details: { reason } }, tx);
    return { ok: true as const };
  });
}

export async function assessmentEventsOf(assessmentId: string) {
  const db = await getDb();
  return db
    .select({ kind: assessmentEvents.kind, reason: assessmentEvents.reason, at: assessmentEvents.at, actorName: users.name })
    .from(assessmentEvents)
    .leftJoin(users, eq(users.id, assessmentEvents.actorUserId))
    .where(eq(assessmentEvents.assessmentId, assessmentId))
    .orderBy(asc(assessmentEvents.at));
}

export async function currentResult(assessmentId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: results.id, result: results.result, total: results.total, sealPassed: results.sealPassed, createdAt: results.createdAt })
    .from(results)
    .where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
  return row ? { ...row, result: row.result as AssessmentResult } : null;
}

