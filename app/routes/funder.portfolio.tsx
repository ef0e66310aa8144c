import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "#app/components/admin-pager";
import { LineChart } from "#app/components/charts/line-chart";
import { Swatch } from "#app/components/charts/swatch";
import { YearsTable } from "#app/components/charts/years-table";
import { formatScore } from "#app/components/charts/format";
import { useLocale, useT } from "#app/i18n/use-translate";
import { funderPortfolio } from "#app/models/reports.server";
import { logFunderViews } from "#app/models/sharing.server";
import { requireActor, requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export const handle: TitleHandle = { title: "report.portfolioTitle" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireActor(request, context);
  const { user } = await requirePermission(request, { action: "funder.portfolio", funderId: actor.funderId ?? "" }, context);
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const portfolio = await funderPortfolio(actor.funderId!, resolveLocale(request, user), { page });
  await logFunderViews({ userId: user.id, funderId: actor.funderId!, organisationIds: portfolio.organisations.map((o) => o.id), what: "portfolio" });
  return portfolio;
}

export default function FunderPortfolio() {
  const t = useT();
  const locale = useLocale();
  const { organisations, axisIds, axisTitles, years, page, hasMore } = useLoaderData<typeof loader>();
  return (
    <div className="report">
      <h1>{t("report.portfolioTitle")}</h1>
      <p>{t("report.portfolioIntro")}</p>
      {organisations.length === 0 ? <p>{t("report.funderNone")}</p> : null}
      {organisations.length ? (
        <ul className="legend">
          {organisations.map((o, i) => (
            <li key={o.id}>
              <Swatch index={i} /> <Link to={`/funder/organisations/${o.id}`}>{o.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {organisations.length
        ? axisIds.map((axis) => {
            const title = axisTitles[axis] ?? axis;
            return (
              <section key={axis} className="keep-together" aria-label={t("report.portfolioAxis", { axis: title })}>
                <h2>{t("report.portfolioAxis", { axis: title })}</h2>
                <LineChart
                  label={t("report.portfolioAxis", { axis: title })}
                  years={years}
                  min={0}
                  max={10}
                  format={(v) => formatScore(locale, v)}
                  series={organisations.map((o) => ({ name: o.name, segments: [years.map((y) => ({ year: y, value: o.points.find((p) => p.year === y)?.axes[axis] ?? null }))] }))}
                />
                <YearsTable
                  caption={t("report.portfolioAxis", { axis: title })}
                  captionHidden
                  years={years}
                  rowHeading={t("report.organisation")}
                  rows={organisations.map((o) => ({
                    name: o.name,
                    cells: years.map((y) => {
                      const p = o.points.find((x) => x.year === y);
                      return p ? formatScore(locale, p.axes[axis] ?? null) : "—";
                    }),
                  }))}
                />
              </section>
            );
          })
        : null}
      <Pager page={page} hasMore={hasMore} link={(p) => `?page=${p}`} />
    </div>
  );
}
