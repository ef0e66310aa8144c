import { and, count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { commitments } from "#db/schema/index";
import { assessmentProgress } from "#app/questionnaires/progress";
import { answerValues, getAssessment, loadAnswers, type listOrganisationAssessments } from "./assessments.server";
import { sectionAssignees } from "./assignments.server";
import { reviewThreads } from "./review.server";

type AssessmentRow = Awaited<ReturnType<typeof listOrganisationAssessments>>[number];

/**
 * What an organisation's home shows first: for each balance still being filled in, what is left
 * per section and the network's comments waiting for an answer; the last total and seal with the
 * years before; the commitments written after the last report. Reads one organisation's rows
 * only (its few assessments), whatever the size of the network.
 */
export async function organisationDashboard(organisationId: string, rows: AssessmentRow[]) {
  const working = rows.filter((a) => a.status === "draft" || a.status === "returned");
  const inProgress = await Promise.all(
    working.map(async (a) => {
      const found = await getAssessment(organisationId, a.id);
      if (!found) return null;
      const values = answerValues(await loadAnswers(a.id));
      const threads = await reviewThreads(organisationId, a.id);
      return {
        id: a.id,
        year: a.year,
        status: a.status,
        sections: assessmentProgress(found.compiled, values),
        assignees: await sectionAssignees(a.id),
        // A thread waits for the organisation when the network spoke last.
        commentsWaiting: threads.filter((th) => th.comments.at(-1)?.side === "network").length,
      };
    }),
  );
  const scored = rows.filter((a) => a.total !== null).sort((a, b) => a.year - b.year);
  const last = scored.at(-1) ?? null;
  let commitmentsDue = 0;
  if (last) {
    const db = await getDb();
    const [row] = await db.select({ n: count() }).from(commitments).where(and(eq(commitments.organisationId, organisationId), eq(commitments.assessmentId, last.id)));
    commitmentsDue = row?.n ?? 0;
  }
  return {
    inProgress: inProgress.filter((x) => x !== null),
    last: last ? { id: last.id, year: last.year, total: last.total, sealPassed: last.sealPassed, sealGranted: last.sealGranted } : null,
    trend: scored.map((a) => ({ year: a.year, total: a.total as number })),
    commitmentsDue,
  };
}
