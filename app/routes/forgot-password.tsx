import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { CsrfInput, Field, FormError, Notice } from "#app/components/form";
import { ForgotPasswordSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { requestPasswordReset } from "#app/models/accounts.server";
import { readForm } from "#app/utils/csrf.server";
import { resolveLocale } from "#app/utils/locale.server";
import { clientIp } from "#app/utils/request.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "account.forgotTitle" };

export function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(ForgotPasswordSchema, form);
  if (!parsed.ok) return data({ sent: false, errors: parsed.errors }, { status: 400 });
  const outcome = await requestPasswordReset({ email: parsed.data.email, ip: clientIp(context), locale: resolveLocale(request) });
  if (!outcome.ok) {
    return data({ sent: false, errors: { form: "account.tooManyRequests" } as Record<string, string> }, { status: 429, headers: { "retry-after": String(outcome.retryAfterSeconds) } });
  }
  return { sent: true, errors: {} as Record<string, string> };
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <h1>{t("account.forgotTitle")}</h1>
      {result?.sent ? (
        <Notice>{t("account.resetSent")}</Notice>
      ) : (
        <Form method="post" noValidate>
          <CsrfInput />
          <FormError error={result?.errors.form} />
          <p>{t("account.forgotIntro")}</p>
          <Field name="email" type="email" label={t("account.email")} autoComplete="email" error={result?.errors.email} required />
          <button type="submit" className="primary">
            {t("account.sendResetLink")}
          </button>
        </Form>
      )}
    </div>
  );
}
