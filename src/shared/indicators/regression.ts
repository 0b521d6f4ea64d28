import { RollingCoMoments } from './rolling-moments';
import { nanColumn, requirePeriod, requireSameLength, type Indicator } from './series';

/**
 * Rolling ordinary least squares of y on x over the last `period` pairs: y ≈ intercept + slope·x
 * (slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², the hedge ratio of a pairs trade). A pair with a non-finite
 * side is skipped. When x has no spread in the window the line is undefined: slope and intercept
 * are NaN (callers must check `Number.isFinite`).
 */
export class RollingOls implements Indicator {
  readonly period: number;
  slope = NaN;
  intercept = NaN;
  private readonly moments: RollingCoMoments;

  constructor(period: number) {
    requirePeriod('rolling OLS', 'period', period, 2);
    this.period = period;
    this.moments = new RollingCoMoments(period);
  }

  get value(): number {
    return this.slope;
  }

  get ready(): boolean {
    return this.moments.full;
  }

  /** Note the order: the dependent variable first. Returns the slope. */
  update(y: number, x: number): number {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return this.slope;
    const m = this.moments;
    m.push(x, y);
    if (!m.full) return this.slope;
    if (m.m2x > 0) {
      this.slope = m.cxy / m.m2x;
      this.intercept = m.yMean - this.slope * m.xMean;
    } else {
      this.slope = NaN;
      this.intercept = NaN;
    }
    return this.slope;
  }

  reset(): void {
    this.moments.reset();
    this.slope = NaN;
    this.intercept = NaN;
  }
}

/**
 * Rolling Pearson correlation of the last `period` pairs, in [−1, 1]. NaN when either side has no
 * spread in the window (correlation is undefined there). A pair with a non-finite side is skipped.
 */
export class RollingCorrelation implements Indicator {
  readonly period: number;
  value = NaN;
  private readonly moments: RollingCoMoments;

  constructor(period: number) {
    requirePeriod('rolling correlation', 'period', period, 2);
    this.period = period;
    this.moments = new RollingCoMoments(period);
  }

  get ready(): boolean {
    return this.moments.full;
  }

  update(a: number, b: number): number {
    if (!Number.isFinite(a) || !Number.isFinite(b)) return this.value;
    const m = this.moments;
    m.push(a, b);
    if (!m.full) return this.value;
    const denominator = Math.sqrt(m.m2x * m.m2y);
    this.value = denominator > 0 ? Math.max(-1, Math.min(1, m.cxy / denominator)) : NaN;
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = NaN;
  }
}

export interface OlsColumns {
  readonly slope: Float64Array;
  readonly intercept: Float64Array;
}

export function rollingOls(y: Float64Array, x: Float64Array, period: number): OlsColumns {
  const n = requireSameLength('rolling OLS', { y, x });
  const ols = new RollingOls(period);
  const slope = nanColumn(n);
  const intercept = nanColumn(n);
  for (let i = 0; i < n; i++) {
    slope[i] = ols.update(y[i]!, x[i]!);
    intercept[i] = ols.intercept;
  }
  return { slope, intercept };
}

export function rollingCorrelation(a: Float64Array, b: Float64Array, period: number): Float64Array {
  const n = requireSameLength('rolling correlation', { a, b });
  const correlation = new RollingCorrelation(period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = correlation.update(a[i]!, b[i]!);
  return out;
}
