/**
 * The headers every response carries (privacy.md, "Accounts and sessions"; docs/security.md).
 *
 * Pages get a content security policy whose scripts are this site's files and the inline
 * scripts carrying the request's nonce (Remix's <Scripts>, <ScrollRestoration> and the streamed
 * data): no 'unsafe-inline' for scripts. Every other response (data, JSON, exports, static
 * files, errors) gets a policy that allows nothing, which only matters if a browser is made to
 * open it as a page. Styles keep 'unsafe-inline': the charts' SVG carries style attributes.
 */
export function securityHeaders({ nonce }: { nonce?: string } = {}): Record<string, string> {
  const policy = nonce
    ? [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]
    : ["default-src 'none'", "form-action 'none'", "base-uri 'none'", "frame-ancestors 'none'"];
  return {
    "Content-Security-Policy": policy.join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
}

/** Sent only on a response to a request that came over HTTPS (browsers ignore it otherwise). */
export const HSTS = { name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" } as const;

/** What a response says about caching when it says nothing itself: pages and data are private. */
export const DEFAULT_CACHE_CONTROL = "no-store";
