import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAccountData } from "#app/models/accounts.server";
import { requireUser } from "#app/utils/guards.server";

/** The person's own data as JSON (reading it is logged, changes nothing else). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const body = JSON.stringify(await exportAccountData(user.id), null, 2);
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="bilan-my-data.json"`,
      "cache-control": "no-store",
    },
  });
}
