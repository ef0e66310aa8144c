import { getEnv, LOG_LEVELS } from "./env.server";

export type LogLevel = (typeof LOG_LEVELS)[number];

export function shouldLog(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

function write(level: LogLevel, parts: unknown[]) {
  let threshold: LogLevel;
  try {
    threshold = getEnv().LOG_LEVEL;
  } catch {
    threshold = "info"; // a bad configuration is reported by the start itself
  }
  if (!shouldLog(level, threshold)) return;
  // errors and warnings on stderr, the rest on stdout
  (level === "error" || level === "warn" ? console.error : console.log)(...parts);
}

export const log = {
  error: (...parts: unknown[]) => write("error", parts),
  warn: (...parts: unknown[]) => write("warn", parts),
  info: (...parts: unknown[]) => write("info", parts),
  debug: (...parts: unknown[]) => write("debug", parts),
};
