import { pingDatabase } from "#db/client";

/** For load balancers and the start script: 200 once the database answers, 503 otherwise. */
export async function loader() {
  try {
    const database = await pingDatabase();
    return Response.json({ status: "ok", database }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return Response.json(
      { status: "unavailable", error: "database unreachable", detail: (error as Error).message.slice(0, 200) },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}
