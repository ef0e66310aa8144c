import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { audit } from "#app/utils/audit.server";
import { readForm } from "#app/utils/csrf.server";
import { clientIp } from "#app/utils/request.server";
import { destroySession, getSessionUser } from "#app/utils/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request);
  const user = await getSessionUser(request);
  const cookie = await destroySession(request);
  if (user) await audit({ action: "auth.sign_out", actorUserId: user.id, ip: clientIp(context) });
  return redirect("/", { headers: { "set-cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
