import { data, redirect } from "@remix-run/node";
import {
  answerValues,
  getAssessment,
  isEditable,
  loadAnswers,
  previousAnswers,
  saveAnswers,
  type SaveOutcome,
} from "#app/models/assessments.server";
import { browserCookieIfMissing, browserKeyFrom, dropPending, pendingFor } from "#app/models/pending-saves.server";
import { reviewThreads } from "#app/models/review.server";
import { sectionAssignees } from "#app/models/assignments.server";
import { applicableQuestions } from "#app/questionnaires/index";
import { sectionProgress } from "#app/questionnaires/progress";
import { readForm } from "#app/utils/csrf.server";
import { notFound, requirePermission } from "#app/utils/guards.server";
import { roleAtLeast } from "#app/utils/permissions";
import { resolveLocale } from "#app/utils/locale.server";
import { endedSessionOf, getSessionUser, sessionTokenFrom } from "#app/utils/session.server";
import { copiesFromForm, planSectionPost, postedAnswers, savedCopies, typedToShow, type Copy, type SectionIntent, type TypedField } from "./section-plan";
import { keepForAfterSignIn, sectionPath } from "./signed-out.server";
import { refuseBadRevisions } from "./section-save.server";
import { questionnaireGuide } from "#app/questionnaires/guide";

interface RouteArgs {
  request: Request;
  params: Record<string, string | undefined>;
  context: unknown;
}

/** The section page: its questions, the stored answers, last year's, and answers kept after an expired session. */
export async function loadSectionPage({ request, params, context }: RouteArgs) {
  const organisationId = params.orgId ?? "";
  const { actor, user } = await requirePermission(request, { action: "assessment.view", organisationId }, context);
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
  const canWrite = roleAtLeast(actor.memberships[organisationId], "editor");
  const editable = canWrite && isEditable(assessment, campaign);
  const section = sections[index];
  const kept = editable ? await pendingFor({ userId: user.id, browserKey: browserKeyFrom(request), assessmentId: assessment.id }) : null;
  const pendingValues = kept ? Object.fromEntries(section.questions.filter((q) => kept.values[q.id]).map((q) => [q.id, kept.values[q.id]])) : {};
  const browserCookie = browserCookieIfMissing(request);
  // Every thread of the assessment: this section's sit beside their questions, the others mark
  // their sections in the list.
  const threads = await reviewThreads(organisationId, assessment.id);
  const assignees = await sectionAssignees(assessment.id);
  return data(
    {
      organisationId,
      assessmentId: assessment.id,
      year: campaign.year,
      status: assessment.status,
      definition: compiled.definition,
      contentHash: compiled.contentHash,
      section,
      // why each question is asked: the indicators it feeds
      whyAsked: Object.fromEntries(
        (questionnaireGuide(compiled).find((g) => g.id === section.id)?.questions ?? []).map((q) => [q.id, q.feeds.map((f) => ({ label: f.label, scored: f.scored }))]),
      ),
      sectionIndex: index,
      sections: sections.map((s) => ({
        id: s.id,
        title: s.title,
        ...sectionProgress(s.questions, values, applicable),
        commented: threads.some((th) => th.sectionId === s.id),
        assignee: assignees[s.id]?.name ?? null,
      })),
      answers: Object.fromEntries([...stored].map(([id, a]) => [id, { value: a.value, note: a.note, revision: a.revision }])),
      allValues: values,
      previous: previous ? { year: previous.year, answers: previous.answers } : null,
      pending: Object.keys(pendingValues).length ? { values: pendingValues as Record<string, TypedField> } : null,
      editable,
      canWrite,
      reviewThreads: threads.filter((th) => th.sectionId === section.id),
    },
    { headers: browserCookie ? { "set-cookie": browserCookie } : undefined },
  );
}

export type SectionResult = {
  outcomes: SaveOutcome[];
  typed: Record<string, TypedField>;
  saved?: boolean;
  /** Answers copied from last year by this post: what "undo" sends back. */
  copied?: Copy[];
  /** Answers that kept this year's value when last year's were copied. */
  kept?: number;
  copyFrom?: number;
  undone?: boolean;
  discarded?: boolean;
};

