import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput } from "#app/components/form";
import { OrganisationFields } from "#app/components/organisation-fields";
import { OrganisationSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { createOrganisation, profileError } from "#app/models/organisations.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requireUser } from "#app/utils/guards.server";
import { clientIp } from "#app/utils/request.server";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "organisation.createTitle" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.kind !== "member") throw notFound();
  return { taxonomies: getTaxonomies() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (user.kind !== "member") throw notFound();
  const form = await readForm(request);
  const parsed = parseForm(OrganisationSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const problem = profileError(parsed.data);
  if (problem) return data({ errors: { [problem.field]: problem.error }, values: parsed.values ?? {} }, { status: 400 });
  const organisationId = await createOrganisation({ userId: user.id, profile: parsed.data, ip: clientIp(context) });
  return redirect(`/o/${organisationId}`);
}

export default function NewOrganisation() {
  const t = useT();
  const { taxonomies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>{t("organisation.createTitle")}</h1>
      <Form method="post" noValidate>
        <CsrfInput />
        <OrganisationFields taxonomies={taxonomies} values={result?.values} errors={result?.errors} />
        <button type="submit" className="primary">
          {t("organisation.create")}
        </button>
      </Form>
    </div>
  );
}
