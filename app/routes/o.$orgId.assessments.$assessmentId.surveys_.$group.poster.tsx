import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "#app/i18n/use-translate";
import { openedSurvey } from "#app/models/surveys.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";
import surveyStyles from "#app/styles/surveys.css?url";
import { surveyUrl } from "#app/utils/qr.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];

export const handle: TitleHandle = { title: "surveys.poster" };

/** A printable A4 poster: the survey's title, its QR code and its address. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const survey = await openedSurvey({ organisationId, assessmentId: params.assessmentId ?? "", group: params.group ?? "" });
  if (!survey) throw notFound();
  const url = surveyUrl(survey.opened.linkToken);
  return { title: survey.definition.title, description: survey.definition.description ?? null, minimum: survey.minimum, url, qr: `/o/${organisationId}/assessments/${params.assessmentId}/surveys/${survey.group}/qr.svg` };
}

export default function Poster() {
  const t = useT();
  const locale = useLocale();
  const { title, description, minimum, url, qr } = useLoaderData<typeof loader>();
  return (
    <article className="survey-poster">
      <h1>{title[locale]}</h1>
      {description ? <p>{description[locale]}</p> : null}
      <p>
        <strong>{t("surveys.poster.scan")}</strong>
      </p>
      <img className="survey-poster-qr" src={qr} alt={t("surveys.poster.scan")} width={320} height={320} />
      <p>
        {t("surveys.poster.orOpen")}: <code>{url}</code>
      </p>
      <p>{t("surveys.poster.anonymous", { minimum })}</p>
    </article>
  );
}
