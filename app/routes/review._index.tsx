import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "#app/components/admin-pager";
import { CsrfInput, Notice } from "#app/components/form";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDateTime, formatNumber } from "#app/i18n/translate";
import { defaultReviewCampaign, drawReviewSample, latestSample, reviewCampaigns, reviewQueue } from "#app/models/review.server";
import { readForm } from "#app/utils/csrf.server";
import { queueStatusKeys } from "#app/review/queue-status";
import { versionNames } from "#app/models/definitions.server";
import { versionName } from "#app/utils/version-name";
import { notFound, requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "review.queueTitle" };

const DrawSchema = z.object({ intent: z.literal("draw"), campaignId: z.string().min(1).max(64) });
const PageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** Rows of the queue shown at once: a campaign has hundreds of submissions, sometimes thousands. */
export const QUEUE_PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "review.queue" }, context);
  const campaigns = await reviewCampaigns();
  const wanted = new URL(request.url).searchParams.get("campaign");
  const campaign = wanted ? campaigns.find((c) => c.id === wanted) : defaultReviewCampaign(campaigns);
  if (wanted && !campaign) throw notFound();
  const onlySample = new URL(request.url).searchParams.get("sample") === "1";
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const [queue, sample] = campaign
    ? await Promise.all([reviewQueue(campaign.id, { page, pageSize: QUEUE_PAGE_SIZE, onlySample }), latestSample(campaign.id)])
    : [{ rows: [], hasMore: false, total: 0 }, null];
  return {
    campaigns,
    campaign,
    onlySample,
    page,
    hasMore: queue.hasMore,
    queue: queue.rows,
    versionNames: await versionNames(new Set(queue.rows.map((q) => q.versionId))),
    total: queue.total,
    sample: sample ? { seed: sample.seed, share: sample.share, size: sample.size, population: sample.population, drawnAt: sample.drawnAt, drawnByName: sample.drawnByName } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "review.decide" }, context);
  const form = await readForm(request);
  const parsed = DrawSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ drawn: null as number | null }, { status: 400 });
  const campaigns = await reviewCampaigns();
  if (!campaigns.some((c) => c.id === parsed.data.campaignId)) throw notFound();
  const drawn = await drawReviewSample({ campaignId: parsed.data.campaignId, userId: user.id });
  return { drawn: drawn.items.length };
}

export default function ReviewQueue() {
  const t = useT();
  const locale = useLocale();
  const { campaigns, campaign, queue, versionNames: names, total, sample, onlySample, page, hasMore } = useLoaderData<typeof loader>();
  const pageLink = (p: number) => `?${new URLSearchParams({ ...(campaign ? { campaign: campaign.id } : {}), ...(onlySample ? { sample: "1" } : {}), page: String(p) })}`;
  const result = useActionData<typeof action>();
  return (
    <div>
      <h1>{t("review.queueTitle")}</h1>
      <p>{t("review.queueIntro")}</p>
      <Form method="get" className="inline-form">
        <label htmlFor="campaign">{t("review.campaign")}</label>{" "}
        <select id="campaign" name="campaign" defaultValue={campaign?.id ?? ""}>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {t("review.campaignOption", { year: String(c.year), count: c.submitted })}
            </option>
          ))}
        </select>{" "}
        <label className="checkbox">
          <input type="checkbox" name="sample" value="1" defaultChecked={onlySample} /> {t("review.onlySample")}
        </label>{" "}
        <button type="submit">{t("review.show")}</button>
      </Form>
      {result?.drawn !== null && result?.drawn !== undefined ? <Notice>{t("review.sampleDrawn", { count: result.drawn })}</Notice> : null}
      {campaign ? (
        <section aria-labelledby="sample-heading">
          <h2 id="sample-heading">{t("review.sampleTitle")}</h2>
          {sample ? (
            <p>
              {t("review.sampleSummary", {
                size: sample.size,
                population: sample.population,
                share: formatNumber(locale, sample.share * 100),
                seed: sample.seed,
                when: formatDateTime(locale, sample.drawnAt),
                who: sample.drawnByName ?? "—",
              })}
            </p>
          ) : (
            <p>{t("review.noSample")}</p>
          )}
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="draw" />
            <input type="hidden" name="campaignId" value={campaign.id} />
            <button type="submit">{sample ? t("review.drawAgain") : t("review.draw")}</button>
          </Form>
        </section>
      ) : null}
      <h2>{t("review.submissions", { count: total })}</h2>
      {queue.length === 0 ? (
        <p>{t("review.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("review.organisation")}</th>
              <th scope="col">{t("review.questionnaire")}</th>
              <th scope="col">{t("review.status")}</th>
              <th scope="col">{t("review.total")}</th>
              <th scope="col">{t("review.flags")}</th>
              <th scope="col">{t("review.inSample")}</th>
              <th scope="col">{t("review.seal")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((q) => (
              <tr key={q.assessmentId}>
                <th scope="row">
                  <Link to={`/review/${q.assessmentId}`}>{q.organisationName}</Link>
                </th>
                <td>{versionName(names, q.versionId, locale)}</td>
                <td>
                  {queueStatusKeys(q.status, q.lastDecision).map((key) => t(key)).join(" · ")}
                </td>
                <td>{q.total === null ? "—" : formatNumber(locale, q.total)}</td>
                <td>{q.flags.length ? q.flags.map((f) => t(`review.flag.${f.kind}`)).join(", ") : "—"}</td>
                <td>{q.sampled ? t(`review.sampled.${q.sampled}`) : "—"}</td>
                <td>{q.sealGranted ? t("review.sealGranted") : q.sealPassed ? t("review.sealPasses") : t("review.sealNo")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} link={pageLink} />
    </div>
  );
}
