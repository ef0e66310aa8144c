/**
 * Stakeholder surveys: the only module that queries the survey tables (docs/surveys.md).
 *
 * What the organisation and the staff get from here is aggregates, and only past the minimum:
 * no function returns one response, a respondent's answers to anyone but that respondent (by
 * the token in their own cookie), or free text below the minimum.
 */
import { and, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { getDb, type Tx } from "#db/client";
import { assessments, campaigns, surveyCodes, surveyResponses, surveyResults, surveys } from "#db/schema/index";
import type { Survey } from "#app/questionnaires/schema";
import type { CompiledDefinition } from "#app/scoring/compile-definition";
import { aggregateSurvey, aggregatesAsAnswers, effectiveMinimum, freeTextList, type ResponseAnswers, type SurveyAggregates, type SurveyOverview } from "#app/surveys/aggregates";
import { CODES_PER_BATCH, CODES_PER_SURVEY, codeFromBytes, normalizeCode, surveyOfGroup, surveyState, utcDay, type ResponsePatch, type SurveyState } from "#app/surveys/rules";
import { audit } from "#app/utils/audit.server";
import { randomToken, sha256 } from "#app/utils/crypto.server";
import { countOf, LIMITS, on, reserve, windowStart } from "#app/utils/rate-limit.server";
import { getDefinition } from "./definitions.server";
import { getSetting } from "./settings.server";

export type SurveyRow = typeof surveys.$inferSelect;

export async function networkSurveyMinimum(): Promise<number> {
  return getSetting("surveys.minimum_responses");
}

async function assessmentOf(organisationId: string, assessmentId: string) {
  if (assessmentId.length > 64) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: assessments.id, versionId: assessments.versionId, status: assessments.status, campaignStatus: campaigns.status })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)));
  if (!row) return null;
  const compiled = await getDefinition(row.versionId);
  return compiled ? { ...row, compiled } : null;
}

async function countsOf(surveyIds: string[], tx?: Tx) {
  const db = tx ?? (await getDb());
  const out = new Map<string, { responses: number; codesIssued: number; codesUsed: number }>();
  for (const id of surveyIds) out.set(id, { responses: 0, codesIssued: 0, codesUsed: 0 });
  if (!surveyIds.length) return out;
  const responses = await db
    .select({ surveyId: surveyResponses.surveyId, n: count() })
    .from(surveyResponses)
    .where(and(inArray(surveyResponses.surveyId, surveyIds), eq(surveyResponses.completed, true)))
    .groupBy(surveyResponses.surveyId);
  for (const r of responses) out.get(r.surveyId)!.responses = Number(r.n);
  const codes = await db
    .select({ surveyId: surveyCodes.surveyId, n: count(), used: count(surveyCodes.usedOn) })
    .from(surveyCodes)
    .where(inArray(surveyCodes.surveyId, surveyIds))
    .groupBy(surveyCodes.surveyId);
  for (const c of codes) Object.assign(out.get(c.surveyId)!, { codesIssued: Number(c.n), codesUsed: Number(c.used) });
  return out;
}

/** Completed responses' answers of one survey, for aggregation only (never returned to a page). */
async function completedAnswers(surveyId: string, tx?: Tx): Promise<ResponseAnswers[]> {
  const db = tx ?? (await getDb());
  const rows = await db.select({ answers: surveyResponses.answers }).from(surveyResponses).where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.completed, true)));
  return rows.map((r) => r.answers);
}


/**
 * The surveys a version declares, for one assessment: opened or not, progress, and aggregates
 * past the minimum (frozen ones once the assessment was submitted).
 */
