CREATE TABLE "benchmark_sets" (
	"campaign_id" text PRIMARY KEY NOT NULL,
	"requested" integer DEFAULT 1 NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"data" jsonb,
	"computed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "flags" jsonb;--> statement-breakpoint
ALTER TABLE "benchmark_sets" ADD CONSTRAINT "benchmark_sets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;