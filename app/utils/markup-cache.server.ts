import { createHash } from "node:crypto";
import type { ReactElement } from "react";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import type { MarkupCache } from "#app/components/markup-cache";

/** About 200 kB for a report: at most some 40 MB. */
const MAX_ENTRIES = 200;
const rendered = new Map<string, string>();

/**
 * The key is the hash of everything the subtree is drawn from (its props and language, or the
 * sources they are built from, given by the caller): any change makes a new entry, so a stale
 * rendering is never served. Least recently used entries go first.
 */
export const markupCache: MarkupCache & { renderStatic(key: unknown, element: () => Promise<ReactElement>): Promise<string> } = {
  /** For a subtree the browser hydrates: with the markers hydration needs. */
  render(key, element) {
    const hash = hashOf(["hydrated", key]);
    return kept(hash) ?? keep(hash, renderToString(element));
  },
  /**
   * For HTML the browser keeps as it is (ServerHtml): without the markers. The element is built
   * only when the key is new, so the caller can key by the sources and skip building the props.
   */
  async renderStatic(key, element) {
    const hash = hashOf(["static", key]);
    return kept(hash) ?? keep(hash, renderToStaticMarkup(await element()));
  },
};

const hashOf = (key: unknown) => createHash("sha256").update(JSON.stringify(key)).digest("base64url");

function kept(hash: string): string | undefined {
  const html = rendered.get(hash);
  if (html !== undefined) {
    // Most recently used last: the first entry is the one to drop.
    rendered.delete(hash);
    rendered.set(hash, html);
  }
  return html;
}

function keep(hash: string, html: string): string {
  rendered.set(hash, html);
  if (rendered.size > MAX_ENTRIES) rendered.delete(rendered.keys().next().value!);
  return html;
}
