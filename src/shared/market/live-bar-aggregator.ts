import type { Bar } from '../domain/bar';
import { BucketSeries, type AggregatedBar, type BarOrigin, type MinuteOutcome } from './bar-aggregator';
import type { SessionCalendar } from './us-equity-session';

/** A bar built from minutes, with its symbol. */
export interface SymbolBar extends AggregatedBar {
  readonly symbol: string;
}

/** Something an owner should hear of once: a live minute that came too late, a bucket left out. */
export interface AggregationNotice {
  readonly symbol: string;
  readonly timeframe: string;
  readonly kind: 'late' | 'partial';
  /** The minute (late) or the start of the bucket left out (partial). */
  readonly t: number;
}

export interface LiveBarAggregatorOptions {
  readonly calendar?: SessionCalendar;
  readonly graceMs?: number;
  readonly lateAfterMs?: number;
}

export interface AggregatorStats {
  folded: number;
  outsideSession: number;
  duplicates: number;
  late: number;
  partial: number;
  emitted: number;
}

/**
 * The bar series built from each symbol's minutes, per bar size (see bar-aggregator.ts for the
 * rules). The owner adds the sizes it needs (`ensure`), offers every minute of a symbol once and in
 * time order, and calls `flushDue` on a timer for the symbols whose minutes are known complete.
 */
export class LiveBarAggregator {
  readonly stats: AggregatorStats = { folded: 0, outsideSession: 0, duplicates: 0, late: 0, partial: 0, emitted: 0 };
  private readonly series = new Map<string, Map<string, BucketSeries>>();

  constructor(private readonly options: LiveBarAggregatorOptions = {}) {}

  /**
   * Builds `timeframe` bars of `symbol` from now on (kept as they are when already built):
   * `coveredFrom` is the first instant from which the owner has every minute, `emittedThrough` the
   * end of the last bar of this size already stored.
   */
  ensure(symbol: string, timeframe: string, start: { coveredFrom: number; emittedThrough: number }): boolean {
    let bySize = this.series.get(symbol);
    if (!bySize) this.series.set(symbol, (bySize = new Map()));
    if (bySize.has(timeframe)) return false;
    bySize.set(timeframe, new BucketSeries({ timeframe, calendar: this.options.calendar, graceMs: this.options.graceMs, lateAfterMs: this.options.lateAfterMs, ...start }));
    return true;
  }

  /** Stops building `timeframe` bars of `symbol` (its open bucket is dropped). */
  drop(symbol: string, timeframe: string): void {
    const bySize = this.series.get(symbol);
    bySize?.delete(timeframe);
    if (bySize?.size === 0) this.series.delete(symbol);
  }

  timeframes(symbol: string): string[] {
    return [...(this.series.get(symbol)?.keys() ?? [])];
  }

  symbols(): string[] {
    return [...this.series.keys()];
  }

  /** The series of one symbol and size (for status and tests). */
  seriesOf(symbol: string, timeframe: string): BucketSeries | undefined {
    return this.series.get(symbol)?.get(timeframe);
  }

  /** One minute of `symbol`: the bars it completes, oldest bucket first, and what to tell. */
  offer(symbol: string, minute: Bar, origin: BarOrigin): { bars: SymbolBar[]; notices: AggregationNotice[] } {
    const bars: SymbolBar[] = [];
    const notices: AggregationNotice[] = [];
    const bySize = this.series.get(symbol);
    if (!bySize) return { bars, notices };
    const out: AggregatedBar[] = [];
    for (const [timeframe, series] of bySize) {
      const partialBefore = series.lastPartialStart;
      const outcome = series.offer(minute, origin, out);
      this.count(outcome);
      if (outcome === 'late' && origin === 'live') notices.push({ symbol, timeframe, kind: 'late', t: minute.t });
      if (outcome === 'partial' && series.lastPartialStart !== partialBefore) notices.push({ symbol, timeframe, kind: 'partial', t: series.lastPartialStart });
    }
    for (const bar of out) bars.push({ ...bar, symbol });
    this.stats.emitted += bars.length;
    return { bars, notices };
  }

  /** Closes every bucket whose end + grace has passed, for the symbols `complete` vouches for. */
  flushDue(now: number, complete: (symbol: string) => boolean): SymbolBar[] {
    const bars: SymbolBar[] = [];
    for (const [symbol, bySize] of this.series) {
      if (!complete(symbol)) continue;
      const out: AggregatedBar[] = [];
      for (const series of bySize.values()) series.flushDue(now, out);
      for (const bar of out) bars.push({ ...bar, symbol });
    }
    this.stats.emitted += bars.length;
    return bars;
  }

  /** Minutes of `symbol` between `from` and `until` may be missing: buckets they touch are not built. */
  uncovered(symbol: string, from: number, until: number): void {
    for (const series of this.series.get(symbol)?.values() ?? []) series.uncovered(from, until);
  }

  private count(outcome: MinuteOutcome): void {
    switch (outcome) {
      case 'folded': this.stats.folded++; break;
      case 'outside-session': this.stats.outsideSession++; break;
      case 'duplicate': this.stats.duplicates++; break;
      case 'late': this.stats.late++; break;
      case 'partial': this.stats.partial++; break;
    }
  }
}
