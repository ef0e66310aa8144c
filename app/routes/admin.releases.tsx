import { AdminNav } from "#app/components/admin-nav";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, FormError, Notice } from "#app/components/form";
import { isLocale, localeNames, locales } from "#app/i18n/locales";
import { formatDateTime, formatNumber } from "#app/i18n/translate";
import { useLocale, useT } from "#app/i18n/use-translate";
import { getDisclosureK } from "#app/models/benchmarks.server";
import { buildRelease, listReleasableCampaigns, listReleases } from "#app/models/releases.server";
import { readForm } from "#app/utils/csrf.server";
import { requirePermission } from "#app/utils/guards.server";
import { clientIp } from "#app/utils/request.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "research.adminReleasesTitle" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.releases" }, context);
  const [campaigns, releases, k] = await Promise.all([listReleasableCampaigns(), listReleases(), getDisclosureK()]);
  return {
    k,
    campaigns,
    releases: releases.map((r) => ({ id: r.id, year: r.year, version: r.version, language: r.language, organisations: r.organisations, zipBytes: r.zipBytes, packageSha256: r.packageSha256, createdAt: r.createdAt.toISOString(), createdByName: r.createdByName })),
  };
}

const BuildSchema = z.object({ campaignId: z.string().min(1).max(64), language: z.string().refine(isLocale) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "admin.releases" }, context);
  const form = await readForm(request);
  const parsed = BuildSchema.safeParse({ campaignId: form.get("campaignId"), language: form.get("language") });
  if (!parsed.success) return data({ error: "common.form.invalid", reasons: [] as string[], built: null }, { status: 400 });
  const outcome = await buildRelease({ campaignId: parsed.data.campaignId, language: parsed.data.language, actorUserId: user.id, ip: clientIp(context) });
  if (!outcome.ok) return data({ error: outcome.error, reasons: outcome.reasons ?? [], built: null }, { status: outcome.error === "research.releaseRefused" ? 409 : 400 });
  return { error: null, reasons: [] as string[], built: { year: outcome.year, version: outcome.version } };
}

export default function AdminReleases() {
  const t = useT();
  const locale = useLocale();
  const { k, campaigns, releases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <AdminNav />
      <h1>{t("research.adminReleasesTitle")}</h1>
      <p>{t("research.adminReleasesIntro", { k })}</p>
      {result?.built ? <Notice>{t("research.built", { version: result.built.version, year: result.built.year })}</Notice> : null}
      <FormError error={result?.error} />
      {result?.reasons.length ? (
        <details open>
          <summary>{t("research.reasons")}</summary>
          <ul>
            {result.reasons.slice(0, 100).map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <h2>{t("research.campaigns")}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("research.campaign")}</th>
            <th scope="col">{t("research.status")}</th>
            <th scope="col">{t("research.results")}</th>
            <th scope="col">{t("research.releasesCount")}</th>
            <th scope="col">{t("research.build")}</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id}>
              <td>{c.year}</td>
              <td>{t(`admin.campaigns.status.${c.status}`)}</td>
              <td>{formatNumber(locale, c.results)}</td>
              <td>{c.releases}</td>
              <td>
                {c.status === "closed" && c.results > 0 ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="campaignId" value={c.id} />
                    <label htmlFor={`language-${c.id}`}>{t("research.language")}</label>{" "}
                    <select id={`language-${c.id}`} name="language" defaultValue={locale}>
                      {locales.map((l) => (
                        <option key={l} value={l}>
                          {localeNames[l]}
                        </option>
                      ))}
                    </select>{" "}
                    <button type="submit" aria-label={t("research.buildRelease", { year: c.year })}>
                      {t("research.build")}
                    </button>
                  </Form>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("research.published")}</h2>
      {releases.length === 0 ? (
        <p>{t("research.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("research.campaign")}</th>
              <th scope="col">{t("research.version")}</th>
              <th scope="col">{t("research.created")}</th>
              <th scope="col">{t("research.createdBy")}</th>
              <th scope="col">{t("research.organisations")}</th>
              <th scope="col">{t("research.size")}</th>
              <th scope="col">{t("research.sha256")}</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr key={r.id}>
                <td>{r.year}</td>
                <td>{r.version}</td>
                <td>{formatDateTime(locale, r.createdAt)}</td>
                <td>{r.createdByName ?? "—"}</td>
                <td>{formatNumber(locale, r.organisations)}</td>
                <td>{formatNumber(locale, Math.ceil(r.zipBytes / 1024))} KiB</td>
                <td>
                  <code>{r.packageSha256.slice(0, 16)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
