import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  assessmentEvents,
  assessments,
  campaigns,
  memberships,
  organisations,
  results,
  reviewComments,
  reviewSamples,
  users,
  type AssessmentStatus,
  type CommentSide,
} from "#db/schema/index";
import { isLocale } from "#app/i18n/locales";
import { makeTranslate } from "#app/i18n/translate";
import { canonicalJson, type AssessmentResult } from "#app/questionnaires/index";
import { MAX_COMMENT_LENGTH, type Decision } from "#app/review/constants";
import type { Flag } from "#app/review/flags";
import { drawSample, type Candidate } from "#app/review/sample";
import { audit } from "#app/utils/audit.server";
import { randomToken } from "#app/utils/crypto.server";
import { boundedName, publicUrl, sendEmail } from "#app/utils/email.server";
import { answerValues, loadAnswers } from "./assessments.server";
import { getDefinition } from "./definitions.server";
import { computeFlagsOf, storeFlags, type FlagSubject } from "./review-flags.server";
import { getSetting } from "./settings.server";

/** Statuses a reviewer works on: everything submitted at least once. */
export const REVIEWED_STATUSES: readonly AssessmentStatus[] = ["submitted", "under_review", "validated", "returned", "rejected"];
const DECIDABLE: Record<Decision, readonly AssessmentStatus[]> = {
  validate: ["submitted", "under_review"],
  return: ["submitted", "under_review", "validated", "rejected"],
  reject: ["submitted", "under_review"],
};
const DECISION_EVENTS = ["validated", "returned", "rejected"];

/** Campaigns with how many submissions each has, newest first: counted in SQL. */
export async function reviewCampaigns() {
  const db = await getDb();
  return db
    .select({
      id: campaigns.id,
      year: campaigns.year,
      status: campaigns.status,
      submitted: sql<number>`(select count(*)::int from ${assessments} where ${assessments.campaignId} = ${campaigns.id} and ${inArray(assessments.status, [...REVIEWED_STATUSES])})`.mapWith(Number),
    })
    .from(campaigns)
    .orderBy(desc(campaigns.year));
}

/** The campaign the queue opens on: the newest that has submissions, else the newest. */
export function defaultReviewCampaign(list: Awaited<ReturnType<typeof reviewCampaigns>>) {
  return list.find((c) => c.submitted > 0) ?? list[0] ?? null;
}

/**
 * The stored flags of some current results; results stored before flags were kept get theirs
 * computed now and stored, so that each is computed once.
 */
async function withFlags<T extends { assessmentId: string; organisationId: string; questionnaire: string; year: number; resultId: string | null; flags: unknown[] | null }>(rows: T[]): Promise<Array<Omit<T, "flags"> & { flags: Flag[] }>> {
  const db = await getDb();
  const missing = rows.filter((r) => r.resultId !== null && r.flags === null);
  const computed = new Map<string, Flag[]>();
  for (let i = 0; i < missing.length; i += 200) {
    const slice = missing.slice(i, i + 200);
    const results_ = await db.select({ assessmentId: results.assessmentId, result: results.result }).from(results).where(and(inArray(results.id, slice.map((r) => r.resultId!)), eq(results.current, true)));
    const resultOf = new Map(results_.map((r) => [r.assessmentId, r.result as AssessmentResult]));
    const subjects: FlagSubject[] = slice.filter((r) => resultOf.has(r.assessmentId)).map((r) => ({ assessmentId: r.assessmentId, organisationId: r.organisationId, questionnaire: r.questionnaire, year: r.year, result: resultOf.get(r.assessmentId)! }));
    const flags = await computeFlagsOf(subjects);
    await storeFlags(flags);
    for (const [id, f] of flags) computed.set(id, f);
  }
  return rows.map((r) => ({ ...r, flags: (r.flags as Flag[] | null) ?? computed.get(r.assessmentId) ?? [] }));
}

export interface QueueOptions {
  page: number;
  pageSize: number;
  /** Only the submissions of the latest sample. */
  onlySample: boolean;
}

/**
 * One page of the campaign's submissions, by organisation name, with their stored flags,
 * whether each is in the latest sample, and its last decision: the page, the counts and the
 * sample's membership come from SQL, so a page costs the same whatever the campaign's size.
 */
