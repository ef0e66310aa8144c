import type { LoaderFunctionArgs } from "@remix-run/node";
import { openedSurvey } from "#app/models/surveys.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { qrPng, surveyUrl } from "#app/utils/qr.server";

/** The QR code of a survey's link, as PNG. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const survey = await openedSurvey({ organisationId, assessmentId: params.assessmentId ?? "", group: params.group ?? "" });
  if (!survey) throw notFound();
  const png = await qrPng(surveyUrl(survey.opened.linkToken));
  return new Response(new Uint8Array(png), { headers: { "content-type": "image/png", "cache-control": "private, no-store" } });
}
