/**
 * npm run release -- --campaign <year> [--language en|fr|ca|es] [--by <staff email>]
 *
 * Builds, checks and stores the next research release of a closed campaign, as the staff page does.
 * A second release of the same campaign is refused (exit code 1, with the reasons) when its
 * difference with the previous one would isolate fewer than k organisations.
 */
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { closeDatabase, getDb } from "#db/client";
import { users } from "#db/schema/index";
import { startupWithoutDemo } from "./startup-cli";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run release -- --campaign <year> [--language en|fr|ca|es] [--by <staff email>]`);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: { campaign: { type: "string" }, language: { type: "string", default: "en" }, by: { type: "string" } },
  });
  const year = Number(values.campaign);
  if (!values.campaign || !Number.isInteger(year)) usage("--campaign takes the campaign's year, e.g. --campaign 2025");
  const language = values.language as "en" | "fr" | "ca" | "es";
  if (!["en", "fr", "ca", "es"].includes(language)) usage("--language is one of en, fr, ca, es");
  await startupWithoutDemo();
  const { buildRelease, campaignIdByYear } = await import("#app/models/releases.server");
  let actorUserId: string | null = null;
  if (values.by) {
    const [user] = await (await getDb()).select({ id: users.id, kind: users.kind }).from(users).where(eq(users.email, values.by));
    if (!user || user.kind !== "admin") usage(`--by ${values.by} is not a network admin's email`);
    actorUserId = user.id;
  }
  const campaignId = await campaignIdByYear(year);
  if (!campaignId) usage(`there is no campaign ${year}`);
  const outcome = await buildRelease({ campaignId, actorUserId, language, ip: "cli" });
  if (!outcome.ok) {
    const messages: Record<string, string> = {
      "research.campaignNotClosed": `campaign ${year} is not closed: close it before releasing`,
      "research.noResults": `campaign ${year} has no submitted results`,
      "research.releaseRefused": `refused: the difference with the previous release of ${year} would isolate fewer than k organisations`,
      "research.releaseConcurrent": "another release of this campaign was stored at the same moment: try again",
    };
    console.error(messages[outcome.error] ?? outcome.error);
    for (const reason of (outcome.reasons ?? []).slice(0, 50)) console.error(`  - ${reason}`);
    if ((outcome.reasons?.length ?? 0) > 50) console.error(`  ... and ${outcome.reasons!.length - 50} more`);
    process.exitCode = 1;
    return;
  }
  const t = outcome.timings;
  console.log(
    `Release ${outcome.releaseId}: campaign ${outcome.year}, version ${outcome.version}, package sha256 ${outcome.packageSha256}\n` +
      `  load ${t.loadMs.toFixed(0)} ms, protect ${t.protectMs.toFixed(0)} ms, package ${t.packageMs.toFixed(0)} ms`,
  );
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
