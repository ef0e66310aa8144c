import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { Pager } from "#app/components/admin-pager";
import { useLocale, useT } from "#app/i18n/use-translate";
import { searchOrganisations } from "#app/models/admin.server";
import { parseSearchParams } from "#app/utils/bad-request.server";
import { requirePermission } from "#app/utils/guards.server";
import { taxonomyLabel } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.organisations.title" };

const Search = z.object({ q: z.string().trim().max(200).optional(), page: z.coerce.number().int().min(1).max(100_000).catch(1) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const search = parseSearchParams(request, Search, (params) => ({ q: params.get("q") ?? undefined, page: params.get("page") ?? 1 }));
  return { q: search.q ?? "", taxonomies: getTaxonomies(), ...(await searchOrganisations({ q: search.q || undefined, page: search.page })) };
}

export default function AdminOrganisations() {
  const t = useT();
  const locale = useLocale();
  const { q, rows, hasMore, page, taxonomies } = useLoaderData<typeof loader>();
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.organisations.title")}</h1>
      <Form method="get" className="inline-form">
        <label htmlFor="q">{t("admin.organisations.search")}</label> <input id="q" name="q" type="search" defaultValue={q} />{" "}
        <button type="submit">{t("admin.organisations.searchButton")}</button>
      </Form>
      {rows.length === 0 ? (
        <p>{t("admin.organisations.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.organisations.name")}</th>
              <th scope="col">{t("admin.organisations.legalForm")}</th>
              <th scope="col">{t("admin.organisations.sector")}</th>
              <th scope="col">{t("admin.organisations.region")}</th>
              <th scope="col">{t("admin.organisations.headcount")}</th>
              <th scope="col">{t("admin.organisations.status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <Link to={`/admin/organisations/${o.id}`} aria-label={t("admin.organisations.edit", { name: o.name })}>
                    {o.name}
                  </Link>
                </th>
                <td>{taxonomyLabel(taxonomies, "legal_forms", o.legalForm, locale)}</td>
                <td>{taxonomyLabel(taxonomies, "sectors", o.sector, locale)}</td>
                <td>{taxonomyLabel(taxonomies, "regions", o.region, locale)}</td>
                <td>{o.headcount}</td>
                <td>{o.disabledAt ? t("admin.organisations.disabled") : t("admin.organisations.active")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} link={(p) => `?${new URLSearchParams({ q, page: String(p) })}`} />
    </div>
  );
}
