import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, Field, FormError, Notice, SelectField } from "#app/components/form";
import { ChangePasswordSchema, DeleteAccountSchema, ProfileSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { locales, localeNames, type Locale } from "#app/i18n/locales";
import { useT } from "#app/i18n/use-translate";
import { changePassword, deleteAccount, updateProfile } from "#app/models/accounts.server";
import { readForm } from "#app/utils/csrf.server";
import { requireUser } from "#app/utils/guards.server";
import { localeCookie } from "#app/utils/locale.server";
import { clientIp } from "#app/utils/request.server";
import { clearCookie } from "#app/utils/cookies.server";
import { SESSION_COOKIE } from "#app/utils/session.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "account.settingsTitle" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email, locale: user.locale };
}

type Result = { intent: string; errors: Record<string, string>; formError?: string | null; saved?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  const ip = clientIp(context);
  if (intent === "profile") {
    const parsed = parseForm(ProfileSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors }, { status: 400 });
    await updateProfile({ userId: user.id, name: parsed.data.name, locale: parsed.data.locale });
    return data<Result>({ intent, errors: {}, saved: true }, { headers: { "set-cookie": localeCookie(parsed.data.locale) } });
  }
  if (intent === "password") {
    const parsed = parseForm(ChangePasswordSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors }, { status: 400 });
    const outcome = await changePassword({ userId: user.id, currentPassword: parsed.data.currentPassword, password: parsed.data.password, ip });
    if (!outcome.ok) return data<Result>({ intent, errors: { [outcome.field]: outcome.error } }, { status: 400 });
    return data<Result>({ intent, errors: {}, saved: true }, { headers: { "set-cookie": outcome.cookie } });
  }
  if (intent === "delete") {
    const parsed = parseForm(DeleteAccountSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors }, { status: 400 });
    const outcome = await deleteAccount({ userId: user.id, currentPassword: parsed.data.currentPassword, ip });
    if (!outcome.ok) return data<Result>({ intent, errors: {}, formError: outcome.error }, { status: 400 });
    return redirect("/", { headers: { "set-cookie": clearCookie(SESSION_COOKIE) } });
  }
  return data<Result>({ intent: "unknown", errors: {}, formError: "common.form.invalid" }, { status: 400 });
}

export default function Account() {
  const t = useT();
  const { name, email, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  return (
    <div className="narrow">
      <h1>{t("account.settingsTitle")}</h1>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("account.profile")}</h2>
        {result?.intent === "profile" && result.saved ? <Notice>{t("common.saved")}</Notice> : null}
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="profile" />
          <p>
            {t("account.email")}: <strong>{email}</strong>
          </p>
          <Field name="name" label={t("account.name")} defaultValue={name} error={errorsFor("profile").name} required maxLength={120} />
          <SelectField
            name="locale"
            label={t("common.language")}
            options={locales.map((l) => ({ id: l, label: localeNames[l as Locale] }))}
            defaultValue={locale}
          />
          <button type="submit">{t("common.save")}</button>
        </Form>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("account.changePassword")}</h2>
        {result?.intent === "password" && result.saved ? <Notice>{t("account.passwordChanged")}</Notice> : null}
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="password" />
          <Field name="currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" error={errorsFor("password").currentPassword} required />
          <Field name="password" type="password" label={t("account.newPassword")} hint={t("account.passwordHint")} autoComplete="new-password" error={errorsFor("password").password} required maxLength={128} />
          <button type="submit">{t("account.changePassword")}</button>
        </Form>
      </section>
      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t("account.yourData")}</h2>
        <p>{t("account.yourDataIntro")}</p>
        <p>
          <a href="/account/export" download>
            {t("account.downloadData")}
          </a>
        </p>
      </section>
      <section aria-labelledby="delete-heading" className="danger-zone">
        <h2 id="delete-heading">{t("account.deleteTitle")}</h2>
        <p>{t("account.deleteIntro")}</p>
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="delete" />
          <FormError error={result?.intent === "delete" ? result.formError : null} />
          <Field name="currentPassword" id="field-delete-currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" error={errorsFor("delete").currentPassword} required />
          <button type="submit" className="danger">
            {t("account.deleteButton")}
          </button>
        </Form>
      </section>
    </div>
  );
}
