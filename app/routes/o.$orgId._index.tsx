import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "#app/i18n/use-translate";
import { getOrganisation } from "#app/models/organisations.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { taxonomyLabel } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  await requirePermission(request, { action: "organisation.view", organisationId }, context);
  const organisation = await getOrganisation(organisationId);
  if (!organisation) throw notFound();
  return { organisation, taxonomies: getTaxonomies() };
}

export default function OrganisationHome() {
  const t = useT();
  const locale = useLocale();
  const { organisation, taxonomies } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{organisation.name}</h1>
      <dl className="facts">
        <dt>{t("organisation.legalForm")}</dt>
        <dd>{taxonomyLabel(taxonomies, "legal_forms", organisation.legalForm, locale)}</dd>
        <dt>{t("organisation.sector")}</dt>
        <dd>{taxonomyLabel(taxonomies, "sectors", organisation.sector, locale)}</dd>
        <dt>{t("organisation.region")}</dt>
        <dd>{taxonomyLabel(taxonomies, "regions", organisation.region, locale)}</dd>
        <dt>{t("organisation.sizeBand")}</dt>
        <dd>{taxonomyLabel(taxonomies, "size_bands", organisation.sizeBand, locale)}</dd>
      </dl>
    </div>
  );
}
