import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, FormError, SelectField } from "#app/components/form";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDate } from "#app/i18n/translate";
import { listOrganisationAssessments, startAssessment } from "#app/models/assessments.server";
import { currentCampaign } from "#app/models/campaigns.server";
import { getOrganisation } from "#app/models/organisations.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { roleAtLeast } from "#app/utils/permissions";
import { taxonomyLabel } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "organisation.view", organisationId }, context);
  const organisation = await getOrganisation(organisationId);
  if (!organisation) throw notFound();
  const campaign = await currentCampaign();
  const assessments = await listOrganisationAssessments(organisationId);
  return {
    organisation,
    taxonomies: getTaxonomies(),
    campaign: campaign
      ? { id: campaign.id, year: campaign.year, closesOn: campaign.closesOn, status: campaign.status, versions: campaign.versions }
      : null,
    assessments,
    canEdit: roleAtLeast(actor.memberships[organisationId], "editor"),
  };
}

const StartSchema = z.object({ campaignId: z.string().min(1).max(64), versionId: z.string().min(1).max(200) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  const form = await readForm(request);
  const parsed = StartSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "common.form.invalid" }, { status: 400 });
  const outcome = await startAssessment({ organisationId, campaignId: parsed.data.campaignId, versionId: parsed.data.versionId, userId: user.id });
  if (!outcome.ok) return data({ error: outcome.error }, { status: 400 });
  return redirect(`/o/${organisationId}/assessments/${outcome.assessmentId}`);
}

export default function OrganisationHome() {
  const t = useT();
  const locale = useLocale();
  const { organisation, taxonomies, campaign, assessments, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const thisYear = campaign ? assessments.filter((a) => a.campaignId === campaign.id) : [];
  const startable = campaign?.versions.filter((v) => !thisYear.some((a) => a.questionnaire === v.questionnaire)) ?? [];
  return (
    <div>
      <h1>{organisation.name}</h1>
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

      <section aria-labelledby="campaign-heading">
        {campaign ? (
          <>
            <h2 id="campaign-heading">{t("assessment.campaignTitle", { year: String(campaign.year) })}</h2>
            {campaign.status === "open" ? <p>{t("assessment.deadline", { date: formatDate(locale, campaign.closesOn) })}</p> : <p>{t("assessment.campaignClosed")}</p>}
            {thisYear.map((a) => (
              <p key={a.id}>
                <Link className="button primary" to={`/o/${organisation.id}/assessments/${a.id}`}>
                  {a.status === "draft" || a.status === "returned" ? t("assessment.continue") : t("assessment.open")}
                </Link>{" "}
                {campaign.versions.find((v) => v.id === a.versionId)?.title[locale as "en"] ?? a.questionnaire} — {t(`assessment.status.${a.status}`)}
              </p>
            ))}
            {canEdit && campaign.status === "open" && startable.length > 0 ? (
              <Form method="post">
                <CsrfInput />
                <h3>{t("assessment.startTitle")}</h3>
                <FormError error={actionData?.error} />
                <input type="hidden" name="campaignId" value={campaign.id} />
                <SelectField
                  name="versionId"
                  label={t("assessment.chooseVersion")}
                  options={startable.map((v) => ({ id: v.id, label: `${v.title[locale as "en"] ?? v.questionnaire} (${v.version})` }))}
                />
                <button type="submit" className="primary">
                  {t("assessment.start")}
                </button>
              </Form>
            ) : null}
          </>
        ) : (
          <p>{t("assessment.noCampaign")}</p>
        )}
      </section>

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
                  <td>{a.versionId}</td>
                  <td>{t(`assessment.status.${a.status}`)}</td>
                  <td>{a.total === null ? "—" : a.total.toFixed(2)}</td>
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
