import type { LoaderFunctionArgs } from "@remix-run/node";
import { readReport } from "#app/models/reports.server";
import { reportBodyHtml } from "#app/reports/report-html.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import { securityHeaders } from "#app/utils/security-headers";

/**
 * The report's body as an HTML fragment, for the report page after a client-side navigation
 * (its clientLoader): the same guard and the same rendering as the page.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const locale = resolveLocale(request, user);
  const source = await readReport({ organisationId, assessmentId: params.assessmentId ?? "", locale });
  if (!source) throw notFound();
  return new Response(await reportBodyHtml(source, locale), {
    headers: {
      ...securityHeaders(),
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
    },
  });
}
