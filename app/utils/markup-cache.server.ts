import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync, constants } from "node:zlib";
import type { ReactElement } from "react";
import { renderToStaticMarkup, renderToString } from "react-dom/server";
import type { MarkupCache } from "#app/components/markup-cache";

/**
 * Renderings are kept compressed (a report's HTML is mostly repeated markup, which deflates to a
 * fraction of its size), up to this many bytes: many more different reports, one per
 * organisation reading its own, than the two hundred kept as text before.
 */
const MAX_BYTES = 48 * 1024 * 1024;
const rendered = new Map<string, Buffer>();
let bytes = 0;

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
  const packed = rendered.get(hash);
  if (packed === undefined) return undefined;
  // Most recently used last: the first entry is the one to drop.
  rendered.delete(hash);
  rendered.set(hash, packed);
  return inflateRawSync(packed).toString("utf8");
}

function keep(hash: string, html: string): string {
  const packed = deflateRawSync(html, { level: constants.Z_BEST_SPEED });
  const before = rendered.get(hash);
  if (before) bytes -= before.length;
  rendered.set(hash, packed);
  bytes += packed.length;
  while (bytes > MAX_BYTES && rendered.size > 1) {
    const [oldest, dropped] = rendered.entries().next().value!;
    rendered.delete(oldest);
    bytes -= dropped.length;
  }
  return html;
}
