CREATE TABLE "survey_codes" (
	"survey_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"used_on" date,
	CONSTRAINT "survey_codes_survey_id_code_hash_pk" PRIMARY KEY("survey_id","code_hash")
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"survey_id" text NOT NULL,
	"respondent_hash" text,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed" boolean DEFAULT false NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_results" (
	"assessment_id" text NOT NULL,
	"group_id" text NOT NULL,
	"responses" integer NOT NULL,
	"minimum" integer NOT NULL,
	"codes_issued" integer NOT NULL,
	"released" boolean NOT NULL,
	"values" jsonb NOT NULL,
	"answered" jsonb NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_results_assessment_id_group_id_pk" PRIMARY KEY("assessment_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" text PRIMARY KEY NOT NULL,
	"assessment_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"group_id" text NOT NULL,
	"link_token" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closes_on" date,
	"codes_required" boolean DEFAULT false NOT NULL,
	"frozen_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_codes" ADD CONSTRAINT "survey_codes_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_results" ADD CONSTRAINT "survey_results_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("survey_id","completed");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_respondent" ON "survey_responses" USING btree ("respondent_hash") WHERE "survey_responses"."respondent_hash" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_one_per_group" ON "surveys" USING btree ("assessment_id","group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_link_token" ON "surveys" USING btree ("link_token");