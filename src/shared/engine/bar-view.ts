import type { Bar } from '../domain/bar';
import type { BarSeries } from './bar-series';

/** A strategy asked for a bar after the current one. In a backtest that is reading the future. */
export class LookAheadError extends Error {
  constructor(symbol: string, asked: number, current: number) {
    super(`look-ahead: ${symbol} bar ${asked} was read while the current bar is ${current}; a strategy sees only bars up to now`);
    this.name = 'LookAheadError';
  }
}

/**
 * What a strategy sees of one symbol's bars: indices 0..`index` (the current bar) and nothing
 * after, whatever the series underneath holds. Reading a later index throws `LookAheadError`,
 * so a backtest cannot use the future by accident: no raw column is ever handed out.
 */
export class BarView {
  readonly symbol: string;
  private readonly series: BarSeries;
  private readonly clock: { readonly step: number };
  /** The current bar (−1 before the first). Moved only by the engine. */
  index = -1;
  /** The engine step at which `index` last moved. */
  updatedStep = -1;

  constructor(series: BarSeries, clock: { readonly step: number } = { step: -1 }) {
    this.symbol = series.symbol;
    this.series = series;
    this.clock = clock;
  }

  /** True when this symbol got a new bar at the current step (several symbols do not always trade at the same times). */
  get isNew(): boolean {
    return this.updatedStep === this.clock.step;
  }

  /** Bars visible so far. */
  get length(): number {
    return this.index + 1;
  }

  time(i: number): number {
    return this.series.t[this.check(i)]!;
  }
  open(i: number): number {
    return this.series.o[this.check(i)]!;
  }
  high(i: number): number {
    return this.series.h[this.check(i)]!;
  }
  low(i: number): number {
    return this.series.l[this.check(i)]!;
  }
  close(i: number): number {
    return this.series.c[this.check(i)]!;
  }
  volume(i: number): number {
    return this.series.v[this.check(i)]!;
  }

  /** Close `n` bars ago (0: the current bar). */
  closeAgo(n: number): number {
    return this.close(this.index - n);
  }

  /** The current bar's close (NaN before the first bar). */
  get lastClose(): number {
    return this.index < 0 ? Number.NaN : this.series.c[this.index]!;
  }

  get lastTime(): number {
    return this.index < 0 ? Number.NaN : this.series.t[this.index]!;
  }

  /** One bar as an object (allocates: not for per-bar hot loops). */
  bar(i: number): Bar {
    const k = this.check(i);
    const s = this.series;
    return { t: s.t[k]!, o: s.o[k]!, h: s.h[k]!, l: s.l[k]!, c: s.c[k]!, v: s.v[k]! };
  }

  /** Copies of the visible closes from `start` to the current bar (allocates). */
  closes(start = 0): Float64Array {
    if (start < 0) throw new RangeError(`${this.symbol}: bar index ${start} is before the first bar`);
    return this.series.c.slice(start, this.index + 1);
  }

  private check(i: number): number {
    if (i > this.index) throw new LookAheadError(this.symbol, i, this.index);
    if (i < 0 || !Number.isInteger(i)) throw new RangeError(`${this.symbol}: bar index ${i} does not exist (visible: 0..${this.index})`);
    return i;
  }
}
