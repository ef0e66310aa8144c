import { z } from "zod";
import type { DisclosureSettings } from "./types";

/** The smallest threshold the code accepts, whatever the configuration says. */
export const MINIMUM_K = 3;

export const DEFAULT_DISCLOSURE_SETTINGS: DisclosureSettings = {
  k: 10,
  dominance: { n1: 1, p1: 50, n2: 2, p2: 67 },
  breakdowns: ["legal_form", "sector", "region", "size_band"],
  pairs: [["region", "size_band"]],
};

const dimensionName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "a breakdown name is lower-case letters, digits and underscores, starting with a letter");

const settingsSchema = z
  .object({
    k: z
      .number()
      .int("k must be a whole number of organisations")
      .min(MINIMUM_K, `k must be at least ${MINIMUM_K}: fewer organisations cannot protect each other`),
    dominance: z.object({
      n1: z.number().int().min(1),
      p1: z.number().gt(0).lt(100),
      n2: z.number().int().min(1),
      p2: z.number().gt(0).lt(100),
    }),
    breakdowns: z.array(dimensionName),
    pairs: z.array(z.tuple([dimensionName, dimensionName])),
  })
  .superRefine((s, ctx) => {
    if (new Set(s.breakdowns).size !== s.breakdowns.length) {
      ctx.addIssue({ code: "custom", path: ["breakdowns"], message: "a breakdown is listed twice" });
    }
    const seen = new Set<string>();
    s.pairs.forEach(([a, b], i) => {
      if (a === b) ctx.addIssue({ code: "custom", path: ["pairs", i], message: `pair ${a} x ${b} crosses a breakdown with itself` });
      for (const d of [a, b]) {
        if (!s.breakdowns.includes(d)) {
          ctx.addIssue({ code: "custom", path: ["pairs", i], message: `pair uses ${d}, which is not among the breakdowns` });
        }
      }
      const key = [a, b].sort().join("|");
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["pairs", i], message: `pair ${a} x ${b} is listed twice` });
      seen.add(key);
    });
  });

/**
 * Checks disclosure settings and returns them complete. Throws an Error naming the bad field,
 * in particular when `k` is below 3.
 */
export function parseDisclosureSettings(input: Partial<DisclosureSettings> = {}): DisclosureSettings {
  const merged = {
    ...DEFAULT_DISCLOSURE_SETTINGS,
    ...input,
    dominance: { ...DEFAULT_DISCLOSURE_SETTINGS.dominance, ...(input.dominance ?? {}) },
  };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid disclosure settings: ${issue.path.join(".") || "settings"}: ${issue.message}`);
  }
  return {
    k: parsed.data.k,
    dominance: { ...parsed.data.dominance },
    breakdowns: [...parsed.data.breakdowns],
    pairs: parsed.data.pairs.map(([a, b]) => [a, b] as [string, string]),
  };
}
