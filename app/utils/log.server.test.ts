import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "./env.server";
import { log, shouldLog } from "./log.server";

describe("LOG_LEVEL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    resetEnvCache();
  });

  it("writes a message at the threshold and the heavier ones only", () => {
    expect(shouldLog("error", "warn")).toBe(true);
    expect(shouldLog("warn", "warn")).toBe(true);
    expect(shouldLog("info", "warn")).toBe(false);
    expect(shouldLog("debug", "info")).toBe(false);
    expect(shouldLog("debug", "debug")).toBe(true);
  });

  it("follows the environment: errors on stderr, information on stdout", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.stubEnv("LOG_LEVEL", "warn");
    resetEnvCache();
    log.info("started");
    log.warn("slow");
    log.error("failed");
    expect(out).not.toHaveBeenCalled();
    expect(err.mock.calls).toEqual([["slow"], ["failed"]]);
    vi.stubEnv("LOG_LEVEL", "debug");
    resetEnvCache();
    log.debug("details");
    expect(out.mock.calls).toEqual([["details"]]);
  });
});
