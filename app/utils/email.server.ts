import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { outbox } from "#db/schema/index";
import { getEnv } from "./env.server";
import { log } from "./log.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
  kind: "invitation" | "password_reset" | "notification" | (string & {});
  /**
   * Links in the text that give access (reset, invitation): the copy kept in the outbox has them
   * removed when a mail server delivers the message, so that neither an admin nor a backup can use them.
   */
  secrets?: string[];
}

/** What stands in the kept copy for a secret link once a mail server has the message. */
export const REMOVED_LINK = "[link removed: sent to the recipient only]";

/** The text as kept when a mail server delivers it. */
export function withoutSecrets(text: string, secrets: string[] = []): string {
  return secrets.reduce((kept, secret) => (secret ? kept.split(secret).join(REMOVED_LINK) : kept), text);
}

/** Longest subject written: user-written names inside it are cut first (see boundedName). */
export const SUBJECT_MAX = 200;
/** Longest user-written name (an organisation's) put into a subject. */
export const SUBJECT_NAME_MAX = 60;

/** One line: control characters (CR, LF, tabs, NUL) become spaces. */
const oneLine = (text: string) => text.replace(/\p{Cc}+/gu, " ").trim();

/** A user-written name as it may appear in a subject: one line, at most SUBJECT_NAME_MAX characters. */
export function boundedName(name: string): string {
  const line = oneLine(name);
  return line.length > SUBJECT_NAME_MAX ? `${line.slice(0, SUBJECT_NAME_MAX - 1).trimEnd()}…` : line;
}

const boundedSubject = (subject: string) => {
  const line = oneLine(subject);
  return line.length > SUBJECT_MAX ? `${line.slice(0, SUBJECT_MAX - 1)}…` : line;
};

type Transport = { sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown> };
let transport: Transport | undefined;

async function smtpTransport(url: string): Promise<Transport> {
  if (!transport) {
    const nodemailer = await import("nodemailer");
    transport = nodemailer.createTransport(url);
  }
  return transport;
}

/**
 * Every email is written to the outbox. Without SMTP_URL the outbox is how it reaches its
 * recipient (a small or trial installation: network admins pass it on), so the copy is whole.
 * With SMTP_URL the copy kept is written without its secret links before the message is sent,
 * then marked sent or failed (a failed reset or invitation is asked for again).
 */
export async function sendEmail({ secrets, ...email }: Email) {
  const db = await getDb();
  const env = getEnv();
  const subject = boundedSubject(email.subject);
  const kept = env.SMTP_URL ? withoutSecrets(email.text, secrets) : email.text;
  const [row] = await db.insert(outbox).values({ ...email, subject, text: kept }).returning({ id: outbox.id });
  if (!env.SMTP_URL) return;
  try {
    const smtp = await smtpTransport(env.SMTP_URL);
    await smtp.sendMail({ from: env.MAIL_FROM, to: email.to, subject, text: email.text });
    await db.update(outbox).set({ sentAt: new Date() }).where(eq(outbox.id, row.id));
  } catch (error) {
    await db
      .update(outbox)
      .set({ error: (error as Error).message.slice(0, 500) })
      .where(eq(outbox.id, row.id));
    log.error(`email to ${email.to} not sent: ${(error as Error).message}`);
  }
}

export function publicUrl(path: string) {
  return new URL(path, getEnv().PUBLIC_URL).toString();
}
