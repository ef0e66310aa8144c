import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiErrors, requireResearchAccess } from "#app/models/api-tokens.server";
import { downloadRelease, DOWNLOADS_PER_HOUR } from "#app/models/releases.server";
import { clientIp } from "#app/utils/request.server";

/** GET /api/v1/releases/<id>/package.zip: the stored package, byte for byte; logged and rate-limited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireResearchAccess(request, context);
  const outcome = await downloadRelease({ releaseId: params.releaseId ?? "", userId: access.userId, tokenId: access.tokenId, via: access.via, ip: clientIp(context) });
  if (!outcome.ok) {
    throw outcome.status === 429 ? apiErrors.tooManyRequests(DOWNLOADS_PER_HOUR, outcome.retryAfterSeconds) : apiErrors.notFound();
  }
  return new Response(outcome.zip as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${outcome.filename}"`,
      "content-length": String(outcome.zip.length),
      "x-content-sha256": outcome.sha256,
      "cache-control": "no-store",
    },
  });
}
