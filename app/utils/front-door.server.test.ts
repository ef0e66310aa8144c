import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressIsReadable, frontDoor } from "./front-door.server";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (frontDoor(req, res)) return;
    if (req.url === "/cached") res.setHeader("cache-control", "public, max-age=60");
    if (req.url === "/own-policy") {
      res.writeHead(200, { "content-security-policy": "default-src 'self'" });
      res.end("page");
      return;
    }
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the front door", () => {
  it("gives every response the security headers and no-store it does not set itself, and no HSTS over plain HTTP", async () => {
    const r = await fetch(`${base}/anything`);
    expect(r.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("strict-transport-security")).toBeNull();
    const cached = await fetch(`${base}/cached`);
    expect(cached.headers.get("cache-control")).toBe("public, max-age=60");
    const own = await fetch(`${base}/own-policy`);
    expect(own.headers.get("content-security-policy")).toBe("default-src 'self'");
  });

  it("refuses NUL bytes in the path or the search with a 400 in the person's language", async () => {
    for (const path of ["/o/%00", "/public/%00", "/x?q=a%00b", "/x?a%00=1", "/%E0%A4%A"]) {
      const r = await fetch(`${base}${path}`, { headers: { "accept-language": "es" } });
      expect(r.status, path).toBe(400);
      expect(await r.text()).toContain("Compruebe el enlace");
    }
    expect((await fetch(`${base}/x?q=ok%20fine`)).status).toBe(200);
  });

  it("refuses a POST from another origin or Origin: null with a 403, and lets our own through", async () => {
    for (const origin of ["https://evil.example", "null"]) {
      const r = await fetch(`${base}/signin`, { method: "POST", headers: { origin }, body: "a=1" });
      expect(r.status, origin).toBe(403);
    }
    expect((await fetch(`${base}/signin`, { method: "POST", headers: { origin: base }, body: "a=1" })).status).toBe(200);
    expect((await fetch(`${base}/signin`, { method: "POST", body: "a=1" })).status).toBe(200);
  });

  it("reads addresses linearly and only refuses what no route can use", () => {
    expect(addressIsReadable("/o/abc?q=%C3%A9")).toBe(true);
    expect(addressIsReadable("/o/abc?q=%ZZ")).toBe(true);
    expect(addressIsReadable("/o/%00")).toBe(false);
    expect(addressIsReadable(`/x?${"a=1&".repeat(5000)}b=%00`)).toBe(false);
  });
});
