/** Milliseconds in a calendar day and in an average calendar year (365.25 days). */
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.25 * DAY_MS;

/**
 * Simple period returns of an equity curve: r[i−1] = equity[i] / equity[i−1] − 1, so n − 1 returns
 * for n points. A period that starts at equity ≤ 0 (a ruined account) has no meaningful return and
 * counts as 0: the total return and the drawdown already show the loss.
 */
export function periodReturns(equity: ArrayLike<number>): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const before = equity[i]!;
    out[i] = before > 0 ? equity[i + 1]! / before - 1 : 0;
  }
  return out;
}

/** The per-period rate that compounds to `annualRate` over `periodsPerYear` periods. */
export function perPeriodRate(annualRate: number, periodsPerYear: number): number {
  return annualRate === 0 ? 0 : Math.pow(1 + annualRate, 1 / periodsPerYear) - 1;
}

export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return sum / xs.length;
}

/** Sample standard deviation (n − 1), two passes; NaN for fewer than two values. */
export function sampleStd(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Downside deviation below `target` (per period): √(Σ min(0, r − target)² / N) with N the number of
 * ALL returns, not only those below target (Sortino & Price's convention, also empyrical's).
 */
export function downsideDeviation(xs: ArrayLike<number>, target: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const shortfall = xs[i]! - target;
    if (shortfall < 0) ss += shortfall * shortfall;
  }
  return Math.sqrt(ss / n);
}

/** The number, or null if it is NaN or infinite: what JSON output and the UI should see. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Compounded total of a sequence of simple returns. */
export function compound(xs: ArrayLike<number>): number {
  let growth = 1;
  for (let i = 0; i < xs.length; i++) growth *= 1 + xs[i]!;
  return growth - 1;
}
