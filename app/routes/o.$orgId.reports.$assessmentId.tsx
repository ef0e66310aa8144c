import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "#app/components/form";
import { ServerHtml } from "#app/components/server-html";
import { formatValue } from "#app/components/charts/format";
import { useLocale, useT } from "#app/i18n/use-translate";
import { createCommitment, deleteCommitment } from "#app/models/commitments.server";
import { readReport } from "#app/models/reports.server";
import { surveysOfAssessment } from "#app/models/surveys.server";
import { reportBodyHtml } from "#app/reports/report-html.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { resolveLocale } from "#app/utils/locale.server";
import { can } from "#app/utils/permissions";
import { keepServerHtml } from "#app/utils/server-html.server";
import { requestKey } from "#app/utils/request.server";
import reportStyles from "#app/styles/report.css?url";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: (d: { report: { organisation: { name: string }; year: number } }) => `${d.report.organisation.name} · ${d.report.year}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { user, actor } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const locale = resolveLocale(request, user);
  const source = await readReport({ organisationId, assessmentId: params.assessmentId ?? "", locale, requestKey: requestKey(request, context) });
  if (!source) throw notFound();
  return {
    // The body goes into the page as HTML; the browser gets only what the page itself uses.
    bodyKey: keepServerHtml(context, "report-body", await reportBodyHtml(source, locale)),
    report: source.page,
    canCommit: can(actor, { action: "commitment.edit", organisationId }),
    // the stakeholder surveys frozen at submission, with their n
    surveys: ((await surveysOfAssessment({ organisationId, assessmentId: params.assessmentId ?? "" })) ?? [])
      .filter((s) => s.frozen)
      .map((s) => ({ group: s.group, title: s.definition.title, responses: s.responses, minimum: s.minimum, released: s.aggregates?.released ?? false })),
  };
}

/** After a client-side navigation or a revalidation, the body comes as HTML beside the data. */
export async function clientLoader({ params, serverLoader }: ClientLoaderFunctionArgs) {
  const [data, body] = await Promise.all([
    serverLoader<typeof loader>(),
    fetch(`/o/${encodeURIComponent(params.orgId ?? "")}/reports/${encodeURIComponent(params.assessmentId ?? "")}/body`, { credentials: "same-origin" }).then((r) => (r.ok ? r.text() : "")),
  ]);
  return { ...data, bodyHtml: body };
}

const CommitmentSchema = z.object({
  code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{0,79}$/, { message: "report.commitmentUnknownCode" }),
  direction: z.enum(["at_least", "at_most"], { message: "report.commitmentDirection" }),
  target: z
    .string()
    .trim()
    .min(1, { message: "report.commitmentTarget" })
    .transform((s) => Number(s.replace(",", ".")))
    .refine((n) => Number.isFinite(n) && Math.abs(n) < 1e12, { message: "report.commitmentTarget" }),
  note: z.string().trim().max(1000, { message: "common.form.tooLong" }).optional().transform((s) => (s ? s : null)),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const { user } = await requirePermission(request, { action: "commitment.edit", organisationId }, context);
  const form = await readForm(request);
  if (form.get("intent") === "delete") {
    const ok = await deleteCommitment({ organisationId, commitmentId: String(form.get("commitmentId") ?? ""), userId: user.id });
    if (!ok) throw notFound();
    return { done: "report.commitmentDeleted", errors: {} as Record<string, string> };
  }
  const parsed = CommitmentSchema.safeParse({
    code: form.get("code") ?? "",
    direction: form.get("direction") ?? "",
    target: form.get("target") ?? "",
    note: form.get("note") ?? undefined,
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return data({ done: null, errors }, { status: 400 });
  }
  const outcome = await createCommitment({ organisationId, assessmentId, ...parsed.data, userId: user.id });
  if (!outcome.ok) {
    if (outcome.error === "report.commitmentNoReport") throw notFound();
    return data({ done: null, errors: { [outcome.field]: outcome.error } }, { status: 400 });
  }
  return { done: "report.commitmentSaved", errors: {} as Record<string, string> };
}

export default function ReportPage() {
  const t = useT();
  const locale = useLocale();
  // bodyHtml: absent at hydration (the page has it already), present after the clientLoader ran.
  const { bodyKey, bodyHtml, report, canCommit, surveys } = useLoaderData<typeof clientLoader>() as Partial<Awaited<ReturnType<typeof clientLoader>>> & Awaited<ReturnType<typeof loader>>;
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const base = `/o/${report.organisation.id}`;
  const choices = report.choices;
  const params = useParams();
  return (
    <article className="report">
      <p className="no-print report-tools">
        <a className="button" href={`${base}/reports/${encodeURIComponent(params.assessmentId ?? "")}/pdf`} download>
          {t("pages.pdfDownload")}
        </a>
      </p>
      <ServerHtml id="report-body" htmlKey={bodyKey} html={bodyHtml} />
      {surveys.length ? (
        <section className="report-surveys" aria-labelledby="surveys-title">
          <h2 id="surveys-title">{t("surveys.report.title")}</h2>
          <ul>
            {surveys.map((s) => (
              <li key={s.group}>
                {s.released
                  ? t("surveys.report.responses", { survey: s.title[locale], responses: s.responses })
                  : t("surveys.report.below", { survey: s.title[locale], responses: s.responses, minimum: s.minimum })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="report-commitments no-print-form" aria-labelledby="commitments-title">
        <h2 id="commitments-title">{t("report.commitments")}</h2>
        {result?.done ? (
          <p className="notice" role="status">
            {t(result.done)}
          </p>
        ) : null}
        {report.commitments.length ? (
          <ul className="commitments">
            {report.commitments.map((c) => (
              <li key={c.id}>
                <strong>{c.label}</strong> <span className="code">{c.code}</span>: {t(c.direction === "at_least" ? "report.atLeast" : "report.atMost")}{" "}
                {formatValue(locale, t, c.target, c.unit)}
                {c.note ? <span className="hint"> — {c.note}</span> : null}
                {canCommit ? (
                  <Form method="post" className="inline no-print">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="commitmentId" value={c.id} />
                    <button type="submit" className="link-button" aria-label={t("report.deleteCommitmentOf", { name: c.label })}>
                      {t("report.deleteCommitment")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">{t("report.noCommitments")}</p>
        )}
        {canCommit ? (
          <Form method="post" className="commitment-form no-print">
            <CsrfInput />
            <input type="hidden" name="intent" value="commit" />
            <h3>{t("report.addCommitment")}</h3>
            {errors.form ? (
              <p className="form-error" role="alert">
                {t(errors.form)}
              </p>
            ) : null}
            <div className="field">
              <label htmlFor="commitment-code">{t("report.commitmentIndicator")}</label>
              <select id="commitment-code" name="code" required aria-invalid={errors.code ? true : undefined} aria-describedby={errors.code ? "commitment-code-error" : undefined}>
                {choices.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.label} ({i.code})
                  </option>
                ))}
              </select>
              {errors.code ? (
                <p className="error" id="commitment-code-error" role="alert">
                  {t(errors.code)}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="commitment-direction">{t("report.commitmentDirectionLabel")}</label>
              <select id="commitment-direction" name="direction" defaultValue="at_least">
                <option value="at_least">{t("report.atLeast")}</option>
                <option value="at_most">{t("report.atMost")}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="commitment-target">{t("report.target")}</label>
              <input
                id="commitment-target"
                name="target"
                inputMode="decimal"
                required
                aria-invalid={errors.target ? true : undefined}
                aria-describedby={errors.target ? "commitment-target-error" : "commitment-target-hint"}
              />
              <p className="hint" id="commitment-target-hint">
                {t("report.targetHint")}
              </p>
              {errors.target ? (
                <p className="error" id="commitment-target-error" role="alert">
                  {t(errors.target)}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="commitment-note">{t("report.commitmentNote")}</label>
              <textarea id="commitment-note" name="note" rows={2} maxLength={1000} />
            </div>
            <button type="submit">{t("report.saveCommitment")}</button>
          </Form>
        ) : null}
      </section>
      <p className="no-print actions">
        <Link to={`${base}/progress`}>{t("report.seeProgress")}</Link>
        <a href={`${base}/export.csv`}>{t("report.exportCsv")}</a>
        <a href={`${base}/export.json`}>{t("report.exportJson")}</a>
      </p>
    </article>
  );
}
