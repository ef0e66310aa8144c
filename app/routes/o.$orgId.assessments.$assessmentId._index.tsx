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
} from "#app/models/assessments.server";
import { assessmentProgress } from "#app/questionnaires/progress";
import { assignableMembers, assignSections, sectionAssignees } from "#app/models/assignments.server";
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
  const sections = assessmentProgress(compiled, values);
  const result = await currentResult(assessment.id);
  const events = await assessmentEventsOf(assessment.id);
  const lastReturn = assessment.status === "returned" ? events.filter((e) => e.kind === "returned").at(-1) : undefined;
  return {
    organisationId,
    assessment: { id: assessment.id, status: assessment.status, submittedAt: assessment.submittedAt, versionId: assessment.versionId },
    campaign: { year: campaign.year, closesOn: campaign.closesOn, status: campaign.status },
    title: compiled.definition.title,
    sections,
    result: result ? { total: result.total, sealPassed: result.sealPassed } : null,
    events,
    returnedReason: lastReturn ? (lastReturn.reason ?? "") : null,
    justSubmitted: new URL(request.url).searchParams.get("submitted") === "1" && assessment.status === "submitted",
    editable: roleAtLeast(actor.memberships[organisationId], "editor") && isEditable(assessment, campaign),
    canReopen: can(actor, { action: "assessment.reopen" }) && !isEditable(assessment, campaign) && assessment.status !== "draft",
    surveyTitles: Object.fromEntries((compiled.definition.surveys ?? []).map((s) => [s.group, s.title])),
    assignees: await sectionAssignees(assessment.id),
    assignable: can(actor, { action: "assessment.assign", organisationId }) && isEditable(assessment, campaign) ? await assignableMembers(organisationId) : null,
  };
}

const ReopenSchema = z.object({ reason: z.string().trim().min(3, { message: "common.form.required" }).max(2000, { message: "common.form.tooLong" }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "assign") {
    // One select per section of the definition (bounded by it): a colleague's id, or "" for nobody.
    const { user } = await requirePermission(request, { action: "assessment.assign", organisationId }, context);
    const found = await getAssessment(organisationId, assessmentId);
    if (!found) throw notFound();
    const choices: Record<string, string | null> = {};
    for (const section of found.compiled.definition.sections) {
      const value = form.get(`assign.${section.id}`);
      if (typeof value === "string" && value.length <= 64) choices[section.id] = value === "" ? null : value;
    }
    const outcome = await assignSections({ organisationId, assessmentId, choices, actorUserId: user.id });
    if (!outcome.ok && outcome.error === "not_found") throw notFound();
    if (!outcome.ok) return data({ reopenError: null, done: null as string | null, assignError: outcome.error }, { status: 400 });
    return { reopenError: null, done: "pages.assignSaved", assignError: null };
  }
  if (intent === "reopen") {
    const { user } = await requirePermission(request, { action: "assessment.reopen" }, context);
    const found = await getAssessment(organisationId, assessmentId);
    if (!found) throw notFound();
    const parsed = ReopenSchema.safeParse({ reason: form.get("reason") });
    if (!parsed.success) return data({ reopenError: "common.form.required", done: null as string | null }, { status: 400 });
    await reopenAssessment({ assessmentId, userId: user.id, reason: parsed.data.reason });
    return { reopenError: null, done: "assessment.reopened" };
  }
  // Submitting happens on the check-your-answers page; an old form posting here is sent there.
  await requirePermission(request, { action: "assessment.view", organisationId }, context);
  if (!(await getAssessment(organisationId, assessmentId))) throw notFound();
  return redirect(`/o/${organisationId}/assessments/${assessmentId}/check-answers`);
}

export default function AssessmentOverview() {
  const t = useT();
  const locale = useLocale();
  const { organisationId, assessment, campaign, title, sections, result, events, editable, canReopen, returnedReason, justSubmitted, surveyTitles, assignees, assignable } = useLoaderData<typeof loader>();
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
      {returnedReason !== null ? (
        <div className="banner" role="region" aria-labelledby="returned-heading">
          <h2 id="returned-heading">{t("pages.returnedTitle")}</h2>
          {returnedReason ? <p>{t("pages.returnedReason", { reason: returnedReason })}</p> : null}
          <p>
            <Link to={`${base}/comments`}>{t("pages.returnedComments")}</Link>
          </p>
        </div>
      ) : null}
      {justSubmitted ? (
        <div className="banner done" role="status" aria-labelledby="submitted-heading">
          <h2 id="submitted-heading">{t("pages.submittedTitle")}</h2>
          <h3>{t("pages.nextTitle")}</h3>
          <ul>
            <li>{t("pages.nextScored")}</li>
            <li>{t("pages.nextReview")}</li>
            <li>{t("pages.nextSeal")}</li>
          </ul>
          <p>
            <Link className="button primary" to={`/o/${organisationId}/reports/${assessment.id}`}>
              {t("pages.readReport")}
            </Link>
          </p>
        </div>
      ) : null}
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
      <p>
        <Link to={`${base}/guide`}>{t("pages.guideLink")}</Link>
      </p>
      {Object.keys(surveyTitles).length > 0 ? (
        <p>
          <Link to={`${base}/surveys`}>{t("surveys.navLink")}</Link>
        </p>
      ) : null}
      <h2>{t("assessment.sections")}</h2>
      <ol>
        {sections.map((s) => (
          <li key={s.id}>
            <Link to={`${base}/${s.id}`}>{s.title[locale]}</Link> — {t("assessment.progress", { answered: s.answered, total: s.total })}
            {s.requiredLeft > 0 ? <> · {t("assessment.requiredLeft", { count: s.requiredLeft })}</> : null}
            {assignees[s.id] ? <> · {t("pages.assignedTo", { name: assignees[s.id].name })}</> : null}
          </li>
        ))}
      </ol>
      {assignable ? (
        <details className="assign-sections" open={Boolean(actionData && "assignError" in actionData && actionData.assignError)}>
          <summary>{t("pages.assignTitle")}</summary>
          <p className="hint">{t("pages.assignIntro")}</p>
          {actionData && "assignError" in actionData && actionData.assignError ? <p className="form-error">{t(actionData.assignError)}</p> : null}
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="assign" />
            {sections.map((s) => (
              <div className="field" key={s.id}>
                <label htmlFor={`assign-${s.id}`}>{s.title[locale]}</label>
                <select id={`assign-${s.id}`} name={`assign.${s.id}`} defaultValue={assignees[s.id]?.userId ?? ""}>
                  <option value="">{t("pages.assignNobody")}</option>
                  {assignable.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit">{t("pages.assignSave")}</button>
          </Form>
        </details>
      ) : null}
      {editable ? (
        <section aria-labelledby="submit-heading">
          <h2 id="submit-heading">{t("assessment.submitTitle")}</h2>
          <p>{t("assessment.submitIntro")}</p>
          <p>
            <Link className="button primary" to={`${base}/check-answers`}>
              {t("pages.checkLink")}
            </Link>
          </p>
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
