import { z } from "zod";
import { redirectField } from "#app/utils/safe-redirect";
import { isLocale } from "#app/i18n/locales";

const trimmed = (max: number) => z.string().trim().max(max, { message: "common.form.tooLong" });

export const email = z
  .string({ message: "common.form.required" })
  .trim()
  .toLowerCase()
  .min(1, { message: "common.form.required" })
  .max(254, { message: "common.form.tooLong" })
  .pipe(z.email({ message: "common.form.invalidEmail" }));

/** ASVS: 8 to 128 characters, no composition rules; the common-password check is on the server. */
export const newPassword = z
  .string({ message: "common.form.required" })
  .min(8, { message: "account.passwordTooShort" })
  .max(128, { message: "account.passwordTooLong" });

export const personName = trimmed(120).min(1, { message: "common.form.required" });

export const SignInSchema = z.object({
  email,
  password: z.string({ message: "common.form.required" }).min(1, { message: "common.form.required" }).max(1024),
  redirectTo: redirectField,
});

export const OrganisationFields = {
  organisationName: trimmed(200).min(1, { message: "common.form.required" }),
  legalForm: z.string({ message: "common.form.required" }).min(1, { message: "common.form.required" }).max(64),
  sector: z.string({ message: "common.form.required" }).min(1, { message: "common.form.required" }).max(64),
  region: z.string({ message: "common.form.required" }).min(1, { message: "common.form.required" }).max(64),
  headcount: z.coerce
    .number({ message: "common.form.notANumber" })
    .int({ message: "common.form.notAnInteger" })
    .min(0, { message: "common.form.negative" })
    .max(1_000_000, { message: "common.form.tooLarge" }),
};

export const SignUpSchema = z.object({
  name: personName,
  email,
  password: newPassword,
  locale: z.string().refine(isLocale, { message: "common.request.unknownLanguage" }).optional(),
  ...OrganisationFields,
});

export const ForgotPasswordSchema = z.object({ email });
export const ResetPasswordSchema = z.object({ password: newPassword });

export const ProfileSchema = z.object({ intent: z.literal("profile"), name: personName, locale: z.string().refine(isLocale, { message: "common.request.unknownLanguage" }) });
export const ChangePasswordSchema = z.object({
  intent: z.literal("password"),
  currentPassword: z.string().min(1, { message: "common.form.required" }).max(1024),
  password: newPassword,
});
export const DeleteAccountSchema = z.object({
  intent: z.literal("delete"),
  currentPassword: z.string().min(1, { message: "common.form.required" }).max(1024),
});

export const InviteSchema = z.object({
  intent: z.literal("invite"),
  email,
  role: z.enum(["owner", "editor", "viewer"], { message: "common.form.invalid" }),
});
export const ChangeRoleSchema = z.object({
  intent: z.literal("role"),
  userId: z.string().min(1).max(64),
  role: z.enum(["owner", "editor", "viewer"], { message: "common.form.invalid" }),
});
export const RemoveMemberSchema = z.object({ intent: z.literal("remove"), userId: z.string().min(1).max(64) });
export const RevokeInvitationSchema = z.object({ intent: z.literal("revoke"), invitationId: z.string().min(1).max(64) });

export const OrganisationSchema = z.object({ ...OrganisationFields });

export const AcceptInvitationNewUserSchema = z.object({ name: personName, password: newPassword });
