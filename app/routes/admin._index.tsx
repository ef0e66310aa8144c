import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminSections } from "#app/components/admin-nav";
import { useT } from "#app/i18n/use-translate";
import { campaignParticipation, currentCampaign } from "#app/models/campaigns.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.consoleTitle" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const campaign = await currentCampaign();
  const participation = campaign ? (await campaignParticipation([campaign.id])).get(campaign.id) ?? null : null;
  return { campaign: campaign ? { year: campaign.year, status: campaign.status, closesOn: campaign.closesOn } : null, participation };
}

export default function AdminHome() {
  const t = useT();
  const { campaign, participation } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("admin.consoleTitle")}</h1>
      <p>
        {campaign
          ? t("admin.currentCampaign", { year: campaign.year, status: t(`admin.campaigns.status.${campaign.status}`) })
          : t("admin.noCampaign")}
      </p>
      {campaign && participation ? (
        <section aria-labelledby="participation-heading">
          <h2 id="participation-heading">{t("pages.participationTitle", { year: campaign.year })}</h2>
          <p>{t("pages.participationCounts", { ...participation })}</p>
          <label htmlFor="participation-submitted">{t("assessment.statusLabel")}</label>
          <progress id="participation-submitted" max={Math.max(participation.organisations, 1)} value={participation.submitted}>
            {participation.submitted}/{participation.organisations}
          </progress>
          <p>
            <Link to="/admin/campaigns">{t("pages.campaignsLink")}</Link>
          </p>
        </section>
      ) : null}
      <ul className="admin-sections">
        {adminSections.map((s) => (
          <li key={s.to}>
            <Link to={s.to}>{t(s.key)}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
