DROP TABLE "login_attempts" CASCADE;--> statement-breakpoint
-- Emails already handed to a mail server keep no usable reset or invitation link (app/utils/email.server.ts).
UPDATE "outbox" SET "text" = regexp_replace("text", 'https?://\S*/(reset-password|invitations)/[A-Za-z0-9_-]+', '[link removed: sent to the recipient only]', 'g') WHERE "sent_at" IS NOT NULL;
