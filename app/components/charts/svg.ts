/**
 * SVG as text. The report draws about sixty charts of a few dozen shapes each: built as strings,
 * they cost a fraction of the same shapes as React elements, on the server and in the browser.
 * Everything that is not a number goes through escaping.
 */
export type SvgAttributes = Record<string, string | number | null | undefined>;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** One element: attributes in the given order (null and undefined left out), children as built. */
export function el(tag: string, attributes: SvgAttributes, ...children: string[]): string {
  let out = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${typeof value === "number" ? value : escapeXml(value)}"`;
  }
  return children.length ? `${out}>${children.join("")}</${tag}>` : `${out}/>`;
}

/** Text content, escaped. */
export const text = (value: string) => escapeXml(value);
