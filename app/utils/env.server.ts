import proxyaddr from "proxy-addr";
import { z } from "zod";

/** Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** The server's messages, by weight (app/utils/log.server.ts): LOG_LEVEL names the lightest written. */
export const LOG_LEVELS = ["error", "warn", "info", "debug"] as const;

const booleanString = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/**
 * Which proxies in front of Bilan are trusted to append the client's address to X-Forwarded-For,
 * as Express's `trust proxy` takes them: a number of hops (`true` is one), or the proxies' own
 * addresses and subnets (with the names loopback, linklocal, uniquelocal). Never "everything":
 * the left-most address is whatever the client wrote.
 */
export type TrustProxy = false | { hops: number } | { addresses: string[] };

const TRUST_PROXY_HELP = "must be false, true (one proxy), a number of proxies (1 to 10), or a comma-separated list of the proxies' addresses or subnets";

const trustProxy = z.string().transform((value, ctx): TrustProxy => {
  const v = value.trim().toLowerCase();
  if (v === "false" || v === "0") return false;
  if (v === "true") return { hops: 1 };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops >= 1 && hops <= 10) return { hops };
    ctx.addIssue({ code: "custom", message: TRUST_PROXY_HELP });
    return z.NEVER;
  }
  const addresses = v.split(",").map((a) => a.trim()).filter(Boolean);
  try {
    if (addresses.length === 0) throw new Error("empty");
    proxyaddr.compile(addresses);
  } catch {
    ctx.addIssue({ code: "custom", message: TRUST_PROXY_HELP });
    return z.NEVER;
  }
  return { addresses };
});

const EnvSchema = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"])).default("development"),
  PORT: optional(z.coerce.number().int().min(1).max(65535)).default(3000),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL"),
  ),
  /**
   * A streaming replica of DATABASE_URL's server: the report, public summary and research
   * release pages read from it (decision 0702); everything else, and every write, goes to the primary.
   */
  DATABASE_REPLICA_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL"),
  ),
  /** Seconds behind the primary past which the replica is not read (the primary answers instead). */
  DATABASE_REPLICA_MAX_LAG_S: optional(z.coerce.number().int().min(1).max(3600)).default(10),
  /** PostgreSQL connections this process may hold (the server's max_connections is shared). */
  DATABASE_POOL_SIZE: optional(z.coerce.number().int().min(1).max(500)).default(10),
  /** How long a query may wait for a connection and its answer before a 503 (0: no limit). */
  DATABASE_QUERY_TIMEOUT_MS: optional(z.coerce.number().int().min(0).max(3_600_000)).default(2_000),
  DATA_DIR: optional(z.string().min(1)).default("./data"),
  /** The address people open, used in links sent by email; defaults to http://localhost:PORT. */
  PUBLIC_URL: optional(z.url()),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")),
  MAIL_FROM: optional(z.string().min(3)).default("Bilan <no-reply@bilan.localhost>"),
  SECURE_COOKIES: optional(booleanString),
  DEMO_DATA: optional(booleanString).default(true),
  TRUST_PROXY: optional(trustProxy).default(false),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)).default("info"),
  /** Seconds of inactivity that end a session: 30 minutes (ASVS level 2), shorter if wanted. */
  SESSION_IDLE_TIMEOUT: optional(z.coerce.number().int().min(10).max(1800)).default(1800),
  /** Server processes sharing the port (PostgreSQL only: the embedded database has one owner). */
  WORKERS: optional(z.coerce.number().int().min(1).max(64)).default(1),
}).refine((env) => env.DATABASE_REPLICA_URL === undefined || env.DATABASE_URL !== undefined, {
  path: ["DATABASE_REPLICA_URL"],
  message: "a replica needs DATABASE_URL, its primary",
}).refine((env) => env.WORKERS === 1 || env.DATABASE_URL !== undefined, {
  path: ["WORKERS"],
  message: "more than one worker needs DATABASE_URL: the embedded database belongs to one process",
});

export type Env = Omit<z.infer<typeof EnvSchema>, "PUBLIC_URL"> & { PUBLIC_URL: string; secureCookies: boolean };

export class ConfigError extends Error {}

/** Parses the environment; a bad variable stops the start with a message naming it. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Bilan cannot start: bad configuration.\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return {
    ...env,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    secureCookies: env.SECURE_COOKIES ?? env.NODE_ENV === "production",
  };
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
/** For tests that change the environment. */
export function resetEnvCache() {
  cached = undefined;
}
