import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, Field, FormError } from "#app/components/form";
import { ResetPasswordSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { findValidResetToken, resetPassword } from "#app/models/accounts.server";
import { readForm } from "#app/utils/csrf.server";
import { clientIp } from "#app/utils/request.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "account.resetTitle" };

export async function loader({ params }: LoaderFunctionArgs) {
  const valid = Boolean(await findValidResetToken(params.token ?? ""));
  return { valid };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(ResetPasswordSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, formError: null }, { status: 400 });
  const outcome = await resetPassword({ token: params.token ?? "", password: parsed.data.password, ip: clientIp(context) });
  if (!outcome.ok) {
    const field = outcome.error === "account.passwordCommon" ? { password: outcome.error } : {};
    return data({ errors: field as Record<string, string>, formError: "password" in field ? null : outcome.error }, { status: 400 });
  }
  return redirect("/", { headers: { "set-cookie": outcome.cookie } });
}

export default function ResetPassword() {
  const t = useT();
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!valid) {
    return (
      <div className="narrow">
        <h1>{t("account.resetTitle")}</h1>
        <p>{t("account.resetLinkInvalid")}</p>
        <Link to="/forgot-password">{t("account.forgotPassword")}</Link>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("account.resetTitle")}</h1>
      <Form method="post" noValidate>
        <CsrfInput />
        <FormError error={result?.formError} />
        <Field name="password" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} autoComplete="new-password" error={result?.errors.password} required maxLength={128} />
        <button type="submit" className="primary">
          {t("account.setPassword")}
        </button>
      </Form>
    </div>
  );
}
