import { Form } from "@remix-run/react";
import type { SurveyOverview } from "#app/surveys/aggregates";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatNumber } from "#app/i18n/translate";
import { CsrfInput } from "./form";

export type SurveyPanelData = SurveyOverview & { url: string | null };

/** One stakeholder survey on the organisation's surveys page: its link, settings and aggregates. */
export function SurveyPanel({ survey: s, canEdit, base }: { survey: SurveyPanelData; canEdit: boolean; base: string }) {
  const t = useT();
  const locale = useLocale();
  const o = s.opened;
  const editable = canEdit && o !== null && !s.frozen;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${formatNumber(locale, v, { maximumFractionDigits: 0 })} %`);
  const intent = (name: string, label: string) => (
    <Form method="post" className="inline-form">
      <CsrfInput />
      <input type="hidden" name="intent" value={name} />
      <input type="hidden" name="surveyId" value={o?.id ?? ""} />
      <button type="submit">{label}</button>
    </Form>
  );
  return (
    <section aria-labelledby={`survey-${s.group}`} className="survey-panel">
      <h2 id={`survey-${s.group}`}>
        {s.definition.title[locale]} · {s.definition.required ? t("surveys.required") : t("surveys.optional")}
      </h2>
      {o === null ? (
        <>
          <p>{t("surveys.notOpened")}</p>
          {canEdit ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="open" />
              <input type="hidden" name="group" value={s.group} />
              <button type="submit">{t("surveys.open")}</button>
            </Form>
          ) : null}
        </>
      ) : (
        <>
          <p>
            {t("surveys.stateLabel")}: <strong>{t(`surveys.state.${o.state}`)}</strong> · {t("surveys.responses", { count: s.responses, minimum: s.minimum })}
          </p>
          <p>
            <label htmlFor={`link-${s.group}`}>{t("surveys.link")}</label>{" "}
            <input id={`link-${s.group}`} type="url" readOnly value={s.url ?? ""} size={48} />
          </p>
          <p>
            <a href={`${base}/qr.svg`}>{t("surveys.qrSvg")}</a> · <a href={`${base}/qr.png`}>{t("surveys.qrPng")}</a> · <a href={`${base}/poster`}>{t("surveys.poster")}</a>
          </p>
          {editable ? (
            <div className="survey-settings">
              {o.status === "open" ? intent("close", t("surveys.close")) : intent("reopen", t("surveys.reopen"))}
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="closing" />
                <input type="hidden" name="surveyId" value={o.id} />
                <label htmlFor={`closes-${s.group}`}>{t("surveys.closesOn")}</label>{" "}
                <input id={`closes-${s.group}`} name="closesOn" type="date" defaultValue={o.closesOn ?? ""} /> <button type="submit">{t("surveys.setClosing")}</button>
              </Form>
              <h3>{t("surveys.codesTitle")}</h3>
              <p>{t("surveys.codesIntro")}</p>
              <p>{t("surveys.codesStats", { issued: s.codesIssued, used: s.codesUsed })}</p>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="codes" />
                <input type="hidden" name="surveyId" value={o.id} />
                <label htmlFor={`codes-${s.group}`}>{t("surveys.codesHowMany")}</label>{" "}
                <input id={`codes-${s.group}`} name="howMany" type="number" min={1} max={500} defaultValue={20} inputMode="numeric" /> <button type="submit">{t("surveys.codesGenerate")}</button>
              </Form>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="require_codes" />
                <input type="hidden" name="surveyId" value={o.id} />
                <input id={`require-${s.group}`} name="codesRequired" type="checkbox" defaultChecked={o.codesRequired} /> <label htmlFor={`require-${s.group}`}>{t("surveys.codesRequired")}</label>{" "}
                <button type="submit">{t("surveys.codesRequiredSave")}</button>
              </Form>
            </div>
          ) : null}
        </>
      )}
      <h3>{t("surveys.results")}</h3>
      {s.aggregates?.released ? (
        <>
          {s.codesIssued > 0 ? (
            <p>
              {t("surveys.responseRate")}: {pct(s.aggregates.values[`survey.${s.group}.response_rate`])}
            </p>
          ) : null}
          <table>
            <thead>
              <tr>
                <th scope="col">{t("surveys.question")}</th>
                <th scope="col">{t("surveys.mean")}</th>
                <th scope="col">{t("surveys.answered")}</th>
                <th scope="col">{t("surveys.distribution")}</th>
              </tr>
            </thead>
            <tbody>
              {s.definition.questions
                .filter((q) => q.type === "scale")
                .map((q) => {
                  const mean = s.aggregates!.values[`survey.${s.group}.${q.id}.mean`];
                  return (
                    <tr key={q.id}>
                      <th scope="row">{q.label[locale]}</th>
                      <td>{mean === null || mean === undefined ? "—" : formatNumber(locale, mean, { maximumFractionDigits: 2 })}</td>
                      <td>{s.aggregates!.answered[q.id] ?? 0}</td>
                      <td>{(q.scale ?? []).map((p) => `${p.value}: ${pct(s.aggregates!.values[`survey.${s.group}.${q.id}.share_${p.value}`])}`).join(" · ")}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
          {Object.entries(s.freeText)
            .filter(([, list]) => list.length > 0)
            .map(([id, list]) => (
              <div key={id}>
                <h4>
                  {t("surveys.freeTextTitle")}: {s.definition.questions.find((q) => q.id === id)?.label[locale]}
                </h4>
                <ul>
                  {list.map((text, i) => (
                    <li key={i}>{text}</li>
                  ))}
                </ul>
              </div>
            ))}
        </>
      ) : s.responses >= s.minimum ? (
        <p>{t("surveys.hiddenWhileOpen")}</p>
      ) : (
        <p>{t("surveys.belowMinimum", { minimum: s.minimum })}</p>
      )}
    </section>
  );
}
