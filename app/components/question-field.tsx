import { useState, type ReactNode } from "react";
import type { AnswerValue, Question } from "#app/questionnaires/index";
import { fieldName, displayValue, NUMERIC_TYPES, savedAtText, valueToInput } from "#app/assessments/form-values";
import { useLocale, useT } from "#app/i18n/use-translate";
import type { Locale } from "#app/i18n/locales";
import { parseLocaleNumber } from "#app/i18n/numbers";
import { formatNumber } from "#app/i18n/translate";

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed" }
  | { kind: "invalid"; error: { code: string; params?: Record<string, string | number> } }
  | { kind: "signed_out"; resumeUrl?: string }
  | { kind: "conflict"; current: { value: AnswerValue; revision: number; updatedAt: string; updatedByName: string | null } };

interface Props {
  question: Question;
  /** What the input shows: a stored value, or what the person typed (kept after an error). */
  value: AnswerValue | string | string[] | undefined;
  note: string | null | undefined;
  revision: number | null;
  /** The field's raw value as the page loaded it (posted back as orig.*: untouched fields are not written). */
  orig?: unknown;
  origNote?: string;
  /** A conflict from a whole-section save: both answers, and the choice between them. */
  conflict?: { current: { value: AnswerValue; revision: number; updatedAt: string; updatedByName: string | null }; mine: unknown };
  error?: { code: string; params?: Record<string, string | number> } | null;
  lastYear?: { year: number; value: AnswerValue | undefined } | null;
  /** The network's comments on this question, beside it. */
  comments?: ReactNode;
  /** Why the question is asked: the indicators it feeds (none: it describes the organisation). */
  whyAsked?: Array<{ label: Record<string, string>; scored: boolean }>;
  editable: boolean;
  hidden: boolean;
  saveState?: SaveState;
  onRetry?: () => void;
  onKeepMine?: () => void;
  onTakeTheirs?: () => void;
}

/** The number a typed text is read as, in the reader's language and format; null when it is none. */
export function numberReading(text: string, locale: Locale): string | null {
  if (text.trim() === "") return null;
  const n = parseLocaleNumber(text, locale);
  return n === undefined ? null : formatNumber(locale, n, { maximumFractionDigits: 10 });
}

