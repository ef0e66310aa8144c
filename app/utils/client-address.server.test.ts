import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address.server";
import { parseEnv } from "./env.server";

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }, socket: { remoteAddress } }) as Parameters<typeof clientAddress>[0];
const trust = (value: string) => parseEnv({ TRUST_PROXY: value }).TRUST_PROXY;

describe("TRUST_PROXY", () => {
  it("takes false, true (one proxy), a number of proxies, or the proxies' addresses", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(trust("false")).toBe(false);
    expect(trust("0")).toBe(false);
    expect(trust("true")).toEqual({ hops: 1 });
    expect(trust("1")).toEqual({ hops: 1 });
    expect(trust("2")).toEqual({ hops: 2 });
    expect(trust("10.0.0.1, 10.1.0.0/16,loopback")).toEqual({ addresses: ["10.0.0.1", "10.1.0.0/16", "loopback"] });
  });

  it("stops the start on a value it cannot read, naming the variable", () => {
    for (const bad of ["yes", "11", "10.0.0.300", "10.0.0.0/99", "proxy.example"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrowError(/TRUST_PROXY: must be false, true/);
    }
  });
});

describe("the client's address", () => {
  // The client wrote "6.6.6.6"; the proxy at 10.0.0.1 appended the address it saw, 203.0.113.9.
  const forged = request("10.0.0.1", "6.6.6.6, 203.0.113.9");

  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress(forged, false)).toBe("10.0.0.1");
  });

  it("is the address the trusted proxy appended, never the left-most one the client wrote", () => {
    expect(clientAddress(forged, trust("true"))).toBe("203.0.113.9");
    expect(clientAddress(forged, trust("10.0.0.0/8"))).toBe("203.0.113.9");
  });

  it("walks as many proxies as it is told, from the right", () => {
    // client -> CDN (appends 198.51.100.4) -> load balancer 10.0.0.2 (appends the CDN's 192.0.2.1) -> Bilan
    const twoHops = request("10.0.0.2", "6.6.6.6, 198.51.100.4, 192.0.2.1");
    expect(clientAddress(twoHops, trust("2"))).toBe("198.51.100.4");
    expect(clientAddress(twoHops, trust("10.0.0.2, 192.0.2.1"))).toBe("198.51.100.4");
  });

  it("takes the socket's peer when the request did not come from a trusted proxy", () => {
    expect(clientAddress(request("203.0.113.50", "6.6.6.6"), trust("10.0.0.0/8"))).toBe("203.0.113.50");
  });
});
