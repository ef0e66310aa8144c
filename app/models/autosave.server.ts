import { and, eq, sql } from "drizzle-orm";
import { getDb, preparedPerConnection, type Db } from "#db/client";
import { answers, assessments, campaigns, memberships, organisations, sessions, users } from "#db/schema/index";
import { singleInput } from "#app/assessments/section-save.server";
import type { AnswerValue } from "#app/questionnaires/index";
import { auditRefusal } from "#app/utils/guards.server";
import { can } from "#app/utils/permissions";
import { keepSessionAlive, sessionEnded } from "#app/utils/session.server";
import { sha256 } from "#app/utils/crypto.server";
import { isEditable, saveAnswers, type SaveOutcome, type StoredAnswer } from "./assessments.server";
import { getDefinition } from "./definitions.server";
import { defaultLocale, isLocale } from "#app/i18n/locales";

export type AutosaveOutcome =
  /** No live session; `ended`: the session that has just ended (its user, unless disabled or deleted). */
  | { status: "signed_out"; ended: { userId: string | null; sessionId: string } | null }
  /** No such assessment for this organisation, or not allowed (the refusal is audited). */
  | { status: "not_found" }
  | { status: "read_only" }
  | { status: "unknown_question" }
  | { status: "done"; outcome: SaveOutcome };

/**
 * Everything one autosave needs in a single indexed read: the session and its user, the user's
 * role in the organisation, the assessment with its campaign's status, and the answer as stored.
 * Prepared once per connection: the hot path of the questionnaire builds no SQL per request.
 */
const lookupFor = preparedPerConnection((db: Db) => {
  const organisationId = sql.placeholder("organisationId");
  const questionId = sql.placeholder("questionId");
  return db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userId: users.id,
      kind: users.kind,
      funderId: users.funderId,
      locale: users.locale,
      disabledAt: users.disabledAt,
      deletedAt: users.deletedAt,
      role: memberships.role,
      organisationDisabledAt: organisations.disabledAt,
      assessmentStatus: assessments.status,
      versionId: assessments.versionId,
      campaignStatus: campaigns.status,
      value: answers.value,
      note: answers.note,
      revision: answers.revision,
      updatedAt: answers.updatedAt,
      updatedBy: answers.updatedBy,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organisationId, organisationId)))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(assessments, and(eq(assessments.id, sql.placeholder("assessmentId")), eq(assessments.organisationId, organisationId)))
    .leftJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .leftJoin(answers, and(eq(answers.assessmentId, assessments.id), eq(answers.questionId, questionId)))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare("autosave_lookup");
});

/**
 * One answer saved from the questionnaire's script: the same rules as every other save (a live
 * session, the editor role, an editable assessment, the definition's limits, revisions), with
 * one read before the write instead of one per rule.
 */
export async function autosaveAnswer({
  sessionToken,
  organisationId,
  assessmentId,
  form,
  ip,
  path,
  now = new Date(),
}: {
  sessionToken: string | null | undefined;
  organisationId: string;
  assessmentId: string;
  form: FormData;
  ip: string;
  path: string;
  now?: Date;
}): Promise<AutosaveOutcome> {
  if (!sessionToken || sessionToken.length > 100) return { status: "signed_out", ended: null };
  const posted = form.get("questionId");
  const questionId = typeof posted === "string" && posted.length <= 100 ? posted : "";
  const db = await getDb();
  const [row] = await lookupFor(db).execute({ sessionId: sha256(sessionToken), organisationId, assessmentId, questionId });
  if (!row) return { status: "signed_out", ended: null };
  if (sessionEnded(row, now)) {
    // Deleted once what was typed is kept (keepForAfterSignIn), so that it is kept for this user.
    return { status: "signed_out", ended: { userId: row.disabledAt || row.deletedAt ? null : row.userId, sessionId: row.sessionId } };
  }
  await keepSessionAlive(row, now);

  const permission = { action: "assessment.edit", organisationId } as const;
  // As the guard's actor: no role in a disabled organisation.
  const role = row.organisationDisabledAt ? null : row.role;
  const actor = { userId: row.userId, kind: row.kind, funderId: row.funderId, memberships: role ? { [organisationId]: role } : {} };
  if (!can(actor, permission)) {
    await auditRefusal({ userId: row.userId, permission, ip, method: "POST", path });
    return { status: "not_found" };
  }
  if (!row.assessmentStatus || !row.campaignStatus || !row.versionId) return { status: "not_found" };
  const compiled = await getDefinition(row.versionId);
  if (!compiled) return { status: "not_found" };
  if (!isEditable({ status: row.assessmentStatus }, { status: row.campaignStatus })) return { status: "read_only" };
  // Numbers are read in the language the person reads the questionnaire in (their account's).
  const input = singleInput(compiled, form, isLocale(row.locale) ? row.locale : defaultLocale);
  if (!input) return { status: "unknown_question" };

  const known = new Map<string, StoredAnswer>();
  if (row.revision !== null && row.updatedAt !== null) {
    known.set(questionId, {
      value: (row.value ?? null) as AnswerValue,
      note: row.note,
      revision: row.revision,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      updatedByName: null,
    });
  }
  const [outcome] = await saveAnswers({ assessmentId, compiled, inputs: [input], userId: row.userId, known });
  return { status: "done", outcome };
}
