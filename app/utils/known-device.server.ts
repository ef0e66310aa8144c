import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { serverSecrets } from "#db/schema/index";
import { readCookie, serializeCookie } from "./cookies.server";
import { randomToken, safeEqual } from "./crypto.server";

/**
 * Known-device cookies (OWASP, "Slow down online guessing attacks with device cookies"): after a
 * successful sign-in the browser gets `v1.<user id>.<nonce>.<HMAC>`. A sign-in to that account
 * from that browser is counted against the cookie's own limit, not against the account's and the
 * address's, which an attacker fills: the owner still signs in during an attack.
 */
export const DEVICE_COOKIE = "bilan_device";
const DEVICE_MAX_AGE_S = 180 * 24 * 60 * 60;
const SECRET_NAME = "known_device_hmac";

let secret: Promise<string> | undefined;

/** The signing key: made once, shared by every app server through the database. */
async function deviceSecret(): Promise<string> {
  secret ??= (async () => {
    const db = await getDb();
    await db
      .insert(serverSecrets)
      .values({ name: SECRET_NAME, value: randomBytes(32).toString("base64url") })
      .onConflictDoNothing();
    const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, SECRET_NAME));
    return row.value;
  })().catch((error: unknown) => {
    secret = undefined;
    throw error;
  });
  return secret;
}

const sign = (key: string, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

export async function knownDeviceCookie(userId: string): Promise<string> {
  const payload = `v1.${userId}.${randomToken(16)}`;
  const value = `${payload}.${sign(await deviceSecret(), payload)}`;
  return serializeCookie(DEVICE_COOKIE, value, { maxAge: DEVICE_MAX_AGE_S });
}

export interface KnownDevice {
  userId: string;
  /** Names this cookie for its own counter. */
  nonce: string;
}

/** The device cookie of a request when its signature holds, else null. */
export async function readKnownDevice(request: Request): Promise<KnownDevice | null> {
  const value = readCookie(request, DEVICE_COOKIE);
  if (!value || value.length > 200) return null;
  const parts = value.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return null;
  const [, userId, nonce, signature] = parts;
  if (!safeEqual(sign(await deviceSecret(), `v1.${userId}.${nonce}`), signature)) return null;
  return { userId, nonce };
}
