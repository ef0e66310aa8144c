/**
 * Round ticks for a value axis: steps of 1, 2, 2.5 or 5 times a power of ten, so an axis reads
 * 0, 5, 10, 15 and never 13.3 or 14.7 (pure).
 */
const STEPS = [1, 2, 2.5, 5, 10];

export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count - 1);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return STEPS.find((s) => s * power >= raw - 1e-12)! * power;
}

/**
 * Ticks from `lo` to `hi` (widened to round ends) with about `count` of them. With `fromZero`,
 * a range of positive values starts at zero when it is not far from it.
 */
export function niceTicks(lo: number, hi: number, count = 5, fromZero = false): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (fromZero && lo > 0 && lo < hi * 0.6) lo = 0;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const out: number[] = [];
  // bounded: (end - start) / step is at most about 2 * count
  for (let i = 0; i <= 4 * count + 2; i++) {
    const v = start + i * step;
    if (v > end + step * 1e-9) break;
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}
