import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { QuestionnaireGuide } from "#app/components/questionnaire-guide";
import { useLocale, useT } from "#app/i18n/use-translate";
import { getAssessment } from "#app/models/assessments.server";
import { questionnaireGuide } from "#app/questionnaires/guide";
import { notFound, requirePermission } from "#app/utils/guards.server";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "pages.guideTitle" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

// The whole questionnaire to read, print or download before filling it in.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const found = await getAssessment(organisationId, params.assessmentId ?? "");
  if (!found) throw notFound();
  return {
    base: `/o/${organisationId}/assessments/${found.assessment.id}`,
    title: found.compiled.definition.title,
    version: found.compiled.definition.version,
    year: found.campaign.year,
    sections: questionnaireGuide(found.compiled),
  };
}

export default function Guide() {
  const t = useT();
  const locale = useLocale();
  const { base, title, version, year, sections } = useLoaderData<typeof loader>();
  return (
    <article className="guide">
      <p className="org-name">
        {title[locale]} {version} — {year}
      </p>
      <h1>{t("pages.guideTitle")}</h1>
      <p>{t("pages.guideIntro")}</p>
      <p className="actions no-print">
        <a className="button" href={`${base}/guide.pdf`} download>
          {t("pages.guidePdf")}
        </a>
        <Link to={base}>{t("pages.backToOverview")}</Link>
      </p>
      <QuestionnaireGuide sections={sections} />
    </article>
  );
}
