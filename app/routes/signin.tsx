import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { CsrfInput, Field, FormError } from "#app/components/form";
import { parseForm } from "#app/forms/parse";
import { SignInSchema } from "#app/forms/account";
import { useT } from "#app/i18n/use-translate";
import { signIn } from "#app/models/accounts.server";
import { readForm } from "#app/utils/csrf.server";
import { clientIp, safeRedirectPath } from "#app/utils/request.server";
import { destroySession, getSessionUser } from "#app/utils/session.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "account.signInTitle" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string>, formError: null as string | null, email: parsed.values.email ?? "" }, { status: 400 });
  const outcome = await signIn({ email: parsed.data.email, password: parsed.data.password, ip: clientIp(context) });
  if (!outcome.ok) {
    const formError = outcome.reason === "throttled" ? "account.throttled" : "account.invalidCredentials";
    return data({ errors: {} as Record<string, string>, formError, email: parsed.data.email }, { status: outcome.reason === "throttled" ? 429 : 400 });
  }
  // A new token at every sign-in: the old session, if any, ends here.
  const headers = new Headers();
  headers.append("set-cookie", await destroySession(request));
  headers.append("set-cookie", outcome.cookie);
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers });
}

export default function SignIn() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="narrow">
      <h1>{t("account.signInTitle")}</h1>
      <Form method="post" noValidate>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <FormError error={result?.formError} />
        <Field name="email" type="email" label={t("account.email")} autoComplete="email" defaultValue={result?.email} error={result?.errors.email} required />
        <Field name="password" type="password" label={t("account.password")} autoComplete="current-password" error={result?.errors.password} required />
        <button type="submit" className="primary">
          {t("account.signIn")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("account.forgotPassword")}</Link>
      </p>
      <p>
        {t("account.noAccount")} <Link to="/signup">{t("account.signUp")}</Link>
      </p>
    </div>
  );
}
