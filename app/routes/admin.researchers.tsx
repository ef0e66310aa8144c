import { AdminNav } from "#app/components/admin-nav";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput, FormError, Notice } from "#app/components/form";
import { formatDateTime } from "#app/i18n/translate";
import { useLocale, useT } from "#app/i18n/use-translate";
import { decideApplication, listApplications } from "#app/models/researchers.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { clientIp } from "#app/utils/request.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "research.adminResearchersTitle" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.researchers" }, context);
  const applications = await listApplications();
  return {
    applications: applications.map((a) => ({ ...a, agreedAt: a.agreedAt.toISOString(), decidedAt: a.decidedAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString() })),
  };
}

const DecisionSchema = z.object({
  userId: z.string().min(1).max(64),
  decision: z.enum(["approved", "refused"]),
  note: z.string().trim().max(1000, { message: "common.form.tooLong" }),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, { action: "admin.researchers" }, context);
  const form = await readForm(request);
  const parsed = DecisionSchema.safeParse({ userId: form.get("userId"), decision: form.get("decision"), note: form.get("note") ?? "" });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "";
    return data({ done: null, error: message === "common.form.tooLong" ? message : "common.form.invalid" }, { status: 400 });
  }
  const { userId, decision, note } = parsed.data;
  const decided = await decideApplication({ userId, decision, note: note || null, actorUserId: user.id, ip: clientIp(context) });
  if (!decided) throw notFound();
  return { done: "research.decided", error: null };
}

export default function AdminResearchers() {
  const t = useT();
  const locale = useLocale();
  const { applications } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <AdminNav />
      <h1>{t("research.adminResearchersTitle")}</h1>
      <p>{t("research.adminResearchersIntro")}</p>
      {result?.done ? <Notice>{t(result.done)}</Notice> : null}
      <FormError error={result?.error} />
      {applications.length === 0 ? (
        <p>{t("research.noApplications")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("research.researcher")}</th>
              <th scope="col">{t("research.institution")}</th>
              <th scope="col">{t("research.project")}</th>
              <th scope="col">{t("research.purpose")}</th>
              <th scope="col">{t("research.applicationDate")}</th>
              <th scope="col">{t("research.status")}</th>
              <th scope="col">{t("research.decision")}</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.userId}>
                <td>
                  {a.name}
                  <br />
                  {a.email}
                </td>
                <td>{a.institution}</td>
                <td>{a.project}</td>
                <td>{a.purpose}</td>
                <td>{formatDateTime(locale, a.agreedAt)}</td>
                <td>
                  {t(`research.status_${a.status}`)}
                  {a.decisionNote ? ` (${a.decisionNote})` : ""}
                </td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="userId" value={a.userId} />
                    <div className="field">
                      <label htmlFor={`note-${a.userId}`}>{t("research.note")}</label>
                      <input id={`note-${a.userId}`} name="note" maxLength={1000} />
                    </div>
                    {a.status !== "approved" ? (
                      <button type="submit" name="decision" value="approved" aria-label={t("research.approveResearcher", { name: a.name })}>
                        {t("research.approve")}
                      </button>
                    ) : null}{" "}
                    {a.status !== "refused" ? (
                      <button type="submit" name="decision" value="refused" aria-label={t("research.refuseResearcher", { name: a.name })}>
                        {t("research.refuse")}
                      </button>
                    ) : null}
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
