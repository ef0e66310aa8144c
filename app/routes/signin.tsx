import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { CsrfInput, Field, FormError } from "#app/components/form";
import { parseForm } from "#app/forms/parse";
import { SignInSchema } from "#app/forms/account";
import { useT } from "#app/i18n/use-translate";
import { signIn } from "#app/models/accounts.server";
import { readForm } from "#app/utils/csrf.server";
import { readKnownDevice } from "#app/utils/known-device.server";
import { clientIp } from "#app/utils/request.server";
import { safeRedirectPath } from "#app/utils/safe-redirect";
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
  if (!parsed.ok) {
    // (the page to return to is a hidden field: its error is the form's)
    const formError: string | null = parsed.errors.redirectTo ?? null;
    return data({ errors: parsed.errors as Record<string, string>, formError, email: parsed.values.email ?? "" }, { status: 400 });
  }
  const device = await readKnownDevice(request);
  const outcome = await signIn({ email: parsed.data.email, password: parsed.data.password, ip: clientIp(context), device });
  if (!outcome.ok) {
    const throttled = outcome.reason === "throttled";
    const formError = throttled ? "account.throttled" : "account.invalidCredentials";
    const headers = throttled ? { "retry-after": String(outcome.retryAfterSeconds ?? 60) } : undefined;
    return data({ errors: {} as Record<string, string>, formError, email: parsed.data.email }, { status: throttled ? 429 : 400, headers });
  }
  // A new token at every sign-in: the old session, if any, ends here.
  const headers = new Headers();
  headers.append("set-cookie", await destroySession(request));
  headers.append("set-cookie", outcome.cookie);
  headers.append("set-cookie", outcome.deviceCookie);
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
