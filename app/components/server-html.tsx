import { createContext, useContext, useState } from "react";

/**
 * HTML that only the server renders and the browser keeps as it is, so that none of the data it
 * is drawn from travels to the browser for hydration (the report's body: sixty charts and their
 * tables). On the server the HTML comes from the request's store (server-html.server.ts) by
 * key; in the browser it is the element's own content at hydration, or `html` after a
 * client-side navigation or a revalidation (the route's clientLoader fetches it).
 */
export const ServerHtmlContext = createContext<((key: string) => string | undefined) | null>(null);

export function ServerHtml({ id, htmlKey, html, className }: { id: string; htmlKey: string; html?: string; className?: string }) {
  const fromServer = useContext(ServerHtmlContext);
  // Read once, at hydration: what the server sent.
  const [hydrated] = useState(() => (typeof document === "undefined" ? undefined : document.getElementById(id)?.innerHTML));
  const content = fromServer ? (fromServer(htmlKey) ?? "") : (html ?? hydrated ?? "");
  return <div id={id} className={className} dangerouslySetInnerHTML={{ __html: content }} />;
}
