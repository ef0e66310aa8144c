/**
 * Bad input at volume: random and hostile values posted to every form and API. Each gets a
 * clear 4xx (or, for random fields a form ignores, its ordinary answer), never a 500, and
 * nothing changes in the database (a digest of every table before and after).
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "#db/client";
import { createCampaign } from "#app/models/campaigns.server";
import { getDefinition, recordDefinitions } from "#app/models/definitions.server";
import { startAssessment } from "#app/models/assessments.server";
import type { CompiledDefinition } from "#app/questionnaires/index";
import * as autosave from "#app/routes/o.$orgId.assessments.$assessmentId.answers";
import * as sectionPage from "#app/routes/o.$orgId.assessments.$assessmentId.$sectionId";
import { buildRequest, callRoute, TEST_CSRF, type RouteModule } from "./setup/routes";
import { setupTestDatabase } from "./setup/database";
import { createWorld, type World } from "./setup/world";

setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
/** Tables a refused request may still touch: the log of what happened, sign-in attempts, sessions' last-seen time. */
const EXCLUDED = new Set(["audit_log", "rate_limits", "sessions", "pending_saves", "outbox"]);
const MEGABYTE = "x".repeat(1_000_000);

let world: World;
let assessmentId: string;
let compiled: CompiledDefinition;

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const campaign = await createCampaign({ year: 2031, opensOn: "2031-04-20", closesOn: "2031-07-15", versionIds: [VERSION] }, null, "open");
  if (!campaign.ok) throw new Error(campaign.error);
  const started = await startAssessment({ organisationId: world.orgA, campaignId: campaign.id, versionId: VERSION, userId: world.users.owner });
  if (!started.ok) throw new Error(started.error);
  assessmentId = started.assessmentId;
  compiled = (await getDefinition(VERSION))!;
});

async function digest(): Promise<Record<string, string>> {
  const tables = await selectRows<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    if (EXCLUDED.has(table_name)) continue;
    const [row] = await selectRows<{ digest: string }>(
      sql.raw(`select md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as digest from "${table_name}" t`),
    );
    out[table_name] = row.digest;
  }
  return out;
}

/** Values no question accepts: too large, negative, not finite, not numbers, huge, control characters. */
const HOSTILE_NUMBERS = ["1e400", "NaN", "Infinity", "-Infinity", "9".repeat(400), "1e308", "0x10", "12abc", "1.2.3e", "\u0000", "١٢٣", MEGABYTE];
/** Negative values, for questions that cannot be negative. */
const NEGATIVES = ["-1", "-0.5", "-1e9"];
const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS, ...NEGATIVES),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map((n) => `${n}e99`),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constant(MEGABYTE),
);
/** Field names: some of the forms' own, most random. */
const fieldName = fc.oneof(
  fc.constantFrom("email", "password", "name", "intent", "role", "headcount", "legalForm", "year", "status", "questionId", "sectionId", "comment", "reason", "token", "locale"),
  fc.string({ minLength: 1, maxLength: 40 }),
);
const randomForm = fc.dictionary(fieldName, hostileValue, { maxKeys: 6 });

const routeModules = import.meta.glob("../app/routes/*.{ts,tsx}") as Record<string, () => Promise<RouteModule>>;
/** Signing out and switching language do what they say whatever else is posted: not bad input. */
const SKIP = [/\/signout\.tsx$/, /\/language\.tsx$/];

const statusOf = async (module: RouteModule, form: Record<string, string>, cookie: string | undefined, ip: string) => {
  try {
    return await callRoute(module, {
      path: "/x",
      params: { orgId: world.orgA, assessmentId, sectionId: compiled.definition.sections[1].id, token: "nope", releaseId: "nope", versionId: "nope" },
      form,
      cookie,
      ip,
    });
  } catch (error) {
    // A thrown non-Response is what Remix turns into a 500.
    return { status: 500, data: String(error instanceof Error ? (error.stack ?? error.message) : error), headers: new Headers() };
  }
};

