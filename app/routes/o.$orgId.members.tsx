import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfInput, Field, FormError, Notice, SelectField } from "#app/components/form";
import { ChangeRoleSchema, InviteSchema, RemoveMemberSchema, RevokeInvitationSchema } from "#app/forms/account";
import { parseForm } from "#app/forms/parse";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDate } from "#app/i18n/translate";
import {
  changeMemberRole,
  inviteMember,
  listMembers,
  listPendingInvitations,
  removeMember,
  revokeInvitation,
} from "#app/models/organisations.server";
import { readForm } from "#app/utils/csrf.server";
import { requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import { roleAtLeast } from "#app/utils/permissions";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "organisation.members" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "organisation.view", organisationId }, context);
  const isOwner = roleAtLeast(actor.memberships[organisationId], "owner");
  const members = await listMembers(organisationId);
  return {
    members: members.map((m) => ({ ...m, email: isOwner ? m.email : null })),
    invitations: isOwner ? await listPendingInvitations(organisationId) : [],
    isOwner,
    me: actor.userId,
  };
}

type Result = { intent: string; errors: Record<string, string>; formError?: string; done?: string; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "organisation.members", organisationId }, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "invite") {
    const parsed = parseForm(InviteSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const outcome = await inviteMember({
      organisationId,
      invitedBy: { id: user.id, name: user.name },
      email: parsed.data.email,
      role: parsed.data.role,
      locale: resolveLocale(request, user),
    });
    if (!outcome.ok) return data<Result>({ intent, errors: { [outcome.field]: outcome.error }, values: parsed.values ?? {} }, { status: "throttled" in outcome ? 429 : 400 });
    return data<Result>({ intent, errors: {}, done: "organisation.invitationSent" });
  }
  if (intent === "role") {
    const parsed = parseForm(ChangeRoleSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors }, { status: 400 });
    const outcome = await changeMemberRole({ organisationId, targetUserId: parsed.data.userId, role: parsed.data.role, actorUserId: user.id });
    if (!outcome.ok) return data<Result>({ intent, errors: {}, formError: outcome.error }, { status: 400 });
    return data<Result>({ intent, errors: {}, done: "common.saved" });
  }
  if (intent === "remove") {
    const parsed = parseForm(RemoveMemberSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors }, { status: 400 });
    const outcome = await removeMember({ organisationId, targetUserId: parsed.data.userId, actorUserId: user.id });
    if (!outcome.ok) return data<Result>({ intent, errors: {}, formError: outcome.error }, { status: 400 });
    return data<Result>({ intent, errors: {}, done: "organisation.memberRemoved" });
  }
  if (intent === "revoke") {
    const parsed = parseForm(RevokeInvitationSchema, form);
    if (!parsed.ok) return data<Result>({ intent, errors: parsed.errors }, { status: 400 });
    const outcome = await revokeInvitation({ organisationId, invitationId: parsed.data.invitationId, userId: user.id });
    if (!outcome.ok) return data<Result>({ intent, errors: {}, formError: outcome.error }, { status: 404 });
    return data<Result>({ intent, errors: {}, done: "organisation.invitationRevoked" });
  }
  return data<Result>({ intent, errors: {}, formError: "common.form.invalid" }, { status: 400 });
}

export default function Members() {
  const t = useT();
  const locale = useLocale();
  const { members, invitations, isOwner, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const roles = (["owner", "editor", "viewer"] as const).map((r) => ({ id: r, label: t(`organisation.role.${r}`) }));
  return (
    <div>
      <h1>{t("organisation.members")}</h1>
      {result?.done ? <Notice>{t(result.done)}</Notice> : null}
      <FormError error={result?.formError} />
      <table>
        <caption className="visually-hidden">{t("organisation.members")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("account.name")}</th>
            {isOwner ? <th scope="col">{t("account.email")}</th> : null}
            <th scope="col">{t("organisation.roleLabel")}</th>
            {isOwner ? <th scope="col">{t("common.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId}>
              <td>{m.name}</td>
              {isOwner ? <td>{m.email}</td> : null}
              <td>
                {isOwner && m.userId !== me ? (
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                      {t("organisation.roleOf", { name: m.name })}
                    </label>
                    <select id={`role-${m.userId}`} name="role" defaultValue={m.role}>
                      {roles.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit">{t("organisation.changeRole")}</button>
                  </Form>
                ) : (
                  t(`organisation.role.${m.role}`)
                )}
              </td>
              {isOwner ? (
                <td>
                  {m.userId !== me ? (
                    <Form method="post" className="inline">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" className="danger" aria-label={t("organisation.removeMemberNamed", { name: m.name })}>
                        {t("organisation.removeMember")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {isOwner ? (
        <>
          <h2>{t("organisation.inviteTitle")}</h2>
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="intent" value="invite" />
            <Field name="email" type="email" label={t("account.email")} defaultValue={result?.intent === "invite" ? result.values?.email : undefined} error={result?.intent === "invite" ? result.errors.email : undefined} required />
            <SelectField name="role" label={t("organisation.roleLabel")} options={roles} defaultValue="editor" error={result?.intent === "invite" ? result.errors.role : undefined} />
            <button type="submit" className="primary">
              {t("organisation.sendInvitation")}
            </button>
          </Form>
          {invitations.length > 0 ? (
            <>
              <h2>{t("organisation.pendingInvitations")}</h2>
              <ul>
                {invitations.map((i) => (
                  <li key={i.id}>
                    {i.email} ({t(`organisation.role.${i.role}`)}, {t("organisation.expires", { date: formatDate(locale, i.expiresAt) })})
                    <Form method="post" className="inline">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button type="submit">{t("organisation.revokeInvitation")}</button>
                    </Form>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
