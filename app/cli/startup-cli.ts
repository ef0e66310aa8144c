// Command-line tools start the app's services like the server does, without demo data.
process.env.DEMO_DATA = "false";

export async function startupWithoutDemo() {
  await import("../features.server");
  const { startup } = await import("../startup.server");
  await startup();
}
