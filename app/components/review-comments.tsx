import { Form, Link } from "@remix-run/react";
import { CsrfInput } from "#app/components/form";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDateTime } from "#app/i18n/translate";

export interface ReviewThread {
  questionId: string;
  sectionId: string | null;
  label: Record<string, string>;
  comments: Array<{ id: string; side: "network" | "organisation"; body: string; authorName: string | null; createdAt: string }>;
}

interface PageProps {
  threads: ReviewThread[];
  organisationId: string;
  assessmentId: string;
  /** Editors and owners answer; viewers read. */
  canReply: boolean;
  /** Where the reply form comes back to (the page showing this). */
  returnTo: string;
  /** Link each thread to its question on the section page. */
  linkToQuestions?: boolean;
}

const replyFormId = (questionId: string) => `reply-form-${questionId}`;

/**
 * The reviewers' comments on an organisation's balance, per question, with a form to answer
 * each: the comments page. Works without JavaScript.
 */
export function ReviewComments({ threads, organisationId, assessmentId, canReply, returnTo, linkToQuestions = false }: PageProps) {
  const t = useT();
  if (threads.length === 0) return null;
  return (
    <section aria-labelledby="review-comments-heading" className="review-comments">
      <h2 id="review-comments-heading">{t("review.commentsTitle")}</h2>
      {threads.map((thread) => (
        <div key={thread.questionId}>
          <CommentThread thread={thread} canReply={canReply} organisationId={organisationId} assessmentId={assessmentId} linkToQuestion={linkToQuestions} />
          {canReply ? <ReplyForm thread={thread} organisationId={organisationId} assessmentId={assessmentId} returnTo={returnTo} /> : null}
        </div>
      ))}
    </section>
  );
}

/**
 * One question's comments and the box to answer them. The box belongs to a reply form drawn
 * elsewhere (`ReplyForm`, through the `form` attribute), so that a thread can sit beside its
 * question inside the section's own form, where forms cannot nest.
 */
export function CommentThread({
  thread,
  canReply,
  organisationId,
  assessmentId,
  linkToQuestion = false,
}: {
  thread: ReviewThread;
  canReply: boolean;
  organisationId: string;
  assessmentId: string;
  linkToQuestion?: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const label = thread.label[locale] ?? thread.questionId;
  const field = `reply-${thread.questionId}`;
  const base = `/o/${organisationId}/assessments/${assessmentId}`;
  return (
    <article aria-labelledby={`thread-${thread.questionId}`} className="comment-thread-block">
      <h3 id={`thread-${thread.questionId}`}>
        {linkToQuestion && thread.sectionId ? <Link to={`${base}/${thread.sectionId}#q-${thread.questionId}`}>{label}</Link> : t("pages.commentsOn", { question: label })}
      </h3>
      <ol className="comment-thread">
        {thread.comments.map((c) => (
          <li key={c.id} className={`comment comment-${c.side}`}>
            <p className="comment-meta">
              {c.authorName ?? "—"} ({t(`review.side.${c.side}`)}) · {formatDateTime(locale, c.createdAt)}
            </p>
            <p className="comment-body">{c.body}</p>
          </li>
        ))}
      </ol>
      {canReply ? (
        <div className="comment-form">
          <label htmlFor={field}>{t("review.replyTo", { question: label })}</label>
          <textarea id={field} name="body" rows={2} maxLength={5000} required form={replyFormId(thread.questionId)} />
          <button type="submit" form={replyFormId(thread.questionId)}>
            {t("review.sendReply")}
          </button>
        </div>
      ) : null}
    </article>
  );
}

/** The form a thread's reply box belongs to; draw it outside any other form. */
export function ReplyForm({ thread, organisationId, assessmentId, returnTo }: { thread: ReviewThread; organisationId: string; assessmentId: string; returnTo: string }) {
  return (
    <Form method="post" action={`/o/${organisationId}/assessments/${assessmentId}/comments`} id={replyFormId(thread.questionId)} className="reply-form">
      <CsrfInput />
      <input type="hidden" name="questionId" value={thread.questionId} />
      <input type="hidden" name="returnTo" value={returnTo} />
    </Form>
  );
}
