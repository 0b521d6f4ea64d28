import { WilderAverage } from './moving-averages';
import { requirePeriod, requireSameLength, type Indicator } from './series';

/**
 * True range: max(high − low, |high − previous close|, |low − previous close|). Undefined (NaN) on
 * the first bar, which has no previous close (TA-Lib's convention). A bar with a non-finite
 * high, low or close is skipped.
 */
export class TrueRange implements Indicator {
  value = NaN;
  private previousClose = NaN;

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  update(high: number, low: number, close: number): number {
    if (!Number.isFinite(high) || !Number.isFinite(low) || !Number.isFinite(close)) return this.value;
    const previous = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(previous)) return this.value;
    const range = high - low;
    const up = Math.abs(high - previous);
    const down = Math.abs(low - previous);
    this.value = range >= up ? (range >= down ? range : down) : up >= down ? up : down;
    return this.value;
  }

  reset(): void {
    this.previousClose = NaN;
    this.value = NaN;
  }
}

/**
 * Average true range, Wilder's: the mean of the first `period` true ranges (bars 1…period), then
 * Wilder smoothing. First value at index `period` (as TA-Lib).
 */
export class Atr implements Indicator {
  readonly period: number;
  value = NaN;
  private readonly trueRange = new TrueRange();
  private readonly average: WilderAverage;

  constructor(period = 14) {
    requirePeriod('ATR', 'period', period);
    this.period = period;
    this.average = new WilderAverage(period);
  }

  get ready(): boolean {
    return this.average.ready;
  }

  update(high: number, low: number, close: number): number {
    if (!Number.isFinite(high) || !Number.isFinite(low) || !Number.isFinite(close)) return this.value;
    const tr = this.trueRange.update(high, low, close);
    if (Number.isNaN(tr)) return this.value;
    this.value = this.average.update(tr);
    return this.value;
  }

  reset(): void {
    this.trueRange.reset();
    this.average.reset();
    this.value = NaN;
  }
}

export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = requireSameLength('true range', { high, low, close });
  const indicator = new TrueRange();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(high[i]!, low[i]!, close[i]!);
  return out;
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): Float64Array {
  const n = requireSameLength('ATR', { high, low, close });
  const indicator = new Atr(period);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(high[i]!, low[i]!, close[i]!);
  return out;
}
