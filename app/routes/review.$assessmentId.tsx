import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, FormError, Notice } from "#app/components/form";
import { displayValue } from "#app/assessments/form-values";
import { answerSheet } from "#app/questionnaires/answer-sheet";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDateTime, formatNumber } from "#app/i18n/translate";
import { assessmentEventsOf } from "#app/models/assessments.server";
import { addReviewComment, decideReview, getReviewAssessment } from "#app/models/review.server";
import { decisions, MAX_COMMENT_LENGTH } from "#app/review/constants";
import { audit } from "#app/utils/audit.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { clientIp } from "#app/utils/request.server";
import { flagTextParams } from "#app/review/flag-text";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";
import type { Locale } from "#app/i18n/locales";

export const handle: TitleHandle = { title: (d: { organisationName: string; title: Record<Locale, string>; year: number }, locale: Locale) => `${d.organisationName} · ${d.title[locale]} ${d.year}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

const CommentSchema = z.object({
  intent: z.literal("comment"),
  questionId: z.string().min(1).max(200),
  body: z.string().trim().min(1, { message: "common.form.required" }).max(MAX_COMMENT_LENGTH, { message: "common.form.tooLong" }),
});
const DecisionSchema = z.object({
  intent: z.literal("decide"),
  decision: z.enum(decisions),
  reason: z.string().trim().max(MAX_COMMENT_LENGTH, { message: "common.form.tooLong" }).default(""),
});

type ActionResult = { done: string | null; error: string | null; questionId?: string };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requirePermission(request, { action: "review.queue" }, context);
  const found = await getReviewAssessment(params.assessmentId ?? "");
  if (!found) throw notFound();
  const { assessment, campaign, compiled, values, comments } = found;
  await audit({ action: "assessment.viewed_by_staff", actorUserId: user.id, organisationId: assessment.organisationId, targetType: "assessment", targetId: assessment.id, ip: clientIp(context) });
  return {
    assessment: { id: assessment.id, status: assessment.status, versionId: assessment.versionId, sealGranted: assessment.sealGranted, submittedAt: assessment.submittedAt },
    organisationName: found.organisationName,
    year: campaign.year,
    title: compiled.definition.title,
    axes: compiled.definition.axes.map((a) => ({ id: a.id, title: a.title })),
    result: found.result,
    flags: found.flags,
    sections: answerSheet(compiled, values, { keepAnsweredElsewhere: true }),
    comments: comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    events: await assessmentEventsOf(assessment.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "review.decide" }, context);
  const form = await readForm(request);
  const assessmentId = params.assessmentId ?? "";
  if (!(await getReviewAssessment(assessmentId))) throw notFound();
  if (form.get("intent") === "comment") {
    const parsed = CommentSchema.safeParse(Object.fromEntries(form));
    const questionId = String(form.get("questionId") ?? "");
    if (!parsed.success) return data<ActionResult>({ done: null, error: parsed.error.issues[0].message.includes(" ") ? "common.form.invalid" : parsed.error.issues[0].message, questionId }, { status: 400 });
    const outcome = await addReviewComment({ assessmentId, questionId: parsed.data.questionId, body: parsed.data.body, userId: user.id, side: "network" });
    if (!outcome.ok) return data<ActionResult>({ done: null, error: outcome.error, questionId }, { status: 400 });
    return data<ActionResult>({ done: "review.commentAdded", error: null, questionId });
  }
  const parsed = DecisionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data<ActionResult>({ done: null, error: "common.form.invalid" }, { status: 400 });
  const outcome = await decideReview({ assessmentId, decision: parsed.data.decision, reason: parsed.data.reason, userId: user.id });
  if (!outcome.ok) return data<ActionResult>({ done: null, error: outcome.error }, { status: outcome.error === "review.notDecidable" ? 409 : 400 });
  const done = parsed.data.decision === "validate" ? (outcome.sealGranted ? "review.validatedWithSeal" : "review.validatedNoSeal") : parsed.data.decision === "return" ? "review.returnedDone" : "review.rejectedDone";
  return data<ActionResult>({ done, error: null });
}

export default function ReviewAssessment() {
  const t = useT();
  const locale = useLocale();
  const { assessment, organisationName, year, title, axes, result, flags, sections, comments, events } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as ActionResult | undefined;
  const words = { yes: t("assessment.yes"), no: t("assessment.no"), none: t("assessment.noAnswer") };
  const flaggedQuestions = new Set(flags.flatMap((f) => f.questionIds ?? []));
  const decidable = assessment.status === "submitted" || assessment.status === "under_review";
  return (
    <div>
      <p>
        <Link to="/review">{t("review.backToQueue")}</Link>
      </p>
      <h1>
        {organisationName} — {title[locale]} {year}
      </h1>
      <p>
        {t("review.status")}: <strong>{t(`assessment.status.${assessment.status}`)}</strong> · {t("review.total")}:{" "}
        <strong>{result?.total === null || result?.total === undefined ? "—" : formatNumber(locale, result.total)}</strong> / 10 · {t("review.seal")}:{" "}
        <strong>{assessment.sealGranted ? t("review.sealGranted") : result?.sealPassed ? t("review.sealPasses") : t("review.sealNo")}</strong>
      </p>
      {outcome?.done ? <Notice>{t(outcome.done)}</Notice> : null}
      {outcome?.error && !outcome.questionId ? <FormError error={outcome.error} /> : null}
      <section aria-labelledby="flags-heading">
        <h2 id="flags-heading">{t("review.flags")}</h2>
        {flags.length === 0 ? (
          <p>{t("review.noFlags")}</p>
        ) : (
          <ul>
            {flags.map((f) => (
              <li key={f.kind}>
                <strong>{t(`review.flag.${f.kind}`)}</strong>: {t(`review.flagDetail.${f.kind}`, flagTextParams(f.detail, axes, locale))}
                {f.kind === "incoherent" ? ` (${String(f.detail.rules).split(",").map((rule) => t(`review.rule.${rule}`)).join("; ")})` : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="decision-heading">
        <h2 id="decision-heading">{t("review.decisionTitle")}</h2>
        {decidable || assessment.status === "validated" || assessment.status === "rejected" ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="decide" />
            <div className="field">
              <label htmlFor="decision-reason">{t("review.reason")}</label>
              <p className="hint" id="decision-reason-hint">
                {t("review.reasonHint")}
              </p>
              <textarea id="decision-reason" name="reason" rows={3} maxLength={MAX_COMMENT_LENGTH} aria-describedby="decision-reason-hint" />
            </div>
            <p className="actions">
              {decidable ? (
                <button type="submit" name="decision" value="validate" className="primary">
                  {t("review.validate")}
                </button>
              ) : null}
              <button type="submit" name="decision" value="return">
                {t("review.return")}
              </button>
              {decidable ? (
                <button type="submit" name="decision" value="reject">
                  {t("review.reject")}
                </button>
              ) : null}
            </p>
          </Form>
        ) : (
          <p>{t("review.notDecidableNow")}</p>
        )}
      </section>
      {sections.map((s) => (
        <section key={s.id} aria-labelledby={`section-${s.id}`}>
          <h2 id={`section-${s.id}`}>{s.title[locale]}</h2>
          {s.questions.map((q) => {
            const thread = comments.filter((c) => c.questionId === q.id);
            const error = outcome?.questionId === q.id ? outcome.error : null;
            return (
              <article key={q.id} id={`q-${q.id}`} className={`review-question${flaggedQuestions.has(q.id) ? " flagged" : ""}`} aria-labelledby={`label-${q.id}`}>
                <h3 id={`label-${q.id}`}>{q.label[locale]}</h3>
                <p className="answer">
                  {displayValue(q.value, q, locale, words)}
                  {q.unit && q.value !== null ? ` ${t(`units.${q.unit}`)}` : ""}
                  {flaggedQuestions.has(q.id) ? <strong> · {t("review.flag.incoherent")}</strong> : null}
                </p>
                {thread.length ? (
                  <ol className="comment-thread">
                    {thread.map((c) => (
                      <li key={c.id} className={`comment comment-${c.side}`}>
                        <p className="comment-meta">
                          {c.authorName ?? "—"} ({t(`review.side.${c.side}`)}) · {formatDateTime(locale, c.createdAt)}
                        </p>
                        <p className="comment-body">{c.body}</p>
                      </li>
                    ))}
                  </ol>
                ) : null}
                <Form method="post" className="comment-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="comment" />
                  <input type="hidden" name="questionId" value={q.id} />
                  <label htmlFor={`comment-${q.id}`}>{t("review.commentOn", { question: q.label[locale] })}</label>
                  <textarea
                    id={`comment-${q.id}`}
                    name="body"
                    rows={2}
                    maxLength={MAX_COMMENT_LENGTH}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `comment-${q.id}-error` : undefined}
                  />
                  {error ? (
                    <p className="error" id={`comment-${q.id}-error`} role="alert">
                      {t(error)}
                    </p>
                  ) : null}
                  <button type="submit">{t("review.addComment", { question: q.label[locale] })}</button>
                </Form>
              </article>
            );
          })}
        </section>
      ))}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("review.history")}</h2>
        {events.length === 0 ? <p>—</p> : null}
        <ul>
          {events.map((e, i) => (
            <li key={i}>
              {formatDateTime(locale, e.at)} — {t(`review.event.${e.kind}`)} {e.actorName ? `(${e.actorName})` : ""}
              {e.reason ? `: ${e.reason}` : ""}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