export async function surveysOfAssessment({ organisationId, assessmentId, now = new Date() }: { organisationId: string; assessmentId: string; now?: Date }): Promise<SurveyOverview[] | null> {
  const found = await assessmentOf(organisationId, assessmentId);
  if (!found) return null;
  const declared = found.compiled.definition.surveys ?? [];
  if (!declared.length) return [];
  const db = await getDb();
  const rows = await db.select().from(surveys).where(eq(surveys.assessmentId, assessmentId));
  const frozenRows = await db.select().from(surveyResults).where(eq(surveyResults.assessmentId, assessmentId));
  const counts = await countsOf(rows.map((r) => r.id));
  const network = await networkSurveyMinimum();
  const today = utcDay(now);
  const out: SurveyOverview[] = [];
  for (const s of declared) {
    const row = rows.find((r) => r.groupId === s.group) ?? null;
    const frozen = frozenRows.find((f) => f.groupId === s.group) ?? null;
    const c = row ? counts.get(row.id)! : { responses: 0, codesIssued: 0, codesUsed: 0 };
    const minimum = frozen?.minimum ?? effectiveMinimum(s, network);
    let aggregates: SurveyAggregates | null = null;
    const freeText: Record<string, string[]> = {};
    if (frozen) {
      aggregates = { group: s.group, responses: frozen.responses, minimum: frozen.minimum, codesIssued: frozen.codesIssued, released: frozen.released, values: frozen.values, answered: frozen.answered };
    } else if (row && c.responses >= minimum && surveyState(row, today) !== "open") {
      // only once the survey takes no more answers: results that moved with each new response
      // would tell, by difference, what the last respondent answered
      aggregates = aggregateSurvey(s, await completedAnswers(row.id), { minimum, codesIssued: c.codesIssued });
    }
    if (row && aggregates?.released) {
      const texts = s.questions.filter((q) => q.type === "free_text");
      if (texts.length) {
        const answers = await completedAnswers(row.id);
        for (const q of texts) freeText[q.id] = freeTextList(answers.map((a) => a[q.id] as string | undefined), true);
      }
    }
    out.push({
      group: s.group,
      definition: s,
      minimum,
      opened: row ? { id: row.id, linkToken: row.linkToken, status: row.status, closesOn: row.closesOn, codesRequired: row.codesRequired, state: surveyState(row, today) } : null,
      responses: frozen?.responses ?? c.responses,
      codesIssued: frozen?.codesIssued ?? c.codesIssued,
      codesUsed: c.codesUsed,
      aggregates,
      freeText,
      frozen: frozen !== null,
    });
  }
  return out;
}

export type SurveyChange = { ok: true; surveyId: string } | { ok: false; error: "unknownGroup" | "notEditable" | "notFound" | "resultsShown" };

/** Opens the survey of a declared group for an assessment being filled in (once per group). */
export async function openSurvey({ organisationId, assessmentId, group, userId }: { organisationId: string; assessmentId: string; group: string; userId: string }): Promise<SurveyChange> {
  const found = await assessmentOf(organisationId, assessmentId);
  if (!found) return { ok: false, error: "notFound" };
  if (!surveyOfGroup(found.compiled.definition.surveys, group)) return { ok: false, error: "unknownGroup" };
  if (!["draft", "returned"].includes(found.status)) return { ok: false, error: "notEditable" };
  const db = await getDb();
  const [created] = await db
    .insert(surveys)
    .values({ assessmentId, organisationId, groupId: group, linkToken: randomToken(16), createdBy: userId })
    .onConflictDoNothing()
    .returning({ id: surveys.id });
  if (created) {
    await audit({ action: "survey.opened", actorUserId: userId, organisationId, targetType: "survey", targetId: created.id, details: { group } });
    return { ok: true, surveyId: created.id };
  }
  const [existing] = await db.select({ id: surveys.id }).from(surveys).where(and(eq(surveys.assessmentId, assessmentId), eq(surveys.groupId, group)));
  return { ok: true, surveyId: existing.id };
}

async function ownedSurvey(organisationId: string, surveyId: string) {
  if (surveyId.length > 64) return null;
  const db = await getDb();
  const [row] = await db.select().from(surveys).where(and(eq(surveys.id, surveyId), eq(surveys.organisationId, organisationId)));
  return row ?? null;
}

/**
 * Whether a change would let a survey whose results were shown take answers again (reopening it,
 * or moving its passed closing date): one more answer, then closing again, would show that one
 * person's answers as the difference between two sets of results. Such a survey stays closed.
 */
async function wouldReopenShownResults(row: typeof surveys.$inferSelect, change: { status?: "open" | "closed"; closesOn?: string | null }, now: Date) {
  const today = utcDay(now);
  if (surveyState(row, today) === "open") return false;
  const after = { ...row, ...(change.status ? { status: change.status } : {}), ...(change.closesOn !== undefined ? { closesOn: change.closesOn } : {}) };
  if (surveyState(after, today) !== "open") return false;
  const [assessment] = await (await getDb()).select({ versionId: assessments.versionId }).from(assessments).where(eq(assessments.id, row.assessmentId));
  const declared = assessment ? surveyOfGroup((await getDefinition(assessment.versionId))?.definition.surveys, row.groupId) : null;
  if (!declared) return false;
  const responses = (await countsOf([row.id])).get(row.id)!.responses;
  return responses >= effectiveMinimum(declared, await networkSurveyMinimum());
}

