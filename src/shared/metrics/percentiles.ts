import { InputError } from '../errors';

export interface PercentileValue {
  /** 0–100. */
  readonly percentile: number;
  readonly value: number;
}

/**
 * Percentile `p` (0–100) of ascending `sorted` values by linear interpolation between order
 * statistics (Hyndman & Fan type 7, numpy's default): rank h = (n − 1)·p/100. Always between the
 * smallest and largest value, and non-decreasing in p. NaN for no values.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const lower = Math.floor(h);
  if (lower >= n - 1) return sorted[n - 1]!;
  const a = sorted[lower]!;
  const b = sorted[lower + 1]!;
  // a + (h − lower)(b − a) could overshoot b by rounding; clamping keeps the order guarantee.
  return Math.min(b, a + (h - lower) * (b - a));
}

export const DEFAULT_PERCENTILES: readonly number[] = [5, 25, 50, 75, 95];

/** The default percentiles plus any requested, ascending and without repeats; each must be in [0, 100]. */
export function percentileList(requested: readonly number[] = []): number[] {
  for (const p of requested) {
    if (!(Number.isFinite(p) && p >= 0 && p <= 100)) throw new InputError(`percentiles must be numbers from 0 to 100, got ${String(p)}`);
  }
  return [...new Set([...DEFAULT_PERCENTILES, ...requested])].sort((a, b) => a - b);
}

export function percentileTable(sorted: ArrayLike<number>, percentiles: readonly number[]): PercentileValue[] {
  return percentiles.map((percentile) => ({ percentile, value: percentileOfSorted(sorted, percentile) }));
}
