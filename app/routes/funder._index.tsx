import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "#app/i18n/translate";
import { useLocale, useT } from "#app/i18n/use-translate";
import { funderOrganisations } from "#app/models/sharing.server";
import { requireActor, requirePermission } from "#app/utils/guards.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "report.funderTitle" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request, context);
  await requirePermission(request, { action: "funder.portfolio", funderId: actor.funderId ?? "" }, context);
  return { organisations: await funderOrganisations(actor.funderId!) };
}

export default function FunderHome() {
  const t = useT();
  const locale = useLocale();
  const { organisations } = useLoaderData<typeof loader>();
  return (
    <div className="report">
      <h1>{t("report.funderTitle")}</h1>
      <p>{t("report.funderIntro")}</p>
      <p>
        <Link to="/funder/portfolio">{t("report.portfolioTitle")}</Link>
      </p>
      {organisations.length === 0 ? (
        <p>{t("report.funderNone")}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t("report.funderTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("report.organisation")}</th>
              <th scope="col">{t("report.sharedYears")}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link to={`/funder/organisations/${o.id}`}>{o.name}</Link>
                </th>
                <td>
                  {o.years === "all" ? t("report.yearsAll") : o.years.join(", ")} · {t("report.sharedSince", { date: formatDate(locale, o.since) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
