import { and, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { assessments, commitments, results, type CommitmentDirection } from "#db/schema/index";
import { audit } from "#app/utils/audit.server";
import type { AssessmentResult } from "#app/questionnaires/index";

export const MAX_COMMITMENTS_PER_REPORT = 30;

export type CommitmentOutcome = { ok: true; id: string } | { ok: false; field: "code" | "target" | "form"; error: string };

/**
 * A commitment written after reading a report: tied to an indicator code of that report's
 * result, with a target. The assessment must belong to the organisation the guard allowed and
 * have a result.
 */
export async function createCommitment({
  organisationId,
  assessmentId,
  code,
  direction,
  target,
  note,
  userId,
}: {
  organisationId: string;
  assessmentId: string;
  code: string;
  direction: CommitmentDirection;
  target: number;
  note: string | null;
  userId: string;
}): Promise<CommitmentOutcome> {
  const db = await getDb();
  const [row] = await db
    .select({ result: results.result })
    .from(assessments)
    .innerJoin(results, and(eq(results.assessmentId, assessments.id), eq(results.current, true)))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.organisationId, organisationId)));
  if (!row) return { ok: false, field: "form", error: "report.commitmentNoReport" };
  const result = row.result as AssessmentResult;
  if (!result.indicators.some((i) => i.code === code)) return { ok: false, field: "code", error: "report.commitmentUnknownCode" };
  const existing = await db.select({ id: commitments.id }).from(commitments).where(eq(commitments.assessmentId, assessmentId));
  if (existing.length >= MAX_COMMITMENTS_PER_REPORT) return { ok: false, field: "form", error: "report.commitmentTooMany" };
  const [created] = await db
    .insert(commitments)
    .values({ organisationId, assessmentId, code, direction, target, note, createdBy: userId })
    .returning({ id: commitments.id });
  await audit({ action: "commitment.created", actorUserId: userId, organisationId, targetType: "commitment", targetId: created.id, details: { assessmentId, code, direction, target } });
  return { ok: true, id: created.id };
}

export async function deleteCommitment({ organisationId, commitmentId, userId }: { organisationId: string; commitmentId: string; userId: string }) {
  if (commitmentId.length > 64) return false;
  const db = await getDb();
  const deleted = await db
    .delete(commitments)
    .where(and(eq(commitments.id, commitmentId), eq(commitments.organisationId, organisationId)))
    .returning({ id: commitments.id, code: commitments.code });
  if (!deleted.length) return false;
  await audit({ action: "commitment.deleted", actorUserId: userId, organisationId, targetType: "commitment", targetId: commitmentId, details: { code: deleted[0].code } });
  return true;
}