describe("bad input at volume", () => {
  it("random and hostile fields to every action: never a 500, nothing changes", { timeout: 600_000 }, async () => {
    const before = await digest();
    const entries = Object.entries(routeModules).sort(([a], [b]) => a.localeCompare(b));
    const withAction: string[] = [];
    const cookies = () => [undefined, world.cookies.owner, world.cookies.admin, world.cookies.researcher];
    let calls = 0;
    for (const [file, load] of entries) {
      if (SKIP.some((re) => re.test(file))) continue;
      const module = await load();
      if (!module.action) continue;
      withAction.push(file);
      await fc.assert(
        fc.asyncProperty(randomForm, fc.nat(3), async (form, who) => {
          calls += 1;
          const outcome = await statusOf(module, form, cookies()[who], `10.77.${who}.${calls % 250}`);
          expect(outcome.status, `${file} answered ${outcome.status} to ${JSON.stringify(form).slice(0, 200)}: ${String(outcome.data).slice(0, 300)}`).toBeLessThan(500);
        }),
        { numRuns: 12, seed: 8 },
      );
    }
    expect(withAction.length).toBeGreaterThan(15);
    expect(await digest()).toEqual(before);
  });

  it("hostile values to every question of the autosave API and the section form: a 4xx each, nothing saved", { timeout: 600_000 }, async () => {
    const before = await digest();
    const numeric = compiled.questions.filter((q) => ["integer", "number", "percent", "money"].includes(q.question.type)).map((q) => q.question);
    expect(numeric.length).toBeGreaterThan(10);
    for (const question of numeric) {
      const min = question.limits?.min;
      for (const value of [...HOSTILE_NUMBERS, ...(typeof min === "number" && min >= 0 ? NEGATIVES : [])]) {
        const form = { questionId: question.id, sectionId: "x", [`q.${question.id}`]: value };
        const outcome = await callRoute(autosave, { path: "/answers", params: { orgId: world.orgA, assessmentId }, form, cookie: world.cookies.owner });
        expect(outcome.status, `${question.id} = ${JSON.stringify(value.slice(0, 40))}: ${JSON.stringify(outcome.data).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(outcome.status).toBeLessThan(500);
        if (outcome.status === 422) expect(outcome.data.error?.code, "a message code the page can show").toEqual(expect.any(String));
      }
    }
    const section = compiled.definition.sections.find((s) => s.questions.some((q) => q.type === "money"))!;
    const form: Record<string, string> = {};
    for (const q of section.questions) if (["integer", "number", "percent", "money"].includes(q.type)) form[`q.${q.id}`] = "-1e400";
    const posted = await callRoute(sectionPage, { path: "/s", params: { orgId: world.orgA, assessmentId, sectionId: section.id }, form, cookie: world.cookies.owner });
    expect(posted.status).toBeGreaterThanOrEqual(400);
    expect(posted.status).toBeLessThan(500);
    expect(await digest()).toEqual(before);
  });

  it("unknown question ids, answers of another version, a megabyte note, a fake revision: a 4xx each", async () => {
    const before = await digest();
    const cases: Array<Record<string, string>> = [
      { questionId: "no_such_question", "q.no_such_question": "1" },
      { questionId: "recycled_paper", "q.recycled_paper": "true" }, // only in 2024.1: this assessment is 2025.1
      { questionId: "x".repeat(5000), [`q.${"x".repeat(5000)}`]: "1" },
      { questionId: "turnover", "q.turnover": "1000", "note.turnover": MEGABYTE },
      { questionId: "legal_form", "q.legal_form": "not_a_choice" },
    ];
    for (const form of cases) {
      const outcome = await callRoute(autosave, { path: "/answers", params: { orgId: world.orgA, assessmentId }, form, cookie: world.cookies.owner });
      expect(outcome.status, JSON.stringify(form).slice(0, 120)).toBe(422);
    }
    // A NUL byte (PostgreSQL cannot store it) is refused where the form is read: a 400 naming the field.
    const nul = await callRoute(autosave, { path: "/answers", params: { orgId: world.orgA, assessmentId }, form: { questionId: "waste_practices", "q.waste_practices": "separation\u0000" }, cookie: world.cookies.owner });
    expect(nul.status).toBe(400);
    expect(nul.data).toContain("q.waste_practices");
    // another organisation's assessment, through one's own organisation
    const other = await callRoute(autosave, { path: "/answers", params: { orgId: world.orgB, assessmentId }, form: { questionId: "turnover", "q.turnover": "1" }, cookie: world.cookies.otherOrgOwner });
    expect(other.status).toBe(404);
    expect(await digest()).toEqual(before);
  });

  it("a revision out of the column's range or not a whole number: a 400 naming the field, nothing saved", async () => {
    const before = await digest();
    const section = compiled.definition.sections.find((s) => s.questions.some((q) => q.id === "turnover"))!;
    for (const revision of ["99999999999", "2147483647", "-1", "1e3", "1.5", "abc"]) {
      const form = { questionId: "turnover", "q.turnover": "1000", "rev.turnover": revision };
      const single = await callRoute(autosave, { path: "/answers", params: { orgId: world.orgA, assessmentId }, form, cookie: world.cookies.owner });
      expect(single.status, `autosave with revision ${revision}`).toBe(400);
      expect(single.data).toContain("rev.turnover");
      const whole = await callRoute(sectionPage, { path: "/s", params: { orgId: world.orgA, assessmentId, sectionId: section.id }, form, cookie: world.cookies.owner });
      expect(whole.status, `section form with revision ${revision}`).toBe(400);
    }
    expect(await digest()).toEqual(before);
  });

  it("broken UTF-8 and bodies over the size limit: a 4xx, nothing saved", async () => {
    const before = await digest();
    const rawPost = async (body: Uint8Array, extraHeaders: Record<string, string> = {}) => {
      const template = buildRequest({ path: `/o/${world.orgA}/assessments/${assessmentId}/answers`, form: {}, cookie: world.cookies.owner });
      const headers = new Headers(template.headers);
      for (const [k, v] of Object.entries(extraHeaders)) headers.set(k, v);
      const request = new Request(template.url, { method: "POST", headers, body: body as BodyInit });
      try {
        const result = await autosave.action({ request, params: { orgId: world.orgA, assessmentId }, context: { clientIp: "127.0.0.1" } } as never);
        return (result as Response).status;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown.status;
        return 500;
      }
    };
    const prefix = new TextEncoder().encode(`csrf=${TEST_CSRF}&questionId=`);
    const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
    const enc = (s: string) => new TextEncoder().encode(s);
    // bytes 0xC3 0x28: an invalid two-byte sequence, raw and percent-encoded
    for (const [question, tail] of [
      ["legal_form", join(enc("legal_form&q.legal_form="), Uint8Array.of(0xc3, 0x28))],
      ["turnover", join(enc("turnover&q.turnover=1"), Uint8Array.of(0xc3, 0x28))],
      ["legal_form", enc("legal_form&q.legal_form=%C3%28")],
      ["unknown", join(Uint8Array.of(0xc3, 0x28), enc("&q.x=1"))],
    ] as const) {
      const status = await rawPost(join(prefix, tail));
      expect(status, `broken UTF-8 in ${question}`).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
    const big = join(prefix, enc("turnover&q.turnover=1&pad="), new Uint8Array(2_100_000).fill(0x61));
    expect(await rawPost(big, { "content-length": String(big.length) })).toBe(413);
    expect(await digest()).toEqual(before);
  });

  // readForm counts the bytes as it reads: a body without Content-Length is limited too.
  it("a chunked body over the size limit (no Content-Length) is refused", async () => {
    const template = buildRequest({ path: `/o/${world.orgA}/assessments/${assessmentId}/answers`, form: {}, cookie: world.cookies.owner });
    const body = new TextEncoder().encode(`csrf=${TEST_CSRF}&questionId=members_total&q.members_total=7&pad=${"a".repeat(2_100_000)}`);
    const request = new Request(template.url, { method: "POST", headers: template.headers, body });
    let status: number;
    try {
      status = ((await autosave.action({ request, params: { orgId: world.orgA, assessmentId }, context: { clientIp: "127.0.0.1" } } as never)) as Response).status;
    } catch (thrown) {
      status = thrown instanceof Response ? thrown.status : 500;
    }
    expect(status).toBe(413);
  });
});
