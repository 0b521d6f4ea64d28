import { InputError } from '../errors';
import { Ema } from './moving-averages';
import { nanColumn, requirePeriod, type Indicator } from './series';

/**
 * MACD: line = EMA(fast) − EMA(slow), signal = EMA(signal) of the line, histogram = line − signal.
 * Every EMA is seeded by the SMA of its own first inputs (see `Ema`), each from the start of its
 * input: the line appears at index slow − 1 (25 for 12/26/9), the signal and histogram at
 * slow + signal − 2 (33). TA-Lib instead delays the fast EMA's seed to line up with the slow one,
 * so its first few values differ from ours; both converge within a few dozen bars.
 */
export class Macd implements Indicator {
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  macd = NaN;
  signal = NaN;
  histogram = NaN;
  private readonly fast: Ema;
  private readonly slow: Ema;
  private readonly signalEma: Ema;

  constructor(fastPeriod = 12, slowPeriod = 26, signalPeriod = 9) {
    requirePeriod('MACD', 'fast period', fastPeriod);
    requirePeriod('MACD', 'slow period', slowPeriod);
    requirePeriod('MACD', 'signal period', signalPeriod);
    if (fastPeriod >= slowPeriod) {
      throw new InputError(`MACD: the fast period (${fastPeriod}) must be shorter than the slow period (${slowPeriod})`);
    }
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
    this.fast = new Ema(fastPeriod);
    this.slow = new Ema(slowPeriod);
    this.signalEma = new Ema(signalPeriod);
  }

  /** The MACD line. */
  get value(): number {
    return this.macd;
  }

  /** True once the signal line (and so every field) is defined. */
  get ready(): boolean {
    return this.signalEma.ready;
  }

  /** Returns the MACD line. */
  update(x: number): number {
    if (!Number.isFinite(x)) return this.macd;
    const fast = this.fast.update(x);
    const slow = this.slow.update(x);
    if (!this.slow.ready) return this.macd;
    this.macd = fast - slow;
    this.signal = this.signalEma.update(this.macd);
    this.histogram = this.macd - this.signal;
    return this.macd;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signalEma.reset();
    this.macd = NaN;
    this.signal = NaN;
    this.histogram = NaN;
  }
}

export interface MacdColumns {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

export function macd(values: Float64Array, fastPeriod = 12, slowPeriod = 26, signalPeriod = 9): MacdColumns {
  const indicator = new Macd(fastPeriod, slowPeriod, signalPeriod);
  const n = values.length;
  const out = { macd: nanColumn(n), signal: nanColumn(n), histogram: nanColumn(n) };
  for (let i = 0; i < n; i++) {
    out.macd[i] = indicator.update(values[i]!);
    out.signal[i] = indicator.signal;
    out.histogram[i] = indicator.histogram;
  }
  return out;
}
