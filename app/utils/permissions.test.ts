import { describe, expect, it } from "vitest";
import { can, type Actor } from "./permissions";

const member = (role: "owner" | "editor" | "viewer"): Actor => ({ userId: "u", kind: "member", memberships: { A: role } });
const kind = (k: Actor["kind"], extra: Partial<Actor> = {}): Actor => ({ userId: "u", kind: k, memberships: {}, ...extra });

describe("permissions table", () => {
  it("denies by default: nobody, and unknown actions", () => {
    expect(can(null, { action: "organisation.view", organisationId: "A" })).toBe(false);
    expect(can(member("owner"), { action: "nonsense" } as never)).toBe(false);
  });

  it("orders organisation roles owner > editor > viewer", () => {
    const view = { action: "organisation.view", organisationId: "A" } as const;
    const edit = { action: "assessment.edit", organisationId: "A" } as const;
    const manage = { action: "organisation.members", organisationId: "A" } as const;
    expect([can(member("viewer"), view), can(member("viewer"), edit), can(member("viewer"), manage)]).toEqual([true, false, false]);
    expect([can(member("editor"), view), can(member("editor"), edit), can(member("editor"), manage)]).toEqual([true, true, false]);
    expect([can(member("owner"), view), can(member("owner"), edit), can(member("owner"), manage)]).toEqual([true, true, true]);
  });

  it("gives nothing on another organisation", () => {
    for (const role of ["owner", "editor", "viewer"] as const) {
      expect(can(member(role), { action: "organisation.view", organisationId: "B" })).toBe(false);
      expect(can(member(role), { action: "assessment.edit", organisationId: "B" })).toBe(false);
    }
  });

  it("lets staff read but not write organisations' answers", () => {
    for (const k of ["admin", "reviewer"] as const) {
      expect(can(kind(k), { action: "assessment.view", organisationId: "A" })).toBe(true);
      expect(can(kind(k), { action: "assessment.edit", organisationId: "A" })).toBe(false);
    }
    expect(can(kind("reviewer"), { action: "admin.settings" })).toBe(false);
    expect(can(kind("admin"), { action: "admin.settings" })).toBe(true);
  });

  it("lets a funder see only shared years, and a researcher only once approved", () => {
    const f = kind("funder", { funderId: "F" });
    expect(can(f, { action: "funder.view_report", organisationId: "A", year: 2025, sharedYears: "all" })).toBe(true);
    expect(can(f, { action: "funder.view_report", organisationId: "A", year: 2025, sharedYears: [2024] })).toBe(false);
    expect(can(f, { action: "funder.view_report", organisationId: "A", year: 2025, sharedYears: null })).toBe(false);
    expect(can(f, { action: "organisation.view", organisationId: "A" })).toBe(false);
    expect(can(kind("researcher"), { action: "research.releases" })).toBe(false);
    expect(can(kind("researcher", { researcherApproved: true }), { action: "research.releases" })).toBe(true);
  });
});
