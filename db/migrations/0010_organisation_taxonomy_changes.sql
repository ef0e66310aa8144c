CREATE TABLE "organisation_taxonomy_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"taxonomy" text NOT NULL,
	"from_id" text NOT NULL,
	"to_id" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisation_taxonomy_changes" ADD CONSTRAINT "organisation_taxonomy_changes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_taxonomy_changes_org_idx" ON "organisation_taxonomy_changes" USING btree ("organisation_id");