export async function reviewQueue(campaignId: string, { page, pageSize, onlySample }: QueueOptions) {
  const db = await getDb();
  const sample = db
    .select({ id: reviewSamples.id })
    .from(reviewSamples)
    .where(eq(reviewSamples.campaignId, campaignId))
    .orderBy(desc(reviewSamples.drawnAt))
    .limit(1);
  const sampledReason = sql<string | null>`(select e->>'reason' from ${reviewSamples} s, jsonb_array_elements(s.items) e where s.id = (${sample}) and e->>'assessmentId' = ${assessments.id} limit 1)`;
  const where = and(eq(assessments.campaignId, campaignId), inArray(assessments.status, [...REVIEWED_STATUSES]), onlySample ? sql`${sampledReason} is not null` : undefined);
  // The page's ids first (a sort of the campaign's submissions by name, in the database), then
  // the results, flags, sample reasons and decisions of those rows only.
  const pageOf = db.$with("queue_page").as(
    db
      .select({
        pageId: sql<string>`${assessments.id}`.as("page_id"),
        position: sql<number>`row_number() over (order by ${organisations.name}, ${assessments.questionnaire}, ${assessments.id})`.as("position"),
      })
      .from(assessments)
      .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
      .where(where)
      .orderBy(asc(organisations.name), asc(assessments.questionnaire), asc(assessments.id))
      .limit(pageSize + 1)
      .offset((page - 1) * pageSize),
  );
  const [rows, [counted]] = await Promise.all([
    db
      .with(pageOf)
      .select({
        assessmentId: assessments.id,
        organisationId: assessments.organisationId,
        organisationName: organisations.name,
        legalForm: organisations.legalForm,
        questionnaire: assessments.questionnaire,
        versionId: assessments.versionId,
        status: assessments.status,
        submittedAt: assessments.submittedAt,
        sealGranted: assessments.sealGranted,
        year: campaigns.year,
        resultId: results.id,
        total: results.total,
        sealPassed: results.sealPassed,
        flags: results.flags,
        sampled: sampledReason,
        lastDecision: sql<string | null>`(select ${assessmentEvents.kind} from ${assessmentEvents} where ${assessmentEvents.assessmentId} = ${assessments.id} and ${inArray(assessmentEvents.kind, DECISION_EVENTS)} order by ${assessmentEvents.id} desc limit 1)`,
      })
      .from(pageOf)
      .innerJoin(assessments, eq(assessments.id, pageOf.pageId))
      .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
      .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
      .leftJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
      .orderBy(asc(pageOf.position)),
    db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(assessments).where(and(eq(assessments.campaignId, campaignId), inArray(assessments.status, [...REVIEWED_STATUSES]))),
  ]);
  const flagged = await withFlags(rows.slice(0, pageSize));
  return {
    rows: flagged.map(({ resultId: _r, ...r }) => ({ ...r, sampled: (r.sampled as "flagged" | "random" | null) ?? null })),
    hasMore: rows.length > pageSize,
    total: counted?.n ?? 0,
  };
}

/** Every submission of the campaign with its flags: the population a sample is drawn from (a POST, not a page view). */
async function reviewPopulation(campaignId: string): Promise<Candidate[]> {
  const db = await getDb();
  const rows = await db
    .select({ assessmentId: assessments.id, organisationId: assessments.organisationId, questionnaire: assessments.questionnaire, year: campaigns.year, resultId: results.id, flags: results.flags })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .leftJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(and(eq(assessments.campaignId, campaignId), inArray(assessments.status, [...REVIEWED_STATUSES])))
    .orderBy(asc(organisations.name), asc(assessments.questionnaire), asc(assessments.id));
  return (await withFlags(rows)).map((q) => ({ assessmentId: q.assessmentId, flags: q.flags.map((f) => f.kind) }));
}

/** The latest sample of the campaign as the queue shows it: its sizes counted in SQL, not its items. */
export async function latestSample(campaignId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: reviewSamples.id,
      seed: reviewSamples.seed,
      share: reviewSamples.share,
      size: sql<number>`jsonb_array_length(${reviewSamples.items})`.mapWith(Number),
      population: sql<number>`jsonb_array_length(${reviewSamples.population})`.mapWith(Number),
      drawnAt: reviewSamples.drawnAt,
      drawnByName: users.name,
    })
    .from(reviewSamples)
    .leftJoin(users, eq(users.id, reviewSamples.drawnBy))
    .where(eq(reviewSamples.campaignId, campaignId))
    .orderBy(desc(reviewSamples.drawnAt))
    .limit(1);
  return row ?? null;
}

/**
 * Draws and records a sample: every flagged submission plus the `review.sample_share` setting's
 * share of the others, with a fresh random seed that is kept beside the population it drew from.
 */
