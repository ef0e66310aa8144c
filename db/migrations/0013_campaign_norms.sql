CREATE TABLE "campaign_norms" (
	"campaign_id" text NOT NULL,
	"version_id" text NOT NULL,
	"name" text NOT NULL,
	"norm" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_norms_campaign_id_version_id_name_pk" PRIMARY KEY("campaign_id","version_id","name")
);
--> statement-breakpoint
ALTER TABLE "campaign_norms" ADD CONSTRAINT "campaign_norms_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_norms" ADD CONSTRAINT "campaign_norms_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE no action ON UPDATE no action;