import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "#app/components/form";
import { ReviewComments } from "#app/components/review-comments";
import { useLocale, useT } from "#app/i18n/use-translate";
import { getAssessment } from "#app/models/assessments.server";
import { addReviewComment, reviewThreads } from "#app/models/review.server";
import { MAX_COMMENT_LENGTH } from "#app/review/constants";
import { readForm } from "#app/utils/csrf.server";
import { safeRedirectPath } from "#app/utils/safe-redirect";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { can } from "#app/utils/permissions";
import type { TitleHandle } from "#app/utils/page-title";
import type { Locale } from "#app/i18n/locales";
import { translate } from "#app/i18n/translate";

export const handle: TitleHandle = { title: (d: { title: Record<Locale, string>; year: number }, locale: Locale) => `${translate(locale, "review.commentsTitle")} · ${d.title[locale]} ${d.year}` };

const ReplySchema = z.object({
  questionId: z.string().min(1).max(200),
  body: z.string().trim().min(1, { message: "common.form.required" }).max(MAX_COMMENT_LENGTH, { message: "common.form.tooLong" }),
  returnTo: z.string().max(500).optional(),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const found = await getAssessment(organisationId, params.assessmentId ?? "");
  if (!found) throw notFound();
  return {
    organisationId,
    assessmentId: found.assessment.id,
    title: found.compiled.definition.title,
    year: found.campaign.year,
    status: found.assessment.status,
    threads: await reviewThreads(organisationId, found.assessment.id),
    canReply: can(actor, { action: "review.reply", organisationId }),
  };
}

/** The organisation answers a reviewer's comment; back to the page it came from. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const { user } = await requirePermission(request, { action: "review.reply", organisationId }, context);
  const form = await readForm(request);
  const found = await getAssessment(organisationId, assessmentId);
  if (!found) throw notFound();
  const parsed = ReplySchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "common.form.required" }, { status: 400 });
  const outcome = await addReviewComment({ assessmentId, organisationId, questionId: parsed.data.questionId, body: parsed.data.body, userId: user.id, side: "organisation" });
  if (!outcome.ok) return data({ error: outcome.error }, { status: 400 });
  const base = `/o/${organisationId}/assessments/${assessmentId}`;
  // Only back to this assessment's own pages.
  const safe = safeRedirectPath(parsed.data.returnTo, `${base}/comments`);
  const back = safe.startsWith(`${base}/`) ? safe.split("#")[0] : `${base}/comments`;
  return redirect(`${back}#thread-${parsed.data.questionId}`);
}

export default function AssessmentComments() {
  const t = useT();
  const locale = useLocale();
  const { organisationId, assessmentId, title, year, status, threads, canReply } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/o/${organisationId}/assessments/${assessmentId}`;
  return (
    <div>
      <p>
        <Link to={base}>{t("assessment.backToOverview")}</Link>
      </p>
      <h1>
        {t("review.commentsTitle")} — {title[locale]} {year}
      </h1>
      <p>
        {t("assessment.statusLabel")}: <strong>{t(`assessment.status.${status}`)}</strong>
      </p>
      {status === "returned" ? <p>{t("review.returnedIntro")}</p> : null}
      <FormError error={result?.error} />
      {threads.length === 0 ? <p>{t("review.noComments")}</p> : null}
      <ReviewComments threads={threads} organisationId={organisationId} assessmentId={assessmentId} canReply={canReply} returnTo={`${base}/comments`} linkToQuestions />
    </div>
  );
}
