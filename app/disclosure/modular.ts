/**
 * Exact linear algebra modulo a prime, to find which combinations of suppressed cells the published
 * cells determine. Every relation that holds over the rationals holds modulo the prime, so nothing
 * the attacker can compute is missed; the rare extra relation that holds only modulo the prime makes
 * the result more cautious, never less. Products stay below 2^52, so double arithmetic is exact.
 */

export const PRIME = 67108859; // 2^26 - 5

export function mod(a: number): number {
  const r = a % PRIME;
  return r < 0 ? r + PRIME : r;
}

export function mulMod(a: number, b: number): number {
  return (a * b) % PRIME;
}

export function invMod(a: number): number {
  let result = 1;
  let base = mod(a);
  let e = PRIME - 2;
  while (e > 0) {
    if (e & 1) result = mulMod(result, base);
    base = mulMod(base, base);
    e = Math.floor(e / 2);
  }
  return result;
}

/** A small deterministic generator (mulberry32), so that the same data always gives the same release. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = t;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Basis of the left null space of a matrix given as rows (each a Float64Array of residues):
 * all vectors r with sum_i r_i * row_i = 0 (mod PRIME).
 */
export function leftNullSpace(rows: Float64Array[], width: number): Float64Array[] {
  const m = rows.length;
  const a = rows.map((r) => Float64Array.from(r));
  const ids = rows.map((_, i) => {
    const v = new Float64Array(m);
    v[i] = 1;
    return v;
  });
  let rank = 0;
  for (let col = 0; col < width && rank < m; col++) {
    let pivot = -1;
    for (let i = rank; i < m; i++) {
      if (a[i][col] !== 0) {
        pivot = i;
        break;
      }
    }
    if (pivot < 0) continue;
    [a[rank], a[pivot]] = [a[pivot], a[rank]];
    [ids[rank], ids[pivot]] = [ids[pivot], ids[rank]];
    const inv = invMod(a[rank][col]);
    const pr = a[rank];
    const pid = ids[rank];
    for (let j = col; j < width; j++) pr[j] = mulMod(pr[j], inv);
    for (let j = 0; j < m; j++) pid[j] = mulMod(pid[j], inv);
    for (let i = rank + 1; i < m; i++) {
      const f = a[i][col];
      if (f === 0) continue;
      const ri = a[i];
      const ii = ids[i];
      // ri[j] and the product are residues: one addition of PRIME makes the difference one
      for (let j = col; j < width; j++) {
        if (pr[j] === 0) continue;
        const x = ri[j] - ((f * pr[j]) % PRIME);
        ri[j] = x < 0 ? x + PRIME : x;
      }
      for (let j = 0; j < m; j++) {
        if (pid[j] === 0) continue;
        const x = ii[j] - ((f * pid[j]) % PRIME);
        ii[j] = x < 0 ? x + PRIME : x;
      }
    }
    rank++;
  }
  return ids.slice(rank);
}

/** A row-reduced basis of a subspace, with a membership test. */
export class ReducedBasis {
  private readonly rows: Float64Array[] = [];
  private readonly pivots: number[] = [];

  constructor(readonly width: number) {}

  get dimension(): number {
    return this.rows.length;
  }

  /** The reduced rows (copies). */
  basisRows(): Float64Array[] {
    return this.rows.map((r) => Float64Array.from(r));
  }

  /** Reduces v (in place) against the basis and returns it. */
  private reduce(v: Float64Array): Float64Array {
    for (let r = 0; r < this.rows.length; r++) {
      const p = this.pivots[r];
      const f = v[p];
      if (f === 0) continue;
      const row = this.rows[r];
      for (let j = 0; j < this.width; j++) {
        if (row[j] === 0) continue;
        const x = v[j] - ((f * row[j]) % PRIME);
        v[j] = x < 0 ? x + PRIME : x;
      }
    }
    return v;
  }

  add(vector: Float64Array): void {
    const v = this.reduce(Float64Array.from(vector, mod));
    let p = -1;
    for (let j = 0; j < this.width; j++) {
      if (v[j] !== 0) {
        p = j;
        break;
      }
    }
    if (p < 0) return;
    const inv = invMod(v[p]);
    for (let j = 0; j < this.width; j++) v[j] = mulMod(v[j], inv);
    // keep the basis fully reduced: clear column p in the other rows
    for (const row of this.rows) {
      const f = row[p];
      if (f === 0) continue;
      for (let j = 0; j < this.width; j++) {
        if (v[j] === 0) continue;
        const x = row[j] - ((f * v[j]) % PRIME);
        row[j] = x < 0 ? x + PRIME : x;
      }
    }
    this.rows.push(v);
    this.pivots.push(p);
  }

  /**
   * The sparse vector [index, coefficient][] reduced against the basis: zero exactly when the vector
   * lies in the subspace; two vectors have the same residual exactly when their difference does.
   */
  residual(entries: Array<[number, number]>): Float64Array {
    const v = new Float64Array(this.width);
    for (const [i, c] of entries) v[i] = mod(v[i] + c);
    return this.reduce(v);
  }

  contains(entries: Array<[number, number]>): boolean {
    return this.residual(entries).every((x) => x === 0);
  }
}
