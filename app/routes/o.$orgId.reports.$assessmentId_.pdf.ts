import type { LoaderFunctionArgs } from "@remix-run/node";
import { readReport } from "#app/models/reports.server";
import { reportPdf } from "#app/reports/pdf/render.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import { securityHeaders } from "#app/utils/security-headers";

/** The report as a PDF to download, in the reader's language: the same guard as the page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const locale = resolveLocale(request, user);
  const source = await readReport({ organisationId, assessmentId: params.assessmentId ?? "", locale });
  if (!source) throw notFound();
  const pdf = await reportPdf(source, locale);
  const name = `bilan-${source.page.year}-${source.page.organisation.name.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "report"}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      ...securityHeaders(),
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
    },
  });
}
