/**
 * Live minute bars without holes: the market-data stream's bars, plus, after every reconnect, the
 * bars missed while it was down, fetched over REST. Each symbol's bars are delivered once each and
 * in time order, whichever path brought them:
 *   - a bar at or before the last delivered one for its symbol is dropped (counted as a duplicate);
 *   - while a symbol is being backfilled, its live bars are held back and released after the
 *     backfill, so a fresh live bar can't overtake the older bars still being fetched.
 * A symbol can only be backfilled from a known point: the last bar delivered, or `since` given to
 * `watch` (the last bar the owner has stored). When a symbol's backfill fails, `onGap` says so
 * before its held live bars are released, so an owner building larger bars from these minutes
 * knows which of them can no longer be complete.
 */
import type { Logger } from '../../log';
import type { BarColumns } from '../../../shared/domain/bar';
import { backfillBars, type BackfillOutcome, type BarsFetcher } from './backfill';
import type { AlpacaDataFeed } from './config';
import type { AlpacaMarketDataStream, MarketDataSubscription, StreamBar } from './stream/market-data-stream';
import { Signal } from './stream/signal';

export interface FeedBar extends StreamBar {
  readonly source: 'stream' | 'backfill';
}

export interface BarFeedOptions {
  readonly stream: AlpacaMarketDataStream;
  readonly fetchBars: BarsFetcher;
  readonly log: Logger;
  readonly feed?: Exclude<AlpacaDataFeed, 'test'>;
}

/** Minutes of `symbol` after `after` (the last one delivered before the gap) may never come. */
export interface BarGap {
  readonly symbol: string;
  readonly after: number;
  readonly reason: string;
}

export interface BarFeedStats {
  delivered: number;
  backfilled: number;
  duplicatesDropped: number;
}

const SCOPE = 'alpaca bar feed';
const TIMEFRAME = '1Min';

export class LiveBarFeed {
  readonly stats: BarFeedStats = { delivered: 0, backfilled: 0, duplicatesDropped: 0 };
  private readonly lastSeen = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(bar: FeedBar) => void>>();
  private readonly subscriptions = new Map<string, MarketDataSubscription>();
  private readonly held = new Map<string, StreamBar[]>();
  private readonly backfillSignal: Signal<readonly BackfillOutcome[]>;
  private readonly gapSignal: Signal<BarGap>;
  private queue: Promise<void> = Promise.resolve();
  private readonly stopResynced: () => void;

  constructor(private readonly options: BarFeedOptions) {
    this.backfillSignal = new Signal((error) => options.log.error(SCOPE, `a backfill listener threw: ${(error as Error).message}`));
    this.gapSignal = new Signal((error) => options.log.error(SCOPE, `a gap listener threw: ${(error as Error).message}`));
    this.stopResynced = options.stream.onResynced((event) => {
      options.log.info(SCOPE, `stream reconnected (connection ${event.connection}); backfilling bars missed since ${new Date(event.lostAt).toISOString()}`);
      void this.backfill([...this.listeners.keys()]);
    });
  }

  /** Each finished backfill run, one outcome per symbol. */
  onBackfill(listener: (outcomes: readonly BackfillOutcome[]) => void): () => void {
    return this.backfillSignal.on(listener);
  }

  /** A symbol's backfill failed: told before its held live bars are delivered. */
  onGap(listener: (gap: BarGap) => void): () => void {
    return this.gapSignal.on(listener);
  }

  /** True while `symbol` is being backfilled (its live bars are held back until it is done). */
  isBackfilling(symbol: string): boolean {
    return this.held.has(symbol);
  }

  /** The last bar time delivered per symbol (what a backfill would start from). */
  lastBarTimes(): ReadonlyMap<string, number> {
    return new Map(this.lastSeen);
  }

