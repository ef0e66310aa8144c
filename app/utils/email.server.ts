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
}

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
 * Every email goes to the outbox first (so nothing is lost if SMTP is down); with SMTP_URL
 * it is then sent and marked. Without SMTP, network admins read the outbox in the app.
 */
export async function sendEmail(email: Email) {
  const db = await getDb();
  const [row] = await db.insert(outbox).values(email).returning({ id: outbox.id });
  const env = getEnv();
  if (!env.SMTP_URL) return;
  try {
    const smtp = await smtpTransport(env.SMTP_URL);
    await smtp.sendMail({ from: env.MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
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
