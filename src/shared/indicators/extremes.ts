import { requirePeriod, runSeries, type SeriesIndicator } from './series';

/**
 * Highest (or lowest) of the last `period` values by a monotonic deque kept in two fixed ring
 * arrays: amortised O(1) per update (each value enters and leaves the deque once), no allocation.
 */
class RollingExtreme implements SeriesIndicator {
  readonly period: number;
  value = NaN;
  private readonly isMax: boolean;
  private readonly values: Float64Array;
  private readonly sequence: Float64Array;
  private head = 0;
  private size = 0;
  private seen = 0;

  constructor(period: number, isMax: boolean) {
    this.period = period;
    this.isMax = isMax;
    this.values = new Float64Array(period);
    this.sequence = new Float64Array(period);
  }

  get ready(): boolean {
    return this.seen >= this.period;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    const capacity = this.period;
    const now = this.seen++;
    // Sequence numbers in the deque are consecutive-or-increasing, so at most one expires per step.
    if (this.size > 0 && this.sequence[this.head]! <= now - capacity) {
      this.head = this.head + 1 === capacity ? 0 : this.head + 1;
      this.size--;
    }
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= capacity) back -= capacity;
      const v = this.values[back]!;
      if (this.isMax ? v <= x : v >= x) this.size--;
      else break;
    }
    let slot = this.head + this.size;
    if (slot >= capacity) slot -= capacity;
    this.values[slot] = x;
    this.sequence[slot] = now;
    this.size++;
    if (this.seen >= capacity) this.value = this.values[this.head]!;
    return this.value;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.seen = 0;
    this.value = NaN;
  }
}

/** Highest of the last `period` values (Donchian upper line, Stochastic's highest high). */
export class RollingMax extends RollingExtreme {
  constructor(period: number) {
    requirePeriod('rolling max', 'period', period);
    super(period, true);
  }
}

/** Lowest of the last `period` values. */
export class RollingMin extends RollingExtreme {
  constructor(period: number) {
    requirePeriod('rolling min', 'period', period);
    super(period, false);
  }
}

export function rollingMax(values: Float64Array, period: number): Float64Array {
  return runSeries(new RollingMax(period), values);
}

export function rollingMin(values: Float64Array, period: number): Float64Array {
  return runSeries(new RollingMin(period), values);
}
