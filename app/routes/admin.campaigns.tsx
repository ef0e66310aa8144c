import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { CsrfInput, Field, FormError, Notice } from "#app/components/form";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDate } from "#app/i18n/translate";
import { rescoreCampaign } from "#app/models/admin.server";
import { campaignParticipation, createCampaign, extendCampaign, listCampaigns, setCampaignStatus } from "#app/models/campaigns.server";
import { listDefinitions, versionIdOf } from "#app/models/definitions.server";
import { getSetting } from "#app/models/settings.server";
import { readForm } from "#app/utils/csrf.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.campaigns.title" };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "admin.campaigns.badDate" }).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { message: "admin.campaigns.badDate" });
const CreateSchema = z
  .object({
    intent: z.literal("create"),
    year: z.coerce.number({ message: "common.form.notANumber" }).int({ message: "common.form.notAnInteger" }).min(2000, { message: "common.form.invalid" }).max(2100, { message: "common.form.invalid" }),
    opensOn: isoDate,
    closesOn: isoDate,
    versionIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().max(200)).min(1, { message: "admin.campaigns.pickVersion" })),
  })
  .refine((v) => v.closesOn > v.opensOn, { message: "admin.campaigns.closesBeforeOpens", path: ["closesOn"] });
const StatusSchema = z.object({ intent: z.enum(["open", "close"]), campaignId: z.string().min(1).max(64), confirm: z.literal("yes").optional() });
const ExtendSchema = z.object({ intent: z.literal("extend"), campaignId: z.string().min(1).max(64), closesOn: isoDate });
const RescoreSchema = z.object({ intent: z.literal("rescore"), campaignId: z.string().min(1).max(64), reason: z.string().trim().min(3, { message: "admin.campaigns.reasonRequired" }).max(2000, { message: "common.form.tooLong" }) });

type ActionResult = { errors: Record<string, string>; done: string | null; params?: Record<string, number>; campaignId?: string; refused?: string };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const year = new Date().getUTCFullYear();
  const [open, close] = [await getSetting("campaign.default_open"), await getSetting("campaign.default_close")];
  const versions = (await listDefinitions()).map((c) => ({
    id: versionIdOf(c.definition.questionnaire, c.definition.version),
    title: c.definition.title,
    version: c.definition.version,
  }));
  versions.sort((a, b) => a.id.localeCompare(b.id));
  const campaigns = await listCampaigns();
  const participation = await campaignParticipation(campaigns.map((c) => c.id));
  return { campaigns: campaigns.map((c) => ({ ...c, participation: participation.get(c.id) ?? null })), versions, defaults: { year: year + 1, opensOn: `${year + 1}-${open}`, closesOn: `${year + 1}-${close}` } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "rescore") {
    const { user } = await requirePermission(request, { action: "admin.rescore" }, context);
    const parsed = RescoreSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data<ActionResult>({ errors: { reason: parsed.error.issues[0].message }, done: null, campaignId: String(form.get("campaignId") ?? "") }, { status: 400 });
    const outcome = await rescoreCampaign({ campaignId: parsed.data.campaignId, reason: parsed.data.reason, actorUserId: user.id });
    return data<ActionResult>({ errors: {}, done: "admin.campaigns.rescored", params: outcome, campaignId: parsed.data.campaignId });
  }
  const { user } = await requirePermission(request, { action: "admin.console" }, context);
  if (intent === "create") {
    const raw = { intent, year: form.get("year"), opensOn: form.get("newCampaignOpensOn"), closesOn: form.get("newCampaignClosesOn"), versionIds: form.getAll("versionIds") };
    const parsed = CreateSchema.safeParse(raw);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message.startsWith("Invalid") || issue.message.includes(" ") ? "common.form.invalid" : issue.message;
      return data<ActionResult>({ errors, done: null }, { status: 400 });
    }
    const known = new Set((await listDefinitions()).map((c) => versionIdOf(c.definition.questionnaire, c.definition.version)));
    if (!parsed.data.versionIds.every((v) => known.has(v))) return data<ActionResult>({ errors: { versionIds: "common.form.invalid" }, done: null }, { status: 400 });
    const created = await createCampaign(parsed.data, user.id);
    if (!created.ok) return data<ActionResult>({ errors: { year: "admin.campaigns.yearTaken" }, done: null }, { status: 409 });
    return data<ActionResult>({ errors: {}, done: "admin.campaigns.created" });
  }
  if (intent === "open" || intent === "close") {
    const parsed = StatusSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data<ActionResult>({ errors: { form: "common.form.invalid" }, done: null }, { status: 400 });
    // Closing stops every organisation from submitting: the admin ticks a box to say so.
    if (parsed.data.intent === "close" && parsed.data.confirm !== "yes") {
      return data<ActionResult>({ errors: { confirm: "pages.closeConfirmNeeded" }, done: null, campaignId: parsed.data.campaignId }, { status: 400 });
    }
    const set = await setCampaignStatus(parsed.data.campaignId, parsed.data.intent === "open" ? "open" : "closed", user.id);
    if (!set.ok) return data<ActionResult>({ errors: {}, done: null, refused: set.message }, { status: 409 });
    return data<ActionResult>({ errors: {}, done: parsed.data.intent === "open" ? "admin.campaigns.opened" : "admin.campaigns.closed" });
  }
  if (intent === "extend") {
    const parsed = ExtendSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data<ActionResult>({ errors: { closesOn: "admin.campaigns.badDate" }, done: null, campaignId: String(form.get("campaignId") ?? "") }, { status: 400 });
    await extendCampaign(parsed.data.campaignId, parsed.data.closesOn, user.id);
    return data<ActionResult>({ errors: {}, done: "admin.campaigns.extended" });
  }
  return data<ActionResult>({ errors: { form: "common.form.invalid" }, done: null }, { status: 400 });
}

