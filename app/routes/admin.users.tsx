import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Pager } from "#app/components/admin-pager";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { CsrfInput, FormError, Notice } from "#app/components/form";
import { useT } from "#app/i18n/use-translate";
import { searchUsers, setUserDisabled } from "#app/models/admin.server";
import { readForm } from "#app/utils/csrf.server";
import { parseSearchParams } from "#app/utils/bad-request.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.users.title" };

const Search = z.object({ q: z.string().trim().max(200).optional(), page: z.coerce.number().int().min(1).max(100_000).catch(1) });
const Toggle = z.object({ intent: z.enum(["disable", "enable"]), userId: z.string().min(1).max(64) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const search = parseSearchParams(request, Search, (params) => ({ q: params.get("q") ?? undefined, page: params.get("page") ?? 1 }));
  return { q: search.q ?? "", ...(await searchUsers({ q: search.q || undefined, page: search.page })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "admin.console" }, context);
  const form = await readForm(request);
  const parsed = Toggle.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ done: null as string | null, count: 0, error: "common.form.invalid" as string | null }, { status: 400 });
  const outcome = await setUserDisabled({ userId: parsed.data.userId, disabled: parsed.data.intent === "disable", actorUserId: user.id });
  if (!outcome.ok) return data({ done: null, count: 0, error: outcome.error }, { status: 400 });
  return data({ done: parsed.data.intent === "disable" ? "admin.users.disabledDone" : "admin.users.enabledDone", count: outcome.sessionsEnded, error: null });
}

export default function AdminUsers() {
  const t = useT();
  const { q, rows, hasMore, page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const pageLink = (p: number) => `?${new URLSearchParams({ q, page: String(p) })}`;
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.users.title")}</h1>
      {result?.done ? <Notice>{t(result.done, { count: result.count })}</Notice> : null}
      <FormError error={result?.error} />
      <Form method="get" className="inline-form">
        <label htmlFor="q">{t("admin.users.search")}</label> <input id="q" name="q" type="search" defaultValue={q} />{" "}
        <button type="submit">{t("admin.organisations.searchButton")}</button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("admin.users.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.users.name")}</th>
              <th scope="col">{t("admin.users.email")}</th>
              <th scope="col">{t("admin.users.kind")}</th>
              <th scope="col">{t("admin.users.status")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>{u.email ?? "—"}</td>
                <td>{t(`admin.users.kind.${u.kind}`)}</td>
                <td>{u.disabledAt ? t("admin.users.disabled") : t("admin.users.active")}</td>
                <td>
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="userId" value={u.id} />
                    {u.disabledAt ? (
                      <button type="submit" name="intent" value="enable">
                        {t("admin.users.enable", { name: u.name })}
                      </button>
                    ) : (
                      <button type="submit" name="intent" value="disable">
                        {t("admin.users.disable", { name: u.name })}
                      </button>
                    )}
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} link={pageLink} />
    </div>
  );
}
