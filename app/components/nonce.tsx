import { createContext, useContext } from "react";

/**
 * The nonce of this page's inline scripts, given by the server entry (entry.server.tsx) and
 * named in the page's content security policy. In the browser it is empty: scripts added after
 * hydration are modules of this site, which the policy allows by their origin.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
