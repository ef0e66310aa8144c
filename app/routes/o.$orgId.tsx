import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-translate";
import { getOrganisation } from "#app/models/organisations.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { roleAtLeast } from "#app/utils/permissions";
import { requestKey } from "#app/utils/request.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: (d: { organisation: { name: string } }) => d.organisation.name };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "organisation.view", organisationId }, context);
  const organisation = await getOrganisation(organisationId, request.method === "GET" ? requestKey(request, context) : undefined);
  if (!organisation) throw notFound();
  const role = actor.memberships[organisationId] ?? null;
  return { organisation: { id: organisation.id, name: organisation.name }, role };
}

export default function OrganisationLayout() {
  const t = useT();
  const { organisation, role } = useLoaderData<typeof loader>();
  const base = `/o/${organisation.id}`;
  return (
    <div>
      <p className="org-name">{organisation.name}</p>
      <nav aria-label={t("organisation.navigation")} className="tabs">
        <NavLink to={base} end>
          {t("organisation.home")}
        </NavLink>
        <NavLink to={`${base}/members`}>{t("organisation.members")}</NavLink>
        <NavLink to={`${base}/progress`}>{t("report.navProgress")}</NavLink>
        <NavLink to={`${base}/sharing`}>{t("report.navSharing")}</NavLink>
        {roleAtLeast(role ?? undefined, "owner") ? <NavLink to={`${base}/profile`}>{t("organisation.profile")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}