function intentOf(form: FormData): SectionIntent {
  const useLastYear = form.get("useLastYear");
  if (typeof useLastYear === "string" && useLastYear.length <= 100) return { kind: "lastYear", target: useLastYear === "*" ? "*" : useLastYear };
  if (form.get("intent") === "undo-copy") return { kind: "undoCopy", copies: copiesFromForm(form) };
  return { kind: "save" };
}

/** A post of the section form: save what the person changed, copy last year's answers, undo a copy, or forget kept answers. */
export async function postSection({ request, params, context }: RouteArgs) {
  const organisationId = params.orgId ?? "";
  const assessmentId = params.assessmentId ?? "";
  const sectionId = params.sectionId ?? "";
  const form = await readForm(request);
  const ended = await endedSessionOf(request);
  if (!(await getSessionUser(request))) {
    const sessionToken = sessionTokenFrom(request);
    return redirect(await keepForAfterSignIn({ organisationId, assessmentId, sectionId, form, single: false, sessionToken, browserKey: browserKeyFrom(request), ended }));
  }
  const { user: editor } = await requirePermission(request, { action: "assessment.edit", organisationId }, context);
  const found = await getAssessment(organisationId, assessmentId);
  if (!found) throw notFound();
  const { assessment, campaign, compiled } = found;
  const section = compiled.definition.sections.find((s) => s.id === sectionId);
  if (!section) throw notFound();
  if (!isEditable(assessment, campaign)) return data<SectionResult>({ outcomes: [], typed: {} }, { status: 423 });
  const owner = { userId: editor.id, browserKey: browserKeyFrom(request), assessmentId: assessment.id };

  const intentField = form.get("intent");
  if (intentField === "discard-pending" || intentField === "pending-saved") {
    const ids = intentField === "pending-saved" ? form.getAll("questionId").filter((v): v is string => typeof v === "string" && v.length <= 100) : section.questions.map((q) => q.id);
    await dropPending({ ...owner, questionIds: ids.slice(0, 1000) });
    return data<SectionResult>({ outcomes: [], typed: {}, discarded: intentField === "discard-pending" });
  }

  const intent = intentOf(form);
  refuseBadRevisions(form, section.questions.map((q) => q.id));
  const posted = intent.kind === "undoCopy" ? [] : postedAnswers(section, form, resolveLocale(request, editor));
  const stored = await loadAnswers(assessment.id);
  const previous = intent.kind === "lastYear" ? await previousAnswers(organisationId, assessment.questionnaire, campaign.year) : null;
  const plan = planSectionPost({ section, posted, stored, previous: previous?.answers ?? null, intent });
  const outcomes = plan.inputs.length ? await saveAnswers({ assessmentId: assessment.id, compiled, inputs: plan.inputs, userId: editor.id }) : [];
  const failed = new Set(outcomes.filter((o) => o.status !== "saved").map((o) => o.questionId));
  if (intent.kind === "save") {
    // Kept answers of this section are now saved, or were left as they are by the person.
    await dropPending({ ...owner, questionIds: section.questions.map((q) => q.id).filter((id) => !failed.has(id)) });
  }
  const allSaved = failed.size === 0;
  if (allSaved && intent.kind === "save") {
    const next = form.get("next");
    const target = typeof next === "string" && compiled.definition.sections.some((s) => s.id === next) ? next : sectionId;
    return redirect(`${sectionPath(organisationId, assessmentId, target)}${target === sectionId ? "?saved=1" : ""}`);
  }
  return data<SectionResult>(
    {
      outcomes,
      typed: typedToShow(posted, outcomes),
      saved: allSaved,
      copied: intent.kind === "lastYear" ? savedCopies(plan.copies, outcomes) : undefined,
      kept: intent.kind === "lastYear" ? plan.kept.length : undefined,
      copyFrom: previous?.year,
      undone: intent.kind === "undoCopy" && allSaved ? true : undefined,
    },
    { status: allSaved ? 200 : outcomes.some((o) => o.status === "conflict") ? 409 : 422 },
  );
}