export async function drawReviewSample({ campaignId, userId, seed = randomToken(12) }: { campaignId: string; userId: string; seed?: string }) {
  const population = await reviewPopulation(campaignId);
  const share = await getSetting("review.sample_share");
  const items = drawSample({ population, share, seed });
  const db = await getDb();
  const [row] = await db.insert(reviewSamples).values({ campaignId, seed, share, population, items, drawnBy: userId }).returning({ id: reviewSamples.id });
  await audit({ action: "review.sample_drawn", actorUserId: userId, targetType: "campaign", targetId: campaignId, details: { sampleId: row.id, seed, share, size: items.length, population: population.length } });
  return { id: row.id, seed, share, items };
}

/** Recomputes a recorded sample from its seed: true when it gives the same items. */
export async function verifySample(sampleId: string) {
  const db = await getDb();
  const [row] = await db.select().from(reviewSamples).where(eq(reviewSamples.id, sampleId));
  if (!row) return null;
  const again = drawSample({ population: row.population, share: row.share, seed: row.seed });
  return canonicalJson(again) === canonicalJson(row.items);
}

/** One submission as a reviewer reads it: answers, result, flags, comments and history. */
export async function getReviewAssessment(assessmentId: string) {
  if (assessmentId.length > 64) return null;
  const db = await getDb();
  const [row] = await db
    .select({ assessment: assessments, campaign: campaigns, organisationName: organisations.name, legalForm: organisations.legalForm })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .where(and(eq(assessments.id, assessmentId), ne(assessments.status, "draft")));
  if (!row) return null;
  const compiled = await getDefinition(row.assessment.versionId);
  if (!compiled) return null;
  const values = answerValues(await loadAnswers(assessmentId));
  const [current] = await db
    .select({ id: results.id, result: results.result, total: results.total, sealPassed: results.sealPassed, flags: results.flags })
    .from(results)
    .where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
  const flags = current
    ? (await withFlags([{ assessmentId, organisationId: row.assessment.organisationId, questionnaire: row.assessment.questionnaire, year: row.campaign.year, resultId: current.id, flags: current.flags }]))[0].flags
    : [];
  return {
    ...row,
    compiled,
    values,
    result: current ? { total: current.total, sealPassed: current.sealPassed, failures: (current.result as AssessmentResult).seal.failures } : null,
    flags,
    comments: await commentsOf(assessmentId),
  };
}

export interface ReviewComment {
  id: string;
  questionId: string;
  side: CommentSide;
  body: string;
  authorName: string | null;
  createdAt: Date;
}

export async function commentsOf(assessmentId: string, questionIds?: string[]): Promise<ReviewComment[]> {
  const db = await getDb();
  if (questionIds && questionIds.length === 0) return [];
  return db
    .select({ id: reviewComments.id, questionId: reviewComments.questionId, side: reviewComments.side, body: reviewComments.body, authorName: users.name, createdAt: reviewComments.createdAt })
    .from(reviewComments)
    .leftJoin(users, eq(users.id, reviewComments.authorUserId))
    .where(and(eq(reviewComments.assessmentId, assessmentId), questionIds ? inArray(reviewComments.questionId, questionIds) : undefined))
    .orderBy(asc(reviewComments.createdAt), asc(reviewComments.id));
}

export interface CommentThread {
  questionId: string;
  sectionId: string | null;
  label: Record<string, string>;
  comments: Array<Omit<ReviewComment, "createdAt"> & { createdAt: string }>;
}

/**
 * The review threads of an assessment (of some questions only, for a section page), each with
 * its question's label, in the questionnaire's order. For the organisation's pages.
 */
export async function reviewThreads(organisationId: string, assessmentId: string, questionIds?: string[]): Promise<CommentThread[]> {
  const db = await getDb();
  const [owned] = await db
    .select({ versionId: assessments.versionId })
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)));
  if (!owned) return [];
  const compiled = await getDefinition(owned.versionId);
  const comments = await commentsOf(assessmentId, questionIds);
  const order = compiled?.questions.map((q) => q.question.id) ?? [];
  const threads = new Map<string, CommentThread>();
  for (const c of comments) {
    const thread: CommentThread = threads.get(c.questionId) ?? {
      questionId: c.questionId,
      sectionId: compiled?.questionById.get(c.questionId)?.sectionId ?? null,
      label: compiled?.questionById.get(c.questionId)?.question.label ?? {},
      comments: [],
    };
    thread.comments.push({ ...c, createdAt: c.createdAt.toISOString() });
    threads.set(c.questionId, thread);
  }
  return [...threads.values()].sort((a, b) => order.indexOf(a.questionId) - order.indexOf(b.questionId));
}

export type CommentOutcome = { ok: true } | { ok: false; error: string };

/**
 * A comment on one question. A reviewer's first comment on a submitted assessment starts the
 * review (status under_review). The organisation answers from its side.
 */
