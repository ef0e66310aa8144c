import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, FormError, SelectField } from "#app/components/form";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDate, formatNumber } from "#app/i18n/translate";
import { discardEmptyDraft, listOrganisationAssessments, startAssessment } from "#app/models/assessments.server";
import { workingCampaigns } from "#app/models/campaigns.server";
import { organisationDashboard } from "#app/models/dashboard.server";
import { versionNames } from "#app/models/definitions.server";
import { getOrganisation } from "#app/models/organisations.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { can, roleAtLeast } from "#app/utils/permissions";
import { taxonomyLabel } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import type { TitleHandle } from "#app/utils/page-title";
import { versionName } from "#app/utils/version-name";

export const handle: TitleHandle = { title: (d: { organisation: { name: string } }) => d.organisation.name };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "organisation.view", organisationId }, context);
  const organisation = await getOrganisation(organisationId);
  if (!organisation) throw notFound();
  const campaigns = await workingCampaigns();
  const assessments = await listOrganisationAssessments(organisationId);
  return {
    organisation,
    dashboard: await organisationDashboard(organisationId, assessments),
    userId: actor.userId,
    taxonomies: getTaxonomies(),
    campaigns: campaigns.map((c) => ({ id: c.id, year: c.year, closesOn: c.closesOn, status: c.status, versions: c.versions })),
    assessments,
    versionNames: await versionNames(new Set(assessments.map((a) => a.versionId))),
    canEdit: roleAtLeast(actor.memberships[organisationId], "editor"),
    canDiscard: can(actor, { action: "assessment.discard", organisationId }),
  };
}

const StartSchema = z.object({ campaignId: z.string().min(1).max(64), versionId: z.string().min(1).max(200) });

const DiscardSchema = z.object({ assessmentId: z.string().min(1).max(64) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const form = await readForm(request);
  if (form.get("intent") === "discard") {
    // An owner removes a draft started by mistake, as long as nothing was answered in it.
    const { user } = await requirePermission(request, { action: "assessment.discard", organisationId }, context);
    const parsed = DiscardSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ error: "common.form.invalid", campaignId: null }, { status: 400 });
    const outcome = await discardEmptyDraft({ organisationId, assessmentId: parsed.data.assessmentId, userId: user.id });
    if (!outcome.ok && outcome.error === "not_found") throw notFound();
    if (!outcome.ok) return data({ error: outcome.error, campaignId: null }, { status: 400 });
    return redirect(`/o/${organisationId}`);
  }
  const { user } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  const parsed = StartSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "common.form.invalid", campaignId: null }, { status: 400 });
  const outcome = await startAssessment({ organisationId, campaignId: parsed.data.campaignId, versionId: parsed.data.versionId, userId: user.id });
  if (!outcome.ok) return data({ error: outcome.error, campaignId: parsed.data.campaignId }, { status: 400 });
  return redirect(`/o/${organisationId}/assessments/${outcome.assessmentId}`);
}

