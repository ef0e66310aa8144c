import { createSession } from "#app/utils/session.server";

/** Remix route module shape, enough to call loaders and actions directly. */
export interface RouteModule {
  loader?: (args: any) => unknown;
  action?: (args: any) => unknown;
}

export interface RouteCall {
  path: string;
  params?: Record<string, string>;
  method?: "GET" | "POST";
  form?: Record<string, string | string[]>;
  /** Session cookie header value ("name=token"), from sessionCookieFor. */
  cookie?: string;
  /** Leave out the CSRF token to test the refusal. */
  withoutCsrf?: boolean;
  headers?: Record<string, string>;
  ip?: string;
}

export interface RouteOutcome {
  status: number;
  data: any;
  headers: Headers;
  location?: string | null;
}

export const TEST_CSRF = "t".repeat(43);
const ORIGIN = "http://localhost:3000";

export function buildRequest(call: RouteCall): Request {
  const method = call.method ?? (call.form ? "POST" : "GET");
  const headers = new Headers(call.headers);
  const cookies = [`bilan_csrf=${TEST_CSRF}`];
  if (call.cookie) cookies.push(call.cookie);
  headers.set("cookie", cookies.join("; "));
  headers.set("host", "localhost:3000");
  let body: URLSearchParams | undefined;
  if (method === "POST") {
    body = new URLSearchParams();
    if (!call.withoutCsrf) body.append("csrf", TEST_CSRF);
    for (const [key, value] of Object.entries(call.form ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    headers.set("content-type", "application/x-www-form-urlencoded");
    if (!headers.has("origin")) headers.set("origin", ORIGIN);
  }
  return new Request(new URL(call.path, ORIGIN), { method, headers, body });
}

/** Calls a loader (GET) or an action (POST) as Remix would, and normalises what comes back. */
export async function callRoute(module: RouteModule, call: RouteCall): Promise<RouteOutcome> {
  const request = buildRequest(call);
  const fn = request.method === "GET" ? module.loader : module.action;
  if (!fn) throw new Error(`route has no ${request.method === "GET" ? "loader" : "action"}`);
  const args = { request, params: call.params ?? {}, context: { clientIp: call.ip ?? "127.0.0.1" } };
  let result: unknown;
  try {
    result = await fn(args);
  } catch (thrown) {
    if (thrown instanceof Response) return fromResponse(thrown);
    throw thrown;
  }
  if (result instanceof Response) return fromResponse(result);
  if (result && typeof result === "object" && (result as any).type === "DataWithResponseInit") {
    const init = (result as any).init ?? {};
    return { status: init.status ?? 200, data: (result as any).data, headers: new Headers(init.headers) };
  }
  return { status: 200, data: result, headers: new Headers() };
}

async function fromResponse(response: Response): Promise<RouteOutcome> {
  const text = await response.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: response.status, data, headers: response.headers, location: response.headers.get("location") };
}

/** A live session for the user, as the Cookie header value. */
export async function sessionCookieFor(userId: string): Promise<string> {
  const setCookie = await createSession(userId);
  return setCookie.split(";")[0];
}
