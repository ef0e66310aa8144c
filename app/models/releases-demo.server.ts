import { demoAccounts, onDemoSeed } from "./demo.server";
import { buildRelease, listReleasableCampaigns } from "./releases.server";
import { decideApplication, getDataAgreement, submitApplication } from "./researchers.server";

/**
 * The demo researcher has an approved application, and the latest closed campaign has a release,
 * so the research pages work at once (with three organisations, every cell is flagged C).
 */
onDemoSeed(async (ids) => {
  const researcher = demoAccounts.find((a) => a.kind === "researcher");
  const admin = demoAccounts.find((a) => a.kind === "admin");
  const userId = researcher ? ids.users[researcher.email] : undefined;
  const adminId = admin ? ids.users[admin.email] : undefined;
  if (!userId || !adminId) return;
  const applied = await submitApplication({
    userId,
    input: {
      institution: "Universitat de Recerca, Social Economy Group",
      project: "Democracy and equity in the social and solidarity economy, 2023-2026",
      purpose: "Compare the axes of the social balance across legal forms and regions over three campaigns.",
    },
    agreement: await getDataAgreement("en"),
  });
  if (!applied.ok) throw new Error(`demo researcher application: ${applied.error}`);
  await decideApplication({ userId, decision: "approved", note: null, actorUserId: adminId });
  const latestClosed = (await listReleasableCampaigns()).find((c) => c.status === "closed" && c.results > 0);
  if (latestClosed) {
    const built = await buildRelease({ campaignId: latestClosed.id, actorUserId: adminId });
    if (!built.ok) throw new Error(`demo release ${latestClosed.year}: ${built.error}`);
  }
});
