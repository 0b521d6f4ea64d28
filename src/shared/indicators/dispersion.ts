import { RollingMoments } from './rolling-moments';
import { requirePeriod, runSeries, type SeriesIndicator } from './series';

/**
 * Rolling standard deviation of the last `period` values (the current one included).
 * `ddof` 0 (default) gives the population deviation √(M2/n), as Bollinger Bands use;
 * 1 gives the sample deviation √(M2/(n−1)). Stable for large price levels with tiny variance
 * (see `RollingMoments`).
 */
export class RollingStd implements SeriesIndicator {
  readonly period: number;
  readonly ddof: 0 | 1;
  value = NaN;
  private readonly moments: RollingMoments;

  constructor(period: number, ddof: 0 | 1 = 0) {
    requirePeriod('rolling std', 'period', period, ddof + 1);
    this.period = period;
    this.ddof = ddof;
    this.moments = new RollingMoments(period);
  }

  get ready(): boolean {
    return this.moments.full;
  }

  /** Mean of the same window (NaN while warming up). */
  get mean(): number {
    return this.moments.full ? this.moments.mean : NaN;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    this.moments.push(x);
    if (this.moments.full) this.value = Math.sqrt(this.moments.variance(this.ddof));
    return this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = NaN;
  }
}

/**
 * Rolling z-score (x − mean) / std over the last `period` values, the current one included,
 * population std by default. A window with no spread (std exactly 0) gives 0: the value sits on
 * the mean, and a division by zero would only produce ±Infinity or NaN.
 */
export class RollingZScore implements SeriesIndicator {
  value = NaN;
  private readonly std: RollingStd;

  constructor(period: number, ddof: 0 | 1 = 0) {
    requirePeriod('rolling z-score', 'period', period, ddof + 1);
    this.std = new RollingStd(period, ddof);
  }

  get period(): number {
    return this.std.period;
  }

  get ready(): boolean {
    return this.std.ready;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    const std = this.std.update(x);
    if (this.std.ready) this.value = std > 0 ? (x - this.std.mean) / std : 0;
    return this.value;
  }

  reset(): void {
    this.std.reset();
    this.value = NaN;
  }
}

export function rollingStd(values: Float64Array, period: number, ddof: 0 | 1 = 0): Float64Array {
  return runSeries(new RollingStd(period, ddof), values);
}

export function rollingZScore(values: Float64Array, period: number, ddof: 0 | 1 = 0): Float64Array {
  return runSeries(new RollingZScore(period, ddof), values);
}
