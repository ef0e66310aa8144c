/** The organisation's survey forms (zod at the edge); messages are keys of the surveys namespace. */
import { z } from "zod";

const group = z.string().regex(/^[a-z][a-z0-9_]*$/).max(60);
const surveyId = z.string().min(1).max(64);

export const SurveyIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), group }),
  z.object({ intent: z.literal("close"), surveyId }),
  z.object({ intent: z.literal("reopen"), surveyId }),
  z.object({
    intent: z.literal("closing"),
    surveyId,
    closesOn: z
      .string()
      .trim()
      .max(10)
      .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), { message: "surveys.error.badDate" })
      .transform((v) => (v === "" ? null : v)),
  }),
  z.object({ intent: z.literal("codes"), surveyId, howMany: z.coerce.number({ message: "surveys.error.badCount" }).int({ message: "surveys.error.badCount" }).min(1, { message: "surveys.error.badCount" }).max(500, { message: "surveys.error.badCount" }) }),
  z.object({ intent: z.literal("require_codes"), surveyId, codesRequired: z.enum(["on"]).optional() }),
]);
export type SurveyIntent = z.infer<typeof SurveyIntentSchema>;
