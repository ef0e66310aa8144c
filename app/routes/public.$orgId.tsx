import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RadarChart } from "#app/components/charts/radar-chart";
import { formatScore } from "#app/components/charts/format";
import { useLocale, useT } from "#app/i18n/use-translate";
import { publicSummary } from "#app/models/reports.server";
import { notFound } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: (d: { summary: { name: string } }) => d.summary.name };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];
/** Public, without signing in, only while the organisation keeps its public summary on. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const summary = await publicSummary(params.orgId ?? "", resolveLocale(request, null));
  if (!summary) throw notFound();
  return { summary };
}

export default function PublicSummary() {
  const t = useT();
  const locale = useLocale();
  const { summary } = useLoaderData<typeof loader>();
  const latest = summary.latest;
  return (
    <article className="report">
      <h1>{t("report.publicTitle", { name: summary.name })}</h1>
      {latest ? (
        <>
          <h2>{t("report.publicYear", { year: String(latest.year) })}</h2>
          <p>
            <strong className={latest.sealGranted ? "seal seal-granted" : "seal"}>{latest.sealGranted ? t("report.sealGranted") : t("report.publicSealNot")}</strong>
          </p>
          <figure className="chart-figure radar-figure">
            {(["names", "numbers"] as const).map((variant) => (
              <div key={variant} className={variant === "names" ? "radar-wide" : "radar-narrow"}>
                <RadarChart
                  variant={variant}
                  format={(v) => formatScore(locale, v)}
                  axes={latest.axes.map((a) => ({ id: a.id, label: a.title, score: a.score, scoreText: formatScore(locale, a.score) }))}
                  label={t("report.radarLabel", { scores: latest.axes.map((a) => `${a.title} ${formatScore(locale, a.score)}`).join(", ") })}
                />
              </div>
            ))}
          </figure>
          <table className="data-table">
            <caption>{t("report.axesTable")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("report.axis")}</th>
                <th scope="col">{t("report.score")}</th>
              </tr>
            </thead>
            <tbody>
              {latest.axes.map((a, n) => (
                <tr key={a.id}>
                  <th scope="row">
                    <span className="axis-number">{n + 1}</span> {a.title}
                  </th>
                  <td>{formatScore(locale, a.score)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t("report.total")}</th>
                <td>{formatScore(locale, latest.total)}</td>
              </tr>
            </tbody>
          </table>
        </>
      ) : (
        <p>{t("report.publicNoResult")}</p>
      )}
    </article>
  );
}
