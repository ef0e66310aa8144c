import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { memberships, sectionAssignments, users } from "#db/schema/index";
import { audit } from "#app/utils/audit.server";
import { getAssessment } from "./assessments.server";

export interface SectionAssignee {
  userId: string;
  name: string;
}

/** Who fills in which section of one assessment: section id -> the colleague. */
export async function sectionAssignees(assessmentId: string): Promise<Record<string, SectionAssignee>> {
  const db = await getDb();
  const rows = await db
    .select({ sectionId: sectionAssignments.sectionId, userId: users.id, name: users.name })
    .from(sectionAssignments)
    .innerJoin(users, eq(users.id, sectionAssignments.userId))
    .where(eq(sectionAssignments.assessmentId, assessmentId));
  return Object.fromEntries(rows.map((r) => [r.sectionId, { userId: r.userId, name: r.name }]));
}

/** The colleagues a section may go to: the organisation's owners and editors (viewers cannot answer). */
export async function assignableMembers(organisationId: string) {
  const db = await getDb();
  return db
    .select({ userId: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), ne(memberships.role, "viewer")))
    .orderBy(users.name);
}

export type AssignOutcome = { ok: true; changed: number } | { ok: false; error: "not_found" | "pages.assignUnknown" };

/**
 * An owner shares the sections out: for each section of the assessment, a colleague who may
 * answer (an owner or editor of the same organisation) or nobody. Sections and people not of
 * this assessment and organisation are refused as a whole; audited.
 */
export async function assignSections({
  organisationId,
  assessmentId,
  choices,
  actorUserId,
}: {
  organisationId: string;
  assessmentId: string;
  choices: Record<string, string | null>;
  actorUserId: string;
}): Promise<AssignOutcome> {
  const found = await getAssessment(organisationId, assessmentId);
  if (!found) return { ok: false, error: "not_found" };
  const sections = new Set(found.compiled.definition.sections.map((s) => s.id));
  const people = new Set((await assignableMembers(organisationId)).map((m) => m.userId));
  const entries = Object.entries(choices);
  if (entries.some(([sectionId, userId]) => !sections.has(sectionId) || (userId !== null && !people.has(userId)))) return { ok: false, error: "pages.assignUnknown" };
  const db = await getDb();
  await db.transaction(async (tx) => {
    const cleared = entries.filter(([, userId]) => userId === null).map(([sectionId]) => sectionId);
    if (cleared.length) await tx.delete(sectionAssignments).where(and(eq(sectionAssignments.assessmentId, assessmentId), inArray(sectionAssignments.sectionId, cleared)));
    const set = entries.filter((e): e is [string, string] => e[1] !== null);
    if (set.length) {
      await tx
        .insert(sectionAssignments)
        .values(set.map(([sectionId, userId]) => ({ assessmentId, sectionId, userId, assignedBy: actorUserId })))
        .onConflictDoUpdate({ target: [sectionAssignments.assessmentId, sectionAssignments.sectionId], set: { userId: sql`excluded.user_id`, assignedBy: actorUserId, assignedAt: new Date() } });
    }
    await audit({ action: "assessment.sections_assigned", actorUserId, organisationId, targetType: "assessment", targetId: assessmentId, details: { choices } }, tx);
  });
  return { ok: true, changed: entries.length };
}
