/**
 * Who may do what: one table, default deny. Pure, so every rule is tested without a server;
 * guards.server.ts loads the actor and turns a refusal into a 404.
 */
export type AccountKind = "member" | "admin" | "reviewer" | "funder" | "researcher";
export type OrganisationRole = "owner" | "editor" | "viewer";

export interface Actor {
  userId: string;
  kind: AccountKind;
  /** organisation id -> role, for the actor's memberships. */
  memberships: Record<string, OrganisationRole>;
  funderId?: string | null;
  /** Set for researchers once staff approved their application. */
  researcherApproved?: boolean;
}

export type Permission =
  | { action: "organisation.view"; organisationId: string }
  | { action: "organisation.edit"; organisationId: string }
  | { action: "organisation.members"; organisationId: string }
  | { action: "organisation.share"; organisationId: string }
  | { action: "assessment.view"; organisationId: string }
  | { action: "assessment.edit"; organisationId: string }
  | { action: "assessment.reopen" }
  | { action: "assessment.discard"; organisationId: string }
  | { action: "assessment.assign"; organisationId: string }
  | { action: "commitment.edit"; organisationId: string }
  | { action: "organisation.export"; organisationId: string }
  | { action: "funder.portfolio"; funderId: string }
  | { action: "funder.view_report"; organisationId: string; year: number; sharedYears: number[] | "all" | null }
  | { action: "admin.console" }
  | { action: "admin.outbox" }
  | { action: "admin.settings" }
  | { action: "review.queue" }
  | { action: "review.decide" }
  | { action: "review.reply"; organisationId: string }
  | { action: "admin.rescore" }
  | { action: "admin.releases" }
  | { action: "admin.researchers" }
  | { action: "research.releases" };

const rank: Record<OrganisationRole, number> = { viewer: 1, editor: 2, owner: 3 };

function hasRole(actor: Actor, organisationId: string, minimum: OrganisationRole) {
  const role = actor.memberships[organisationId];
  return role !== undefined && rank[role] >= rank[minimum];
}

const isStaff = (actor: Actor) => actor.kind === "admin" || actor.kind === "reviewer";

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  switch (permission.action) {
    case "organisation.view":
    case "assessment.view":
      return hasRole(actor, permission.organisationId, "viewer") || isStaff(actor);
    case "organisation.edit":
    case "organisation.members":
    case "organisation.share":
    case "assessment.discard":
    case "assessment.assign":
      return hasRole(actor, permission.organisationId, "owner");
    case "assessment.edit":
    case "commitment.edit":
      return hasRole(actor, permission.organisationId, "editor");
    case "organisation.export":
      return hasRole(actor, permission.organisationId, "viewer");
    case "assessment.reopen":
      return isStaff(actor);
    case "funder.portfolio":
      return actor.kind === "funder" && actor.funderId === permission.funderId;
    case "funder.view_report":
      return (
        actor.kind === "funder" &&
        permission.sharedYears !== null &&
        (permission.sharedYears === "all" || permission.sharedYears.includes(permission.year))
      );
    case "admin.console":
    case "admin.outbox":
    case "admin.settings":
    case "admin.rescore":
    case "admin.releases":
    case "admin.researchers":
      return actor.kind === "admin";
    case "review.queue":
    case "review.decide":
      return isStaff(actor);
    case "review.reply":
      return hasRole(actor, permission.organisationId, "editor");
    case "research.releases":
      return actor.kind === "researcher" && actor.researcherApproved === true;
    default:
      return false;
  }
}

export function roleAtLeast(role: OrganisationRole | undefined, minimum: OrganisationRole) {
  return role !== undefined && rank[role] >= rank[minimum];
}
