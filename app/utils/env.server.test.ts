import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

describe("configuration", () => {
  it("has defaults that run the demo on the embedded database", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe("./data");
    expect(env.PORT).toBe(3000);
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
    expect(env.secureCookies).toBe(false);
  });

  it("uses secure cookies in production unless told otherwise", () => {
    expect(parseEnv({ NODE_ENV: "production" }).secureCookies).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", SECURE_COOKIES: "false" }).secureCookies).toBe(false);
  });

  it("stops with a message naming each bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrowError(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    expect(() => parseEnv({ SMTP_URL: "http://mail" })).toThrowError(/SMTP_URL/);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });

  it("runs several workers and sizes the pool only on PostgreSQL", () => {
    expect(parseEnv({}).WORKERS).toBe(1);
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(10);
    expect(parseEnv({ WORKERS: "2", DATABASE_URL: "postgres://db/bilan" }).WORKERS).toBe(2);
    expect(() => parseEnv({ WORKERS: "2" })).toThrowError(/WORKERS: more than one worker needs DATABASE_URL/);
    expect(() => parseEnv({ WORKERS: "0", DATABASE_URL: "postgres://db/bilan" })).toThrowError(/WORKERS/);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "many" })).toThrowError(/DATABASE_POOL_SIZE/);
  });

  it("takes a shorter idle timeout for sessions, never a longer one than 30 minutes", () => {
    expect(parseEnv({}).SESSION_IDLE_TIMEOUT).toBe(1800);
    expect(parseEnv({ SESSION_IDLE_TIMEOUT: "600" }).SESSION_IDLE_TIMEOUT).toBe(600);
    expect(() => parseEnv({ SESSION_IDLE_TIMEOUT: "3600" })).toThrowError(/SESSION_IDLE_TIMEOUT/);
    expect(() => parseEnv({ SESSION_IDLE_TIMEOUT: "5" })).toThrowError(/SESSION_IDLE_TIMEOUT/);
  });
  it("reads a replica only beside a primary, with a lag bound in seconds", () => {
    const primary = "postgres://postgres@127.0.0.1:5432/bilan";
    const env = parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URL: "postgres://postgres@127.0.0.1:5433/bilan" });
    expect(env.DATABASE_REPLICA_URL).toBe("postgres://postgres@127.0.0.1:5433/bilan");
    expect(env.DATABASE_REPLICA_MAX_LAG_S).toBe(10);
    expect(parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_MAX_LAG_S: "3" }).DATABASE_REPLICA_MAX_LAG_S).toBe(3);
    expect(parseEnv({}).DATABASE_REPLICA_URL).toBeUndefined();
    expect(() => parseEnv({ DATABASE_REPLICA_URL: "postgres://postgres@127.0.0.1:5433/bilan" })).toThrowError(/DATABASE_REPLICA_URL: a replica needs DATABASE_URL/);
    expect(() => parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_URL: "mysql://x" })).toThrowError(/DATABASE_REPLICA_URL/);
    expect(() => parseEnv({ DATABASE_URL: primary, DATABASE_REPLICA_MAX_LAG_S: "0" })).toThrowError(/DATABASE_REPLICA_MAX_LAG_S/);
  });
});
