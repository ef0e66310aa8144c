import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useLocale, useT } from "#app/i18n/use-translate";
import { formatDateTime } from "#app/i18n/translate";
import { listOutbox } from "#app/models/outbox.server";
import { getEnv } from "#app/utils/env.server";
import { requirePermission } from "#app/utils/guards.server";
import type { TitleHandle } from "#app/utils/page-title";

export const handle: TitleHandle = { title: "admin.outboxTitle" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.outbox" }, context);
  return { emails: await listOutbox(), mailServer: Boolean(getEnv().SMTP_URL) };
}

/**
 * Without SMTP, invitations and password resets wait here (a small or trial installation; the
 * demo and the tests read them); with SMTP the copies have lost their secret links.
 */
export default function Outbox() {
  const t = useT();
  const locale = useLocale();
  const { emails, mailServer } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>{t("admin.outboxTitle")}</h1>
      <p>{t(mailServer ? "admin.outboxIntroSmtp" : "admin.outboxIntro")}</p>
      {emails.length === 0 ? <p>{t("admin.outboxEmpty")}</p> : null}
      {emails.map((e) => (
        <article key={e.id} className="email" aria-label={e.subject}>
          <h2>{e.subject}</h2>
          <p>
            {t("admin.emailTo")}: <span className="email-to">{e.to}</span> · {formatDateTime(locale, e.createdAt)} ·{" "}
            {e.sentAt ? t("admin.emailSent") : t("admin.emailNotSent")}
          </p>
          <pre className="email-body">{e.text}</pre>
        </article>
      ))}
    </div>
  );
}
