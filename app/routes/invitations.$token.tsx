import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { CsrfInput, Field, FormError } from "#app/components/form";
import { AcceptInvitationNewUserSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useT } from "#app/i18n/use-translate";
import { passwordProblem } from "#app/models/accounts.server";
import { acceptInvitation, findInvitation, findUserByEmail } from "#app/models/organisations.server";
import { readForm } from "#app/utils/csrf.server";
import { getDb } from "#db/client";
import { users } from "#db/schema/index";
import { hashPassword } from "#app/utils/password.server";
import { resolveLocale } from "#app/utils/locale.server";
import { clientIp } from "#app/utils/request.server";
import { createSession, getSessionUser } from "#app/utils/session.server";
import { audit } from "#app/utils/audit.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "organisation.invitationTitle" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? "");
  if (!invitation) return { valid: false as const };
  const user = await getSessionUser(request);
  const hasAccount = Boolean(await findUserByEmail(invitation.email));
  return {
    valid: true as const,
    organisationName: invitation.organisationName,
    role: invitation.role,
    email: invitation.email,
    signedInAs: user ? { email: user.email } : null,
    hasAccount,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readForm(request);
  const invitation = await findInvitation(token);
  if (!invitation) return data({ errors: {} as Record<string, string>, formError: "organisation.invitationInvalid" }, { status: 400 });
  const ip = clientIp(context);
  const user = await getSessionUser(request);
  if (user) {
    // Signed in as anyone: the invitation joins that account (the link went to the address
    // the owner chose; whoever holds it and an account may join, once).
    const outcome = await acceptInvitation({ token, userId: user.id, ip });
    if (!outcome.ok) return data({ errors: {} as Record<string, string>, formError: "organisation.invitationInvalid" }, { status: 400 });
    return redirect(`/o/${outcome.organisationId}`);
  }
  if (await findUserByEmail(invitation.email)) {
    return redirect(`/signin?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`);
  }
  const parsed = parseForm(AcceptInvitationNewUserSchema, form);
  if (!parsed.ok) return data({ errors: parsed.errors as Record<string, string>, formError: null }, { status: 400 });
  if (passwordProblem(parsed.data.password)) return data({ errors: { password: "account.passwordCommon" } as Record<string, string>, formError: null }, { status: 400 });
  const db = await getDb();
  const [created] = await db
    .insert(users)
    .values({ email: invitation.email, name: parsed.data.name, passwordHash: await hashPassword(parsed.data.password), locale: resolveLocale(request) })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!created) return redirect(`/signin?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`);
  await audit({ action: "auth.sign_up", actorUserId: created.id, ip, details: { via: "invitation" } });
  const outcome = await acceptInvitation({ token, userId: created.id, ip });
  if (!outcome.ok) return data({ errors: {} as Record<string, string>, formError: "organisation.invitationInvalid" }, { status: 400 });
  return redirect(`/o/${outcome.organisationId}`, { headers: { "set-cookie": await createSession(created.id) } });
}

export default function AcceptInvitation() {
  const t = useT();
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  if (!loaderData.valid) {
    return (
      <div className="narrow">
        <h1>{t("organisation.invitationTitle")}</h1>
        <p>{t("organisation.invitationInvalid")}</p>
      </div>
    );
  }
  const { organisationName, role, email, signedInAs, hasAccount } = loaderData;
  return (
    <div className="narrow">
      <h1>{t("organisation.invitationTitle")}</h1>
      <p>{t("organisation.invitationIntro", { organisation: organisationName, role: t(`organisation.role.${role}`) })}</p>
      <FormError error={result?.formError} />
      {signedInAs ? (
        <Form method="post">
          <CsrfInput />
          <p>{t("organisation.joinAs", { email: signedInAs.email ?? "" })}</p>
          <button type="submit" className="primary">
            {t("organisation.join")}
          </button>
        </Form>
      ) : hasAccount ? (
        <p>
          <Link className="button primary" to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>
            {t("organisation.signInToJoin")}
          </Link>
        </p>
      ) : (
        <Form method="post" noValidate>
          <CsrfInput />
          <p>
            {t("account.email")}: <strong>{email}</strong>
          </p>
          <Field name="name" label={t("account.name")} autoComplete="name" error={result?.errors.name} required maxLength={120} />
          <Field name="password" type="password" label={t("account.password")} hint={t("account.passwordHint")} autoComplete="new-password" error={result?.errors.password} required maxLength={128} />
          <button type="submit" className="primary">
            {t("organisation.createAccountAndJoin")}
          </button>
        </Form>
      )}
    </div>
  );
}
