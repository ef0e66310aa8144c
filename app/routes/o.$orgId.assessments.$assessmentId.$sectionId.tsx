import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useLocation, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CsrfInput, Notice } from "#app/components/form";
import { QuestionField } from "#app/components/question-field";
import { inputRaw } from "#app/assessments/form-values";
import { CommentThread, ReplyForm } from "#app/components/review-comments";
import { loadSectionPage, postSection, type SectionResult } from "#app/assessments/section-page.server";
import type { TypedField } from "#app/assessments/section-plan";
import { useAutosave } from "#app/assessments/use-autosave";
import { useLocale, useT } from "#app/i18n/use-translate";
import { applicableQuestions, validateAnswer, type AnswerValue, type Answers, type CompiledDefinition, type Definition } from "#app/questionnaires/index";
import { sectionProgress } from "#app/questionnaires/progress";
import { compileDefinition } from "#app/scoring/index";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";
import type { Locale } from "#app/i18n/locales";

export const handle: TitleHandle = { title: (d: { section: { title: Record<Locale, string> }; year: number }, locale: Locale) => `${d.section.title[locale]} · ${d.year}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

export const loader = (args: LoaderFunctionArgs) => loadSectionPage(args);

export const action = (args: ActionFunctionArgs) => postSection(args);

/**
 * After any post, the page reloads the stored answers and their revisions, refusals (409, 422)
 * included: autosave and the next section save must edit from what is stored now, not from the
 * first load (a stale revision would be a conflict with oneself).
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod?.toUpperCase() === "POST" ? true : defaultShouldRevalidate;

// One compilation per questionnaire version (its content hash), on the server and in the browser.
const compiledVersions = new Map<string, CompiledDefinition | null>();
function compiledFor(definition: Definition, contentHash: string) {
  if (!compiledVersions.has(contentHash)) {
    if (compiledVersions.size > 50) compiledVersions.clear();
    compiledVersions.set(contentHash, compileDefinition(definition, { file: "", contentHash }).compiled);
  }
  return compiledVersions.get(contentHash)!;
}

export default function QuestionnaireSection() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  // The action's reply shows once the page has reloaded the answers it changed (until then the
  // form still holds the previous load and is about to be replaced).
  const navigation = useNavigation();
  const actionData = useActionData<typeof action>() as SectionResult | undefined;
  const settledRef = useRef<SectionResult | undefined>(undefined);
  if (navigation.state === "idle") settledRef.current = actionData;
  const result = settledRef.current;
  const location = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  const { definition, section, sections, sectionIndex, editable, previous, pending } = loaded;
  const base = `/o/${loaded.organisationId}/assessments/${loaded.assessmentId}`;

  // Answers as the person sees them now, to show and hide questions as they type.
  const [liveValues, setLiveValues] = useState<Answers>(loaded.allValues);
  useEffect(() => setLiveValues(loaded.allValues), [loaded.allValues]);
  const compiled = useMemo(() => compiledFor(definition, loaded.contentHash), [definition, loaded.contentHash]);
  const applicable = useMemo(() => new Set(compiled ? applicableQuestions(compiled, liveValues) : []), [compiled, liveValues]);

  const onValueChange = useCallback(
    (questionId: string, raw: unknown) => {
      if (!compiled) return;
      const question = compiled.questionById.get(questionId)?.question;
      const input = question?.type === "multiple_choice" ? raw : Array.isArray(raw) ? (raw[0] ?? "") : raw;
      const check = validateAnswer(compiled, questionId, input, liveValues, locale);
      setLiveValues((v) => ({ ...v, [questionId]: check.ok ? check.value : null }));
    },
    [compiled, liveValues, locale],
  );

  // What each question's fields hold: what the person typed and must see again (after an error,
  // a conflict, or an expired session), else what is stored; with the revision and the value it
  // was edited from, so that a save writes only what the person changed.
  const fields = useMemo(() => {
    const out: Record<string, { typed?: TypedField; value: unknown; note: string | null | undefined; revision: number | null; orig: unknown; origNote: string }> = {};
    for (const q of section.questions) {
      const stored = loaded.answers[q.id];
      const typed = result?.typed?.[q.id] ?? pending?.values[q.id];
      const value = typed ? typed.value : stored?.value;
      const note = typed && typed.note !== undefined ? typed.note : stored?.note;
      out[q.id] = {
        typed,
        value,
        note,
        revision: typed ? (typed.revision ?? null) : (stored?.revision ?? null),
        orig: typed && typed.orig !== undefined ? typed.orig : inputRaw(stored?.value as AnswerValue | undefined, q, locale),
        origNote: typed && typed.origNote !== undefined && typed.origNote !== null ? typed.origNote : (stored?.note ?? ""),
      };
    }
    return out;
  }, [section.questions, loaded.answers, result, pending, locale]);
  const revisions = useMemo(() => Object.fromEntries(Object.entries(fields).map(([id, f]) => [id, f.revision])), [fields]);
  const autosave = useAutosave({ formRef, endpoint: `${base}/answers`, sectionId: section.id, initialRevisions: revisions, enabled: editable, onValueChange });

  // Answers kept when a session ended: with JavaScript, save them at once (from the revision
  // the person typed over), then forget the ones saved.
  const { saveAll } = autosave;
  const pendingFetcher = useFetcher();
  const sentPending = useRef<string>("");
  useEffect(() => {
    if (!pending || !editable) return;
    const key = JSON.stringify(pending.values);
    if (sentPending.current === key) return;
    sentPending.current = key;
    const entries = Object.entries(pending.values).map(([id, v]) => ({ questionId: id, baseRevision: v.revision ?? null }));
    void saveAll(entries).then((saved) => {
      if (saved.length === 0 || !formRef.current) return;
      const body = new FormData();
      body.set("csrf", String(new FormData(formRef.current).get("csrf") ?? ""));
      body.set("intent", "pending-saved");
      for (const id of saved) body.append("questionId", id);
      pendingFetcher.submit(body, { method: "post" });
    });
  }, [pending, editable, saveAll, pendingFetcher]);

  // an optional question that feeds a score with no blank meaning is required at submission
  const requiredAtSubmit = (question: (typeof section.questions)[number]) =>
    !question.required && compiled?.questionById.get(question.id)?.requiredAtSubmit ? { ...question, required: true } : question;
  const threadOf = (id: string) => {
    const thread = loaded.reviewThreads.find((th) => th.questionId === id);
    return thread ? <CommentThread thread={thread} canReply={loaded.canWrite} organisationId={loaded.organisationId} assessmentId={loaded.assessmentId} /> : null;
  };
  const outcomeFor = (id: string) => result?.outcomes?.find((o) => o.questionId === id);
  const shown = (id: string) => applicable.has(id);
  const prev = sectionIndex > 0 ? sections[sectionIndex - 1] : null;
  const next = sectionIndex < sections.length - 1 ? sections[sectionIndex + 1] : null;
  const saved = new URLSearchParams(location.search).get("saved") === "1";
  const hasErrors = result?.outcomes?.some((o) => o.status !== "saved");
  // This section's count follows the answers as they are typed and saved; the others' as loaded.
  const progressOf = (s: (typeof sections)[number]) => (s.id === section.id && compiled ? sectionProgress(section.questions, liveValues, applicable) : { answered: s.answered, total: s.total });
  const answeredAll = sections.reduce((n, s) => n + progressOf(s).answered, 0);
  const totalAll = sections.reduce((n, s) => n + progressOf(s).total, 0);
  const pendingShown = pending && editable && pendingFetcher.state === "idle" && !pendingFetcher.data;
  // A post draws the form anew (its key is the location's): move focus from the button that is
  // gone to the message saying what the post did, so that it is announced and the reader stays
  // where they were, never thrown back to the top of the page.
  const outcomeRef = useRef<HTMLElement | null>(null);
  const focused = result?.copied ? "copied" : result?.undone ? "undone" : result?.discarded ? "discarded" : hasErrors ? "errors" : saved && !result ? "saved" : null;
  const focusOn = (which: typeof focused) =>
    which === focused
      ? (element: HTMLElement | null) => {
          outcomeRef.current = element;
        }
      : undefined;
  useEffect(() => {
    outcomeRef.current?.focus();
  }, [result, saved]);

  return (
    <div className="questionnaire">
      <nav aria-label={t("assessment.sections")} className="section-list">
        <p>
          <Link to={base}>{t("assessment.backToOverview")}</Link>
        </p>
        <label htmlFor="overall-progress">{t("assessment.overallProgress")}</label>
        <progress id="overall-progress" max={Math.max(totalAll, 1)} value={answeredAll}>
          {answeredAll}/{totalAll}
        </progress>
        <ol>
          {sections.map((s) => (
            <li key={s.id} aria-current={s.id === section.id ? "page" : undefined}>
              <Link to={`${base}/${s.id}`}>{s.title[locale]}</Link>
              <span className="section-progress"> {t("assessment.progress", progressOf(s))}</span>
              {s.commented ? <span className="section-comments"> {t("pages.sectionHasComments")}</span> : null}
              {s.assignee ? <span className="section-progress"> {t("pages.assignedTo", { name: s.assignee })}</span> : null}
            </li>
          ))}
        </ol>
      </nav>
      <div className="section-body">
        <h1>{section.title[locale]}</h1>
        {section.description ? <p>{section.description[locale]}</p> : null}
        {!editable ? <Notice>{loaded.canWrite ? t("assessment.readOnly") : t("assessment.viewerReadOnly")}</Notice> : null}
        {saved && !result ? <Notice focusRef={focusOn("saved")}>{t("assessment.sectionSaved")}</Notice> : null}
        {result?.undone ? <Notice focusRef={focusOn("undone")}>{t("assessment.copyUndone")}</Notice> : null}
        {result?.discarded ? <Notice focusRef={focusOn("discarded")}>{t("assessment.pendingDiscarded")}</Notice> : null}
        {result?.copied ? (
          <div className="notice" role="status" tabIndex={-1} ref={focusOn("copied")}>
            <p>
              {result.copied.length > 0
                ? t("assessment.lastYearCopied", { count: result.copied.length, year: String(result.copyFrom ?? "") })
                : t("assessment.lastYearNothingToCopy")}{" "}
              {result.kept ? t("assessment.lastYearKept", { count: result.kept }) : null}
            </p>
            {result.copied.length > 0 ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="undo-copy" />
                <input type="hidden" name="copies" value={JSON.stringify(result.copied)} />
                <button type="submit">{t("assessment.undoCopy")}</button>
              </Form>
            ) : null}
          </div>
        ) : null}
        {pendingShown ? (
          <div className="notice" role="status">
            <p>{t("assessment.pendingRestored")}</p>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="discard-pending" />
              <button type="submit">{t("assessment.pendingDiscard")}</button>
            </Form>
          </div>
        ) : null}
        {hasErrors ? (
          <p className="form-error" role="alert" tabIndex={-1} ref={focusOn("errors")}>
            {t("assessment.sectionHasErrors")}
          </p>
        ) : null}
        {loaded.reviewThreads.length > 0 ? (
          <div className="banner" role="region" aria-labelledby="section-comments-heading">
            <p id="section-comments-heading">{t("pages.commentsInSection")}</p>
            <ul>
              {loaded.reviewThreads.map((th) => (
                <li key={th.questionId}>
                  <a href={`#thread-${th.questionId}`}>{th.label[locale] ?? th.questionId}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" ref={formRef} noValidate key={location.key}>
          <CsrfInput />
          <input type="hidden" name="intent" value="save-section" />
          {editable && previous ? (
            <p>
              <button type="submit" name="useLastYear" value="*" formNoValidate>
                {t("assessment.useLastYearSection")}
              </button>
            </p>
          ) : null}
          {section.questions.map((question) => {
            const loadedField = fields[question.id];
            // A save since the page loaded holds a newer revision: the form edits from it.
            const confirmed = autosave.confirmed[question.id];
            const field =
              confirmed && confirmed.revision > (loadedField.revision ?? 0)
                ? { ...loadedField, revision: confirmed.revision, orig: confirmed.orig, origNote: confirmed.origNote ?? loadedField.origNote }
                : loadedField;
            const outcome = outcomeFor(question.id);
            const liveState = autosave.states[question.id];
            return (
              <QuestionField
                key={question.id}
                question={requiredAtSubmit(question)}
                value={field.value as AnswerValue | string | string[] | undefined}
                note={field.note}
                revision={field.revision}
                orig={field.orig}
                origNote={field.origNote}
                conflict={outcome?.status === "conflict" && !liveState ? { current: outcome.current, mine: field.value } : undefined}
                error={outcome?.status === "invalid" ? outcome.error : liveState?.kind === "invalid" ? liveState.error : null}
                lastYear={previous ? { year: previous.year, value: previous.answers[question.id] } : null}
                editable={editable}
                hidden={!shown(question.id)}
                saveState={liveState}
                onRetry={() => void autosave.save(question.id)}
                onKeepMine={liveState?.kind === "conflict" ? () => autosave.keepMine(question.id, liveState.current.revision) : undefined}
                onTakeTheirs={liveState?.kind === "conflict" ? () => autosave.takeTheirs(question.id, liveState.current) : undefined}
                comments={threadOf(question.id)}
                whyAsked={loaded.whyAsked[question.id]}
              />
            );
          })}
          {editable ? (
            <p className="actions sticky-actions">
              <button type="submit" className="primary">
                {t("assessment.saveSection")}
              </button>
              {next ? (
                <button type="submit" name="next" value={next.id}>
                  {t("assessment.nextSection")}
                </button>
              ) : null}
            </p>
          ) : null}
        </Form>
        {loaded.canWrite
          ? loaded.reviewThreads.map((th) => <ReplyForm key={th.questionId} thread={th} organisationId={loaded.organisationId} assessmentId={loaded.assessmentId} returnTo={`${base}/${section.id}`} />)
          : null}
        <nav aria-label={t("assessment.sections")} className="section-pager">
          {prev ? <Link to={`${base}/${prev.id}`}>← {prev.title[locale]}</Link> : <span />}
          {next ? <Link to={`${base}/${next.id}`}>{next.title[locale]} →</Link> : <Link to={base}>{t("assessment.submitTitle")} →</Link>}
        </nav>
      </div>
    </div>
  );
}
