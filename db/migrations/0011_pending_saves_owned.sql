-- Pending saves kept before this migration belong to nobody (anyone could plant one): drop them.
DELETE FROM "pending_saves";--> statement-breakpoint
ALTER TABLE "answers" ADD COLUMN "save_id" text;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD COLUMN "user_id" text NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD COLUMN "browser_hash" text NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD COLUMN "session_key" text NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD COLUMN "writes" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD CONSTRAINT "pending_saves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pending_saves_owner" ON "pending_saves" USING btree ("user_id","browser_hash","assessment_id");--> statement-breakpoint
CREATE INDEX "pending_saves_session_idx" ON "pending_saves" USING btree ("session_key","browser_hash");