import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { CsrfInput, Notice } from "#app/components/form";
import { OrganisationFields } from "#app/components/organisation-fields";
import { OrganisationSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { adminGetOrganisation, adminUpdateOrganisation, setOrganisationDisabled } from "#app/models/admin.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: (d: { organisation: { name: string } }) => ({ key: "admin.organisations.editTitle", params: { name: d.organisation.name } }) };

type Result = { errors: Record<string, string>; values: Record<string, string>; done: string | null };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const organisation = await adminGetOrganisation(params.orgId ?? "");
  if (!organisation) throw notFound();
  return { organisation, taxonomies: getTaxonomies() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "admin.console" }, context);
  const form = await readForm(request);
  const organisationId = params.orgId ?? "";
  if (!(await adminGetOrganisation(organisationId))) throw notFound();
  const intent = form.get("intent");
  if (intent === "disable" || intent === "enable") {
    await setOrganisationDisabled({ organisationId, disabled: intent === "disable", actorUserId: user.id });
    return data<Result>({ errors: {}, values: {}, done: intent === "disable" ? "admin.organisations.disabledDone" : "admin.organisations.enabledDone" });
  }
  const parsed = parseForm(OrganisationSchema, form);
  if (!parsed.ok) return data<Result>({ errors: parsed.errors, values: parsed.values, done: null }, { status: 400 });
  const { organisationName, ...rest } = parsed.data;
  const outcome = await adminUpdateOrganisation({ organisationId, fields: { name: organisationName, ...rest }, actorUserId: user.id });
  if (!outcome.ok) return data<Result>({ errors: { [outcome.field]: outcome.error }, values: parsed.values, done: null }, { status: 400 });
  return data<Result>({ errors: {}, values: {}, done: "common.saved" });
}

export default function AdminOrganisation() {
  const t = useT();
  const { organisation, taxonomies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const values = {
    organisationName: organisation.name,
    legalForm: organisation.legalForm,
    sector: organisation.sector,
    region: organisation.region,
    headcount: organisation.headcount,
    ...(result?.values ?? {}),
  };
  return (
    <div>
      <AdminNav />
      <p>
        <Link to="/admin/organisations">{t("admin.organisations.back")}</Link>
      </p>
      <h1>{t("admin.organisations.editTitle", { name: organisation.name })}</h1>
      {result?.done ? <Notice>{t(result.done)}</Notice> : null}
      <Form method="post" noValidate className="narrow">
        <CsrfInput />
        <input type="hidden" name="intent" value="update" />
        <OrganisationFields taxonomies={taxonomies} values={values} errors={result?.errors} />
        <button type="submit" className="primary">
          {t("common.save")}
        </button>
      </Form>
      <h2>{organisation.disabledAt ? t("admin.organisations.disabled") : t("admin.organisations.active")}</h2>
      <p>{t("admin.organisations.disableIntro")}</p>
      <Form method="post">
        <CsrfInput />
        {organisation.disabledAt ? (
          <button type="submit" name="intent" value="enable">
            {t("admin.organisations.enable")}
          </button>
        ) : (
          <button type="submit" name="intent" value="disable">
            {t("admin.organisations.disable")}
          </button>
        )}
      </Form>
    </div>
  );
}