export default function OrganisationHome() {
  const t = useT();
  const locale = useLocale();
  const { organisation, dashboard, userId, taxonomies, campaigns, assessments, versionNames: names, canEdit, canDiscard } = useLoaderData<typeof loader>();
  const score = (total: number) => formatNumber(locale, total, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const actionData = useActionData<typeof action>();
  return (
    <div>
      <h1>{organisation.name}</h1>
      <div className="dashboard">
        {dashboard.inProgress.map((d) => {
          const answered = d.sections.reduce((n, x) => n + x.answered, 0);
          const total = d.sections.reduce((n, x) => n + x.total, 0);
          const base = `/o/${organisation.id}/assessments/${d.id}`;
          return (
            <section key={d.id} className="card" aria-labelledby={`working-${d.id}`}>
              <h2 id={`working-${d.id}`}>{t("pages.dashWorkingTitle", { year: d.year })}</h2>
              <p>
                {t(`assessment.status.${d.status}`)} · {t("assessment.progress", { answered, total })}
              </p>
              {d.sections.some((x) => d.assignees[x.id]?.userId === userId) ? (
                <p className="attention">{t("pages.assignedToYou", { sections: d.sections.filter((x) => d.assignees[x.id]?.userId === userId).map((x) => x.title[locale]).join(", ") })}</p>
              ) : null}
              <progress max={Math.max(total, 1)} value={answered} aria-label={t("assessment.overallProgress")}>
                {answered}/{total}
              </progress>
              <ul className="section-status">
                {d.sections.map((x) => (
                  <li key={x.id}>
                    <Link to={`${base}/${x.id}`}>{x.title[locale]}</Link>:{" "}
                    {x.answered === x.total ? t("pages.dashSectionDone") : t("assessment.progress", { answered: x.answered, total: x.total })}
                    {x.requiredLeft > 0 ? <> · {t("assessment.requiredLeft", { count: x.requiredLeft })}</> : null}
                    {d.assignees[x.id] ? <> · {t("pages.assignedTo", { name: d.assignees[x.id].name })}</> : null}
                  </li>
                ))}
              </ul>
              {d.commentsWaiting > 0 ? (
                <p className="attention">
                  <Link to={`${base}/comments`}>{t("pages.dashCommentsWaiting", { count: d.commentsWaiting })}</Link>
                </p>
              ) : null}
            </section>
          );
        })}
        {dashboard.last && dashboard.last.total !== null ? (
          <section className="card" aria-labelledby="last-result-heading">
            <h2 id="last-result-heading">{t("pages.dashLastTitle", { year: dashboard.last.year })}</h2>
            <p className="total">
              <strong>{t("pages.dashTotal", { total: score(dashboard.last.total) })}</strong> · {t("assessment.seal")}:{" "}
              {dashboard.last.sealGranted ? t("assessment.sealYes") : dashboard.last.sealPassed ? t("assessment.sealPass") : t("assessment.sealNo")}
            </p>
            {dashboard.trend.length > 1 ? (
              <>
                <h3>{t("pages.dashTrend")}</h3>
                <ol className="trend">
                  {dashboard.trend.map((p) => (
                    <li key={p.year}>
                      {p.year}: {score(p.total)}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            {dashboard.commitmentsDue > 0 ? (
              <p>
                <Link to={`/o/${organisation.id}/reports/${dashboard.last.id}#commitments-title`}>{t("pages.dashCommitments", { count: dashboard.commitmentsDue })}</Link>
              </p>
            ) : null}
            <p>
              <Link to={`/o/${organisation.id}/reports/${dashboard.last.id}`}>{t("pages.readReport")}</Link>
            </p>
          </section>
        ) : null}
      </div>
      <dl className="facts">
        <dt>{t("organisation.legalForm")}</dt>
        <dd>{taxonomyLabel(taxonomies, "legal_forms", organisation.legalForm, locale)}</dd>
        <dt>{t("organisation.sector")}</dt>
        <dd>{taxonomyLabel(taxonomies, "sectors", organisation.sector, locale)}</dd>
        <dt>{t("organisation.region")}</dt>
        <dd>{taxonomyLabel(taxonomies, "regions", organisation.region, locale)}</dd>
        <dt>{t("organisation.sizeBand")}</dt>
        <dd>{taxonomyLabel(taxonomies, "size_bands", organisation.sizeBand, locale)}</dd>
      </dl>

      {actionData && !actionData.campaignId ? <FormError error={actionData.error} /> : null}
      {campaigns.length === 0 ? (
        <section aria-labelledby="campaign-heading">
          <h2 id="campaign-heading">{t("assessment.noCampaign")}</h2>
        </section>
      ) : null}
      {campaigns.map((campaign) => {
        // One social balance per campaign: its link, or (none yet) the questionnaires to start.
        const thisYear = assessments.filter((a) => a.campaignId === campaign.id);
        const headingId = `campaign-${campaign.year}-heading`;
        return (
          <section key={campaign.id} aria-labelledby={headingId}>
            <h2 id={headingId}>{t("assessment.campaignTitle", { year: String(campaign.year) })}</h2>
            {campaign.status === "open" ? <p>{t("assessment.deadline", { date: formatDate(locale, campaign.closesOn) })}</p> : <p>{t("assessment.campaignClosed")}</p>}
            {thisYear.map((a) => (
              <div key={a.id} className="campaign-assessment">
                <Link className="button primary" to={`/o/${organisation.id}/assessments/${a.id}`}>
                  {a.status === "draft" || a.status === "returned" ? t("assessment.continue") : t("assessment.open")}
                </Link>{" "}
                {campaign.versions.find((v) => v.id === a.versionId)?.title[locale as "en"] ?? a.questionnaire} — {t(`assessment.status.${a.status}`)}
                {canDiscard && a.status === "draft" && a.empty ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="discard" />
                    <input type="hidden" name="assessmentId" value={a.id} />
                    <button type="submit">{t("assessment.discardEmpty")}</button>
                  </Form>
                ) : null}
              </div>
            ))}
            {canEdit && campaign.status === "open" && thisYear.length === 0 && campaign.versions.length > 0 ? (
              <Form method="post">
                <CsrfInput />
                <h3>{t("assessment.startTitle")}</h3>
                {actionData && "campaignId" in actionData && actionData.campaignId === campaign.id ? <FormError error={actionData.error} /> : null}
                <input type="hidden" name="campaignId" value={campaign.id} />
                <SelectField
                  name="versionId"
                  id={`field-versionId-${campaign.id}`}
                  label={t("assessment.chooseVersion")}
                  options={campaign.versions.map((v) => ({ id: v.id, label: `${v.title[locale as "en"] ?? v.questionnaire} (${v.version})` }))}
                />
                <button type="submit" className="primary">
                  {t("assessment.start")}
                </button>
              </Form>
            ) : null}
          </section>
        );
      })}

      <section aria-labelledby="assessments-heading">
        <h2 id="assessments-heading">{t("assessment.yourAssessments")}</h2>
        {assessments.length === 0 ? (
          <p>{t("assessment.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("assessment.year")}</th>
                <th scope="col">{t("assessment.questionnaire")}</th>
                <th scope="col">{t("assessment.statusLabel")}</th>
                <th scope="col">{t("assessment.total")}</th>
                <th scope="col">{t("assessment.seal")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {assessments.map((a) => (
                <tr key={a.id}>
                  <td>{a.year}</td>
                  <td>{versionName(names, a.versionId, locale)}</td>
                  <td>{t(`assessment.status.${a.status}`)}</td>
                  <td>{a.total === null ? "—" : score(a.total)}</td>
                  <td>{a.sealGranted ? t("assessment.sealYes") : a.sealPassed === null ? "—" : a.sealPassed ? t("assessment.sealPass") : t("assessment.sealNo")}</td>
                  <td>
                    <Link to={`/o/${organisation.id}/assessments/${a.id}`}>{t("assessment.open")}</Link>
                    {a.total !== null || a.sealPassed !== null ? (
                      <>
                        {" · "}
                        <Link to={`/o/${organisation.id}/reports/${a.id}`}>{t("assessment.report")}</Link>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
