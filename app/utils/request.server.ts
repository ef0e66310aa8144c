/** What the HTTP server passes to every loader and action (see server.js). */
export interface AppLoadContext {
  clientIp?: string;
}

/**
 * What identifies one HTTP request across its loaders, for memos of that request: the load
 * context (one object per request, made in server.js; Remix gives each loader its own copy of
 * the Request), else the Request.
 */
export function requestKey(request: Request, context?: unknown): object {
  return context && typeof context === "object" ? context : request;
}

export function clientIp(context: unknown): string {
  const ip = (context as AppLoadContext | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