  /**
   * Receive `symbol`'s minute bars. `since` (epoch ms of the last bar the owner already has)
   * starts an immediate backfill from there.
   */
  watch(rawSymbol: string, listener: (bar: FeedBar) => void, since?: number): { unsubscribe(): void } {
    const symbol = rawSymbol.trim().toUpperCase();
    let set = this.listeners.get(symbol);
    if (!set) {
      this.listeners.set(symbol, (set = new Set()));
      this.subscriptions.set(symbol, this.options.stream.subscribe({ bars: [symbol] }, { bar: (bar) => this.onStreamBar(bar) }));
    }
    set.add(listener);
    if (since !== undefined && since > (this.lastSeen.get(symbol) ?? Number.NEGATIVE_INFINITY)) {
      this.lastSeen.set(symbol, since);
      void this.backfill([symbol]);
    }
    let active = true;
    return {
      unsubscribe: () => {
        if (!active) return;
        active = false;
        set.delete(listener);
        if (set.size > 0) return;
        this.listeners.delete(symbol);
        this.subscriptions.get(symbol)?.unsubscribe();
        this.subscriptions.delete(symbol);
        this.held.delete(symbol);
      },
    };
  }

  /** Backfill `symbols` now (also what a reconnect triggers). Resolves when done. */
  backfill(symbols: readonly string[]): Promise<void> {
    const targets = symbols.filter((symbol) => this.listeners.has(symbol) && this.lastSeen.has(symbol));
    for (const symbol of targets) if (!this.held.has(symbol)) this.held.set(symbol, []);
    const run = async (): Promise<void> => {
      const lastSeen = new Map<string, number>();
      for (const symbol of targets) {
        const last = this.lastSeen.get(symbol);
        if (last !== undefined && this.listeners.has(symbol)) lastSeen.set(symbol, last);
      }
      let outcomes: BackfillOutcome[] = [];
      try {
        outcomes = await backfillBars(this.options.fetchBars, { lastSeen, timeframe: TIMEFRAME, feed: this.options.feed }, (symbol, bars) =>
          this.emitBackfilled(symbol, bars),
        );
        for (const outcome of outcomes) {
          if (!outcome.error) continue;
          this.options.log.warn(SCOPE, `backfill of ${outcome.symbol} failed, the gap stays until the next reconnect: ${outcome.error.message}`);
          this.gapSignal.emit({ symbol: outcome.symbol, after: this.lastSeen.get(outcome.symbol) ?? lastSeen.get(outcome.symbol) ?? Number.NEGATIVE_INFINITY, reason: outcome.error.message });
        }
      } finally {
        for (const symbol of targets) this.releaseHeld(symbol);
      }
      this.backfillSignal.emit(outcomes);
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  close(): void {
    this.stopResynced();
    for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    this.subscriptions.clear();
    this.listeners.clear();
    this.held.clear();
  }

  private onStreamBar(bar: StreamBar): void {
    const held = this.held.get(bar.symbol);
    if (held) held.push(bar);
    else this.deliver(bar, 'stream');
  }

  private emitBackfilled(symbol: string, bars: BarColumns): void {
    for (let i = 0; i < bars.t.length; i++) {
      const bar: StreamBar = { symbol, t: bars.t[i]!, o: bars.o[i]!, h: bars.h[i]!, l: bars.l[i]!, c: bars.c[i]!, v: bars.v[i]!, n: null, vw: null };
      if (this.deliver(bar, 'backfill')) this.stats.backfilled++;
    }
  }

  private releaseHeld(symbol: string): void {
    const held = this.held.get(symbol);
    this.held.delete(symbol);
    if (!held) return;
    for (const bar of held) this.deliver(bar, 'stream');
  }

  private deliver(bar: StreamBar, source: FeedBar['source']): boolean {
    const last = this.lastSeen.get(bar.symbol);
    if (last !== undefined && bar.t <= last) {
      this.stats.duplicatesDropped++;
      return false;
    }
    this.lastSeen.set(bar.symbol, bar.t);
    const listeners = this.listeners.get(bar.symbol);
    if (!listeners) return false;
    const feedBar: FeedBar = { ...bar, source };
    this.stats.delivered++;
    for (const listener of listeners) {
      try {
        listener(feedBar);
      } catch (error) {
        this.options.log.error(SCOPE, `a bar listener threw: ${(error as Error).message}`);
      }
    }
    return true;
  }
}
