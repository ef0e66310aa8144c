import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatScore } from "#app/components/charts/format";
import { useLocale, useT } from "#app/i18n/use-translate";
import { loadProgress } from "#app/models/reports.server";
import { progressHtml } from "#app/reports/report-html.server";
import { requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "report.progressTitle" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const locale = resolveLocale(request, user);
  const { progress, codeInfo, axisTitles, reports } = await loadProgress({ organisationId, locale });
  // The charts are drawn on the server (decision 0820): the page gets their HTML, not their data.
  return { organisationId, reports, chartsHtml: reports.length ? await progressHtml({ progress, codeInfo, axisTitles }, locale) : "" };
}

export default function ProgressPage() {
  const t = useT();
  const locale = useLocale();
  const { organisationId, reports, chartsHtml } = useLoaderData<typeof loader>();
  const base = `/o/${organisationId}`;
  return (
    <div className="report">
      <h1>{t("report.progressTitle")}</h1>
      {reports.length === 0 ? (
        <p>{t("report.noResults")}</p>
      ) : (
        <>
          <section aria-labelledby="reports-title">
            <h2 id="reports-title">{t("report.reportsList")}</h2>
            <ul>
              {reports.map((r) => (
                <li key={r.assessmentId}>
                  <Link to={`${base}/reports/${r.assessmentId}`}>{t("report.openReport", { year: String(r.year) })}</Link> · {r.questionnaire} · {t("report.total")}{" "}
                  {formatScore(locale, r.total)}
                </li>
              ))}
            </ul>
            <p className="actions no-print">
              <a href={`${base}/export.csv`}>{t("report.exportCsv")}</a>
              <a href={`${base}/export.csv?part=answers`}>{t("report.exportAnswersCsv")}</a>
              <a href={`${base}/export.json`}>{t("report.exportJson")}</a>
            </p>
          </section>
          <div className="progress-body" dangerouslySetInnerHTML={{ __html: chartsHtml }} />
        </>
      )}
    </div>
  );
}
