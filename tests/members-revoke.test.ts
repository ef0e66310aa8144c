import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { auditLog, invitations } from "#db/schema/index";
import * as orgMembers from "#app/routes/o.$orgId.members";
import { callRoute } from "./setup/routes";
import { setupTestDatabase } from "./setup/database";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

async function invitationOf(organisationId: string) {
  const db = await getDb();
  const [row] = await db
    .insert(invitations)
    .values({ organisationId, email: `guest.${Math.random().toString(36).slice(2)}@example.org`, role: "editor", tokenHash: Math.random().toString(36), expiresAt: new Date(Date.now() + 86_400_000) })
    .returning({ id: invitations.id });
  return row.id;
}

async function revocationsOf(invitationId: string) {
  const db = await getDb();
  return db.select().from(auditLog).where(and(eq(auditLog.action, "invitation.revoked"), eq(auditLog.targetId, invitationId)));
}

const revoke = (organisationId: string, invitationId: string) =>
  callRoute(orgMembers, { path: `/o/${organisationId}/members`, params: { orgId: organisationId }, cookie: world.cookies.owner, form: { intent: "revoke", invitationId } });

describe("revoking an invitation", () => {
  it("revokes one's own organisation's invitation, says so and logs it once", async () => {
    const id = await invitationOf(world.orgA);
    const r = await revoke(world.orgA, id);
    expect(r.status).toBe(200);
    expect(r.data.done).toBe("organisation.invitationRevoked");
    expect(await revocationsOf(id)).toHaveLength(1);
    // Revoking it again changes nothing, says so and logs nothing more.
    const again = await revoke(world.orgA, id);
    expect(again.status).toBe(404);
    expect(again.data.done).toBeUndefined();
    expect(again.data.formError).toBe("organisation.invitationNotFound");
    expect(await revocationsOf(id)).toHaveLength(1);
  });

  it("another organisation's invitation id through one's own members page: nothing changes, nothing is said done, nothing is logged", async () => {
    const id = await invitationOf(world.orgB);
    const r = await revoke(world.orgA, id);
    expect(r.status).toBe(404);
    expect(r.data.done).toBeUndefined();
    expect(r.data.formError).toBe("organisation.invitationNotFound");
    expect(await revocationsOf(id)).toHaveLength(0);
    const db = await getDb();
    const [row] = await db.select({ revokedAt: invitations.revokedAt }).from(invitations).where(eq(invitations.id, id));
    expect(row.revokedAt).toBeNull();
  });
});
