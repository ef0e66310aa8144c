import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, Field, FormError } from "#app/components/form";
import { OrganisationFields } from "#app/components/organisation-fields";
import { SignUpSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { signUp } from "#app/models/accounts.server";
import { readForm } from "#app/utils/csrf.server";
import { resolveLocale } from "#app/utils/locale.server";
import { clientIp } from "#app/utils/request.server";
import { getSessionUser } from "#app/utils/session.server";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "account.signUpTitle" };

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return { taxonomies: getTaxonomies() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(SignUpSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: withoutPassword(parsed.values) }, { status: 400 });
  const input = parsed.data;
  const outcome = await signUp(
    {
      name: input.name,
      email: input.email,
      password: input.password,
      locale: input.locale ?? resolveLocale(request),
      organisation: { name: input.organisationName, legalForm: input.legalForm, sector: input.sector, region: input.region, headcount: input.headcount },
    },
    clientIp(context),
  );
  if (!outcome.ok) {
    const throttled = outcome.retryAfterSeconds !== undefined;
    const init = throttled ? { status: 429, headers: { "retry-after": String(outcome.retryAfterSeconds) } } : { status: 400 };
    return data({ errors: { [outcome.field]: outcome.error }, values: withoutPassword(parsed.values ?? {}) }, init);
  }
  return redirect(outcome.organisationId ? `/o/${outcome.organisationId}` : "/", { headers: { "set-cookie": outcome.cookie } });
}

function withoutPassword(values: Record<string, string>) {
  const { password: _password, ...rest } = values;
  return rest;
}

export default function SignUp() {
  const t = useT();
  const { taxonomies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="narrow">
      <h1>{t("account.signUpTitle")}</h1>
      <p>{t("account.signUpIntro")}</p>
      <Form method="post" noValidate>
        <CsrfInput />
        <FormError error={errors.form} />
        <fieldset>
          <legend>{t("account.you")}</legend>
          <Field name="name" label={t("account.name")} autoComplete="name" defaultValue={values.name} error={errors.name} required maxLength={120} />
          <Field name="email" type="email" label={t("account.email")} autoComplete="email" defaultValue={values.email} error={errors.email} required />
          <Field name="password" type="password" label={t("account.password")} hint={t("account.passwordHint")} autoComplete="new-password" error={errors.password} required maxLength={128} />
        </fieldset>
        <OrganisationFields taxonomies={taxonomies} values={values} errors={errors} />
        <button type="submit" className="primary">
          {t("account.createAccount")}
        </button>
      </Form>
      <p>
        {t("account.haveAccount")} <Link to="/signin">{t("account.signIn")}</Link>
      </p>
    </div>
  );
}
