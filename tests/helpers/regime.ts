import path from 'node:path';
import { formatDate } from '../../src/shared/domain/time-format';
import type { RegimeBank } from '../../src/shared/regime/bank';
import { symmetricEigen } from '../../src/shared/regime/linalg';
import type { RegimeBatch, RegimeStepOutput } from '../../src/shared/regime/output';
import { loadSpyDaily } from './spy-fixture';

/** Real SPY daily bars (MIT, pandas-ta), the same file the app bundles in resources/data. */
export const SPY_FILE = path.resolve(__dirname, '../fixtures/SPY_pandas-ta_1d.csv');

export interface SpyBars {
  readonly t: Float64Array;
  readonly close: Float64Array;
  /** Dates as the file writes them. */
  readonly times: string[];
}

export function spyBars(): SpyBars {
  const bars = loadSpyDaily();
  return { t: bars.t, close: bars.c, times: Array.from(bars.t, formatDate) };
}

export function minEigenvalue(a: Float64Array, n: number): number {
  const values = new Float64Array(n);
  if (!symmetricEigen(a, 0, n, values, new Float64Array(n * n), new Float64Array(n * n))) return Number.NaN;
  return Math.min(...values);
}

/** Why a covariance is not symmetric positive definite with finite entries, or null. */
export function covarianceProblem(p: Float64Array, n: number): string | null {
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(p[i]!)) return `entry ${i} is ${p[i]}`;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (p[i * n + j] !== p[j * n + i]) return `not symmetric at (${i},${j})`;
  const min = minEigenvalue(p, n);
  return min > 0 ? null : `smallest eigenvalue ${min}`;
}

/**
 * Every invariant of the spec for one emitted bar: μ finite, non-negative, summing to 1 within
 * 1e-12; every filter's and the fused covariance symmetric positive definite; states finite.
 * Returns a description of the first violation, or null.
 */
export function stepProblem(bank: RegimeBank, out: RegimeStepOutput): string | null {
  let sum = 0;
  for (const p of out.probabilities) {
    if (!Number.isFinite(p) || p < 0) return `probability ${p}`;
    sum += p;
  }
  if (Math.abs(sum - 1) > 1e-12) return `probabilities sum to 1 + ${sum - 1}`;
  for (const v of out.state) if (!Number.isFinite(v)) return `fused state ${Array.from(out.state)}`;
  const fused = covarianceProblem(out.covariance, 4);
  if (fused) return `fused covariance: ${fused}`;
  for (let k = 0; k < 7; k++) {
    const { x, p } = bank.filterState(k);
    for (const v of x) if (!Number.isFinite(v)) return `filter ${k} state ${Array.from(x)}`;
    const problem = covarianceProblem(p, 4);
    if (problem) return `filter ${k} covariance: ${problem}`;
  }
  if (!(out.confidence >= 0 && out.confidence <= 1 + 1e-15)) return `confidence ${out.confidence}`;
  if (!(out.reception > 0 && out.reception < 1)) return `reception ${out.reception}`;
  return null;
}

/** Column-by-column bit equality of two batches (Object.is, so −0 ≠ 0 and NaN = NaN). */
export function batchDifference(a: RegimeBatch, b: RegimeBatch): string | null {
  if (a.count !== b.count) return `count ${a.count} vs ${b.count}`;
  for (const key of Object.keys(a) as Array<keyof RegimeBatch>) {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number') {
      if (key !== 'skipped' && !Object.is(x, y)) return `${key}: ${x} vs ${String(y)}`;
      continue;
    }
    const ya = y as typeof x;
    if (x.length !== ya.length) return `${key}: length ${x.length} vs ${ya.length}`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], ya[i])) return `${key}[${i}]: ${x[i]} vs ${ya[i]}`;
  }
  return null;
}
