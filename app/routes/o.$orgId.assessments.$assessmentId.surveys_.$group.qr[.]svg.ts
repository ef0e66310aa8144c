import type { LoaderFunctionArgs } from "@remix-run/node";
import { openedSurvey } from "#app/models/surveys.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { qrSvg, surveyUrl } from "#app/utils/qr.server";

/** The QR code of a survey's link, as SVG. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const survey = await openedSurvey({ organisationId, assessmentId: params.assessmentId ?? "", group: params.group ?? "" });
  if (!survey) throw notFound();
  return new Response(await qrSvg(surveyUrl(survey.opened.linkToken)), { headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "private, no-store" } });
}
