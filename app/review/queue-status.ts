/**
 * The review queue's status cell: the assessment's status, then the last decision when it says
 * something the status does not ("validated · validated" says it twice). Pure.
 */
const SAME_AS_STATUS: Record<string, string> = {
  submitted: "submitted",
  under_review: "review_started",
  validated: "validated",
  returned: "returned",
};

export function queueStatusKeys(status: string, lastDecision: string | null | undefined): string[] {
  const keys = [`assessment.status.${status}`];
  if (lastDecision && SAME_AS_STATUS[status] !== lastDecision) keys.push(`review.event.${lastDecision}`);
  return keys;
}
