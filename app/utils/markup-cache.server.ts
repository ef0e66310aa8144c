import { createHash } from "node:crypto";
import type { ReactElement } from "react";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import type { MarkupCache } from "#app/components/markup-cache";

/** About 200 kB for a report: at most some 40 MB. */
const MAX_ENTRIES = 200;
const rendered = new Map<string, string>();

/**
 * The key is the hash of everything the subtree is drawn from (its props and language, given
 * by the caller): any change makes a new entry, so a stale rendering is never served. Least
 * recently used entries go first.
 */
export const markupCache: MarkupCache & { renderStatic(key: unknown, element: ReactElement): string } = {
  /** For a subtree the browser hydrates: with the markers hydration needs. */
  render: (key, element) => cached(["hydrated", key], () => renderToString(element)),
  /** For HTML the browser keeps as it is (ServerHtml): without them. */
  renderStatic: (key, element) => cached(["static", key], () => renderToStaticMarkup(element)),
};

function cached(key: unknown, render: () => string): string {
  const hash = createHash("sha256").update(JSON.stringify(key)).digest("base64url");
  const kept = rendered.get(hash);
  if (kept !== undefined) {
    rendered.delete(hash);
    rendered.set(hash, kept);
    return kept;
  }
  const html = render();
  rendered.set(hash, html);
  if (rendered.size > MAX_ENTRIES) rendered.delete(rendered.keys().next().value!);
  return html;
}

export function clearMarkupCache() {
  rendered.clear();
}
