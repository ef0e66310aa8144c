// Server-side registrations of each feature (startup steps, actor extensions), in one list.
import "#app/models/definitions.server";
import "#app/models/demo.server";
import "#app/models/assessments-demo.server";
import "#app/models/reports-demo.server";
import "#app/models/releases-demo.server";