export default function AdminCampaigns() {
  const t = useT();
  const locale = useLocale();
  const { campaigns, versions, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const errors = result?.errors ?? {};
  const forCampaign = (id: string): Record<string, string> => (result?.campaignId === id ? errors : {});
  const versionName = (id: string) => {
    const found = versions.find((v) => v.id === id);
    return found ? `${found.title[locale]} ${found.version}` : id;
  };
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.campaigns.title")}</h1>
      {result?.done ? <Notice>{t(result.done, result.params)}</Notice> : null}
      <FormError error={errors.form} />
      {result?.refused ? <p className="form-error" role="alert">{t("methods.normsRefused", { message: result.refused })}</p> : null}
      {campaigns.length === 0 ? <p>{t("admin.campaigns.none")}</p> : null}
      {campaigns.map((c) => (
        <section key={c.id} aria-labelledby={`campaign-${c.id}`} className="card">
          <h2 id={`campaign-${c.id}`}>{t("admin.campaigns.campaignOf", { year: String(c.year) })}</h2>
          <p>
            {t("admin.campaigns.statusLabel")}: <strong>{t(`admin.campaigns.status.${c.status}`)}</strong> ·{" "}
            {t("admin.campaigns.window", { opens: formatDate(locale, c.opensOn), closes: formatDate(locale, c.closesOn) })}
          </p>
          <p>
            {t("admin.campaigns.versionsOffered")}: {c.versionIds.map((id) => versionName(id)).join(", ") || "—"}
          </p>
          {c.participation ? <p>{t("pages.participationCounts", { ...c.participation })}</p> : null}
          <div className="actions">
            {c.status !== "open" ? (
              <Form method="post" className="inline">
                <CsrfInput />
                <input type="hidden" name="campaignId" value={c.id} />
                <button type="submit" name="intent" value="open">
                  {t("admin.campaigns.open", { year: String(c.year) })}
                </button>
              </Form>
            ) : (
              <Form method="post" className="inline">
                <CsrfInput />
                <input type="hidden" name="campaignId" value={c.id} />
                <div className="field checkbox-field">
                  <label>
                    <input
                      type="checkbox"
                      name="confirm"
                      value="yes"
                      required
                      aria-invalid={forCampaign(c.id).confirm ? true : undefined}
                      aria-describedby={forCampaign(c.id).confirm ? `confirm-${c.id}-error` : undefined}
                    />{" "}
                    {t("pages.closeConfirm")}
                  </label>
                  {forCampaign(c.id).confirm ? (
                    <p className="error" id={`confirm-${c.id}-error`} role="alert">
                      {t(forCampaign(c.id).confirm)}
                    </p>
                  ) : null}
                </div>
                <button type="submit" name="intent" value="close" className="danger">
                  {t("admin.campaigns.close", { year: String(c.year) })}
                </button>
              </Form>
            )}
          </div>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="extend" />
            <input type="hidden" name="campaignId" value={c.id} />
            <Field id={`closes-${c.id}`} name="closesOn" type="date" label={t("admin.campaigns.newClosingDate", { year: String(c.year) })} defaultValue={c.closesOn} error={forCampaign(c.id).closesOn} />
            <button type="submit">{t("admin.campaigns.extend")}</button>
          </Form>
          <details>
            <summary>{t("admin.campaigns.rescoreTitle")}</summary>
            <p>{t("admin.campaigns.rescoreIntro")}</p>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="rescore" />
              <input type="hidden" name="campaignId" value={c.id} />
              <Field id={`reason-${c.id}`} name="reason" label={t("admin.campaigns.rescoreReason", { year: String(c.year) })} error={forCampaign(c.id).reason} required />
              <button type="submit">{t("admin.campaigns.rescore", { year: String(c.year) })}</button>
            </Form>
          </details>
        </section>
      ))}
      <section aria-labelledby="create-heading">
        <h2 id="create-heading">{t("admin.campaigns.createTitle")}</h2>
        <Form method="post" noValidate>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <Field name="year" label={t("admin.campaigns.year")} inputMode="numeric" defaultValue={defaults.year} error={errors.year} required />
          <Field name="newCampaignOpensOn" type="date" label={t("admin.campaigns.opensOn")} defaultValue={defaults.opensOn} error={errors.opensOn} required />
          <Field name="newCampaignClosesOn" type="date" label={t("admin.campaigns.closesOn")} defaultValue={defaults.closesOn} error={errors.closesOn} required />
          <fieldset aria-describedby={errors.versionIds ? "versions-error" : undefined}>
            <legend>{t("admin.campaigns.versionsOffered")}</legend>
            {versions.map((v) => (
              <label key={v.id} className="checkbox">
                <input type="checkbox" name="versionIds" value={v.id} /> {v.title[locale]} {v.version}
              </label>
            ))}
            {errors.versionIds ? (
              <p className="error" id="versions-error" role="alert">
                {t(errors.versionIds)}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" className="primary">
            {t("admin.campaigns.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}
