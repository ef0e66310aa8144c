/**
 * Recorded questionnaire versions: a used version's file may not change, and a used version
 * whose file is gone is served from the copy kept in the database (and the start says so).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "#db/client";
import { questionnaireVersions } from "#db/schema/index";
import * as home from "#app/routes/o.$orgId._index";
import * as overview from "#app/routes/o.$orgId.assessments.$assessmentId._index";
import * as adminQuestionnaires from "#app/routes/admin.questionnaires._index";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions, resetDefinitions } from "#app/models/definitions.server";
import { log } from "#app/utils/log.server";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

const USED = "social-balance-basic@2025.1";
const UNUSED = "social-balance-complete@2025.1";
let dir: string;
let world: World;
let assessmentId: string;
/**
 * An edit of a shipped file: one wording changed, and the optional multiple-choice questions
 * that feed a score say what a blank means (an edited file loses the shipped files' exemption).
 */
function edited(source: string): string {
  let out = source.replace('en: "Which waste practices do you follow?"', 'en: "Which waste practices?"');
  for (const id of ["waste_practices", "worklife_measures", "information_channels", "accessibility_measures"]) {
    out = out.replace(new RegExp(`(id: ${id}\\n[\\s\\S]*?\\n(\\s*)required: false\\n)`), "$1$2blank: { value: [] }\n");
  }
  return out;
}
const fileOf = (id: string) => join(dir, ...id.replace("@", "/").split("/")) + ".yaml";

/** Starts the definitions over from `dir`, as a new start of the server would. */
async function restart() {
  resetDefinitions(dir);
  return recordDefinitions();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bilan-definitions-"));
  await cp("indicators", dir, { recursive: true });
  await restart();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [USED] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId: created.id, versionId: USED } });
  expect(started.status).toBe(302);
  assessmentId = started.location!.split("/").pop()!;
});

afterAll(async () => {
  resetDefinitions();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const openOverview = () =>
  callRoute(overview, { path: `/o/${world.orgA}/assessments/${assessmentId}`, params: { orgId: world.orgA, assessmentId }, cookie: world.cookies.editor });

describe("a used version's file", () => {
  it("is kept in the database when it is recorded", async () => {
    const db = await getDb();
    const [row] = await db.select({ source: questionnaireVersions.source }).from(questionnaireVersions).where(eq(questionnaireVersions.id, USED));
    expect(row.source).toBe(await readFile(fileOf(USED), "utf8"));
  });

  it("may not change once the version has answers: the start is refused", async () => {
    const original = await readFile(fileOf(USED), "utf8");
    try {
      await writeFile(fileOf(USED), edited(original));
      await expect(restart()).rejects.toThrow(/changed, but version 2025\.1 of social-balance-basic already has answers \(1 assessments\)/);
    } finally {
      await writeFile(fileOf(USED), original);
    }
    await restart();
  });

  it("may change while the version has no answers (the new content is recorded)", async () => {
    const original = await readFile(fileOf(UNUSED), "utf8");
    const db = await getDb();
    const hash = async () => (await db.select({ h: questionnaireVersions.contentHash }).from(questionnaireVersions).where(eq(questionnaireVersions.id, UNUSED)))[0].h;
    const before = await hash();
    try {
      await writeFile(fileOf(UNUSED), edited(original));
      await restart();
      expect(await hash()).not.toBe(before);
    } finally {
      await writeFile(fileOf(UNUSED), original);
      await restart();
    }
    expect(await hash()).toBe(before);
  });

  it("once deleted, is served from the kept copy: the assessment opens, the start and the admin page say the file is missing", async () => {
    expect((await openOverview()).status).toBe(200);
    const original = await readFile(fileOf(USED), "utf8");
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    try {
      await rm(fileOf(USED));
      const recorded = await restart();
      expect(recorded.usedWithoutFile).toEqual([{ id: USED, file: expect.stringContaining("2025.1.yaml"), assessments: 1 }]);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/social-balance-basic@2025\.1 \(1 assessments\): .*2025\.1\.yaml is missing/));
      expect((await getDefinition(USED))?.storedCopy).toBe(true);
      expect((await openOverview()).status).toBe(200);

      const page = await callRoute(adminQuestionnaires, { path: "/admin/questionnaires", cookie: world.cookies.admin });
      expect(page.status).toBe(200);
      const row = page.data.versions.find((v: { id: string }) => v.id === USED);
      expect(row).toMatchObject({ fileMissing: true, copyKept: true, errors: [] });
      expect(page.data.versions.find((v: { id: string }) => v.id === UNUSED)).toMatchObject({ fileMissing: false });
    } finally {
      warn.mockRestore();
      await writeFile(fileOf(USED), original);
    }
    expect((await restart()).usedWithoutFile).toEqual([]);
    expect((await getDefinition(USED))?.storedCopy).toBeUndefined();
  });

  it("deleted with no kept copy (recorded before copies were kept) refuses the start and names the file", async () => {
    const db = await getDb();
    const original = await readFile(fileOf(USED), "utf8");
    try {
      await db.update(questionnaireVersions).set({ source: null }).where(eq(questionnaireVersions.id, USED));
      await rm(fileOf(USED));
      await expect(restart()).rejects.toThrow(/social-balance-basic@2025\.1 \(1 assessments\): restore .*2025\.1\.yaml/);
    } finally {
      await writeFile(fileOf(USED), original);
    }
    // the file back, its copy is kept again
    await restart();
    const [row] = await db.select({ source: questionnaireVersions.source }).from(questionnaireVersions).where(eq(questionnaireVersions.id, USED));
    expect(row.source).toBe(original);
  });
});
