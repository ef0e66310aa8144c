import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminNav } from "#app/components/admin-nav";
import { QuestionField } from "#app/components/question-field";
import { useLocale, useT } from "#app/i18n/use-translate";
import { getDefinition } from "#app/models/definitions.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";
import type { Locale } from "#app/i18n/locales";

export const handle: TitleHandle = { title: (d: { definition: { title: Record<Locale, string>; version: string } }, locale: Locale) => `${d.definition.title[locale]} ${d.definition.version}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  const compiled = await getDefinition(params.versionId ?? "");
  if (!compiled) throw notFound();
  return { id: params.versionId ?? "", contentHash: compiled.contentHash, definition: compiled.definition };
}

/** The questionnaire as organisations see it, every question shown, nothing editable. */
export default function QuestionnairePreview() {
  const t = useT();
  const locale = useLocale();
  const { id, contentHash, definition } = useLoaderData<typeof loader>();
  return (
    <div>
      <AdminNav />
      <p>
        <Link to="/admin/questionnaires">{t("admin.questionnaires.back")}</Link>
      </p>
      <h1>
        {definition.title[locale]} {definition.version}
      </h1>
      <p>
        {t("admin.questionnaires.previewIntro")} <code>{id}</code> · <code>{contentHash}</code>
      </p>
      {definition.sections.map((s) => (
        <section key={s.id} aria-labelledby={`section-${s.id}`} className="questionnaire-preview">
          <h2 id={`section-${s.id}`}>{s.title[locale]}</h2>
          {s.description ? <p>{s.description[locale]}</p> : null}
          {s.questions.map((q) => (
            <QuestionField key={q.id} question={q} value={undefined} note={null} revision={null} editable={false} hidden={false} />
          ))}
        </section>
      ))}
    </div>
  );
}
