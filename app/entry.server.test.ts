import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "./entry.server";
import { log } from "./utils/log.server";

// What Remix passes to handleError for an address no route matches (ErrorResponseImpl).
const notFoundResponse = { status: 404, statusText: "Not Found", internal: true, data: 'Error: No route matches URL "/nope"', error: new Error('No route matches URL "/nope"') };

afterEach(() => vi.restoreAllMocks());

describe("handleError", () => {
  it("does not log a 404 as an error", () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => {});
    handleError(notFoundResponse, { request: new Request("http://localhost/nope") });
    expect(error).not.toHaveBeenCalled();
  });

  it("logs a server error with its id", () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => {});
    handleError(new Error("boom"), { request: new Request("http://localhost/o/1") });
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0][0])).toMatch(/^\[error \w+\] GET \/o\/1:/);
  });
});
