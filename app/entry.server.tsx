import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { MarkupCacheContext } from "#app/components/markup-cache";
import { ServerHtmlContext } from "#app/components/server-html";
import { NonceContext } from "#app/components/nonce";
import { markupCache } from "#app/utils/markup-cache.server";
import { serverHtmlOf } from "#app/utils/server-html.server";
import { log } from "#app/utils/log.server";
import { securityHeaders } from "#app/utils/security-headers";
import "#app/i18n/setup.server";
import "#app/features.server";

export { startup, shutdown, workerCount } from "#app/startup.server";
export { serveAutosave } from "#app/assessments/autosave-endpoint.server";
export { frontDoor } from "#app/utils/front-door.server";
export { clientAddress, expressTrustProxy } from "#app/utils/client-address.server";
export { log } from "#app/utils/log.server";

const ABORT_DELAY = 5_000;

/** A page's headers carry its policy with the nonce of its inline scripts; data responses a policy allowing nothing. */
function withSecurityHeaders(headers: Headers, nonce?: string) {
  for (const [name, value] of Object.entries(securityHeaders({ nonce }))) headers.set(name, value);
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  withSecurityHeaders(response.headers);
  return response;
};

/** Remix's own error responses below 500 (an unknown address is a 404): the visitor's, not ours. */
function isClientErrorResponse(error: unknown): error is { status: number } {
  return typeof error === "object" && error !== null && "status" in error && "statusText" in error && "internal" in error && Number(error.status) < 500;
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (error instanceof Response) return;
  if (isClientErrorResponse(error)) {
    log.debug(`${error.status} ${request.method} ${new URL(request.url).pathname}`);
    return;
  }
  const id = Math.random().toString(36).slice(2, 10);
  log.error(`[error ${id}] ${request.method} ${new URL(request.url).pathname}:`, error);
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A fresh nonce per page: the only inline scripts that run are the ones Remix writes with it.
  const nonce = randomBytes(16).toString("base64");
  withSecurityHeaders(responseHeaders, nonce);
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <MarkupCacheContext.Provider value={markupCache}>
          <ServerHtmlContext.Provider value={serverHtmlOf(loadContext)}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </ServerHtmlContext.Provider>
        </MarkupCacheContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
