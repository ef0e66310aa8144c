/**
 * The HTML a loader rendered for <ServerHtml>, kept for the render of the same request: keyed by
 * the load context (one object per HTTP request, made in server.js), so it is gone with it.
 */
const stores = new WeakMap<object, Map<string, string>>();

export function keepServerHtml(context: unknown, key: string, html: string): string {
  if (!context || typeof context !== "object") throw new Error("keepServerHtml needs the request's load context");
  let store = stores.get(context);
  if (!store) stores.set(context, (store = new Map()));
  store.set(key, html);
  return key;
}

export function serverHtmlOf(context: unknown): (key: string) => string | undefined {
  const store = context && typeof context === "object" ? stores.get(context) : undefined;
  return (key) => store?.get(key);
}
