import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Notice } from "#app/components/form";
import { SurveyPanel } from "#app/components/survey-panel";
import { useT } from "#app/i18n/use-translate";
import { generateCodes, openSurvey, surveysOfAssessment, updateSurvey, type SurveyChange } from "#app/models/surveys.server";
import { SurveyIntentSchema } from "#app/surveys/forms";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";
import surveyStyles from "#app/styles/surveys.css?url";
import { roleAtLeast } from "#app/utils/permissions";
import { surveyUrl } from "#app/utils/qr.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];

export const handle: TitleHandle = { title: "surveys.title" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const { actor } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const list = await surveysOfAssessment({ organisationId, assessmentId });
  if (!list) throw notFound();
  return {
    organisationId,
    assessmentId,
    canEdit: roleAtLeast(actor.memberships[organisationId], "editor"),
    surveys: list.map((s) => ({ ...s, url: s.opened ? surveyUrl(s.opened.linkToken) : null })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const { user } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  const form = await readForm(request);
  const parsed = SurveyIntentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const message = parsed.error.issues.find((i) => i.message.startsWith("surveys."))?.message ?? "surveys.error.badIntent";
    return data({ error: message, done: null, codes: null as string[] | null }, { status: 400 });
  }
  const f = parsed.data;
  const base = { organisationId, userId: user.id };
  let outcome: SurveyChange;
  if (f.intent === "open") outcome = await openSurvey({ ...base, assessmentId, group: f.group });
  else if (f.intent === "codes") {
    const codes = await generateCodes({ ...base, surveyId: f.surveyId, howMany: f.howMany });
    if (!codes.ok) return data({ error: `surveys.error.${codes.error}`, done: null, codes: null }, { status: codes.error === "notFound" ? 404 : 409 });
    return { error: null, done: "surveys.codesGenerated", codes: codes.codes };
  } else {
    const change =
      f.intent === "close" ? { status: "closed" as const } : f.intent === "reopen" ? { status: "open" as const } : f.intent === "closing" ? { closesOn: f.closesOn } : { codesRequired: f.codesRequired === "on" };
    outcome = await updateSurvey({ ...base, surveyId: f.surveyId, change });
  }
  if (!outcome.ok) {
    if (outcome.error === "notFound") throw notFound();
    return data({ error: `surveys.error.${outcome.error}`, done: null, codes: null }, { status: outcome.error === "unknownGroup" ? 400 : 409 });
  }
  return { error: null, done: f.intent === "open" ? "surveys.opened" : "surveys.changed", codes: null };
}

export default function Surveys() {
  const t = useT();
  const { organisationId, assessmentId, canEdit, surveys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div>
      <p>
        <Link to={`/o/${organisationId}/assessments/${assessmentId}`}>←</Link>
      </p>
      <h1>{t("surveys.title")}</h1>
      <p>{t("surveys.intro")}</p>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {actionData?.done ? <Notice>{t(actionData.done, { count: actionData.codes?.length ?? 0 })}</Notice> : null}
      {actionData?.codes ? (
        <ul className="survey-codes" aria-label={t("surveys.codesTitle")}>
          {actionData.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {surveys.map((s) => (
        <SurveyPanel key={s.group} survey={s} canEdit={canEdit} base={`/o/${organisationId}/assessments/${assessmentId}/surveys/${s.group}`} />
      ))}
    </div>
  );
}
