import { getDb, type Tx } from "#db/client";
import { auditLog } from "#db/schema/index";

export type AuditAction =
  | "auth.sign_in"
  | "auth.sign_in_failed"
  | "auth.sign_in_throttled"
  | "auth.sign_out"
  | "auth.sign_up"
  | "auth.password_reset_requested"
  | "auth.password_reset"
  | "auth.password_changed"
  | "account.updated"
  | "account.deleted"
  | "account.exported"
  | "access.refused"
  | "organisation.created"
  | "organisation.updated"
  | "membership.invited"
  | "membership.joined"
  | "membership.role_changed"
  | "membership.removed"
  | "invitation.revoked"
  | (string & {});

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: string | null;
  targetType?: string;
  targetId?: string;
  organisationId?: string | null;
  ip?: string;
  /** Never a password, token or hash: this table is read by staff. */
  details?: Record<string, unknown>;
}

const secretLike = /pass|token|secret|hash|cookie/i;

function row(entry: AuditEntry) {
  return {
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    organisationId: entry.organisationId ?? null,
    ip: entry.ip ?? null,
    details: Object.fromEntries(Object.entries(entry.details ?? {}).filter(([key]) => !secretLike.test(key))),
  };
}

/** The one writer of the audit log. Pass `tx` to log inside the transaction of the change itself. */
export async function audit(entry: AuditEntry, tx?: Tx) {
  const db = tx ?? (await getDb());
  await db.insert(auditLog).values(row(entry));
}

/** Several entries in one statement (a multi-row insert), in chunks of at most 500 rows. */
export async function auditMany(entries: readonly AuditEntry[], tx?: Tx) {
  const db = tx ?? (await getDb());
  for (let i = 0; i < entries.length; i += 500) await db.insert(auditLog).values(entries.slice(i, i + 500).map(row));
}
