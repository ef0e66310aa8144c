import { getAssessment } from "#app/models/assessments.server";
import { keepPending, pendingOwner } from "#app/models/pending-saves.server";
import { endSession } from "#app/utils/session.server";
import { typedAfterExpiry } from "./section-save.server";

export const sectionPath = (organisationId: string, assessmentId: string, sectionId: string) =>
  `/o/${organisationId}/assessments/${assessmentId}/${sectionId}`;

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The sign-in address for a signed-out post: back to the section afterwards. Built from the
 * address and the posted section id alone, so it says nothing about what exists.
 */
export function signInAgainPath(organisationId: string, assessmentId: string, sectionId: string) {
  const ids = [organisationId, assessmentId].map((id) => (SAFE_ID.test(id) ? id : encodeURIComponent(id)));
  const back = SAFE_ID.test(sectionId) ? sectionPath(ids[0], ids[1], sectionId) : `/o/${ids[0]}/assessments/${ids[1]}`;
  return `/signin?redirectTo=${encodeURIComponent(back)}`;
}

/**
 * A post without a live session: keep what was typed for the member whose session just ended,
 * in this browser only (models/pending-saves.server.ts), and return the sign-in address that
 * brings them back to the section, where it comes back. The address is the same whether
 * anything was kept or exists.
 */
export async function keepForAfterSignIn({
  organisationId,
  assessmentId,
  sectionId,
  form,
  single,
  sessionToken,
  browserKey,
  ended,
}: {
  organisationId: string;
  assessmentId: string;
  sectionId: string;
  form: FormData;
  single: boolean;
  sessionToken: string | null | undefined;
  browserKey: string | null | undefined;
  /** The session that has just ended, when the request still found it (ended here once kept). */
  ended: { userId: string | null; sessionId: string } | null;
}): Promise<string> {
  try {
    const owner = await pendingOwner({ sessionToken, browserKey, ended, organisationId, assessmentId });
    if (owner) {
      const found = await getAssessment(organisationId, assessmentId);
      const section = found?.compiled.definition.sections.find((s) => s.id === sectionId);
      if (section) await keepPending(owner, typedAfterExpiry(section, form, single));
    }
  } finally {
    if (ended) await endSession(ended.sessionId);
  }
  return signInAgainPath(organisationId, assessmentId, sectionId);
}