/** Close, reopen, set or clear the closing date, require codes. A frozen survey does not change. */
export async function updateSurvey({
  organisationId,
  surveyId,
  userId,
  change,
  now = new Date(),
}: {
  organisationId: string;
  surveyId: string;
  userId: string;
  change: { status?: "open" | "closed"; closesOn?: string | null; codesRequired?: boolean };
  now?: Date;
}): Promise<SurveyChange> {
  const row = await ownedSurvey(organisationId, surveyId);
  if (!row) return { ok: false, error: "notFound" };
  if (row.frozenAt) return { ok: false, error: "notEditable" };
  if (await wouldReopenShownResults(row, change, now)) return { ok: false, error: "resultsShown" };
  const db = await getDb();
  await db.update(surveys).set(change).where(eq(surveys.id, surveyId));
  await audit({ action: "survey.changed", actorUserId: userId, organisationId, targetType: "survey", targetId: surveyId, details: { ...change } });
  return { ok: true, surveyId };
}

export type CodesOutcome = { ok: true; codes: string[] } | { ok: false; error: "notFound" | "notEditable" | "tooManyCodes" };

/** Generates single-use codes; they are shown once, only their hashes are kept. */
export async function generateCodes({ organisationId, surveyId, userId, howMany }: { organisationId: string; surveyId: string; userId: string; howMany: number }): Promise<CodesOutcome> {
  const row = await ownedSurvey(organisationId, surveyId);
  if (!row) return { ok: false, error: "notFound" };
  if (row.frozenAt) return { ok: false, error: "notEditable" };
  const n = Math.max(1, Math.min(CODES_PER_BATCH, Math.floor(howMany)));
  const existing = (await countsOf([surveyId])).get(surveyId)!.codesIssued;
  if (existing + n > CODES_PER_SURVEY) return { ok: false, error: "tooManyCodes" };
  const codes = new Set<string>();
  while (codes.size < n) codes.add(codeFromBytes(randomBytes(10)));
  const list = [...codes];
  const db = await getDb();
  await db
    .insert(surveyCodes)
    .values(list.map((c) => ({ surveyId, codeHash: sha256(normalizeCode(c)!) })))
    .onConflictDoNothing();
  await audit({ action: "survey.codes_generated", actorUserId: userId, organisationId, targetType: "survey", targetId: surveyId, details: { count: n } });
  return { ok: true, codes: list };
}

// --- the respondent's side -------------------------------------------------------------

export interface PublicSurvey {
  id: string;
  group: string;
  definition: Survey;
  organisationName: string;
  state: SurveyState;
  codesRequired: boolean;
  title: CompiledDefinition["definition"]["title"];
}

/** The opened survey of one group of an assessment (its link), or null. */
export async function openedSurvey({ organisationId, assessmentId, group }: { organisationId: string; assessmentId: string; group: string }) {
  const list = await surveysOfAssessment({ organisationId, assessmentId });
  const survey = list?.find((s) => s.group === group);
  return survey?.opened ? { ...survey, opened: survey.opened } : null;
}

/** The survey behind a public link, or null (a wrong token answers 404). */
export async function surveyByLink(linkToken: string, now = new Date()): Promise<PublicSurvey | null> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(linkToken)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ survey: surveys, versionId: assessments.versionId, organisationName: sql<string>`(select name from organisations where id = ${surveys.organisationId})` })
    .from(surveys)
    .innerJoin(assessments, eq(assessments.id, surveys.assessmentId))
    .where(eq(surveys.linkToken, linkToken));
  if (!row) return null;
  const compiled = await getDefinition(row.versionId);
  const definition = surveyOfGroup(compiled?.definition.surveys, row.survey.groupId);
  if (!compiled || !definition) return null;
  return {
    id: row.survey.id,
    group: row.survey.groupId,
    definition,
    organisationName: row.organisationName,
    state: surveyState(row.survey, utcDay(now)),
    codesRequired: row.survey.codesRequired,
    title: compiled.definition.title,
  };
}

/** The respondent's own answers so far (from the token in their cookie), or null. */
export async function respondentAnswers(surveyId: string, respondentToken: string | undefined): Promise<Record<string, number | string> | null> {
  if (!respondentToken || respondentToken.length > 100) return null;
  const db = await getDb();
  const [row] = await db
    .select({ answers: surveyResponses.answers })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.respondentHash, sha256(respondentToken))));
  return row?.answers ?? null;
}

export type StartOutcome =
  | { ok: true; respondentToken: string }
  | { ok: false; error: "closed" | "codeNeeded" | "codeRefused" | "rateLimited"; retryAfterSeconds?: number };

/**
 * Starts a response: checks the survey takes answers, uses a single-use code when one is given
 * or needed (a used or unknown code is refused, and failures are limited per link), counts the
 * start against the link's limit, and returns the respondent's new token (for their cookie).
 */