export function QuestionField({ question, value, note, revision, orig, origNote, conflict, error, lastYear, comments, whyAsked, editable, hidden, saveState, onRetry, onKeepMine, onTakeTheirs }: Props) {
  const t = useT();
  const locale = useLocale();
  const id = `q-${question.id}`;
  const name = fieldName.value(question.id);
  const helpId = question.help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const numeric = NUMERIC_TYPES.has(question.type);
  const readId = numeric ? `${id}-read` : undefined;
  const describedBy = [helpId, errorId, readId].filter(Boolean).join(" ") || undefined;
  const words = { yes: t("assessment.yes"), no: t("assessment.no"), none: t("assessment.noAnswer") };
  const text = typeof value === "string" ? value : Array.isArray(value) ? "" : valueToInput(value as AnswerValue, locale);
  const label = question.label[locale];
  const unit = question.type === "money" ? t("units.eur") : question.unit ? t(`units.${question.unit}`) : null;
  const common = { disabled: !editable, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy };
  // What the typed number is read as ("250.000" in Catalan: 250.000, two hundred and fifty
  // thousand; in English: 250), beside the field, as it is typed.
  const [typed, setTyped] = useState(text);
  const reading = numeric ? numberReading(typed, locale) : null;

  let input;
  if (numeric) {
    input = (
      <span className="with-unit">
        <input
          id={id}
          name={name}
          type="text"
          inputMode={question.type === "integer" ? "numeric" : "decimal"}
          defaultValue={text}
          autoComplete="off"
          onInput={(event) => setTyped(event.currentTarget.value)}
          {...common}
        />
        {unit ? <span className="unit">{unit}</span> : null}
        <output id={readId} htmlFor={id} className="number-reading">
          {reading === null ? null : t("assessment.numberReading", { value: reading })}
        </output>
      </span>
    );
  } else if (question.type === "boolean") {
    const current = value === true || value === "true" ? "true" : value === false || value === "false" ? "false" : "";
    input = (
      <div role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={describedBy} className="choices inline-choices">
        {(["true", "false"] as const).map((v) => (
          <label key={v}>
            <input type="radio" name={name} value={v} defaultChecked={current === v} disabled={!editable} /> {v === "true" ? words.yes : words.no}
          </label>
        ))}
      </div>
    );
  } else if (question.type === "single_choice") {
    const current = typeof value === "string" ? value : "";
    input = (
      <div role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={describedBy} className="choices">
        {(question.choices ?? []).map((c) => (
          <label key={c.id}>
            <input type="radio" name={name} value={c.id} defaultChecked={current === c.id} disabled={!editable} /> {c.label[locale]}
          </label>
        ))}
      </div>
    );
  } else if (question.type === "multiple_choice") {
    const current = Array.isArray(value) ? value : [];
    input = (
      <div role="group" aria-labelledby={`${id}-label`} aria-describedby={describedBy} className="choices">
        <input type="hidden" name={fieldName.present(question.id)} value="1" />
        {(question.choices ?? []).map((c) => (
          <label key={c.id}>
            <input type="checkbox" name={name} value={c.id} defaultChecked={current.includes(c.id)} disabled={!editable} /> {c.label[locale]}
          </label>
        ))}
      </div>
    );
  } else if (question.type === "long_text") {
    input = <textarea id={id} name={name} rows={4} defaultValue={text} maxLength={question.max_length} {...common} />;
  } else if (question.type === "date") {
    input = <input id={id} name={name} type="date" defaultValue={text} {...common} />;
  } else {
    input = <input id={id} name={name} type="text" defaultValue={text} maxLength={question.max_length} {...common} />;
  }

  const grouped = question.type === "boolean" || question.type === "single_choice" || question.type === "multiple_choice";
  return (
    <div className="question" id={`question-${question.id}`} data-question={question.id} hidden={hidden}>
      <input type="hidden" name={fieldName.revision(question.id)} value={revision ?? ""} />
      <input type="hidden" name={fieldName.orig(question.id)} value={JSON.stringify(orig ?? "")} />
      <input type="hidden" name={fieldName.origNote(question.id)} value={origNote ?? ""} />
      {grouped ? (
        <p className="question-label" id={`${id}-label`}>
          {label}
          {question.required ? <span className="required"> ({t("assessment.required")})</span> : null}
        </p>
      ) : (
        <label className="question-label" id={`${id}-label`} htmlFor={id}>
          {label}
          {question.required ? <span className="required"> ({t("assessment.required")})</span> : null}
        </label>
      )}
      {question.help ? (
        <p className="hint" id={helpId}>
          {question.help[locale]}
        </p>
      ) : null}
      {input}
      {error ? (
        <p className="error" id={errorId} role="alert">
          {t(`assessment.error.${error.code}`, error.params)}
        </p>
      ) : null}
      {lastYear ? (
        <p className="last-year">
          {lastYear.value === undefined || lastYear.value === null
            ? `${t("assessment.lastYear", { year: String(lastYear.year), value: t("assessment.lastYearNone") })}`
            : t("assessment.lastYear", { year: String(lastYear.year), value: displayValue(lastYear.value, question, locale, words) })}
          {editable && lastYear.value !== undefined && lastYear.value !== null ? (
            <>
              {" "}
              <button type="submit" name="useLastYear" value={question.id} formNoValidate className="link-button">
                {t("assessment.useLastYear")}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
      {whyAsked ? (
        <details className="why-asked">
          <summary>{t("pages.whyAsked")}</summary>
          {whyAsked.length > 0 ? (
            <ul>
              {whyAsked.map((f, i) => (
                <li key={i}>
                  {f.label[locale]}
                  {f.scored ? ` (${t("pages.guideScored")})` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("pages.guideWhyData")}</p>
          )}
        </details>
      ) : null}
      <details className="note" open={Boolean(note)}>
        <summary>{t("assessment.note")}</summary>
        <label className="visually-hidden" htmlFor={`${id}-note`}>
          {t("assessment.note")}: {label}
        </label>
        <textarea id={`${id}-note`} name={fieldName.note(question.id)} rows={2} defaultValue={note ?? ""} maxLength={5000} disabled={!editable} />
      </details>
      {conflict && editable ? <ConflictChoice question={question} conflict={conflict} /> : null}
      {comments}
      <SaveStatus state={saveState} onRetry={onRetry} onKeepMine={backToAnswer(id, onKeepMine)} onTakeTheirs={backToAnswer(id, onTakeTheirs)} question={question} />
    </div>
  );
}

/**
 * A choice that removes its own buttons (keep mine, take theirs) hands focus back to the answer
 * it was about, rather than dropping it to the top of the page; the save status announces it.
 */
function backToAnswer(id: string, choose?: () => void) {
  if (!choose) return undefined;
  return () => {
    choose();
    const element = document.getElementById(id) ?? document.getElementById(`question-${id.slice(2)}`)?.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
    element?.focus();
  };
}

function SaveStatus({ state, onRetry, onKeepMine, onTakeTheirs, question }: { state?: SaveState; onRetry?: () => void; onKeepMine?: () => void; onTakeTheirs?: () => void; question: Question }) {
  const t = useT();
  const locale = useLocale();
  if (!state || state.kind === "idle") return <p className="save-status" aria-live="polite" />;
  if (state.kind === "conflict") {
    const words = { yes: t("assessment.yes"), no: t("assessment.no"), none: t("assessment.noAnswer") };
    // The live region stays in place while the conflict is shown, so that the save that follows
    // the choice is announced.
    return (
      <>
        <div className="conflict" role="alert">
        <p>
          <strong>{t("assessment.conflictTitle")}</strong>:{" "}
          {t("assessment.conflictBody", {
            name: state.current.updatedByName ?? t("assessment.conflictSomeone"),
            time: savedAtText(locale, state.current.updatedAt),
            value: displayValue(state.current.value, question, locale, words),
          })}
        </p>
        <p className="actions">
          <button type="button" onClick={onKeepMine}>
            {t("assessment.keepMine")}
          </button>
          <button type="button" onClick={onTakeTheirs}>
            {t("assessment.takeTheirs")}
          </button>
        </p>
        </div>
        <p className="save-status" aria-live="polite" />
      </>
    );
  }
  return (
    <p className={`save-status save-${state.kind}`} aria-live="polite">
      {state.kind === "saving" ? t("assessment.save.saving") : null}
      {state.kind === "saved" ? t("assessment.save.saved") : null}
      {state.kind === "invalid" ? t("assessment.save.invalid") : null}
      {state.kind === "failed" ? (
        <>
          {t("assessment.save.failed")}{" "}
          <button type="button" onClick={onRetry}>
            {t("assessment.save.retry")}
          </button>
        </>
      ) : null}
      {state.kind === "signed_out" ? (
        <>
          {t("assessment.save.signedOut")} {state.resumeUrl ? <a href={state.resumeUrl}>{t("assessment.signInAgain")}</a> : null}
        </>
      ) : null}
    </p>
  );
}

/**
 * A conflict after a whole-section save (with or without JavaScript): the colleague's answer and
 * the person's, and a choice per answer. Nothing is replaced until the person chooses.
 */
function ConflictChoice({ question, conflict }: { question: Question; conflict: NonNullable<Props["conflict"]> }) {
  const t = useT();
  const locale = useLocale();
  const words = { yes: t("assessment.yes"), no: t("assessment.no"), none: t("assessment.noAnswer") };
  const { current, mine } = conflict;
  const mineText = typeof mine === "string" ? (mine.trim() === "" ? words.none : question.type === "single_choice" || question.type === "boolean" ? displayValue(question.type === "boolean" ? mine === "true" : mine, question, locale, words) : mine) : displayValue(mine as AnswerValue, question, locale, words);
  return (
    <fieldset className="conflict" role="alert">
      <legend>
        <strong>{t("assessment.conflictTitle")}</strong>
      </legend>
      <p>
        {t("assessment.conflictBody", {
          name: current.updatedByName ?? t("assessment.conflictSomeone"),
          time: savedAtText(locale, current.updatedAt),
          value: displayValue(current.value, question, locale, words),
        })}
      </p>
      <p>{t("assessment.conflictYours", { value: mineText })}</p>
      <p>{t("assessment.conflictChoose")}</p>
      <input type="hidden" name={fieldName.theirs(question.id)} value={current.revision} />
      <label>
        <input type="radio" name={fieldName.choice(question.id)} value="mine" /> {t("assessment.keepMine")}
      </label>{" "}
      <label>
        <input type="radio" name={fieldName.choice(question.id)} value="theirs" /> {t("assessment.takeTheirs")}
      </label>
    </fieldset>
  );
}
