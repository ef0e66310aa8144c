CREATE TABLE "answers" (
	"assessment_id" text NOT NULL,
	"question_id" text NOT NULL,
	"value" jsonb,
	"note" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answers_assessment_id_question_id_pk" PRIMARY KEY("assessment_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "assessment_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"assessment_id" text NOT NULL,
	"kind" text NOT NULL,
	"actor_user_id" text,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"questionnaire" text NOT NULL,
	"version_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" text,
	"seal_granted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_versions" (
	"campaign_id" text NOT NULL,
	"version_id" text NOT NULL,
	CONSTRAINT "campaign_versions_campaign_id_version_id_pk" PRIMARY KEY("campaign_id","version_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_year_unique" UNIQUE("year")
);
--> statement-breakpoint
CREATE TABLE "pending_saves" (
	"id" text PRIMARY KEY NOT NULL,
	"assessment_id" text NOT NULL,
	"values" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"questionnaire" text NOT NULL,
	"version" text NOT NULL,
	"content_hash" text NOT NULL,
	"file" text NOT NULL,
	"title" jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_axes" (
	"result_id" text NOT NULL,
	"axis" text NOT NULL,
	"score" double precision,
	"applicable" boolean NOT NULL,
	CONSTRAINT "result_axes_result_id_axis_pk" PRIMARY KEY("result_id","axis")
);
--> statement-breakpoint
CREATE TABLE "result_indicators" (
	"result_id" text NOT NULL,
	"code" text NOT NULL,
	"axis" text,
	"value" double precision,
	"score" double precision,
	"applicable" boolean NOT NULL,
	"reason" text,
	CONSTRAINT "result_indicators_result_id_code_pk" PRIMARY KEY("result_id","code")
);
--> statement-breakpoint
CREATE TABLE "results" (
	"id" text PRIMARY KEY NOT NULL,
	"assessment_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"version_id" text NOT NULL,
	"definition_hash" text NOT NULL,
	"engine_version" text NOT NULL,
	"total" double precision,
	"seal_passed" boolean NOT NULL,
	"result" jsonb NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_events" ADD CONSTRAINT "assessment_events_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_versions" ADD CONSTRAINT "campaign_versions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_versions" ADD CONSTRAINT "campaign_versions_version_id_questionnaire_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."questionnaire_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_saves" ADD CONSTRAINT "pending_saves_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_axes" ADD CONSTRAINT "result_axes_result_id_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_indicators" ADD CONSTRAINT "result_indicators_result_id_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_events_assessment_idx" ON "assessment_events" USING btree ("assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_one_per_campaign" ON "assessments" USING btree ("organisation_id","campaign_id","questionnaire");--> statement-breakpoint
CREATE INDEX "assessments_campaign_idx" ON "assessments" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_versions_unique" ON "questionnaire_versions" USING btree ("questionnaire","version");--> statement-breakpoint
CREATE INDEX "result_indicators_code_idx" ON "result_indicators" USING btree ("code");--> statement-breakpoint
CREATE INDEX "results_assessment_idx" ON "results" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "results_campaign_idx" ON "results" USING btree ("campaign_id","current");--> statement-breakpoint
CREATE UNIQUE INDEX "results_one_current" ON "results" USING btree ("assessment_id") WHERE "results"."current";