export async function startResponse({ survey, code, now = new Date() }: { survey: PublicSurvey; code: string | null; now?: Date }): Promise<StartOutcome> {
  if (survey.state !== "open") return { ok: false, error: "closed" };
  const typed = code === null || code.trim() === "" ? null : code;
  if (survey.codesRequired && typed === null) return { ok: false, error: "codeNeeded" };
  if (typed !== null) {
    // too many wrong codes on this link: no code is even tried until the window ends
    const [bad] = on(LIMITS.surveyLinkBadCodes, survey.id);
    if ((await countOf(bad, now)) >= bad.limit.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart(bad.limit, now).getTime() + bad.limit.windowMs - now.getTime()) / 1000));
      return { ok: false, error: "rateLimited", retryAfterSeconds };
    }
  }
  const starts = await reserve(on(LIMITS.surveyLinkStarts, survey.id), now);
  if (!starts.ok) return { ok: false, error: "rateLimited", retryAfterSeconds: starts.retryAfterSeconds };
  const db = await getDb();
  const token = randomToken(24);
  const day = utcDay(now);
  const outcome = await db.transaction(async (tx): Promise<StartOutcome> => {
    if (typed !== null) {
      const normal = normalizeCode(typed);
      const used = normal
        ? await tx
            .update(surveyCodes)
            .set({ usedOn: day })
            .where(and(eq(surveyCodes.surveyId, survey.id), eq(surveyCodes.codeHash, sha256(normal)), isNull(surveyCodes.usedOn)))
            .returning({ hash: surveyCodes.codeHash })
        : [];
      if (!used.length) return { ok: false, error: "codeRefused" };
    }
    await tx.insert(surveyResponses).values({ surveyId: survey.id, respondentHash: sha256(token), day });
    return { ok: true, respondentToken: token };
  });
  if (!outcome.ok) {
    await starts.release();
    if (outcome.error === "codeRefused") {
      const bad = await reserve(on(LIMITS.surveyLinkBadCodes, survey.id), now);
      if (!bad.ok) return { ok: false, error: "rateLimited", retryAfterSeconds: bad.retryAfterSeconds };
    }
  }
  return outcome;
}

export type SaveOutcome = { ok: true; finished: boolean } | { ok: false; error: "closed" | "noResponse" | "rateLimited"; retryAfterSeconds?: number };

/**
 * Saves a respondent's answers (merged over what they saved before); `finish` completes the
 * response and forgets the respondent's token, so the finished response is tied to nothing.
 */
export async function saveResponse({
  survey,
  respondentToken,
  answers,
  finish,
  now = new Date(),
}: {
  survey: PublicSurvey;
  respondentToken: string | undefined;
  answers: ResponsePatch;
  finish: boolean;
  now?: Date;
}): Promise<SaveOutcome> {
  if (survey.state !== "open") return { ok: false, error: "closed" };
  if (!respondentToken || respondentToken.length > 100) return { ok: false, error: "noResponse" };
  const hash = sha256(respondentToken);
  const limit = await reserve(on(LIMITS.surveyRespondentSaves, hash), now);
  if (!limit.ok) return { ok: false, error: "rateLimited", retryAfterSeconds: limit.retryAfterSeconds };
  const db = await getDb();
  const patch = JSON.stringify(answers);
  const updated = await db
    .update(surveyResponses)
    .set({
      // merged over what was saved; a null takes an answer back
      answers: sql`jsonb_strip_nulls(${surveyResponses.answers} || ${patch}::jsonb)`,
      ...(finish ? { completed: true, respondentHash: null } : {}),
    })
    .where(and(eq(surveyResponses.surveyId, survey.id), eq(surveyResponses.respondentHash, hash)))
    .returning({ id: surveyResponses.id });
  if (!updated.length) return { ok: false, error: "noResponse" };
  return { ok: true, finished: finish };
}

// --- submission ------------------------------------------------------------------------

export interface SurveyProblem {
  group: string;
  responses: number;
  minimum: number;
}

/**
 * Computes every declared survey's aggregates in the submitting transaction (`network` is the
 * network's minimum, read before it: one connection may be all there is).
 */
