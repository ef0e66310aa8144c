import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { AdminNav } from "#app/components/admin-nav";
import { CsrfInput, Field, Notice } from "#app/components/form";
import { useT } from "#app/i18n/use-translate";
import { getAllSettings, setSetting, settingSchemas, type SettingKey } from "#app/models/settings.server";
import { readForm } from "#app/utils/csrf.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.settings.title" };

const number = (message: string) => z.string().trim().regex(/^-?\d+(\.\d+)?$/, { message }).transform(Number);
const SettingsForm = z.object({
  k: number("admin.settings.kTooSmall"),
  share: number("admin.settings.shareError"),
  agreement: z.string().default(""),
  defaultOpen: z.string().trim(),
  defaultClose: z.string().trim(),
  surveyMinimum: number("surveys.minimumTooSmall").optional(),
});
const fieldKeys: Record<string, SettingKey> = {
  k: "disclosure.k",
  share: "review.sample_share",
  agreement: "data_agreement.text",
  defaultOpen: "campaign.default_open",
  defaultClose: "campaign.default_close",
  surveyMinimum: "surveys.minimum_responses",
};

type Result = { errors: Record<string, string>; values: Record<string, string>; saved: boolean };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.settings" }, context);
  return { settings: await getAllSettings() };
}

/** Every setting is checked first; nothing is stored unless all are valid. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "admin.settings" }, context);
  const form = await readForm(request);
  const values = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "csrf" && typeof v === "string")) as Record<string, string>;
  const parsed = SettingsForm.safeParse(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message.includes(" ") ? "common.form.invalid" : issue.message;
    return data<Result>({ errors, values, saved: false }, { status: 400 });
  }
  const wanted: Record<string, unknown> = { ...parsed.data, share: parsed.data.share / 100 };
  for (const [field, key] of Object.entries(fieldKeys)) {
    if (wanted[field] === undefined) continue; // a field the form did not send keeps its value
    const check = settingSchemas[key].safeParse(wanted[field]);
    if (!check.success) errors[field] = field === "share" ? "admin.settings.shareError" : (check.error.issues[0]?.message ?? "common.form.invalid");
  }
  if (Object.keys(errors).length) return data<Result>({ errors, values, saved: false }, { status: 400 });
  for (const [field, key] of Object.entries(fieldKeys)) if (wanted[field] !== undefined) await setSetting(key, wanted[field], user.id);
  return data<Result>({ errors: {}, values: {}, saved: true });
}

export default function AdminSettings() {
  const t = useT();
  const { settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const errors = result?.errors ?? {};
  const v = (field: string, stored: string | number) => result?.values[field] ?? String(stored);
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.settings.title")}</h1>
      {result?.saved ? <Notice>{t("admin.settings.saved")}</Notice> : null}
      <Form method="post" noValidate className="narrow">
        <CsrfInput />
        <Field name="k" label={t("admin.settings.k")} hint={t("admin.settings.kHint")} inputMode="numeric" defaultValue={v("k", settings["disclosure.k"])} error={errors.k} required />
        <Field
          name="share"
          label={t("admin.settings.share")}
          hint={t("admin.settings.shareHint")}
          inputMode="decimal"
          defaultValue={v("share", Math.round(settings["review.sample_share"] * 10000) / 100)}
          error={errors.share}
          required
        />
        <Field name="defaultOpen" label={t("admin.settings.defaultOpen")} defaultValue={v("defaultOpen", settings["campaign.default_open"])} error={errors.defaultOpen} required />
        <Field name="defaultClose" label={t("admin.settings.defaultClose")} defaultValue={v("defaultClose", settings["campaign.default_close"])} error={errors.defaultClose} required />
        <Field name="surveyMinimum" label={t("surveys.minimumSetting")} hint={t("surveys.minimumSettingHint")} inputMode="numeric" defaultValue={v("surveyMinimum", settings["surveys.minimum_responses"])} error={errors.surveyMinimum} required />
        <div className="field">
          <label htmlFor="field-agreement">{t("admin.settings.agreement")}</label>
          <textarea id="field-agreement" name="agreement" rows={8} defaultValue={v("agreement", settings["data_agreement.text"])} aria-invalid={errors.agreement ? true : undefined} />
          {errors.agreement ? (
            <p className="error" role="alert">
              {t(errors.agreement)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary">
          {t("common.save")}
        </button>
      </Form>
    </div>
  );
}
