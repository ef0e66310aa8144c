import type { ActionFunctionArgs } from "@remix-run/node";
import { singleInput } from "#app/assessments/section-save.server";
import { keepForAfterSignIn } from "#app/assessments/signed-out.server";
import { getAssessment, isEditable, saveAnswers, type SaveOutcome } from "#app/models/assessments.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { getSessionUser } from "#app/utils/session.server";

const statusOf = (outcome: SaveOutcome) =>
  outcome.status === "saved" ? 200 : outcome.status === "conflict" ? 409 : outcome.status === "invalid" ? 422 : 423;

/**
 * Autosave: one answer per request, answered in JSON. 200 saved, 409 conflict (with the
 * colleague's value), 422 invalid (with the message code), 423 read-only, 401 signed out (the
 * answer is kept for after sign-in).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const form = await readForm(request);
  if (!(await getSessionUser(request))) {
    const sectionId = String(form.get("sectionId") ?? "").slice(0, 100);
    const resumeUrl = await keepForAfterSignIn({ organisationId, assessmentId, sectionId, form, single: true });
    return Response.json({ status: "signed_out", resumeUrl }, { status: 401 });
  }
  const { user } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  const found = await getAssessment(organisationId, assessmentId);
  if (!found) throw notFound();
  if (!isEditable(found.assessment, found.campaign)) return Response.json({ status: "read_only" }, { status: 423 });
  const input = singleInput(found.compiled, form);
  if (!input) return Response.json({ status: "invalid", error: { code: "unknown_question" } }, { status: 422 });
  const [outcome] = await saveAnswers({ assessmentId, compiled: found.compiled, inputs: [input], userId: user.id });
  return Response.json(outcome, { status: statusOf(outcome) });
}
