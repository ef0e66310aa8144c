import type { LoaderFunctionArgs } from "@remix-run/node";
import { logExport, organisationExport } from "#app/models/exports.server";
import { notFound, requirePermission } from "#app/utils/guards.server";

/** The organisation's answers and results for every year, as JSON. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "organisation.export", organisationId }, context);
  const data = await organisationExport(organisationId);
  if (!data) throw notFound();
  await logExport({ organisationId, userId: user.id, format: "json" });
  return new Response(JSON.stringify({ generatedAt: new Date().toISOString(), ...data }, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": 'attachment; filename="bilan-export.json"',
      "cache-control": "private, no-store",
    },
  });
}
