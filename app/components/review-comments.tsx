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

interface Props {
  threads: ReviewThread[];
  organisationId: string;
  assessmentId: string;
  /** Editors and owners answer; viewers read. */
  canReply: boolean;
  /** Where the reply form comes back to (the page showing this). */
  returnTo: string;
  /** Link each thread to its question on the section page (off on the section page itself). */
  linkToQuestions?: boolean;
}

/**
 * The reviewers' comments on an organisation's balance, per question, with the organisation's
 * answers and a form to answer. Read-only apart from the answer form; works without JavaScript.
 */
export function ReviewComments({ threads, organisationId, assessmentId, canReply, returnTo, linkToQuestions = false }: Props) {
  const t = useT();
  const locale = useLocale();
  if (threads.length === 0) return null;
  const base = `/o/${organisationId}/assessments/${assessmentId}`;
  return (
    <section aria-labelledby="review-comments-heading" className="review-comments">
      <h2 id="review-comments-heading">{t("review.commentsTitle")}</h2>
      {threads.map((thread) => {
        const label = thread.label[locale] ?? thread.questionId;
        const field = `reply-${thread.questionId}`;
        return (
          <article key={thread.questionId} aria-labelledby={`thread-${thread.questionId}`} className="comment-thread-block">
            <h3 id={`thread-${thread.questionId}`}>
              {linkToQuestions && thread.sectionId ? <Link to={`${base}/${thread.sectionId}#q-${thread.questionId}`}>{label}</Link> : <a href={`#q-${thread.questionId}`}>{label}</a>}
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
              <Form method="post" action={`${base}/comments`} className="comment-form">
                <CsrfInput />
                <input type="hidden" name="questionId" value={thread.questionId} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <label htmlFor={field}>{t("review.replyTo", { question: label })}</label>
                <textarea id={field} name="body" rows={2} maxLength={5000} required />
                <button type="submit">{t("review.sendReply")}</button>
              </Form>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