export async function addReviewComment({
  assessmentId,
  organisationId,
  questionId,
  body,
  userId,
  side,
}: {
  assessmentId: string;
  /** Set for the organisation's side: the assessment must be theirs. */
  organisationId?: string;
  questionId: string;
  body: string;
  userId: string;
  side: CommentSide;
}): Promise<CommentOutcome> {
  const text = body.trim();
  if (!text) return { ok: false, error: "common.form.required" };
  if (text.length > MAX_COMMENT_LENGTH) return { ok: false, error: "common.form.tooLong" };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [assessment] = await tx
      .select()
      .from(assessments)
      .where(and(eq(assessments.id, assessmentId), organisationId ? eq(assessments.organisationId, organisationId) : undefined))
      .for("update");
    if (!assessment || assessment.status === "draft") return { ok: false as const, error: "review.notFound" };
    const compiled = await getDefinition(assessment.versionId);
    if (!compiled?.questionById.has(questionId)) return { ok: false as const, error: "review.unknownQuestion" };
    await tx.insert(reviewComments).values({ assessmentId, questionId, side, authorUserId: userId, body: text });
    if (side === "network" && assessment.status === "submitted") {
      await tx.update(assessments).set({ status: "under_review" }).where(eq(assessments.id, assessmentId));
      await tx.insert(assessmentEvents).values({ assessmentId, kind: "review_started", actorUserId: userId });
    }
    await audit(
      { action: side === "network" ? "review.commented" : "review.answered", actorUserId: userId, organisationId: assessment.organisationId, targetType: "assessment", targetId: assessmentId, details: { questionId } },
      tx,
    );
    return { ok: true as const };
  });
}

export type DecisionOutcome = { ok: true; sealGranted: boolean } | { ok: false; error: string };

/**
 * A reviewer's decision, kept with its author, time and reason:
 * - validate: the review is done; a passing result gets the seal for the year;
 * - return: the organisation may change its answers and submit again (seal withdrawn);
 * - reject: the review is closed without the seal (status rejected); the network can still
 *   return it for correction later.
 */
export async function decideReview({ assessmentId, decision, reason, userId }: { assessmentId: string; decision: Decision; reason: string; userId: string }): Promise<DecisionOutcome> {
  const text = reason.trim();
  if (decision !== "validate" && text.length < 3) return { ok: false, error: "review.reasonRequired" };
  if (text.length > MAX_COMMENT_LENGTH) return { ok: false, error: "common.form.tooLong" };
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    const [assessment] = await tx.select().from(assessments).where(eq(assessments.id, assessmentId)).for("update");
    if (!assessment) return { ok: false as const, error: "review.notFound" };
    if (!DECIDABLE[decision].includes(assessment.status)) return { ok: false as const, error: "review.notDecidable" };
    const [current] = await tx.select({ sealPassed: results.sealPassed }).from(results).where(and(eq(results.assessmentId, assessmentId), eq(results.current, true)));
    if (!current) return { ok: false as const, error: "review.notDecidable" };
    const sealGranted = decision === "validate" && current.sealPassed;
    const status: AssessmentStatus = decision === "validate" ? "validated" : decision === "return" ? "returned" : "rejected";
    await tx.update(assessments).set({ status, sealGranted }).where(eq(assessments.id, assessmentId));
    const kind = decision === "validate" ? "validated" : decision === "return" ? "returned" : "rejected";
    await tx.insert(assessmentEvents).values({ assessmentId, kind, actorUserId: userId, reason: text || null });
    await audit(
      { action: `review.${kind}`, actorUserId: userId, organisationId: assessment.organisationId, targetType: "assessment", targetId: assessmentId, details: { reason: text || null, sealGranted } },
      tx,
    );
    return { ok: true as const, sealGranted, organisationId: assessment.organisationId };
  });
  if (outcome.ok && decision === "return") await notifyReturned(outcome.organisationId, assessmentId, text);
  return outcome.ok ? { ok: true, sealGranted: outcome.sealGranted } : outcome;
}

/** Tells the organisation's owners and editors that their balance came back with comments. */
async function notifyReturned(organisationId: string, assessmentId: string, reason: string) {
  const db = await getDb();
  const people = await db
    .select({ email: users.email, locale: users.locale, organisationName: organisations.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.organisationId, organisationId), inArray(memberships.role, ["owner", "editor"])));
  for (const p of people) {
    if (!p.email) continue;
    const t = makeTranslate(isLocale(p.locale) ? p.locale : "en");
    await sendEmail({
      to: p.email,
      kind: "notification",
      subject: t("review.returnedEmailSubject", { organisation: boundedName(p.organisationName) }),
      text: t("review.returnedEmailBody", { reason, link: publicUrl(`/o/${organisationId}/assessments/${assessmentId}/comments`) }),
    });
  }
}

