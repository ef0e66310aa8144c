import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CsrfInput, Notice } from "#app/components/form";
import { QuestionField, type SaveState } from "#app/components/question-field";
import { ReviewComments } from "#app/components/review-comments";
import { sectionInputs, typedValues } from "#app/assessments/section-save.server";
import { keepForAfterSignIn, sectionPath } from "#app/assessments/signed-out.server";
import { useAutosave } from "#app/assessments/use-autosave";
import { useLocale, useT } from "#app/i18n/use-translate";
import {
  answerValues,
  discardPendingSave,
  findPendingSave,
  getAssessment,
  isEditable,
  loadAnswers,
  previousAnswers,
  saveAnswers,
  type AnswerInput,
  type SaveOutcome,
} from "#app/models/assessments.server";
import { applicableQuestions, validateAnswer, type AnswerValue, type Answers, type CompiledDefinition, type Definition } from "#app/questionnaires/index";
import { sectionProgress } from "#app/questionnaires/progress";
import { compileDefinition } from "#app/scoring/index";
import { sectionReviewComments } from "#app/models/review.server";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { roleAtLeast } from "#app/utils/permissions";
import { getSessionUser } from "#app/utils/session.server";
import { resolveLocale } from "#app/utils/locale.server";
import questionnaireStyles from "#app/styles/questionnaire.css?url";
import type { TitleHandle } from "#app/utils/page-title";
import type { Locale } from "#app/i18n/locales";

export const handle: TitleHandle = { title: (d: { section: { title: Record<Locale, string> }; year: number }, locale: Locale) => `${d.section.title[locale]} · ${d.year}` };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: questionnaireStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const { actor } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
  const found = await getAssessment(organisationId, params.assessmentId ?? "");
  if (!found) throw notFound();
  const { assessment, campaign, compiled } = found;
  const sections = compiled.definition.sections;
  const index = sections.findIndex((s) => s.id === params.sectionId);
  if (index < 0) throw notFound();
  const stored = await loadAnswers(assessment.id);
  const values = answerValues(stored);
  const applicable = new Set(applicableQuestions(compiled, values));
  const previous = await previousAnswers(organisationId, assessment.questionnaire, campaign.year);
  const resumeId = new URL(request.url).searchParams.get("resume");
  const pending = resumeId ? await findPendingSave(assessment.id, resumeId) : null;
  const canWrite = roleAtLeast(actor.memberships[organisationId], "editor");
  const section = sections[index];
  return {
    organisationId,
    assessmentId: assessment.id,
    year: campaign.year,
    status: assessment.status,
    definition: compiled.definition,
    contentHash: compiled.contentHash,
    section,
    sectionIndex: index,
    sections: sections.map((s) => ({
      id: s.id,
      title: s.title,
      ...sectionProgress(s.questions, values, applicable),
    })),
    answers: Object.fromEntries([...stored].map(([id, a]) => [id, { value: a.value, note: a.note, revision: a.revision }])),
    allValues: values,
    previous: previous ? { year: previous.year, answers: previous.answers } : null,
    pending: pending ? { id: pending.id, values: pending.values } : null,
    editable: canWrite && isEditable(assessment, campaign),
    canWrite,
    reviewThreads: await sectionReviewComments(organisationId, assessment.id, section.questions.map((q) => q.id)),
  };
}

