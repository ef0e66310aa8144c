import type { AccountKind } from "#db/schema/accounts";

/**
 * Where each kind of account starts its work: staff, funders and researchers have a page of
 * their own, and landing them on "you are not a member of any organisation" helps nobody.
 */
const homes: Record<Exclude<AccountKind, "member">, string> = {
  admin: "/admin",
  reviewer: "/review",
  funder: "/funder",
  researcher: "/research",
};

export function roleHome(kind: AccountKind): string | null {
  return kind === "member" ? null : homes[kind];
}
