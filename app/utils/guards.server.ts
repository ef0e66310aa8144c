import { redirect } from "@remix-run/node";
import { userMemberships } from "#app/models/organisations.server";
import { audit } from "./audit.server";
import { can, type Actor, type Permission } from "./permissions";
import { clientIp, requestKey } from "./request.server";
import { getSessionUser, type SessionUser } from "./session.server";

export interface ActorContext {
  user: SessionUser;
  actor: Actor;
}

export function notFound(): Response {
  return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export async function requireUser(request: Request, context?: unknown): Promise<SessionUser> {
  const user = await getSessionUser(request, { context });
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/signin?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

type ActorExtension = (user: SessionUser, actor: Actor) => Promise<Partial<Actor>>;
const extensions: ActorExtension[] = [];
/** Features that add facts to the actor (a researcher's approval, say) register here. */
export function extendActor(extension: ActorExtension) {
  extensions.push(extension);
}

/** What the user may do: kind, funder, roles. `requestKey`: one GET request (see userMemberships). */
export async function loadActor(user: SessionUser, requestKey?: object): Promise<Actor> {
  const rows = await userMemberships(user.id, requestKey);
  let actor: Actor = {
    userId: user.id,
    kind: user.kind,
    funderId: user.funderId,
    // A disabled organisation is closed to its members (pages, exports, invitations): no role there.
    memberships: Object.fromEntries(rows.filter((r) => !r.disabled).map((r) => [r.id, r.role])),
  };
  for (const extension of extensions) actor = { ...actor, ...(await extension(user, actor)) };
  return actor;
}

/** A layout and its page guard the same GET request: load the actor once for both. */
const actorOfRequest = new WeakMap<object, Promise<Actor>>();

export async function requireActor(request: Request, context?: unknown): Promise<ActorContext> {
  const user = await requireUser(request, context);
  if (request.method !== "GET") return { user, actor: await loadActor(user) };
  const key = requestKey(request, context);
  let actor = actorOfRequest.get(key);
  if (!actor) {
    actor = loadActor(user, key);
    actorOfRequest.set(key, actor);
  }
  return { user, actor: await actor };
}

/**
 * The guard of every protected loader and action: signed in, and allowed by the permissions
 * table; anything else answers 404 (existence does not leak) and is written to the audit log.
 */
export async function requirePermission(
  request: Request,
  permission: Permission,
  context?: unknown,
): Promise<ActorContext> {
  const found = await requireActor(request, context);
  if (!can(found.actor, permission)) {
    await auditRefusal({ userId: found.user.id, permission, ip: clientIp(context), method: request.method, path: new URL(request.url).pathname });
    throw notFound();
  }
  return found;
}

/** Every refused request is in the audit log: who, what, from where. */
export async function auditRefusal({ userId, permission, ip, method, path }: { userId: string; permission: Permission; ip: string; method: string; path: string }) {
  await audit({
    action: "access.refused",
    actorUserId: userId,
    targetType: permission.action,
    targetId: "organisationId" in permission ? permission.organisationId : undefined,
    ip,
    details: { method, path },
  });
}
