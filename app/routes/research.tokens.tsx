import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, Field, FormError, Notice } from "#app/components/form";
import { formatDateTime } from "#app/i18n/translate";
import { useLocale, useT } from "#app/i18n/use-translate";
import { createApiToken, listApiTokens, revokeApiToken } from "#app/models/api-tokens.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { clientIp } from "#app/utils/request.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "research.tokensTitle" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requirePermission(request, { action: "research.releases" }, context);
  const tokens = await listApiTokens(user.id);
  return { tokens: tokens.map((tk) => ({ ...tk, createdAt: tk.createdAt.toISOString(), lastUsedAt: tk.lastUsedAt?.toISOString() ?? null, revokedAt: tk.revokedAt?.toISOString() ?? null })) };
}

const TokenForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1, { message: "research.nameRequired" }).max(80, { message: "research.nameRequired" }) }),
  z.object({ intent: z.literal("revoke"), tokenId: z.string().min(1).max(64) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "research.releases" }, context);
  const form = await readForm(request);
  const parsed = TokenForm.safeParse({ intent: form.get("intent"), name: form.get("name") ?? "", tokenId: form.get("tokenId") ?? "" });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "";
    return data({ token: null, done: null, error: message.startsWith("research.") ? message : "common.form.invalid" }, { status: 400 });
  }
  if (parsed.data.intent === "revoke") {
    if (!(await revokeApiToken({ userId: user.id, tokenId: parsed.data.tokenId, ip: clientIp(context) }))) throw notFound();
    return { token: null, done: "research.tokenRevoked", error: null };
  }
  const created = await createApiToken({ userId: user.id, name: parsed.data.name, ip: clientIp(context) });
  if (!created.ok) return data({ token: null, done: null, error: created.error }, { status: 400 });
  return data({ token: created.token, done: "research.tokenCreated", error: null }, { headers: { "cache-control": "no-store" } });
}

export default function ResearchTokens() {
  const t = useT();
  const locale = useLocale();
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="narrow">
      <p>
        <Link to="/research">{t("research.title")}</Link>
      </p>
      <h1>{t("research.tokensTitle")}</h1>
      <p>{t("research.tokensIntro")}</p>
      {result?.done ? <Notice>{t(result.done)}</Notice> : null}
      <FormError error={result?.error} />
      {result?.token ? (
        <div className="field">
          <label htmlFor="new-token">{t("research.newToken")}</label>
          <input id="new-token" type="text" readOnly value={result.token} size={60} />
        </div>
      ) : null}
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <Field name="name" label={t("research.tokenName")} hint={t("research.tokenNameHint")} required maxLength={80} />
        <button type="submit" className="primary">
          {t("research.createToken")}
        </button>
      </Form>
      {tokens.length === 0 ? (
        <p>{t("research.noTokens")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("research.tokenName")}</th>
              <th scope="col">{t("research.tokenPrefix")}</th>
              <th scope="col">{t("research.created")}</th>
              <th scope="col">{t("research.lastUsed")}</th>
              <th scope="col">{t("research.status")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((tk) => (
              <tr key={tk.id}>
                <td>{tk.name}</td>
                <td>
                  <code>{tk.prefix}…</code>
                </td>
                <td>{formatDateTime(locale, tk.createdAt)}</td>
                <td>{tk.lastUsedAt ? formatDateTime(locale, tk.lastUsedAt) : t("research.never")}</td>
                <td>
                  {tk.revokedAt ? (
                    `${t("research.revoked")} ${formatDateTime(locale, tk.revokedAt)}`
                  ) : (
                    <Form method="post" className="inline">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="tokenId" value={tk.id} />
                      <button type="submit" aria-label={t("research.revokeToken", { name: tk.name })}>
                        {t("research.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
