import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "#app/components/form";
import { displayValue } from "#app/assessments/form-values";
import { useLocale, useT } from "#app/i18n/use-translate";
import { answerValues, getAssessment, isEditable, loadAnswers, submitAssessment } from "#app/models/assessments.server";
import { getOrganisation } from "#app/models/organisations.server";
import { answerSheet } from "#app/questionnaires/answer-sheet";
import { checkForSubmit, type SubmitProblem } from "#app/questionnaires/index";
import type { SurveyProblem } from "#app/models/surveys.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { roleAtLeast } from "#app/utils/permissions";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "pages.checkTitle" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

// Check your answers, then submit: every applicable question with its answer and a link to
// change it, what still blocks the submission, and the one button that freezes the result.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const found = await getAssessment(organisationId, params.assessmentId ?? "");
  const organisation = found ? await getOrganisation(organisationId) : null;
  if (!found || !organisation) throw notFound();
  const { assessment, campaign, compiled } = found;
  const stored = await loadAnswers(assessment.id);
  const values = answerValues(stored);
  const editable = roleAtLeast(actor.memberships[organisationId], "editor") && isEditable(assessment, campaign);
  return {
    organisationId,
    organisationName: organisation.name,
    assessmentId: assessment.id,
    year: campaign.year,
    title: compiled.definition.title,
    sections: answerSheet(compiled, values),
    // who answered what: the colleague who saved each answer last
    answeredBy: Object.fromEntries([...stored].filter(([, a]) => a.updatedByName).map(([id, a]) => [id, a.updatedByName as string])),
    problems: checkForSubmit(compiled, values),
    surveyTitles: Object.fromEntries((compiled.definition.surveys ?? []).map((s) => [s.group, s.title])),
    editable,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  await readForm(request);
  const { user } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  if (!(await getAssessment(organisationId, assessmentId))) throw notFound();
  const outcome = await submitAssessment({ organisationId, assessmentId, userId: user.id });
  if (outcome.ok) return redirect(`/o/${organisationId}/assessments/${assessmentId}?submitted=1`);
  if (outcome.reason === "invalid") return data({ problems: outcome.problems, surveyProblems: [] as SurveyProblem[], readOnly: false }, { status: 422 });
  if (outcome.reason === "surveys") return data({ problems: [] as SubmitProblem[], surveyProblems: outcome.surveyProblems, readOnly: false }, { status: 422 });
  return data({ problems: [] as SubmitProblem[], surveyProblems: [] as SurveyProblem[], readOnly: true }, { status: 409 });
}

export default function CheckAnswers() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { organisationId, assessmentId, sections, editable } = loaded;
  const problems = actionData?.problems ?? loaded.problems;
  const base = `/o/${organisationId}/assessments/${assessmentId}`;
  const words = { yes: t("assessment.yes"), no: t("assessment.no"), none: t("assessment.noAnswer") };
  const labelOf = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, q.label[locale]] as const)));
  return (
    <div className="check-answers">
      <p className="org-name">
        {loaded.title[locale]} — {loaded.year}
      </p>
      <h1>{t("pages.checkTitle")}</h1>
      <p>{t("pages.checkIntro")}</p>
      {actionData?.readOnly ? <p className="form-error">{t("assessment.readOnly")}</p> : null}
      {problems.length > 0 ? (
        <div className="form-error" role="alert" aria-labelledby="problems-heading">
          <h2 id="problems-heading">{t("pages.problemsTitle")}</h2>
          <ul className="problems">
            {problems.map((p) => (
              <li key={p.questionId}>
                <a href={`${base}/${p.sectionId}#q-${p.questionId}`}>{labelOf.get(p.questionId) ?? p.questionId}</a>: {t(`assessment.error.${p.error.code}`, p.error.params)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {actionData && actionData.surveyProblems.length > 0 ? (
        <div className="form-error" role="alert">
          <p>
            <strong>{t("surveys.submitBlockedTitle")}</strong>
          </p>
          <ul>
            {actionData.surveyProblems.map((p) => (
              <li key={p.group}>
                <Link to={`${base}/surveys`}>{t("surveys.submitBlocked", { survey: loaded.surveyTitles[p.group]?.[locale] ?? p.group, responses: p.responses, minimum: p.minimum })}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {sections.map((s) => (
        <section key={s.id} aria-labelledby={`check-${s.id}`}>
          <h2 id={`check-${s.id}`}>{s.title[locale]}</h2>
          {s.questions.length === 0 ? (
            <p className="hint">{t("pages.noQuestions")}</p>
          ) : (
            <dl className="answer-list">
              {s.questions.map((q) => (
                <div key={q.id} className="answer-row">
                  <dt>{q.label[locale]}</dt>
                  <dd>
                    {displayValue(q.value ?? undefined, q, locale, words)}
                    {q.unit && q.value !== null && q.unit !== "boolean" ? ` ${t(`units.${q.unit}`)}` : ""}
                    {q.value !== null && loaded.answeredBy[q.id] ? <span className="hint answered-by"> · {t("pages.answeredBy", { name: loaded.answeredBy[q.id] })}</span> : null}
                  </dd>
                  {editable ? (
                    <dd className="answer-change">
                      <Link to={`${base}/${s.id}#q-${q.id}`}>
                        {t("pages.change")}
                        <span className="visually-hidden"> {t("pages.changeHidden", { question: q.label[locale] })}</span>
                      </Link>
                    </dd>
                  ) : null}
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
      {editable ? (
        <section aria-labelledby="confirm-heading" className="confirm-submit">
          <h2 id="confirm-heading">{t("pages.confirmTitle")}</h2>
          {problems.length === 0 ? <p>{t("pages.checkReady")}</p> : null}
          <p>{t("pages.confirmText", { organisation: loaded.organisationName })}</p>
          <Form method="post">
            <CsrfInput />
            <button type="submit" className="primary">
              {t("assessment.submit")}
            </button>
          </Form>
        </section>
      ) : null}
      <p>
        <Link to={base}>{t("pages.backToOverview")}</Link>
      </p>
    </div>
  );
}
