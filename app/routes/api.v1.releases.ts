import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireResearchAccess } from "#app/models/api-tokens.server";
import { listReleases, publicRelease } from "#app/models/releases.server";

/** GET /api/v1/releases: the published releases, for an approved researcher (token or session). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireResearchAccess(request, context);
  const releases = (await listReleases()).map(publicRelease);
  return new Response(JSON.stringify({ releases }), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}
