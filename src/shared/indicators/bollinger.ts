import { InputError } from '../errors';
import { RollingMoments } from './rolling-moments';
import { nanColumn, requirePeriod, type Indicator } from './series';

/**
 * Bollinger Bands: middle = SMA(period), upper/lower = middle ± k·σ, where σ is the POPULATION
 * standard deviation of the same window (divide by n, as Bollinger defines it and TA-Lib computes
 * it; pandas' default sample deviation would give bands √(n/(n−1)) wider).
 */
export class Bollinger implements Indicator {
  readonly period: number;
  readonly k: number;
  middle = NaN;
  upper = NaN;
  lower = NaN;
  /** Population standard deviation of the window. */
  std = NaN;
  private readonly moments: RollingMoments;

  constructor(period = 20, k = 2) {
    requirePeriod('Bollinger Bands', 'period', period);
    if (!Number.isFinite(k) || k < 0) throw new InputError(`Bollinger Bands: the width k must be a number ≥ 0, got ${String(k)}`);
    this.period = period;
    this.k = k;
    this.moments = new RollingMoments(period);
  }

  /** The middle band. */
  get value(): number {
    return this.middle;
  }

  get ready(): boolean {
    return this.moments.full;
  }

  /** Returns the middle band. */
  update(x: number): number {
    if (!Number.isFinite(x)) return this.middle;
    const m = this.moments;
    m.push(x);
    if (!m.full) return this.middle;
    this.middle = m.mean;
    this.std = Math.sqrt(m.variance(0));
    this.upper = this.middle + this.k * this.std;
    this.lower = this.middle - this.k * this.std;
    return this.middle;
  }

  reset(): void {
    this.moments.reset();
    this.middle = NaN;
    this.upper = NaN;
    this.lower = NaN;
    this.std = NaN;
  }
}

export interface BollingerColumns {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
}

export function bollinger(values: Float64Array, period = 20, k = 2): BollingerColumns {
  const bands = new Bollinger(period, k);
  const n = values.length;
  const out = { middle: nanColumn(n), upper: nanColumn(n), lower: nanColumn(n) };
  for (let i = 0; i < n; i++) {
    out.middle[i] = bands.update(values[i]!);
    out.upper[i] = bands.upper;
    out.lower[i] = bands.lower;
  }
  return out;
}