type SectionResult = {
  outcomes: SaveOutcome[];
  typed: Record<string, { value: unknown; note?: string | null; revision?: number | null }>;
  saved?: boolean;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const sectionId = params.sectionId ?? "";
  const form = await readForm(request);
  if (!(await getSessionUser(request))) {
    return redirect(await keepForAfterSignIn({ organisationId, assessmentId, sectionId, form, single: false }));
  }
  const { user: editor } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  const found = await getAssessment(organisationId, assessmentId);
  if (!found) throw notFound();
  const { assessment, campaign, compiled } = found;
  const section = compiled.definition.sections.find((s) => s.id === sectionId);
  if (!section) throw notFound();
  if (!isEditable(assessment, campaign)) return data<SectionResult>({ outcomes: [], typed: {} }, { status: 423 });

  let inputs: AnswerInput[] = sectionInputs(section, form, resolveLocale(request, editor));
  const useLastYear = form.get("useLastYear");
  if (typeof useLastYear === "string") {
    const previous = await previousAnswers(organisationId, assessment.questionnaire, campaign.year);
    const ids = useLastYear === "*" ? section.questions.map((q) => q.id) : [useLastYear];
    const copied = new Set<string>();
    inputs = inputs.map((input) => {
      if (!ids.includes(input.questionId) || !previous || previous.answers[input.questionId] === undefined || previous.answers[input.questionId] === null) return input;
      copied.add(input.questionId);
      return { ...input, raw: previous.answers[input.questionId] };
    });
    for (const id of ids) {
      if (!copied.has(id) && previous && previous.answers[id] !== undefined && previous.answers[id] !== null && !inputs.some((i) => i.questionId === id)) {
        inputs.push({ questionId: id, raw: previous.answers[id], baseRevision: null });
      }
    }
  }
  const outcomes = await saveAnswers({ assessmentId: assessment.id, compiled, inputs, userId: editor.id });
  const resume = form.get("resume");
  const allSaved = outcomes.every((o) => o.status === "saved");
  if (allSaved && typeof resume === "string" && resume) await discardPendingSave(resume);
  if (allSaved && typeof useLastYear !== "string") {
    const next = form.get("next");
    const target = typeof next === "string" && compiled.definition.sections.some((s) => s.id === next) ? next : sectionId;
    return redirect(`${sectionPath(organisationId, assessmentId, target)}${target === sectionId ? "?saved=1" : ""}`);
  }
  return data<SectionResult>(
    { outcomes, typed: allSaved ? {} : typedValues(section, form), saved: allSaved },
    { status: allSaved ? 200 : outcomes.some((o) => o.status === "conflict") ? 409 : 422 },
  );
}

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
  const result = useActionData<typeof action>() as SectionResult | undefined;
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

  const revisions = useMemo(
    () => Object.fromEntries(section.questions.map((q) => [q.id, loaded.answers[q.id]?.revision ?? null])),
    [section.questions, loaded.answers],
  );
  const autosave = useAutosave({ formRef, endpoint: `${base}/answers`, sectionId: section.id, initialRevisions: revisions, enabled: editable, onValueChange });

  // Answers kept when a session ended: with JavaScript, save them at once.
  const { saveAll } = autosave;
  useEffect(() => {
    if (pending && editable) saveAll(Object.keys(pending.values));
  }, [pending, editable, saveAll]);

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
            </li>
          ))}
        </ol>
      </nav>
      <div className="section-body">
        <h1>{section.title[locale]}</h1>
        {section.description ? <p>{section.description[locale]}</p> : null}
        {!editable ? <Notice>{loaded.canWrite ? t("assessment.readOnly") : t("assessment.viewerReadOnly")}</Notice> : null}
        {saved && !result ? <Notice>{t("assessment.sectionSaved")}</Notice> : null}
        {pending && editable ? <Notice>{t("assessment.pendingRestored")}</Notice> : null}
        {hasErrors ? (
          <p className="form-error" role="alert">
            {t("assessment.sectionHasErrors")}
          </p>
        ) : null}
        <ReviewComments threads={loaded.reviewThreads} organisationId={loaded.organisationId} assessmentId={loaded.assessmentId} canReply={loaded.canWrite} returnTo={`${base}/${section.id}`} />
        <Form method="post" ref={formRef} noValidate key={location.key}>
          <CsrfInput />
          <input type="hidden" name="intent" value="save-section" />
          {pending ? <input type="hidden" name="resume" value={pending.id} /> : null}
          {editable && previous ? (
            <p>
              <button type="submit" name="useLastYear" value="*" formNoValidate>
                {t("assessment.useLastYearSection")}
              </button>
            </p>
          ) : null}
          {section.questions.map((question) => {
            const stored = loaded.answers[question.id];
            const typed = result?.typed[question.id] ?? (pending?.values[question.id] as { value: unknown; note?: string | null; revision?: number | null } | undefined);
            const outcome = outcomeFor(question.id);
            const conflictState: SaveState | undefined = outcome?.status === "conflict" ? { kind: "conflict", current: outcome.current } : undefined;
            const liveState = autosave.states[question.id];
            return (
              <QuestionField
                key={question.id}
                question={question}
                value={(typed ? typed.value : stored?.value) as AnswerValue | string | string[] | undefined}
                note={typed?.note !== undefined ? typed.note : stored?.note}
                revision={outcome?.status === "conflict" ? outcome.current.revision : (stored?.revision ?? null)}
                error={outcome?.status === "invalid" ? outcome.error : liveState?.kind === "invalid" ? liveState.error : null}
                lastYear={previous ? { year: previous.year, value: previous.answers[question.id] } : null}
                editable={editable}
                hidden={!shown(question.id)}
                saveState={liveState ?? conflictState}
                onRetry={() => void autosave.save(question.id)}
                onKeepMine={liveState?.kind === "conflict" ? () => autosave.keepMine(question.id, liveState.current.revision) : undefined}
                onTakeTheirs={liveState?.kind === "conflict" ? () => autosave.takeTheirs(question.id, liveState.current) : undefined}
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
        <nav aria-label={t("assessment.sections")} className="section-pager">
          {prev ? <Link to={`${base}/${prev.id}`}>← {prev.title[locale]}</Link> : <span />}
          {next ? <Link to={`${base}/${next.id}`}>{next.title[locale]} →</Link> : <Link to={base}>{t("assessment.submitTitle")} →</Link>}
        </nav>
      </div>
    </div>
  );
}
