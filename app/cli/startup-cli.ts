// Command-line tools start the app's services like the server does, without demo data.
process.env.DEMO_DATA = "false";
// Nobody waits on a page: a long query (a seed, a release of a large network) may take its time.
process.env.DATABASE_QUERY_TIMEOUT_MS ??= "0";

export async function startupWithoutDemo() {
  await import("../features.server");
  const { startup } = await import("../startup.server");
  await startup();
}
