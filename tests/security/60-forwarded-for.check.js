// A forged X-Forwarded-For does not get around the per-address sign-in limit.
// Expects the built server started with TRUST_PROXY=1 (one proxy in front: the check plays the
// proxy, appending the "client" address at the right of what the client wrote).
import { randomBytes } from "node:crypto";

const LIMIT_PER_MINUTE = 10;

export async function check({ baseUrl, fetch = globalThis.fetch }) {
  // The address the proxy saw; fresh for each run so that other checks' attempts do not count.
  const seen = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;
  const csrf = randomBytes(32).toString("base64url");
  const statuses = [];
  for (let i = 0; i <= LIMIT_PER_MINUTE; i++) {
    // Each attempt a new invented address at the left, as an attacker writes them, and a new
    // account, so that only the per-address limit is in play.
    const forged = `10.${i}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const body = new URLSearchParams({ csrf, email: `nobody-${randomBytes(6).toString("hex")}@example.invalid`, password: "not the password" });
    const response = await fetch(new URL("/signin", baseUrl), {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: `bilan_csrf=${csrf}; __Host-bilan_csrf=${csrf}`,
        "x-forwarded-for": `${forged}, ${seen}`,
      },
      body,
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  const expected = [...Array(LIMIT_PER_MINUTE).fill(400), 429];
  if (statuses.join() !== expected.join()) {
    throw new Error(
      `forged X-Forwarded-For: ${LIMIT_PER_MINUTE + 1} failed sign-ins from ${seen} behind one proxy, each with another invented ` +
        `left-most address, answered ${statuses.join(" ")}; expected ${expected.join(" ")} (the address the proxy appended is counted). ` +
        `Is the server running with TRUST_PROXY=1?`,
    );
  }
}

export default [
  {
    name: "a forged left-most X-Forwarded-For does not dodge the per-address sign-in limit (TRUST_PROXY=1)",
    timeout: 240_000,
    run: async ({ startServer }) => {
      const proxied = await startServer({ env: { TRUST_PROXY: "1" } });
      await check({ baseUrl: proxied.baseURL });
    },
  },
];
