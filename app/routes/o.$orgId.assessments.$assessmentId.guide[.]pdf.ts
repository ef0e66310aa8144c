import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAssessment } from "#app/models/assessments.server";
import { guidePdf } from "#app/reports/pdf/render.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import { securityHeaders } from "#app/utils/security-headers";

/** The questionnaire guide as a PDF, in the reader's language. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const found = await getAssessment(organisationId, params.assessmentId ?? "");
  if (!found) throw notFound();
  const pdf = await guidePdf(found.compiled, resolveLocale(request, user));
  const { questionnaire, version } = found.compiled.definition;
  return new Response(new Uint8Array(pdf), {
    headers: {
      ...securityHeaders(),
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${questionnaire}-${version.replace(/[^A-Za-z0-9.-]+/g, "-")}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
}
