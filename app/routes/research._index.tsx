import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime, formatNumber } from "#app/i18n/translate";
import { useLocale, useT } from "#app/i18n/use-translate";
import { DOWNLOADS_PER_HOUR, listReleases, publicRelease } from "#app/models/releases.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "research.title" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "research.releases" }, context);
  const releases = (await listReleases()).map(publicRelease);
  return { releases, limit: DOWNLOADS_PER_HOUR };
}

export default function ResearchReleases() {
  const t = useT();
  const locale = useLocale();
  const { releases, limit } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("research.title")}</h1>
      <p>{t("research.intro")}</p>
      {releases.length === 0 ? (
        <p>{t("research.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("research.campaign")}</th>
              <th scope="col">{t("research.version")}</th>
              <th scope="col">{t("research.created")}</th>
              <th scope="col">{t("research.organisations")}</th>
              <th scope="col">{t("research.size")}</th>
              <th scope="col">{t("research.sha256")}</th>
              <th scope="col">{t("research.download")}</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr key={r.id}>
                <td>{r.campaign}</td>
                <td>{r.version}</td>
                <td>{formatDateTime(locale, r.created)}</td>
                <td>{formatNumber(locale, r.organisations)}</td>
                <td>{formatNumber(locale, Math.ceil(r.bytes / 1024))} KiB</td>
                <td>
                  <code>{r.sha256.slice(0, 16)}…</code>
                </td>
                <td>
                  <a href={r.download} download aria-label={t("research.downloadRelease", { year: r.campaign, version: r.version })}>
                    {t("research.download")}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>{t("research.limit", { limit })}</p>
      <h2>{t("research.apiTitle")}</h2>
      <p>{t("research.apiIntro")}</p>
      <p>
        <Link to="/research/tokens">{t("research.tokensLink")}</Link>
      </p>
    </div>
  );
}
