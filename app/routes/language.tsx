import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/client";
import { users } from "#db/schema/index";
import { isLocale } from "#app/i18n/locales";
import { readForm } from "#app/utils/csrf.server";
import { requestRefusal } from "#app/utils/bad-request.server";
import { localeCookie, resolveLocale } from "#app/utils/locale.server";
import { redirectField, safeRedirectPath } from "#app/utils/safe-redirect";
import { getSessionUser } from "#app/utils/session.server";

const Schema = z.object({ locale: z.string().refine(isLocale), redirectTo: redirectField });

/** The language switcher: remembered in a cookie, and on the account when signed in. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = Schema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const badRedirect = parsed.error.issues.some((issue) => issue.path[0] === "redirectTo");
    throw requestRefusal(400, resolveLocale(request), badRedirect ? "common.request.badRedirect" : "common.request.unknownLanguage");
  }
  const user = await getSessionUser(request);
  if (user) {
    const db = await getDb();
    await db.update(users).set({ locale: parsed.data.locale }).where(eq(users.id, user.id));
  }
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "set-cookie": localeCookie(parsed.data.locale) } });
}

export function loader() {
  return redirect("/");
}
