CREATE TABLE "section_assignments" (
	"assessment_id" text NOT NULL,
	"section_id" text NOT NULL,
	"user_id" text NOT NULL,
	"assigned_by" text,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "section_assignments_assessment_id_section_id_pk" PRIMARY KEY("assessment_id","section_id")
);
--> statement-breakpoint
ALTER TABLE "section_assignments" ADD CONSTRAINT "section_assignments_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section_assignments" ADD CONSTRAINT "section_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "section_assignments" ADD CONSTRAINT "section_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;