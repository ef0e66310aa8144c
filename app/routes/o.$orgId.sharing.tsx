import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "#app/components/form";
import { formatDate, formatDateTime } from "#app/i18n/translate";
import { useLocale, useT } from "#app/i18n/use-translate";
import { getOrganisation } from "#app/models/organisations.server";
import { organisationHistory } from "#app/models/reports.server";
import { createShare, funderViews, listFunders, listShares, revokeShare, setPublicSummary } from "#app/models/sharing.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { can } from "#app/utils/permissions";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "report.sharingTitle" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "organisation.view", organisationId }, context);
  const organisation = await getOrganisation(organisationId);
  if (!organisation) throw notFound();
  const canShare = can(actor, { action: "organisation.share", organisationId });
  const [shares, views, funders, history] = await Promise.all([
    listShares(organisationId),
    funderViews(organisationId),
    canShare ? listFunders() : Promise.resolve([]),
    organisationHistory(organisationId),
  ]);
  return {
    organisationId,
    publicSummary: organisation.publicSummary,
    canShare,
    shares,
    views,
    funders,
    years: [...new Set(history.map((h) => h.year))].sort((a, b) => b - a),
  };
}

const ShareSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("share"),
    funderId: z.string().min(1, { message: "report.shareUnknownFunder" }).max(64, { message: "report.shareUnknownFunder" }),
    scope: z.enum(["all", "years"], { message: "report.shareNoYears" }),
    years: z.array(z.coerce.number().int().min(2000).max(2200)).max(100),
  }),
  z.object({ intent: z.literal("revoke"), shareId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("public"), on: z.enum(["1", "0"]) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "organisation.share", organisationId }, context);
  const form = await readForm(request);
  const parsed = ShareSchema.safeParse({
    intent: form.get("intent"),
    funderId: form.get("funderId") ?? "",
    scope: form.get("scope") ?? "",
    years: form.getAll("years"),
    shareId: form.get("shareId") ?? "",
    on: form.get("on") ?? "",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue.message.startsWith("report.") ? issue.message : "report.shareNoYears";
    return data({ done: null, error: message }, { status: 400 });
  }
  const input = parsed.data;
  if (input.intent === "revoke") {
    if (!(await revokeShare({ organisationId, shareId: input.shareId, userId: user.id }))) throw notFound();
    return { done: "report.shareRevoked", error: null };
  }
  if (input.intent === "public") {
    await setPublicSummary({ organisationId, on: input.on === "1", userId: user.id });
    return { done: "report.publicSummarySaved", error: null };
  }
  if (input.scope === "years" && input.years.length === 0) return data({ done: null, error: "report.shareNoYears" }, { status: 400 });
  const years = input.scope === "all" ? ("all" as const) : [...new Set(input.years)].sort((a, b) => a - b);
  const outcome = await createShare({ organisationId, funderId: input.funderId, years, userId: user.id });
  if (!outcome.ok) return data({ done: null, error: outcome.error }, { status: 400 });
  return { done: "report.shareSaved", error: null };
}

export default function SharingPage() {
  const t = useT();
  const locale = useLocale();
  const { organisationId, publicSummary, canShare, shares, views, funders, years } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const live = shares.filter((s) => !s.revokedAt);
  const past = shares.filter((s) => s.revokedAt);
  const yearsText = (y: "all" | number[]) => (y === "all" ? t("report.yearsAll") : y.join(", "));
  return (
    <div className="report">
      <h1>{t("report.sharingTitle")}</h1>
      <p>{t("report.sharingIntro")}</p>
      {result?.done ? (
        <p className="notice" role="status">
          {t(result.done)}
        </p>
      ) : null}
      {result?.error ? (
        <p className="form-error" role="alert">
          {t(result.error)}
        </p>
      ) : null}

      <section aria-labelledby="live-title">
        <h2 id="live-title">{t("report.liveShares")}</h2>
        {live.length === 0 ? (
          <p>{t("report.noShares")}</p>
        ) : (
          <ul className="share-list">
            {live.map((s) => (
              <li key={s.id}>
                <strong>{s.funderName}</strong> · {t("report.years")}: {yearsText(s.years)} · {t("report.sharedSince", { date: formatDate(locale, s.createdAt) })}
                {canShare ? (
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="shareId" value={s.id} />{" "}
                    <button type="submit" aria-label={t("report.revokeShareWith", { name: s.funderName })}>
                      {t("report.revoke")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {canShare ? (
        <section aria-labelledby="share-title">
          <h2 id="share-title">{t("report.shareWith")}</h2>
          <Form method="post" className="narrow">
            <CsrfInput />
            <input type="hidden" name="intent" value="share" />
            <div className="field">
              <label htmlFor="share-funder">{t("report.funder")}</label>
              <select id="share-funder" name="funderId" required>
                {funders.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="field">
              <legend>{t("report.years")}</legend>
              <label>
                <input type="radio" name="scope" value="all" defaultChecked /> {t("report.allYears")}
              </label>
              <label>
                <input type="radio" name="scope" value="years" /> {t("report.chosenYears")}
              </label>
              <div className="year-choices">
                {years.map((y) => (
                  <label key={y}>
                    <input type="checkbox" name="years" value={y} /> {y}
                  </label>
                ))}
              </div>
            </fieldset>
            <button type="submit">{t("report.share")}</button>
          </Form>
        </section>
      ) : null}

      {past.length ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title">{t("report.shareHistory")}</h2>
          <ul className="share-list">
            {past.map((s) => (
              <li key={s.id}>
                {s.funderName} · {yearsText(s.years)} · {t("report.sharedSince", { date: formatDate(locale, s.createdAt) })} ·{" "}
                {t("report.revokedOn", { date: formatDate(locale, s.revokedAt!) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="public-title">
        <h2 id="public-title">{t("report.publicSummaryTitle")}</h2>
        <p className="hint">{t("report.publicSummaryHint")}</p>
        <p>
          {publicSummary ? t("report.publicSummaryOn") : t("report.publicSummaryOff")}{" "}
          {publicSummary ? <Link to={`/public/${organisationId}`}>{t("report.publicSummaryLink")}</Link> : null}
        </p>
        {canShare ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="public" />
            <input type="hidden" name="on" value={publicSummary ? "0" : "1"} />
            <button type="submit">{publicSummary ? t("report.publicSummaryDisable") : t("report.publicSummaryEnable")}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="views-title">
        <h2 id="views-title">{t("report.whoLooked")}</h2>
        <p className="hint">{t("report.whoLookedHint")}</p>
        {views.length === 0 ? (
          <p>{t("report.noViews")}</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t("report.whoLooked")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("report.when")}</th>
                <th scope="col">{t("report.who")}</th>
                <th scope="col">{t("report.what")}</th>
              </tr>
            </thead>
            <tbody>
              {views.map((v, i) => (
                <tr key={i}>
                  <td>{formatDateTime(locale, v.at)}</td>
                  <td>
                    {v.person ?? "—"}
                    {v.funder ? ` (${v.funder})` : ""}
                  </td>
                  <td>{t(`report.viewed_${v.what}`, { year: v.year === null ? "" : String(v.year) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
