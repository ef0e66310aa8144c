import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { getEnv, type TrustProxy } from "./env.server";

type Trust = (address: string, hop: number) => boolean;

const compiled = new WeakMap<object, Trust>();

/** The trust function of a TRUST_PROXY setting, in the form Express's `trust proxy` takes. */
export function trustFunction(setting: TrustProxy): Trust | false {
  if (!setting) return false;
  let trust = compiled.get(setting);
  if (!trust) {
    if ("hops" in setting) {
      const { hops } = setting;
      trust = (_address, hop) => hop < hops;
    } else {
      trust = proxyaddr.compile(setting.addresses);
    }
    compiled.set(setting, trust);
  }
  return trust;
}

/** For server.js: `app.set("trust proxy", expressTrustProxy())`. */
export function expressTrustProxy(): Trust | false {
  return trustFunction(getEnv().TRUST_PROXY);
}

/**
 * The client's address, for the rate limits and the audit log: the socket's peer, or, behind
 * trusted proxies, the address the last trusted proxy appended to X-Forwarded-For, walking from
 * the right. What the client wrote itself (the left-most entries) is never taken. The one place
 * that decides it, for Express (server.js) and the autosave endpoint alike.
 */
export function clientAddress(req: Pick<IncomingMessage, "headers" | "socket">, setting: TrustProxy = getEnv().TRUST_PROXY): string {
  const trust = trustFunction(setting);
  if (!trust) return req.socket.remoteAddress || "unknown";
  return proxyaddr(req as IncomingMessage, trust) || "unknown";
}
