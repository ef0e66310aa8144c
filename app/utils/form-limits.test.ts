import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm as parseFields } from "#app/forms/parse";
import { FORM_MAX_FIELDS, readForm } from "./csrf.server";

const CSRF = "t".repeat(43);

function post(body: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/signin", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `bilan_csrf=${CSRF}`, host: "localhost:3000", origin: "http://localhost:3000", ...headers },
    body,
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
  return { status: 200, text: "" };
}

describe("form parsing is linear and bounded", () => {
  // (quadratic parsing took about 30 s here; the bounds leave room for a busy machine)
  it("collects 40,000 copies of one field in well under the time quadratic parsing took", () => {
    const form = new FormData();
    for (let i = 0; i < 40_000; i++) form.append("a", "x");
    const started = performance.now();
    const parsed = parseFields(z.object({ a: z.array(z.string()) }), form);
    const took = performance.now() - started;
    expect(parsed.ok && parsed.data.a.length).toBe(40_000);
    expect(took).toBeLessThan(3000);
  });

  it("keeps a field named like an object property a field", () => {
    const form = new FormData();
    form.append("__proto__", "x");
    form.append("constructor", "y");
    const parsed = parseFields(z.object({ constructor: z.string() }), form);
    expect(parsed.ok).toBe(true);
    expect(parsed.values.constructor).toBe("y");
  });

  it("refuses a body of 400,000 repeated fields (1.6 MB, under the size limit) with a 413 and a message, fast", async () => {
    const body = `csrf=${CSRF}&` + "a=1&".repeat(400_000);
    expect(body.length).toBeLessThan(2_000_000);
    const started = performance.now();
    const { status, text } = await refusal(readForm(post(body)));
    expect(status).toBe(413);
    expect(text).toMatch(/more fields than any form of Bilan \(2.000 at most\)/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("accepts as many fields as a form may have, and refuses one more", async () => {
    const fields = (n: number) => [`csrf=${CSRF}`, ...Array.from({ length: n - 1 }, (_, i) => `f${i}=1`)].join("&");
    expect((await readForm(post(fields(FORM_MAX_FIELDS)))).get("f0")).toBe("1");
    expect((await refusal(readForm(post(fields(FORM_MAX_FIELDS + 1))))).status).toBe(413);
  });

  it("refuses a multipart body with too many parts before parsing it", async () => {
    const boundary = "----b";
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = part("csrf", CSRF) + part("a", "1").repeat(FORM_MAX_FIELDS + 5) + `--${boundary}--\r\n`;
    const { status } = await refusal(readForm(post(body, { "content-type": `multipart/form-data; boundary=${boundary}` })));
    expect(status).toBe(413);
  });

  it("refuses a NUL byte in a value or a name with a 400 naming the field, in the person's language", async () => {
    const value = await refusal(readForm(post(`csrf=${CSRF}&name=Al%00ice`, { "accept-language": "fr" })));
    expect(value.status).toBe(400);
    expect(value.text).toContain("« name »");
    expect(value.text).toContain("NUL");
    const name = await refusal(readForm(post(`csrf=${CSRF}&na%00me=x`)));
    expect(name.status).toBe(400);
    expect(name.text).toContain("na␀me");
  });

  it("refuses Origin: null and another origin with a 403", async () => {
    expect((await refusal(readForm(post(`csrf=${CSRF}&a=1`, { origin: "null" })))).status).toBe(403);
    expect((await refusal(readForm(post(`csrf=${CSRF}&a=1`, { origin: "https://evil.example" })))).status).toBe(403);
    expect((await readForm(post(`csrf=${CSRF}&a=1`))).get("a")).toBe("1");
    const wrongToken = await refusal(readForm(post(`csrf=${"x".repeat(43)}&a=1`, { "accept-language": "ca" })));
    expect(wrongToken.status).toBe(403);
    expect(wrongToken.text).toContain("Torneu a carregar la pàgina");
  });
});
