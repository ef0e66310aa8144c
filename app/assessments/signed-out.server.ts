import { getAssessment, keepPendingSave } from "#app/models/assessments.server";
import { singleInput, typedValues } from "./section-save.server";

export const sectionPath = (organisationId: string, assessmentId: string, sectionId: string) =>
  `/o/${organisationId}/assessments/${assessmentId}/${sectionId}`;

/**
 * The session ended while someone typed: keep what they sent (not applied: the person confirms
 * after signing in again) and return the sign-in address that brings them back to it.
 */
export async function keepForAfterSignIn({
  organisationId,
  assessmentId,
  sectionId,
  form,
  single,
}: {
  organisationId: string;
  assessmentId: string;
  sectionId: string;
  form: FormData;
  single: boolean;
}): Promise<string> {
  const back = sectionPath(organisationId, assessmentId, sectionId);
  const found = await getAssessment(organisationId, assessmentId);
  const section = found?.compiled.definition.sections.find((s) => s.id === sectionId);
  if (!found || !section) return `/signin?redirectTo=${encodeURIComponent(back)}`;
  const input = single ? singleInput(found.compiled, form) : null;
  const values = input ? { [input.questionId]: { value: input.raw, note: input.note, revision: input.baseRevision } } : typedValues(section, form);
  if (JSON.stringify(values).length > 200_000) return `/signin?redirectTo=${encodeURIComponent(back)}`;
  const id = await keepPendingSave(found.assessment.id, values);
  return `/signin?redirectTo=${encodeURIComponent(`${back}?resume=${id}`)}`;
}