export async function surveyAggregatesForSubmit(tx: Tx, assessmentId: string, compiled: CompiledDefinition, network: number): Promise<{ aggregates: SurveyAggregates[]; problems: SurveyProblem[] }> {
  const declared = compiled.definition.surveys ?? [];
  if (!declared.length) return { aggregates: [], problems: [] };
  const rows = await tx.select().from(surveys).where(eq(surveys.assessmentId, assessmentId)).for("update");
  const counts = await countsOf(rows.map((r) => r.id), tx);
  const aggregates: SurveyAggregates[] = [];
  const problems: SurveyProblem[] = [];
  for (const s of declared) {
    const row = rows.find((r) => r.groupId === s.group);
    const minimum = effectiveMinimum(s, network);
    const answers = row ? await completedAnswers(row.id, tx) : [];
    const agg = aggregateSurvey(s, answers, { minimum, codesIssued: row ? counts.get(row.id)!.codesIssued : 0 });
    aggregates.push(agg);
    if (s.required && !agg.released) problems.push({ group: s.group, responses: agg.responses, minimum });
  }
  return { aggregates, problems };
}

/** Freezes the surveys at submission: aggregates stored with their n, the surveys closed to answers. */
export async function freezeSurveys(tx: Tx, assessmentId: string, aggregates: readonly SurveyAggregates[]) {
  if (!aggregates.length) return;
  const now = new Date();
  await tx.delete(surveyResults).where(eq(surveyResults.assessmentId, assessmentId));
  await tx.insert(surveyResults).values(
    aggregates.map((a) => ({
      assessmentId,
      groupId: a.group,
      responses: a.responses,
      minimum: a.minimum,
      codesIssued: a.codesIssued,
      released: a.released,
      values: a.values,
      answered: a.answered,
      frozenAt: now,
    })),
  );
  await tx.update(surveys).set({ frozenAt: now }).where(eq(surveys.assessmentId, assessmentId));
}

/** The frozen aggregates of an assessment as answers (for rescoring), keyed by aggregate name. */
export async function frozenSurveyAnswers(assessmentId: string, tx?: Tx): Promise<Record<string, number | null>> {
  const db = tx ?? (await getDb());
  const rows = await db.select().from(surveyResults).where(eq(surveyResults.assessmentId, assessmentId));
  return aggregatesAsAnswers(rows.map((r) => ({ group: r.groupId, responses: r.responses, minimum: r.minimum, codesIssued: r.codesIssued, released: r.released, values: r.values, answered: r.answered })));
}

/** Frozen survey aggregates shown in a report: per group, its n and whether it passed the minimum. */
export async function frozenSurveys(assessmentId: string) {
  const db = await getDb();
  return db
    .select({ group: surveyResults.groupId, responses: surveyResults.responses, minimum: surveyResults.minimum, released: surveyResults.released, answered: surveyResults.answered })
    .from(surveyResults)
    .where(eq(surveyResults.assessmentId, assessmentId));
}

/**
 * Reopening an assessment unfreezes its surveys, closed (their frozen aggregates are kept until
 * the next submission): the organisation may reopen one to answers only if its results were never
 * shown (see wouldReopenShownResults).
 */
export async function unfreezeSurveys(tx: Tx, assessmentId: string) {
  await tx.update(surveys).set({ frozenAt: null, status: "closed" }).where(and(eq(surveys.assessmentId, assessmentId), isNotNull(surveys.frozenAt)));
}

export type RespondOutcome =
  | { ok: true; respondentToken: string | null; finished: boolean }
  | { ok: false; error: "closed" | "codeNeeded" | "codeRefused" | "rateLimited" | "noResponse"; retryAfterSeconds?: number };

/**
 * A respondent's post: starts a response when they have none yet (with their code, when one is
 * needed), then saves (or finishes) their answers. Nothing is stored when any step refuses.
 */
export async function respond({
  survey,
  respondentToken,
  code,
  answers,
  finish,
  now = new Date(),
}: {
  survey: PublicSurvey;
  respondentToken: string | undefined;
  code: string | null;
  answers: ResponsePatch | null;
  finish: boolean;
  now?: Date;
}): Promise<RespondOutcome> {
  if (survey.state !== "open") return { ok: false, error: "closed" };
  let token = respondentToken && (await respondentAnswers(survey.id, respondentToken)) !== null ? respondentToken : undefined;
  if (!token) {
    const started = await startResponse({ survey, code, now });
    if (!started.ok) return started;
    token = started.respondentToken;
  }
  if (answers === null) return { ok: true, respondentToken: token, finished: false };
  const saved = await saveResponse({ survey, respondentToken: token, answers, finish, now });
  if (!saved.ok) return saved;
  return { ok: true, respondentToken: finish ? null : token, finished: finish };
}

/** Whether any survey of the assessment was opened (its responses must never be lost with a discarded draft). */
export async function hasOpenedSurveys(tx: Tx, assessmentId: string): Promise<boolean> {
  const [row] = await tx.select({ id: surveys.id }).from(surveys).where(eq(surveys.assessmentId, assessmentId)).limit(1);
  return row !== undefined;
}
