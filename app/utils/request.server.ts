/** What the HTTP server passes to every loader and action (see server.js). */
export interface AppLoadContext {
  clientIp?: string;
}

export function clientIp(context: unknown): string {
  const ip = (context as AppLoadContext | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}

/** Only local paths: an open redirect would turn our sign-in page into a phishing helper. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
