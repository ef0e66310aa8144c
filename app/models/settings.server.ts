import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/client";
import { settings } from "#db/schema/index";
import { audit } from "#app/utils/audit.server";
import { SURVEY_MINIMUM_FLOOR } from "#app/questionnaires/schema";
import { DEFAULT_SURVEY_MINIMUM } from "#app/surveys/aggregates";
import { DISCLOSURE_K_KEY, getDisclosureK, setDisclosureK } from "./benchmarks.server";

const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: "admin.settings.monthDay" })
  .refine((v) => !Number.isNaN(Date.parse(`2024-${v}T00:00:00Z`)) && new Date(`2024-${v}T00:00:00Z`).getUTCDate() === Number(v.slice(3)), {
    message: "admin.settings.monthDay",
  });

/**
 * The network's settings: each key with its schema and default. A stored value that no longer
 * parses is ignored for the default, so a bad row can never break a page.
 */
export const settingSchemas = {
  [DISCLOSURE_K_KEY]: z.number().int().min(3, { message: "admin.settings.kTooSmall" }).max(1000),
  "data_agreement.text": z.string().max(50_000, { message: "common.form.tooLong" }),
  "review.sample_share": z.number().min(0, { message: "admin.settings.share" }).max(1, { message: "admin.settings.share" }),
  "campaign.default_open": monthDay,
  "campaign.default_close": monthDay,
  /** Responses a stakeholder survey needs before any aggregate exists (never below 3). */
  "surveys.minimum_responses": z.number().int().min(SURVEY_MINIMUM_FLOOR, { message: "surveys.minimumTooSmall" }).max(1000),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingSchemas)[K]>;
export const settingKeys = Object.keys(settingSchemas) as SettingKey[];

export const settingDefaults: { [K in SettingKey]: SettingValue<K> } = {
  [DISCLOSURE_K_KEY]: 10,
  "data_agreement.text": "",
  "review.sample_share": 0.1,
  "campaign.default_open": "04-20",
  "campaign.default_close": "07-15",
  "surveys.minimum_responses": DEFAULT_SURVEY_MINIMUM,
};

export async function getSetting<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
  if (key === DISCLOSURE_K_KEY) return (await getDisclosureK()) as SettingValue<K>;
  const db = await getDb();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  const parsed = row ? settingSchemas[key].safeParse(row.value) : null;
  return (parsed?.success ? parsed.data : settingDefaults[key]) as SettingValue<K>;
}

export async function getAllSettings(): Promise<{ [K in SettingKey]: SettingValue<K> }> {
  const out: Record<string, unknown> = {};
  for (const key of settingKeys) out[key] = await getSetting(key);
  return out as { [K in SettingKey]: SettingValue<K> };
}

export type SetOutcome = { ok: true } | { ok: false; error: string };

/** Validates and stores one setting; the change is logged with its old and new value. */
export async function setSetting<K extends SettingKey>(key: K, value: unknown, actorUserId: string | null): Promise<SetOutcome> {
  const parsed = settingSchemas[key].safeParse(value);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "common.form.invalid" };
  const before = await getSetting(key);
  if (JSON.stringify(before) === JSON.stringify(parsed.data)) return { ok: true };
  if (key === DISCLOSURE_K_KEY) {
    await setDisclosureK(parsed.data as number);
  } else {
    const db = await getDb();
    await db
      .insert(settings)
      .values({ key, value: parsed.data })
      .onConflictDoUpdate({ target: settings.key, set: { value: parsed.data, updatedAt: new Date() } });
  }
  const long = typeof parsed.data === "string" && parsed.data.length > 200;
  await audit({ action: "setting.changed", actorUserId, targetType: "setting", targetId: key, details: long ? { length: (parsed.data as string).length } : { from: before, to: parsed.data } });
  return { ok: true };
}
