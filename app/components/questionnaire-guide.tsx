import { useLocale, useT } from "#app/i18n/use-translate";
import { guideTags, type GuideSection } from "#app/questionnaires/guide";

/** The printable guide: every section and question with its help, unit, answers and purpose. */
export function QuestionnaireGuide({ sections }: { sections: GuideSection[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="guide-sections">
      {sections.map((s) => (
        <li key={s.id}>
          <section aria-labelledby={`guide-${s.id}`}>
            <h2 id={`guide-${s.id}`}>{s.title[locale]}</h2>
            {s.description ? <p>{s.description[locale]}</p> : null}
            <ol className="guide-questions">
              {s.questions.map((q) => (
                <li key={q.id} className="guide-question">
                  <h3>{q.label[locale]}</h3>
                  <p className="guide-tags">
                    {guideTags(q, t)}
                  </p>
                  {q.help ? <p className="hint">{q.help[locale]}</p> : null}
                  {q.choices.length > 0 ? (
                    <>
                      <p className="guide-label">{t("pages.guideChoices")}</p>
                      <ul>
                        {q.choices.map((c) => (
                          <li key={c.id}>{c.label[locale]}</li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                  {q.feeds.length > 0 ? (
                    <>
                      <p className="guide-label">{t("pages.guideWhy")}</p>
                      <ul>
                        {q.feeds.map((f) => (
                          <li key={f.code}>
                            {f.label[locale]}
                            {f.scored ? ` (${t("pages.guideScored")})` : ""}
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : (
                    <p className="guide-label">{t("pages.guideWhyData")}</p>
                  )}
                </li>
              ))}
            </ol>
          </section>
        </li>
      ))}
    </ol>
  );
}
