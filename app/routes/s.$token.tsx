import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, Notice } from "#app/components/form";
import { SurveyQuestions } from "#app/components/survey-questions";
import { useLocale, useT } from "#app/i18n/use-translate";
import { networkSurveyMinimum, respond, respondentAnswers, surveyByLink } from "#app/models/surveys.server";
import { effectiveMinimum } from "#app/surveys/aggregates";
import { parseResponseForm, type ResponseFieldError } from "#app/surveys/rules";
import { clearCookie, readCookie, serializeCookie } from "#app/utils/cookies.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";
import surveyStyles from "#app/styles/surveys.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];

export const handle: TitleHandle = { title: "surveys.title" };

/** The respondent's cookie for one survey: their token, so that they save as they go. */
const cookieOf = (surveyId: string) => `bilan_survey_${surveyId.replace(/[^a-z0-9]/gi, "")}`;

/** The public page of a survey: no account, works without JavaScript, saves as the respondent goes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const survey = await surveyByLink(params.token ?? "");
  if (!survey) throw notFound();
  const saved = await respondentAnswers(survey.id, readCookie(request, cookieOf(survey.id)));
  const status = new URL(request.url).searchParams.get("done") === "1" ? "thanks" : new URL(request.url).searchParams.get("saved") === "1" ? "saved" : null;
  return {
    organisationName: survey.organisationName,
    definition: survey.definition,
    state: survey.state,
    needsCode: survey.codesRequired && saved === null,
    minimum: effectiveMinimum(survey.definition, await networkSurveyMinimum()),
    saved: saved ?? {},
    status,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const survey = await surveyByLink(params.token ?? "");
  if (!survey) throw notFound();
  const form = await readForm(request);
  const intent = form.get("intent");
  const read = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : null;
  };
  const answers = intent === "start" ? null : parseResponseForm(survey.definition, read);
  if (answers && !answers.ok) return data({ error: "surveys.respond.fixErrors", errors: answers.errors, values: answers.answers, retry: 0 }, { status: 422 });
  const outcome = await respond({
    survey,
    respondentToken: readCookie(request, cookieOf(survey.id)),
    code: read("code"),
    answers: answers ? answers.answers : null,
    finish: intent === "finish",
  });
  if (!outcome.ok) {
    const status = outcome.error === "rateLimited" ? 429 : outcome.error === "closed" ? 409 : 400;
    const headers: Record<string, string> = outcome.retryAfterSeconds ? { "retry-after": String(outcome.retryAfterSeconds) } : {};
    return data({ error: `surveys.respond.${outcome.error}`, errors: [] as ResponseFieldError[], values: answers?.answers ?? {}, retry: outcome.retryAfterSeconds ?? 0 }, { status, headers });
  }
  const cookie = outcome.respondentToken === null ? clearCookie(cookieOf(survey.id)) : serializeCookie(cookieOf(survey.id), outcome.respondentToken, { maxAge: 30 * 24 * 3600 });
  const next = outcome.finished ? "?done=1" : intent === "start" ? "" : "?saved=1";
  return redirect(`/s/${params.token}${next}`, { headers: { "set-cookie": cookie } });
}

export default function SurveyPage() {
  const t = useT();
  const locale = useLocale();
  const { organisationName, definition, state, needsCode, minimum, saved, status } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = { ...saved, ...(actionData?.values ?? {}) };
  return (
    <div className="survey-respond">
      <h1>{definition.title[locale]}</h1>
      <p>{t("surveys.respond.intro", { organisation: organisationName })}</p>
      {definition.description ? <p>{definition.description[locale]}</p> : null}
      <p>{t("surveys.respond.privacy", { organisation: organisationName, minimum })}</p>
      {status === "thanks" ? <Notice>{t("surveys.respond.thanks")}</Notice> : null}
      {status === "saved" ? <Notice>{t("surveys.respond.saved")}</Notice> : null}
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {t(actionData.error, { seconds: actionData.retry })}
        </p>
      ) : null}
      {status === "thanks" ? null : state !== "open" ? (
        <p>{t("surveys.respond.closed")}</p>
      ) : needsCode ? (
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="start" />
          <label htmlFor="survey-code">{t("surveys.respond.codeLabel")}</label>
          <p id="survey-code-hint">{t("surveys.respond.codeHint")}</p>
          <input id="survey-code" name="code" autoComplete="off" autoCapitalize="characters" maxLength={40} required aria-describedby="survey-code-hint" />{" "}
          <button type="submit">{t("surveys.respond.start")}</button>
        </Form>
      ) : (
        <Form method="post">
          <CsrfInput />
          <SurveyQuestions definition={definition} values={values} errors={actionData?.errors ?? []} />
          <p>
            <button type="submit" name="intent" value="save">
              {t("surveys.respond.save")}
            </button>{" "}
            <button type="submit" name="intent" value="finish">
              {t("surveys.respond.finish")}
            </button>
          </p>
        </Form>
      )}
    </div>
  );
}
