/**
 * The fault scripts' load: people saving answers back to back through the autosave API, each
 * on a question of their own, keeping every acknowledged save (200) to check against the
 * database afterwards. A 409 (a save committed whose answer was lost on the way) adopts the
 * stored revision and goes on; errors and 5xx are counted, never retried blindly.
 */
import postgres from "postgres";
import { CSRF, saveBody, sleep } from "../lib/harness";

export interface Writer {
  label: string;
  organisationId: string;
  assessmentId: string;
  cookie: string;
  questionId: string;
  sectionId: string;
}

export interface Acknowledged {
  value: number;
  revision: number;
}

export function startLoad(getBaseUrl: () => string, writers: Writer[], { maxMs = 60_000 } = {}) {
  const acknowledged = new Map<string, Acknowledged>(); // assessmentId/questionId -> last 200
  const statuses: Record<string, number> = {};
  /** Each request: when it ended (`at`) and started, ms since the load started, and its status. */
  const timeline: Array<{ at: number; startedAt: number; ms: number; status: string }> = [];
  let stop = false;
  const started = Date.now();
  const loops = writers.map(async (w, index) => {
    let revision: number | null = null;
    let n = 1000 * (index + 1);
    while (!stop && Date.now() - started < maxMs) {
      n += 1;
      let status = "error";
      const startedAt = Date.now() - started;
      try {
        const response = await fetch(`${getBaseUrl()}/o/${w.organisationId}/assessments/${w.assessmentId}/answers`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie: w.cookie },
          body: saveBody(w.questionId, w.sectionId, n, revision),
          signal: AbortSignal.timeout(10_000),
        });
        status = String(response.status);
        const body = (await response.json().catch(() => ({}))) as { revision?: number; current?: { revision: number } };
        if (response.status === 200 && body.revision) {
          revision = body.revision;
          acknowledged.set(`${w.assessmentId}/${w.questionId}`, { value: n, revision });
        } else if (response.status === 409 && body.current) {
          revision = body.current.revision;
        }
      } catch {
        status = "error";
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      const at = Date.now() - started;
      timeline.push({ at, startedAt, ms: at - startedAt, status });
      if (status === "error" || status.startsWith("5")) await sleep(100);
    }
  });
  return {
    acknowledged,
    statuses,
    timeline,
    /** 200s after `ms` since the start. */
    /** Milliseconds since the load started (the timeline's clock). */
    elapsed: () => Date.now() - started,
    async stop() {
      stop = true;
      await Promise.all(loops);
    },
  };
}

/** Every acknowledged save is stored: the same revision with its value, or a later revision. */
export function compare(acknowledged: Map<string, Acknowledged>, stored: Map<string, { value: unknown; revision: number }>) {
  const missing: string[] = [];
  for (const [key, ack] of acknowledged) {
    const row = stored.get(key);
    if (!row || row.revision < ack.revision || (row.revision === ack.revision && Number(row.value) !== ack.value)) {
      missing.push(`${key}: acknowledged revision ${ack.revision} = ${ack.value}, stored ${row ? `revision ${row.revision} = ${JSON.stringify(row.value)}` : "nothing"}`);
    }
  }
  return missing;
}

export async function storedAnswersPostgres(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ assessment_id: string; question_id: string; value: { v: unknown }; revision: number }[]>`select assessment_id, question_id, value, revision from answers`;
    return new Map(rows.map((r) => [`${r.assessment_id}/${r.question_id}`, { value: r.value?.v, revision: r.revision }]));
  } finally {
    await sql.end();
  }
}

/** Signs in through the sign-in form; returns the Cookie header and the page it lands on. */
export async function signIn(baseUrl: string, email: string, password: string) {
  const response = await fetch(`${baseUrl}/signin`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `bilan_csrf=${CSRF}` },
    body: new URLSearchParams({ csrf: CSRF, email, password }).toString(),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("bilan_session=") && !c.startsWith("bilan_session=;"));
  if (!session) throw new Error(`sign-in of ${email} answered ${response.status} without a session`);
  return { cookie: `${session.split(";")[0]}; bilan_csrf=${CSRF}`, location: response.headers.get("location"), status: response.status };
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
