import { RingWindow } from './ring-window';
import { requirePeriod, runSeries, type SeriesIndicator } from './series';

/**
 * Simple moving average of the last `period` values.
 * O(1) per update: a running sum over a ring buffer, re-added exactly from the buffer once every
 * `period` updates so rounding cannot drift over millions of bars (amortised one extra add per update).
 */
export class Sma implements SeriesIndicator {
  readonly period: number;
  value = NaN;
  private readonly ring: RingWindow;
  private sum = 0;
  private sinceResync = 0;

  constructor(period: number) {
    requirePeriod('SMA', 'period', period);
    this.period = period;
    this.ring = new RingWindow(period);
  }

  get ready(): boolean {
    return this.ring.full;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    const wasFull = this.ring.full;
    const oldest = this.ring.push(x);
    if (!wasFull) {
      this.sum += x;
      if (!this.ring.full) return this.value;
    } else if (++this.sinceResync === this.period) {
      this.sinceResync = 0;
      this.sum = this.ring.sum();
    } else {
      this.sum += x - oldest;
    }
    this.value = this.sum / this.period;
    return this.value;
  }

  reset(): void {
    this.ring.reset();
    this.sum = 0;
    this.sinceResync = 0;
    this.value = NaN;
  }
}

/**
 * An exponential average `avg += alpha · (x − avg)` seeded by the simple mean of its first `period`
 * inputs (the TA-Lib / Wilder convention): the first value appears at the `period`-th input and
 * equals the SMA there.
 */
class SeededExponentialAverage implements SeriesIndicator {
  readonly period: number;
  readonly alpha: number;
  value = NaN;
  private count = 0;
  private seedSum = 0;

  constructor(period: number, alpha: number) {
    this.period = period;
    this.alpha = alpha;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    if (this.count < this.period) {
      this.count++;
      this.seedSum += x;
      if (this.count === this.period) this.value = this.seedSum / this.period;
      return this.value;
    }
    this.value += this.alpha * (x - this.value);
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.value = NaN;
  }
}

/**
 * Exponential moving average, alpha = 2 / (period + 1), seeded by the SMA of the first `period`
 * values (first value at index period − 1, equal to the SMA there; as TA-Lib's default).
 */
export class Ema extends SeededExponentialAverage {
  constructor(period: number) {
    requirePeriod('EMA', 'period', period);
    super(period, 2 / (period + 1));
  }
}

/**
 * Wilder's smoothing (also called RMA or SMMA), alpha = 1 / period, seeded by the SMA of the first
 * `period` values. RSI, ATR and ADX use it.
 */
export class WilderAverage extends SeededExponentialAverage {
  constructor(period: number) {
    requirePeriod('Wilder average', 'period', period);
    super(period, 1 / period);
  }
}

/**
 * Linearly weighted moving average: weights 1 (oldest) … period (newest), divided by
 * period·(period+1)/2. O(1) per update: weighted sum W' = W − S + period·x, plain sum
 * S' = S − oldest + x; both re-added exactly from the buffer every `period` updates.
 */
export class Wma implements SeriesIndicator {
  readonly period: number;
  value = NaN;
  private readonly ring: RingWindow;
  private readonly weightTotal: number;
  private sum = 0;
  private weighted = 0;
  private sinceResync = 0;

  constructor(period: number) {
    requirePeriod('WMA', 'period', period);
    this.period = period;
    this.ring = new RingWindow(period);
    this.weightTotal = (period * (period + 1)) / 2;
  }

  get ready(): boolean {
    return this.ring.full;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    const wasFull = this.ring.full;
    const oldest = this.ring.push(x);
    if (!wasFull) {
      // While filling, the k-th value (1-based) gets weight k, which is its final weight once full.
      this.weighted += this.ring.count * x;
      this.sum += x;
      if (!this.ring.full) return this.value;
    } else if (++this.sinceResync === this.period) {
      this.sinceResync = 0;
      this.resync();
    } else {
      this.weighted += this.period * x - this.sum;
      this.sum += x - oldest;
    }
    this.value = this.weighted / this.weightTotal;
    return this.value;
  }

  private resync(): void {
    let sum = 0;
    let weighted = 0;
    for (let k = 0; k < this.period; k++) {
      const x = this.ring.fromOldest(k);
      sum += x;
      weighted += (k + 1) * x;
    }
    this.sum = sum;
    this.weighted = weighted;
  }

  reset(): void {
    this.ring.reset();
    this.sum = 0;
    this.weighted = 0;
    this.sinceResync = 0;
    this.value = NaN;
  }
}

export function sma(values: Float64Array, period: number): Float64Array {
  return runSeries(new Sma(period), values);
}

export function ema(values: Float64Array, period: number): Float64Array {
  return runSeries(new Ema(period), values);
}

export function wma(values: Float64Array, period: number): Float64Array {
  return runSeries(new Wma(period), values);
}

export function wilderAverage(values: Float64Array, period: number): Float64Array {
  return runSeries(new WilderAverage(period), values);
}
