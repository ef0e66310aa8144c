ALTER TABLE "results" ADD COLUMN "legal_form" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "sector" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "size_band" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "breakdowns_source" text DEFAULT 'submission' NOT NULL;--> statement-breakpoint
-- Results stored before this migration did not keep the breakdowns of their submission: they take the
-- organisation's values of today, marked "backfilled" (the codebook says so).
UPDATE "results" SET "legal_form" = o."legal_form", "sector" = o."sector", "region" = o."region", "size_band" = o."size_band", "breakdowns_source" = 'backfilled' FROM "organisations" o WHERE o."id" = "results"."organisation_id";
