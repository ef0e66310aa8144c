/**
 * The review sample: every flagged submission, plus a random share of the others, drawn with a
 * seeded generator so that the draw can be recomputed from what was recorded (the population,
 * the share and the seed). Pure.
 */

export interface Candidate {
  assessmentId: string;
  flags: string[];
}

export interface DrawnItem {
  assessmentId: string;
  reason: "flagged" | "random";
  flags: string[];
}

/** FNV-1a, 32 bits: a string seed to the generator's state. */
export function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, and the same on every platform. Returns numbers in [0, 1). */
export function seededRandom(seed: string): () => number {
  let a = hashSeed(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many of `count` unflagged submissions a share asks for: rounded up, so a share > 0 draws at least one. */
export function randomCount(count: number, share: number): number {
  if (count <= 0 || share <= 0) return 0;
  return Math.min(count, Math.ceil(count * Math.min(share, 1) - 1e-9));
}

/**
 * Draws the sample. The population is sorted by id first, so the order it came from the
 * database in does not matter; the unflagged ones are shuffled (Fisher-Yates) with the seed.
 */
export function drawSample({ population, share, seed }: { population: Candidate[]; share: number; seed: string }): DrawnItem[] {
  const sorted = [...population].sort((a, b) => (a.assessmentId < b.assessmentId ? -1 : a.assessmentId > b.assessmentId ? 1 : 0));
  const flagged = sorted.filter((c) => c.flags.length > 0);
  const rest = sorted.filter((c) => c.flags.length === 0);
  const random = seededRandom(seed);
  const shuffled = [...rest];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const picked = shuffled.slice(0, randomCount(rest.length, share));
  return [
    ...flagged.map((c) => ({ assessmentId: c.assessmentId, reason: "flagged" as const, flags: c.flags })),
    ...picked.map((c) => ({ assessmentId: c.assessmentId, reason: "random" as const, flags: [] })),
  ];
}
