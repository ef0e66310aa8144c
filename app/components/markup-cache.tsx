import { createContext, useContext, type ReactElement } from "react";

/**
 * Server rendering of a subtree through a cache of its markup. On the server, entry.server.tsx
 * provides `render`: it renders the element to HTML once per `key` (the subtree's props, hashed)
 * and the page embeds that HTML; in the browser there is no provider, the subtree renders and
 * hydrates as usual over that same markup (renderToString keeps the markers hydration needs).
 * For subtrees that are a pure function of their props and large: the report's body.
 */
export interface MarkupCache {
  render(key: unknown, element: ReactElement): string;
}

export const MarkupCacheContext = createContext<MarkupCache | null>(null);

export function CachedMarkup({ cacheKey, className, children }: { cacheKey: unknown; className?: string; children: ReactElement }) {
  const cache = useContext(MarkupCacheContext);
  if (cache) return <div className={className} dangerouslySetInnerHTML={{ __html: cache.render(cacheKey, children) }} />;
  return <div className={className}>{children}</div>;
}
