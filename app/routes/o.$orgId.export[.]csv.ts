import type { LoaderFunctionArgs } from "@remix-run/node";
import { answersCsv, logExport, organisationExport, resultsCsv } from "#app/models/exports.server";
import { notFound, requirePermission } from "#app/utils/guards.server";

/** The organisation's results (default) or answers (?part=answers) for every year, as CSV. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "organisation.export", organisationId }, context);
  const part = new URL(request.url).searchParams.get("part") === "answers" ? "answers" : "results";
  const data = await organisationExport(organisationId);
  if (!data) throw notFound();
  await logExport({ organisationId, userId: user.id, format: `csv:${part}` });
  return new Response(part === "answers" ? answersCsv(data) : resultsCsv(data), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="bilan-${part}.csv"`,
      "cache-control": "private, no-store",
    },
  });
}
