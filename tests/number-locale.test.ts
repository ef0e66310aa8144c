import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client";
import { users } from "#db/schema/index";
import { serveAutosave } from "#app/assessments/autosave-endpoint.server";
import type { Locale } from "#app/i18n/locales";
import { numberReading } from "#app/components/question-field";
import { loadAnswers } from "#app/models/assessments.server";
import { createCampaign } from "#app/models/campaigns.server";
import { recordDefinitions } from "#app/models/definitions.server";
import * as home from "#app/routes/o.$orgId._index";
import * as answersRoute from "#app/routes/o.$orgId.assessments.$assessmentId.answers";
import * as sectionRoute from "#app/routes/o.$orgId.assessments.$assessmentId.$sectionId";
import { setupTestDatabase } from "./setup/database";
import { buildRequest, callRoute, type RouteCall } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// A number typed by a reader is read in the reader's language, the same way through the three
// doors of a save: the autosave route module, the autosave endpoint served before Remix, and the
// section's form posted without JavaScript.
setupTestDatabase();

const VERSION = "social-balance-basic@2025.1";
const QUESTION = "turnover"; // money, no limit on other answers
const SECTION = "general";
let world: World;
let assessmentId: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  await recordDefinitions();
  world = await createWorld();
  const created = await createCampaign({ year: 2026, opensOn: "2026-04-20", closesOn: "2026-07-15", versionIds: [VERSION] }, null, "open");
  if (!created.ok) throw new Error("campaign");
  const started = await callRoute(home, { path: `/o/${world.orgA}`, params: { orgId: world.orgA }, cookie: world.cookies.editor, form: { campaignId: created.id, versionId: VERSION } });
  assessmentId = started.location!.split("/").pop()!;
  server = http.createServer((req, res) => {
    if (!serveAutosave(req, res)) res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

async function speaks(locale: Locale) {
  const db = await getDb();
  await db.update(users).set({ locale }).where(eq(users.id, world.users.editor));
}

async function stored() {
  return (await loadAnswers(assessmentId)).get(QUESTION)?.value;
}

const autosaveCall = (text: string): RouteCall => ({
  path: `/o/${world.orgA}/assessments/${assessmentId}/answers`,
  params: { orgId: world.orgA, assessmentId },
  cookie: world.cookies.editor,
  form: { sectionId: SECTION, questionId: QUESTION, [`q.${QUESTION}`]: text },
});

async function viaNode(call: RouteCall): Promise<number> {
  const request = buildRequest(call);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => (headers[key] = value));
  const body = Buffer.from(await request.arrayBuffer());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: call.path, method: "POST", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function revision() {
  return (await loadAnswers(assessmentId)).get(QUESTION)?.revision ?? null;
}

const doors = {
  "the autosave route": async (text: string) => {
    const call = autosaveCall(text);
    call.form![`rev.${QUESTION}`] = String((await revision()) ?? "");
    return (await callRoute(answersRoute, call)).status;
  },
  "the autosave endpoint": async (text: string) => {
    const call = autosaveCall(text);
    call.form![`rev.${QUESTION}`] = String((await revision()) ?? "");
    return viaNode(call);
  },
  "the section form without JavaScript": async (text: string) => {
    const outcome = await callRoute(sectionRoute, {
      path: `/o/${world.orgA}/assessments/${assessmentId}/${SECTION}`,
      params: { orgId: world.orgA, assessmentId, sectionId: SECTION },
      cookie: world.cookies.editor,
      form: { [`q.${QUESTION}`]: text, [`rev.${QUESTION}`]: String((await revision()) ?? "") },
    });
    return outcome.status === 302 ? 200 : outcome.status;
  },
};

const cases: Array<[Locale, string, number]> = [
  ["ca", "250.000", 250000],
  ["es", "250.000", 250000],
  ["es", "1.234,5", 1234.5],
  ["ca", "2,5", 2.5],
  ["fr", "1\u202f234,5", 1234.5],
  ["fr", "250 000", 250000],
  ["en", "1,234", 1234],
  ["en", "250.000", 250],
  ["en", "1,234.5", 1234.5],
];

describe("numbers typed in the reader's language", () => {
  for (const [door, save] of Object.entries(doors)) {
    it.each(cases)(`${door}: in %s, %j is stored as %s`, async (locale, text, expected) => {
      await speaks(locale);
      expect(await save(text)).toBe(200);
      expect(await stored()).toBe(expected);
    });

    it(`${door}: refuses a number written in another language's format, and keeps the stored one`, async () => {
      await speaks("es");
      expect(await save("7")).toBe(200);
      expect(await save("1,234.5")).toBe(422);
      expect(await stored()).toBe(7);
    });
  }

  it("shows beside the field what the typed text is read as, in the reader's format", () => {
    expect(numberReading("250.000", "ca")).toBe("250.000");
    expect(numberReading("250.000", "en")).toBe("250");
    expect(numberReading("1,234", "en")).toBe("1,234");
    expect(numberReading("1,234", "es")).toBe("1,234");
    expect(numberReading("1 234,5", "fr")).toBe("1\u202f234,5");
    expect(numberReading("twelve", "en")).toBeNull();
    expect(numberReading("", "en")).toBeNull();
  });
});
