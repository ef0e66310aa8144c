import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, Notice } from "#app/components/form";
import { OrganisationFields } from "#app/components/organisation-fields";
import { OrganisationSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { getOrganisation, profileError, updateOrganisation } from "#app/models/organisations.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "organisation.profile" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  await requirePermission(request, { action: "organisation.edit", organisationId }, context);
  const organisation = await getOrganisation(organisationId);
  if (!organisation) throw notFound();
  return { organisation, taxonomies: getTaxonomies() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "organisation.edit", organisationId }, context);
  const form = await readForm(request);
  const parsed = parseForm(OrganisationSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, saved: false }, { status: 400 });
  const problem = profileError(parsed.data);
  if (problem) return data({ errors: { [problem.field]: problem.error }, values: {}, saved: false }, { status: 400 });
  await updateOrganisation({ organisationId, userId: user.id, profile: parsed.data });
  return { errors: {} as Record<string, string>, values: {} as Record<string, string>, saved: true };
}

export default function OrganisationProfile() {
  const t = useT();
  const { organisation, taxonomies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = {
    organisationName: organisation.name,
    legalForm: organisation.legalForm,
    sector: organisation.sector,
    region: organisation.region,
    headcount: organisation.headcount,
    ...(result?.values ?? {}),
  };
  return (
    <div className="narrow">
      <h1>{t("organisation.profile")}</h1>
      {result?.saved ? <Notice>{t("common.saved")}</Notice> : null}
      <Form method="post" noValidate>
        <CsrfInput />
        <OrganisationFields taxonomies={taxonomies} values={values} errors={result?.errors} />
        <button type="submit" className="primary">
          {t("common.save")}
        </button>
      </Form>
    </div>
  );
}
