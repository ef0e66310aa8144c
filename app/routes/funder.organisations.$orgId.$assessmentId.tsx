import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadReport, reportYear } from "#app/models/reports.server";
import { logFunderView, sharedYears } from "#app/models/sharing.server";
import { reportDataHtml } from "#app/reports/report-html.server";
import { notFound, requireActor, requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: (d: { report: { organisation: { name: string }; year: number } }) => `${d.report.organisation.name} · ${d.report.year}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

/**
 * A shared report, read-only. The share is read at every request: a revoked share, or a year
 * outside the shared ones, answers 404. Every view is logged for the organisation to see.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const { actor } = await requireActor(request, context);
  const years = actor.kind === "funder" ? await sharedYears(organisationId, actor.funderId) : null;
  const year = years === null ? null : await reportYear(organisationId, assessmentId);
  const { user } = await requirePermission(request, { action: "funder.view_report", organisationId, year: year ?? -1, sharedYears: year === null ? null : years }, context);
  const locale = resolveLocale(request, user);
  const report = await loadReport({ organisationId, assessmentId, locale, years: years! });
  if (!report) throw notFound();
  await logFunderView({ userId: user.id, funderId: actor.funderId!, organisationId, what: "report", assessmentId, year: report.year });
  // Its body drawn on the server (decision 0820): the page gets the HTML, not the data (nor the
  // working notes on commitments being drafted, which the body does not show).
  return { report: { organisation: { name: report.organisation.name }, year: report.year }, bodyHtml: await reportDataHtml(report, locale) };
}

export default function FunderReport() {
  const { bodyHtml } = useLoaderData<typeof loader>();
  return <article className="report" dangerouslySetInnerHTML={{ __html: bodyHtml }} />;
}
