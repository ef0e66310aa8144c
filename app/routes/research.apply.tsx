import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, Field, FormError, Notice } from "#app/components/form";
import { parseForm } from "#app/forms/parse";
import { isLocale, type Locale } from "#app/i18n/locales";
import { useT } from "#app/i18n/use-translate";
import { getApplication, getDataAgreement, signUpResearcher, submitApplication } from "#app/models/researchers.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import { clientIp } from "#app/utils/request.server";
import { getSessionUser } from "#app/utils/session.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "research.applyTitle" };

function localeOf(request: Request, userLocale?: string): Locale {
  return userLocale && isLocale(userLocale) ? userLocale : resolveLocale(request);
}

/** Signed out: a researcher account and its application. A researcher: the application and its status. Anyone else: 404. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user && user.kind !== "researcher") throw notFound();
  const agreement = await getDataAgreement(localeOf(request, user?.locale));
  const application = user ? await getApplication(user.id) : null;
  return {
    signedIn: Boolean(user),
    agreement,
    application: application
      ? { ...application, agreedAt: application.agreedAt.toISOString(), decidedAt: application.decidedAt?.toISOString() ?? null }
      : null,
  };
}

const text = (max: number) => z.string().trim().min(1, { message: "research.textRequired" }).max(max, { message: "research.textRequired" });
const ApplicationSchema = z.object({
  institution: text(200),
  project: text(300),
  purpose: text(2000),
  accept: z.literal("yes", { message: "research.acceptRequired" }),
});
const SignUpSchema = ApplicationSchema.extend({
  name: z.string().trim().min(1, { message: "common.form.required" }).max(120, { message: "common.form.tooLong" }),
  email: z.string().trim().toLowerCase().email({ message: "common.form.invalid" }).max(254, { message: "common.form.tooLong" }),
  password: z.string().min(8, { message: "account.passwordTooShort" }).max(128, { message: "common.form.tooLong" }),
});

function withoutPassword(values: Record<string, string>) {
  const { password: _password, ...rest } = values;
  return rest;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  if (user && user.kind !== "researcher") throw notFound();
  const form = await readForm(request);
  const locale = localeOf(request, user?.locale);
  const agreement = await getDataAgreement(locale);
  if (user) {
    const parsed = parseForm(ApplicationSchema, form);
    if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, done: false }, { status: 400 });
    const { accept: _accept, ...input } = parsed.data;
    const outcome = await submitApplication({ userId: user.id, input, agreement, ip: clientIp(context) });
    if (!outcome.ok) return data({ errors: { form: outcome.error } as Record<string, string>, values: parsed.values, done: false }, { status: 400 });
    return { errors: {} as Record<string, string>, values: {} as Record<string, string>, done: true };
  }
  const parsed = parseForm(SignUpSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: withoutPassword(parsed.values), done: false }, { status: 400 });
  const { accept: _accept, name, email, password, ...input } = parsed.data;
  const outcome = await signUpResearcher({ name, email, password, locale, input, agreement, ip: clientIp(context) });
  if (!outcome.ok) return data({ errors: { [outcome.field]: outcome.error }, values: withoutPassword(parsed.values), done: false }, { status: 400 });
  return redirect("/research/apply", { headers: { "set-cookie": outcome.cookie } });
}

export default function ResearchApply() {
  const t = useT();
  const { signedIn, agreement, application } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const showForm = !application || application.status === "refused";
  return (
    <div className="narrow">
      <h1>{t("research.applyTitle")}</h1>
      {result?.done ? <Notice>{t("research.applied")}</Notice> : null}
      {application ? (
        <section aria-labelledby="status-title">
          <h2 id="status-title">{t("research.statusTitle")}</h2>
          <p>{t("research.statusIs", { status: t(`research.status_${application.status}`) })}</p>
          <p>
            {application.institution} · {application.project}
          </p>
          {application.decisionNote ? <p>{t("research.decisionNote", { note: application.decisionNote })}</p> : null}
          {application.status === "approved" ? (
            <p>
              <Link to="/research">{t("research.goToReleases")}</Link>
            </p>
          ) : null}
        </section>
      ) : (
        <p>{t("research.applyIntro")}</p>
      )}
      {showForm ? (
        <Form method="post" noValidate>
          <CsrfInput />
          <FormError error={errors.form} />
          {!signedIn ? (
            <fieldset>
              <legend>{t("research.you")}</legend>
              <Field name="name" label={t("research.name")} autoComplete="name" defaultValue={values.name} error={errors.name} required maxLength={120} />
              <Field name="email" type="email" label={t("research.email")} autoComplete="email" defaultValue={values.email} error={errors.email} required />
              <Field name="password" type="password" label={t("research.password")} hint={t("research.passwordHint")} autoComplete="new-password" error={errors.password} required maxLength={128} />
            </fieldset>
          ) : null}
          <fieldset>
            <legend>{application ? t("research.applyAgain") : t("research.projectSection")}</legend>
            <Field name="institution" label={t("research.institution")} defaultValue={values.institution} error={errors.institution} required maxLength={200} />
            <Field name="project" label={t("research.project")} defaultValue={values.project} error={errors.project} required maxLength={300} />
            <div className="field">
              <label htmlFor="field-purpose">
                {t("research.purpose")}
                <span aria-hidden="true"> *</span>
              </label>
              <textarea
                id="field-purpose"
                name="purpose"
                rows={5}
                maxLength={2000}
                required
                defaultValue={values.purpose}
                aria-invalid={errors.purpose ? true : undefined}
                aria-describedby={errors.purpose ? "field-purpose-error" : undefined}
              />
              {errors.purpose ? (
                <p className="error" id="field-purpose-error" role="alert">
                  {t(errors.purpose)}
                </p>
              ) : null}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("research.agreementTitle")}</legend>
            <div className="agreement" style={{ whiteSpace: "pre-wrap" }}>
              {agreement}
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="accept" value="yes" required aria-describedby={errors.accept ? "field-accept-error" : undefined} /> {t("research.accept")}
              </label>
              {errors.accept ? (
                <p className="error" id="field-accept-error" role="alert">
                  {t(errors.accept)}
                </p>
              ) : null}
            </div>
          </fieldset>
          <button type="submit" className="primary">
            {t("research.submit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
