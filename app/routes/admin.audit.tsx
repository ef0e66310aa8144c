import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { Pager } from "#app/components/admin-pager";
import { useT } from "#app/i18n/use-translate";
import { searchAuditLog } from "#app/models/admin.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.audit.title" };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`))).optional().catch(undefined);
const Filter = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k) || undefined;
  const filter = Filter.parse({ actor: get("actor"), action: get("action"), from: get("from"), to: get("to"), page: get("page") ?? 1 });
  const found = await searchAuditLog(filter);
  return {
    filter: { actor: filter.actor ?? "", action: filter.action ?? "", from: filter.from ?? "", to: filter.to ?? "" },
    page: found.page,
    hasMore: found.hasMore,
    rows: found.rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}

export default function AdminAudit() {
  const t = useT();
  const { filter, rows, page, hasMore } = useLoaderData<typeof loader>();
  const link = (p: number) => `?${new URLSearchParams({ ...filter, page: String(p) })}`;
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.audit.title")}</h1>
      <p>{t("admin.audit.intro")}</p>
      <Form method="get" className="filters">
        {(["actor", "action"] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`audit-${k}`}>{t(`admin.audit.${k}`)}</label>
            <input id={`audit-${k}`} name={k} defaultValue={filter[k]} />
          </div>
        ))}
        {(["from", "to"] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`audit-${k}`}>{t(`admin.audit.${k}`)}</label>
            <input id={`audit-${k}`} name={k} type="date" defaultValue={filter[k]} />
          </div>
        ))}
        <button type="submit">{t("admin.audit.filter")}</button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("admin.audit.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.audit.at")}</th>
              <th scope="col">{t("admin.audit.who")}</th>
              <th scope="col">{t("admin.audit.what")}</th>
              <th scope="col">{t("admin.audit.target")}</th>
              <th scope="col">{t("admin.audit.details")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <time dateTime={r.at}>{r.at.replace("T", " ").slice(0, 19)}</time>
                </td>
                <td>{r.actorName ? `${r.actorName}${r.actorEmail ? ` <${r.actorEmail}>` : ""}` : (r.actorUserId ?? "—")}</td>
                <td>
                  {/* the action's name, and its code (what the filter takes); a code with no name yet shows alone */}
                  {t(`audit.${r.action}`) === `audit.${r.action}` ? null : <>{t(`audit.${r.action}`)} </>}
                  <code>{r.action}</code>
                </td>
                <td>{r.targetType ? <code>{`${r.targetType} ${r.targetId ?? ""}`}</code> : "—"}</td>
                <td>
                  <code>{Object.keys(r.details ?? {}).length ? JSON.stringify(r.details) : ""}</code>
                  {r.ip ? <small> · {r.ip}</small> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} link={link} />
    </div>
  );
}
