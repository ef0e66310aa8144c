import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { useLocale, useT } from "#app/i18n/use-translate";
import { requirePermission } from "#app/utils/guards.server";
import { getTaxonomies, taxonomiesFile } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.taxonomies.title" };

const names = ["legal_forms", "sectors", "regions", "size_bands"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  return { taxonomies: getTaxonomies(), file: taxonomiesFile().replace(`${process.cwd()}/`, "") };
}

/** Read-only: the taxonomy file belongs to the network, under version control. */
export default function AdminTaxonomies() {
  const t = useT();
  const locale = useLocale();
  const { taxonomies, file } = useLoaderData<typeof loader>();
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.taxonomies.title")}</h1>
      <p>{t("admin.taxonomies.intro", { file })}</p>
      {names.map((name) => (
        <section key={name} aria-labelledby={`tax-${name}`}>
          <h2 id={`tax-${name}`}>{t(`admin.taxonomies.${name}`)}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.taxonomies.id")}</th>
                <th scope="col">{t(`admin.taxonomies.${name}`)}</th>
                {name === "size_bands" ? <th scope="col">{t("admin.taxonomies.max")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {taxonomies[name].map((e) => (
                <tr key={e.id}>
                  <td>
                    <code>{e.id}</code>
                  </td>
                  <td>{e.label[locale]}</td>
                  {name === "size_bands" ? <td>{"max" in e && e.max !== undefined ? e.max : "—"}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
