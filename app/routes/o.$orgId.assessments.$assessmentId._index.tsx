import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, Field, Notice } from "#app/components/form";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDate, formatDateTime, formatNumber } from "#app/i18n/translate";
import {
  answerValues,
  assessmentEventsOf,
  currentResult,
  getAssessment,
  isEditable,
  loadAnswers,
  reopenAssessment,
  submitAssessment,
} from "#app/models/assessments.server";
import { applicableQuestions, type SubmitProblem } from "#app/questionnaires/index";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { can, roleAtLeast } from "#app/utils/permissions";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";
import type { Locale } from "#app/i18n/locales";

export const handle: TitleHandle = { title: (d: { title: Record<Locale, string>; campaign: { year: number } }, locale: Locale) => `${d.title[locale]} · ${d.campaign.year}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const found = await getAssessment(organisationId, params.assessmentId ?? "");
  if (!found) throw notFound();
  const { assessment, campaign, compiled } = found;
  const values = answerValues(await loadAnswers(assessment.id));
  const applicable = new Set(applicableQuestions(compiled, values));
  const isAnswered = (id: string) => values[id] !== undefined && values[id] !== null && values[id] !== "" && !(Array.isArray(values[id]) && (values[id] as unknown[]).length === 0);
  const sections = compiled.definition.sections.map((s) => {
    const asked = s.questions.filter((q) => applicable.has(q.id));
    return {
      id: s.id,
      title: s.title,
      answered: asked.filter((q) => isAnswered(q.id)).length,
      total: asked.length,
      requiredLeft: asked.filter((q) => q.required && !isAnswered(q.id)).length,
    };
  });
  const result = await currentResult(assessment.id);
  return {
    organisationId,
    assessment: { id: assessment.id, status: assessment.status, submittedAt: assessment.submittedAt, versionId: assessment.versionId },
    campaign: { year: campaign.year, closesOn: campaign.closesOn, status: campaign.status },
    title: compiled.definition.title,
    sections,
    result: result ? { total: result.total, sealPassed: result.sealPassed } : null,
    events: await assessmentEventsOf(assessment.id),
    editable: roleAtLeast(actor.memberships[organisationId], "editor") && isEditable(assessment, campaign),
    canReopen: can(actor, { action: "assessment.reopen" }) && !isEditable(assessment, campaign) && assessment.status !== "draft",
    questionTitles: Object.fromEntries(compiled.questions.map((q) => [q.question.id, q.question.label])),
  };
}

const ReopenSchema = z.object({ reason: z.string().trim().min(3, { message: "common.form.required" }).max(2000, { message: "common.form.tooLong" }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "reopen") {
    const { user } = await requirePermission(request, { action: "assessment.reopen" }, context);
    const found = await getAssessment(organisationId, assessmentId);
    if (!found) throw notFound();
    const parsed = ReopenSchema.safeParse({ reason: form.get("reason") });
    if (!parsed.success) return data({ problems: [] as SubmitProblem[], reopenError: "common.form.required", done: null as string | null }, { status: 400 });
    await reopenAssessment({ assessmentId, userId: user.id, reason: parsed.data.reason });
    return { problems: [] as SubmitProblem[], reopenError: null, done: "assessment.reopened" };
  }
  const { user } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  if (!(await getAssessment(organisationId, assessmentId))) throw notFound();
  const outcome = await submitAssessment({ organisationId, assessmentId, userId: user.id });
  if (outcome.ok) return redirect(`/o/${organisationId}/assessments/${assessmentId}?submitted=1`);
  if (outcome.reason === "invalid") return data({ problems: outcome.problems, reopenError: null, done: null }, { status: 422 });
  return data({ problems: [] as SubmitProblem[], reopenError: null, done: "assessment.readOnly" }, { status: 409 });
}

export default function AssessmentOverview() {
  const t = useT();
  const locale = useLocale();
  const { organisationId, assessment, campaign, title, sections, result, events, editable, canReopen, questionTitles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/o/${organisationId}/assessments/${assessment.id}`;
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const total = sections.reduce((n, s) => n + s.total, 0);
  return (
    <div>
      <h1>
        {title[locale]} — {campaign.year}
      </h1>
      <p>
        {t("assessment.statusLabel")}: <strong>{t(`assessment.status.${assessment.status}`)}</strong>
        {campaign.status === "open" ? <> · {t("assessment.deadline", { date: formatDate(locale, campaign.closesOn) })}</> : null}
      </p>
      {actionData?.done ? <Notice>{t(actionData.done)}</Notice> : null}
      {result ? (
        <p>
          {t("assessment.total")}: <strong>{result.total === null ? "—" : formatNumber(locale, result.total, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</strong> / 10 · {t("assessment.seal")}:{" "}
          {result.sealPassed ? t("assessment.sealPass") : t("assessment.sealNo")} · <Link to={`/o/${organisationId}/reports/${assessment.id}`}>{t("assessment.report")}</Link>
        </p>
      ) : null}
      <label htmlFor="progress">{t("assessment.overallProgress")}</label>{" "}
      <progress id="progress" max={Math.max(total, 1)} value={answered}>
        {answered}/{total}
      </progress>{" "}
      {t("assessment.progress", { answered, total })}
      {events.some((e) => e.kind === "returned" || e.kind === "review_started") ? (
        <p>
          <Link to={`${base}/comments`}>{t("review.commentsTitle")}</Link>
        </p>
      ) : null}
      <h2>{t("assessment.sections")}</h2>
      <ol>
        {sections.map((s) => (
          <li key={s.id}>
            <Link to={`${base}/${s.id}`}>{s.title[locale]}</Link> — {t("assessment.progress", { answered: s.answered, total: s.total })}
            {s.requiredLeft > 0 ? <> · {t("assessment.requiredLeft", { count: s.requiredLeft })}</> : null}
          </li>
        ))}
      </ol>
      {editable ? (
        <section aria-labelledby="submit-heading">
          <h2 id="submit-heading">{t("assessment.submitTitle")}</h2>
          <p>{t("assessment.submitIntro")}</p>
          {actionData && actionData.problems.length > 0 ? (
            <div className="form-error" role="alert">
              <p>
                <strong>{t("assessment.problemsTitle")}</strong>
              </p>
              <ul className="problems">
                {actionData.problems.map((p) => (
                  <li key={p.questionId}>
                    <a href={`${base}/${p.sectionId}#q-${p.questionId}`}>{questionTitles[p.questionId]?.[locale] ?? p.questionId}</a>: {t(`assessment.error.${p.error.code}`, p.error.params)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="primary">
              {t("assessment.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      {canReopen ? (
        <section aria-labelledby="reopen-heading">
          <h2 id="reopen-heading">{t("assessment.reopen")}</h2>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="reopen" />
            <Field name="reason" label={t("assessment.reopenReason")} error={actionData?.reopenError ?? undefined} required />
            <button type="submit">{t("assessment.reopen")}</button>
          </Form>
        </section>
      ) : null}
      {events.length > 0 ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{t("assessment.history")}</h2>
          <ul>
            {events.map((e, i) => (
              <li key={i}>
                {formatDateTime(locale, e.at)} — {t(`review.event.${e.kind}`)} {e.actorName ? `(${e.actorName})` : ""} {e.reason ? `: ${e.reason}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
