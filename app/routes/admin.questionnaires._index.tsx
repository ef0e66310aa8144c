import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { useLocale, useT } from "#app/i18n/use-translate";
import { listQuestionnaireVersions } from "#app/models/admin.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.questionnaires.title" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  return listQuestionnaireVersions();
}

export default function AdminQuestionnaires() {
  const t = useT();
  const locale = useLocale();
  const { versions, otherErrors } = useLoaderData<typeof loader>();
  return (
    <div>
      <AdminNav />
      <h1>{t("admin.questionnaires.title")}</h1>
      <p>{t("admin.questionnaires.intro")}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("admin.questionnaires.version")}</th>
            <th scope="col">{t("admin.questionnaires.hash")}</th>
            <th scope="col">{t("admin.questionnaires.status")}</th>
            <th scope="col">{t("admin.questionnaires.answers")}</th>
            <th scope="col">{t("admin.questionnaires.checks")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id}>
              <th scope="row">
                {v.title[locale] ?? v.questionnaire} {v.version}
                <br />
                <Link to={`/admin/questionnaires/${encodeURIComponent(v.id)}`}>{t("admin.questionnaires.preview", { version: v.id })}</Link>
              </th>
              <td>
                <code title={v.contentHash}>{v.contentHash.slice(0, 16)}…</code>
                <br />
                <small>{v.file}</small>
              </td>
              <td>
                {t(`admin.questionnaires.status.${v.status}`)}
                {v.campaigns.length ? ` (${v.campaigns.join(", ")})` : ""}
              </td>
              <td>{v.assessments > 0 ? t("admin.questionnaires.answersCount", { count: v.assessments }) : t("admin.questionnaires.noAnswers")}</td>
              <td>
                {v.errors.length === 0 && !v.fileChanged && !v.fileMissing ? t("admin.questionnaires.checksOk") : null}
                {v.fileMissing ? (
                  <p className="error">{t(v.copyKept ? "admin.questionnaires.fileMissing" : "admin.questionnaires.fileLost", { file: v.file })}</p>
                ) : null}
                {v.fileChanged ? <p className="error">{t("admin.questionnaires.fileChanged")}</p> : null}
                {v.errors.length ? (
                  <ul className="error">
                    {v.errors.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {otherErrors.length ? (
        <section aria-labelledby="other-errors">
          <h2 id="other-errors">{t("admin.questionnaires.otherErrors")}</h2>
          <ul className="error">
            {otherErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
