import type { Survey } from "#app/questionnaires/schema";
import type { ResponseFieldError } from "#app/surveys/rules";
import { FREE_TEXT_DEFAULT, FREE_TEXT_MAX } from "#app/surveys/rules";
import { useLocale, useT } from "#app/i18n/use-translate";

/** A survey's questions as a form: radio buttons for a scale (with a "no answer"), a text area for free text. */
export function SurveyQuestions({ definition, values, errors }: { definition: Survey; values: Record<string, number | string | null>; errors: readonly ResponseFieldError[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {definition.questions.map((q) => {
        const name = `q_${q.id}`;
        const error = errors.find((e) => e.questionId === q.id);
        const errorId = error ? `${name}-error` : undefined;
        const errorText = error ? (
          <p id={errorId} className="field-error" role="alert">
            {t(`surveys.respond.${error.code}`, error.params)}
          </p>
        ) : null;
        if (q.type === "free_text") {
          return (
            <div key={q.id} className="field">
              <label htmlFor={name}>{q.label[locale]}</label>
              {errorText}
              <textarea id={name} name={name} rows={4} maxLength={Math.min(FREE_TEXT_MAX, q.max_length ?? FREE_TEXT_DEFAULT)} defaultValue={typeof values[q.id] === "string" ? (values[q.id] as string) : ""} aria-describedby={errorId} aria-invalid={error ? true : undefined} />
            </div>
          );
        }
        const current = values[q.id];
        return (
          <fieldset key={q.id} className="survey-scale" aria-describedby={errorId} aria-invalid={error ? true : undefined}>
            <legend>{q.label[locale]}</legend>
            {errorText}
            {(q.scale ?? []).map((p) => (
              <label key={p.value} className="survey-point">
                <input type="radio" name={name} value={p.value} defaultChecked={current === p.value} /> {p.label[locale]}
              </label>
            ))}
            <label className="survey-point">
              <input type="radio" name={name} value="" defaultChecked={current === undefined} /> {t("surveys.respond.noAnswer")}
            </label>
          </fieldset>
        );
      })}
    </>
  );
}
