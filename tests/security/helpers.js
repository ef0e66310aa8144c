// Helpers for the checks of `npm run test:security` (tests/security/run.js): the built server
// started on a free port and a temporary data directory, and a small HTTP client with a cookie
// jar that signs in like a browser would (CSRF cookie and field, session cookie).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../setup/free-port.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, "../..");

export const DEMO_PASSWORD = "bilan-demo-2026";
export const DEMO = {
  admin: "admin@bilan.example",
  owner: "owner@teixidores.example",
  editor: "editor@teixidores.example",
  otherOwner: "owner@hortaviva.example",
};

/**
 * Starts `node server.js` from the build in production mode on a free port and an empty
 * temporary data directory (the demo network unless env says DEMO_DATA=false), waits for
 * /healthz, and returns { baseURL, port, stop, logTail }. `env` adds or overrides variables
 * (e.g. { TRUST_PROXY: "true" }); a variable set to undefined is removed.
 */
export async function startServer({ env: extra = {}, timeoutMs = 180_000 } = {}) {
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bilan-security-"));
  const logFile = path.join(dataDir, "server.log");
  const log = fs.openSync(logFile, "a");
  const env = { ...process.env, NODE_ENV: "production", PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: baseURL, DEMO_DATA: "true" };
  for (const name of ["DATABASE_URL", "SMTP_URL", "SECURE_COOKIES", "TRUST_PROXY", "WORKERS"]) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(process.execPath, ["server.js"], { cwd: root, env, stdio: ["ignore", log, log] });
  let exited = null;
  const exit = new Promise((resolve) => child.on("exit", (code, signal) => resolve((exited = { code, signal }))));
  const logTail = (lines = 30) => {
    try {
      return fs.readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no server log)";
    }
  };
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(timer);
    }
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const tail = logTail();
      await stop();
      throw new Error(`the server exited during start (code ${exited.code}); its log:\n${tail}`);
    }
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseURL, port, stop, logTail };
}

/**
 * A browser-like client: keeps cookies, sends our Origin on POSTs, never follows redirects (the
 * checks look at Location). `request(path, { method, form, body, headers })` returns
 * { status, headers, text, location }.
 */
export function client(baseURL) {
  const jar = new Map();
  const origin = new URL(baseURL).origin;
  async function request(pathname, { method, form, body, headers = {}, origin: sentOrigin = origin } = {}) {
    const init = { method: method ?? (form || body !== undefined ? "POST" : "GET"), headers: { ...headers }, redirect: "manual" };
    if (jar.size) init.headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (init.method !== "GET" && init.method !== "HEAD") {
      if (sentOrigin !== null && !Object.keys(init.headers).some((h) => h.toLowerCase() === "origin")) init.headers.origin = sentOrigin;
      if (form) {
        init.body = new URLSearchParams(form).toString();
        init.headers["content-type"] = "application/x-www-form-urlencoded";
      } else if (body !== undefined) {
        init.body = body;
        if (!Object.keys(init.headers).some((h) => h.toLowerCase() === "content-type")) init.headers["content-type"] = "application/x-www-form-urlencoded";
      }
    }
    const response = await fetch(new URL(pathname, baseURL), init);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, location: response.headers.get("location") };
  }
  /** The CSRF token of this client's cookie (fetched from a page when there is none yet). */
  async function csrf() {
    const name = [...jar.keys()].find((k) => k.endsWith("bilan_csrf"));
    if (name) return decodeURIComponent(jar.get(name));
    await request("/signin");
    const again = [...jar.keys()].find((k) => k.endsWith("bilan_csrf"));
    if (!again) throw new Error("the server set no CSRF cookie on /signin");
    return decodeURIComponent(jar.get(again));
  }
  /** Signs in through the form; returns the response (302 on success). */
  async function signIn(email, password = DEMO_PASSWORD, extra = {}) {
    return request("/signin", { form: { csrf: await csrf(), email, password, ...extra } });
  }
  return { request, csrf, signIn, jar, origin };
}

/** A signed-in client, checked. */
export async function signedIn(baseURL, email, password = DEMO_PASSWORD) {
  const c = client(baseURL);
  const r = await c.signIn(email, password);
  if (r.status !== 302) throw new Error(`signing in as ${email} answered ${r.status}: ${r.text.slice(0, 200)}`);
  return c;
}

/** The first organisation id linked from a signed-in person's home page. */
export async function firstOrganisationId(c) {
  const home = await c.request("/");
  const match = /^\/o\/([^/?#]+)/.exec(home.location ?? "") ?? /href="\/o\/([^"/?#]+)/.exec(home.text);
  if (!match) throw new Error(`no organisation link on the home page (${home.status} ${home.location ?? home.text.slice(0, 200)})`);
  return match[1];
}
