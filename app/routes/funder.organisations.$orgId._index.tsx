import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatScore } from "#app/components/charts/format";
import { useLocale, useT } from "#app/i18n/use-translate";
import { organisationHistory } from "#app/models/reports.server";
import { getOrganisation } from "#app/models/organisations.server";
import { logFunderView, sharedYears } from "#app/models/sharing.server";
import { audit } from "#app/utils/audit.server";
import { notFound, requireActor, requirePermission } from "#app/utils/guards.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: (d: { organisation: { name: string } }) => ({ key: "report.reportsOf", params: { name: d.organisation.name } }) };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

/** The reports of one organisation that shares with the funder, for the shared years. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requireActor(request, context);
  const { user } = await requirePermission(request, { action: "funder.portfolio", funderId: actor.funderId ?? "" }, context);
  const years = await sharedYears(organisationId, actor.funderId);
  const organisation = years === null ? null : await getOrganisation(organisationId);
  if (years === null || !organisation) {
    await audit({ action: "access.refused", actorUserId: user.id, targetType: "funder.organisation", targetId: organisationId.slice(0, 64), details: { path: new URL(request.url).pathname } });
    throw notFound();
  }
  const history = await organisationHistory(organisationId, years);
  await logFunderView({ userId: user.id, funderId: actor.funderId!, organisationId, what: "organisation" });
  return {
    organisation: { id: organisation.id, name: organisation.name },
    reports: history.map((h) => ({ assessmentId: h.assessmentId, year: h.year, questionnaire: h.questionnaire, total: h.total, sealGranted: h.sealGranted })),
  };
}

export default function FunderOrganisation() {
  const t = useT();
  const locale = useLocale();
  const { organisation, reports } = useLoaderData<typeof loader>();
  return (
    <div className="report">
      <h1>{t("report.reportsOf", { name: organisation.name })}</h1>
      {reports.length === 0 ? (
        <p>{t("report.noSharedReports")}</p>
      ) : (
        <ul>
          {reports.map((r) => (
            <li key={r.assessmentId}>
              <Link to={`/funder/organisations/${organisation.id}/${r.assessmentId}`}>{t("report.openReport", { year: String(r.year) })}</Link> · {t("report.total")}{" "}
              {formatScore(locale, r.total)}
              {r.sealGranted ? ` · ${t("report.sealGranted")}` : ""}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/funder">{t("report.funderTitle")}</Link>
      </p>
    </div>
  );
}
