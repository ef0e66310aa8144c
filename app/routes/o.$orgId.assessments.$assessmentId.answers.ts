import type { ActionFunctionArgs } from "@remix-run/node";
import { autosaveReply } from "#app/assessments/autosave-endpoint.server";
import { autosaveAnswer } from "#app/models/autosave.server";
import { browserKeyFrom } from "#app/models/pending-saves.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound } from "#app/utils/guards.server";
import { clientIp } from "#app/utils/request.server";
import { sessionTokenFrom } from "#app/utils/session.server";
import { unavailableOnConnectionError } from "#db/client";

/**
 * Autosave: one answer per request, answered in JSON (see autosaveReply for the statuses). The
 * production server answers this address before Remix with serveAutosave, which follows the
 * same steps; this module serves it in development and in the tests.
 */
export function action({ request, params, context }: ActionFunctionArgs) {
  // As serveAutosave: the database unreachable or not answering in time, even mid-request, is a 503.
  return unavailableOnConnectionError(async () => {
    const organisationId = params.orgId ?? "";
    const assessmentId = params.assessmentId ?? "";
    const form = await readForm(request);
    const sessionToken = sessionTokenFrom(request);
    const saved = await autosaveAnswer({
      sessionToken,
      organisationId,
      assessmentId,
      form,
      ip: clientIp(context),
      path: new URL(request.url).pathname,
    });
    const reply = await autosaveReply(saved, { organisationId, assessmentId, form, sessionToken, browserKey: browserKeyFrom(request) });
    if (reply === "not_found") throw notFound();
    return Response.json(reply.body, { status: reply.status });
  });
}
