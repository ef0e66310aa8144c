import { getDb } from "#db/client";
import { funders, memberships, organisations, users, type AccountKind, type OrganisationRole } from "#db/schema/index";
import { sessionCookieFor } from "./routes";

/** The roles every permission row is written for. */
export const roles = [
  "anonymous",
  "owner",
  "editor",
  "viewer",
  "otherOrgOwner",
  "admin",
  "reviewer",
  "funder",
  "researcher",
] as const;
export type RoleName = (typeof roles)[number];

export interface World {
  orgA: string;
  orgB: string;
  funderId: string;
  users: Record<Exclude<RoleName, "anonymous">, string>;
  cookies: Record<RoleName, string | undefined>;
}

let counter = 0;

/**
 * Two organisations, A and B, with a member of every role in A and an owner in B, plus the
 * network and outside accounts. Permission tests ask each route: what does each role get on A?
 */
export async function createWorld(): Promise<World> {
  const db = await getDb();
  const n = ++counter;
  const [funder] = await db.insert(funders).values({ name: `Funder ${n}` }).returning({ id: funders.id });
  const org = async (name: string) =>
    (
      await db
        .insert(organisations)
        .values({ name, legalForm: "worker_cooperative", sector: "food", region: "barcelona", headcount: 5, sizeBand: "micro" })
        .returning({ id: organisations.id })
    )[0].id;
  const orgA = await org(`Org A ${n}`);
  const orgB = await org(`Org B ${n}`);
  const user = async (key: string, kind: AccountKind = "member") =>
    (
      await db
        .insert(users)
        .values({ email: `${key}.${n}.${Math.random().toString(36).slice(2, 8)}@world.example`, name: key, kind, funderId: kind === "funder" ? funder.id : null })
        .returning({ id: users.id })
    )[0].id;
  const ids = {
    owner: await user("owner"),
    editor: await user("editor"),
    viewer: await user("viewer"),
    otherOrgOwner: await user("otherOrgOwner"),
    admin: await user("admin", "admin"),
    reviewer: await user("reviewer", "reviewer"),
    funder: await user("funder", "funder"),
    researcher: await user("researcher", "researcher"),
  };
  const member = (userId: string, organisationId: string, role: OrganisationRole) =>
    db.insert(memberships).values({ userId, organisationId, role });
  await member(ids.owner, orgA, "owner");
  await member(ids.editor, orgA, "editor");
  await member(ids.viewer, orgA, "viewer");
  await member(ids.otherOrgOwner, orgB, "owner");
  const cookies = { anonymous: undefined } as Record<RoleName, string | undefined>;
  for (const [role, id] of Object.entries(ids)) cookies[role as RoleName] = await sessionCookieFor(id);
  return { orgA, orgB, funderId: funder.id, users: ids, cookies };
}

export type Expectation = number | "ok" | "redirect-signin";

/**
 * Runs one route for every role and checks each answer: "ok" (2xx or a redirect that is not to
 * sign-in), a status, or "redirect-signin". Later features add their rows with this helper.
 */
export async function expectForEveryRole(
  world: World,
  run: (cookie: string | undefined, role: RoleName) => Promise<{ status: number; location?: string | null }>,
  expected: Record<RoleName, Expectation>,
) {
  const actual: Record<string, string> = {};
  const wanted: Record<string, string> = {};
  for (const role of roles) {
    const outcome = await run(world.cookies[role], role);
    const isSignIn = outcome.status >= 300 && outcome.status < 400 && (outcome.location ?? "").startsWith("/signin");
    const label = isSignIn ? "redirect-signin" : outcome.status < 400 ? "ok" : String(outcome.status);
    actual[role] = label;
    wanted[role] = String(expected[role]);
  }
  return { actual, wanted };
}

/** What a route every member of A and the network's staff may read answers, role by role. */
export const membersAndStaff: Record<RoleName, Expectation> = {
  anonymous: "redirect-signin",
  owner: "ok",
  editor: "ok",
  viewer: "ok",
  otherOrgOwner: 404,
  admin: "ok",
  reviewer: "ok",
  funder: 404,
  researcher: 404,
};
