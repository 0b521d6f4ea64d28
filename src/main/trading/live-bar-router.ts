/**
 * Live bars on Alpaca, whatever their size: the data stream's minute bars (and the REST backfill
 * after a reconnect) go into the `1Min` dataset of their symbol, and through the aggregator into
 * one dataset per larger size that someone needs: the enabled strategies' bar sizes, and the sizes
 * of the live (`alpaca`) datasets already stored for the symbol (what charts and the regime band
 * show keeps growing). Each stored bar is announced (`dataset.changed` / `appended`, so the regime
 * service runs on it) and handed to the trading service (`market.bars`, the strategy host).
 *
 *   feed minute ─▶ 1Min dataset ─▶ service (marks, market.bars, strategies)
 *               └▶ aggregator (symbol × size) ─▶ its dataset ─▶ service (market.bars, strategies)
 *   timer ─▶ aggregator.flushDue (quiet symbols; only while the stream is connected and not backfilling)
 *
 * Completeness: when a symbol is first followed, the feed refetches its minutes over REST from the
 * start of the New York day of its last stored minute (or of today, at most `maxBackfillMs` back),
 * so every bucket from then on sees all its minutes; minutes already stored are not handed on
 * again. A failed backfill marks the gap (`uncovered`): buckets it touches are not built. A size
 * added later for a followed symbol is primed from the minutes this run has stored.
 *
 * What is traded: bars are handed on with the origin the aggregator gives them (`live` or
 * `backfill`); the strategy host trades live bars only (docs/concepts/live-strategies.md).
 */
import type { Bar } from '../../shared/domain/bar';
import { parseTimeframe, timeframeMs } from '../../shared/domain/timeframe';
import { MS_PER_DAY } from '../../shared/market/civil-days';
import { aggregationOf, storedBarEnd } from '../../shared/market/bar-aggregator';
import { LiveBarAggregator, type AggregationNotice, type SymbolBar } from '../../shared/market/live-bar-aggregator';
import { newYorkDay, SESSION_ZONE, type SessionCalendar } from '../../shared/market/us-equity-session';
import { zoneClock } from '../../shared/market/zone-clock';
import type { FeedBar, LiveBarFeed } from '../broker/alpaca/bar-feed';
import type { Logger } from '../log';
import { BarAppender, type AppendTarget } from '../market/bar-appender';
import { DatasetStore } from '../market/dataset-store';
import type { ServiceContext } from '../services/context';
import type { Db } from '../storage/database';
import type { ServiceBar } from './trading-service';

/** Where bars go once stored: the trading service. */
export interface LiveBarSink {
  /** A minute closed: the book is marked with it. */
  barClosed(symbol: string, close: number): void;
  publishBar(bar: ServiceBar): void;
}

export interface LiveBarRouterOptions {
  readonly feed: Pick<LiveBarFeed, 'watch' | 'onGap' | 'isBackfilling' | 'lastBarTimes'>;
  /** Whether the market-data stream is connected now (the timer closes buckets only then). */
  readonly streamConnected: () => boolean;
  readonly db: Db;
  readonly log: Logger;
  readonly announce: Pick<ServiceContext, 'hub' | 'bus' | 'log'> | null;
  readonly sink: () => LiveBarSink | null;
  readonly clock?: () => number;
  /** Oldest gap a start-up backfill fills (default 5 days). */
  readonly maxBackfillMs?: number;
  readonly calendar?: SessionCalendar;
  /** The aggregator's wait after a bucket's end before the timer closes it (default 20 s). */
  readonly graceMs?: number;
  readonly lateAfterMs?: number;
  /** How often the timer looks for quiet buckets (default 1 s). */
  readonly flushIntervalMs?: number;
}

const SCOPE = 'live bars';
const SOURCE = 'alpaca';
const MINUTE = '1Min';

function minuteTarget(symbol: string): AppendTarget {
  return { symbol, timeframe: MINUTE, source: SOURCE, tz: SESSION_ZONE };
}

function sizeTarget(symbol: string, timeframe: string): AppendTarget {
  return aggregationOf(timeframe)?.kind === 'day'
    ? { symbol, timeframe, source: SOURCE, tz: 'UTC', timeKind: 'date' }
    : { symbol, timeframe, source: SOURCE, tz: SESSION_ZONE };
}

export class LiveBarRouter {
  readonly aggregator: LiveBarAggregator;
  private readonly appender: BarAppender;
  private readonly datasets: DatasetStore;
  private readonly clock: () => number;
  private readonly watched = new Map<string, { unsubscribe(): void }>();
  /** Per followed symbol: the first instant from which this run has every minute. */
  private readonly coveredFrom = new Map<string, number>();
  private readonly stopGap: () => void;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: LiveBarRouterOptions) {
    this.clock = options.clock ?? Date.now;
    this.appender = new BarAppender(options.db, options.announce);
    this.datasets = new DatasetStore(options.db);
    this.aggregator = new LiveBarAggregator({ calendar: options.calendar, graceMs: options.graceMs, lateAfterMs: options.lateAfterMs });
    this.stopGap = options.feed.onGap((gap) => this.onGap(gap.symbol, gap.after, gap.reason));
  }

  /**
   * Stream the minutes of `symbols` and build the bar sizes each needs (`barSizes`, plus the sizes
   * of its stored live datasets). Symbols no longer listed stop.
   */
  follow(symbols: ReadonlySet<string>, barSizes: ReadonlyMap<string, ReadonlySet<string>> = new Map()): void {
    for (const symbol of symbols) {
      if (!this.watched.has(symbol)) this.watch(symbol);
      this.buildSizes(symbol, this.sizesFor(symbol, barSizes.get(symbol)));
    }
    for (const [symbol, watch] of this.watched) {
      if (symbols.has(symbol)) continue;
      watch.unsubscribe();
      this.watched.delete(symbol);
      this.coveredFrom.delete(symbol);
      for (const timeframe of this.aggregator.timeframes(symbol)) this.aggregator.drop(symbol, timeframe);
    }
    this.scheduleTimer();
  }

  close(): void {
    this.stopGap();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const watch of this.watched.values()) watch.unsubscribe();
    this.watched.clear();
  }

  /** Closes the buckets of quiet symbols whose end + grace has passed (the timer calls this). */
  flushDue(): void {
    const bars = this.aggregator.flushDue(this.clock(), (symbol) => this.options.streamConnected() && !this.options.feed.isBackfilling(symbol));
    for (const bar of bars) this.deliverSized(bar);
  }

  private watch(symbol: string): void {
    const last = this.appender.lastTime(minuteTarget(symbol));
    const now = this.clock();
    const oldest = now - (this.options.maxBackfillMs ?? 5 * MS_PER_DAY);
    // Refetch from the start of the New York day of the last stored minute (today when none):
    // every bucket from there on is then built from minutes all seen in this run.
    const anchor = last === null ? now : Math.max(last, oldest);
    const from = zoneClock(SESSION_ZONE).toUtc(newYorkDay(anchor) * MS_PER_DAY);
    this.coveredFrom.set(symbol, from);
    this.watched.set(symbol, this.options.feed.watch(symbol, (bar) => this.onMinute(bar), from - 1));
  }

  /** Sizes `symbol` gets: those asked for, and those of its live datasets already stored. */
  private sizesFor(symbol: string, asked: ReadonlySet<string> | undefined): Set<string> {
    const sizes = new Set<string>();
    for (const timeframe of asked ?? []) if (aggregationOf(timeframe)) sizes.add(timeframe);
    const stored = this.options.db.prepare('SELECT DISTINCT timeframe FROM datasets WHERE symbol = ? AND source = ?').pluck(true).all(symbol, SOURCE) as string[];
    for (const timeframe of stored) if (aggregationOf(timeframe)) sizes.add(timeframe);
    return sizes;
  }

  private buildSizes(symbol: string, sizes: ReadonlySet<string>): void {
    for (const timeframe of this.aggregator.timeframes(symbol)) if (!sizes.has(timeframe)) this.aggregator.drop(symbol, timeframe);
    const coveredFrom = this.coveredFrom.get(symbol) ?? this.clock();
    for (const timeframe of sizes) {
      if (!this.aggregator.ensure(symbol, timeframe, { coveredFrom, emittedThrough: this.storedEnd(symbol, timeframe) })) continue;
      this.options.log.info(SCOPE, `building ${timeframe} bars of ${symbol} from its minutes (complete from ${new Date(coveredFrom).toISOString()})`);
      this.prime(symbol, timeframe, coveredFrom);
    }
  }

  /** End of the last stored bar of `symbol` at `timeframe` (−∞ when none). */
  private storedEnd(symbol: string, timeframe: string): number {
    const last = this.appender.lastTime(sizeTarget(symbol, timeframe));
    if (last === null) return Number.NEGATIVE_INFINITY;
    const end = storedBarEnd(timeframe, last, this.options.calendar);
    const tf = parseTimeframe(timeframe);
    return Number.isFinite(end) ? end : last + (tf ? timeframeMs(tf) : 0);
  }

  /**
   * A size added for a symbol already streaming: the minutes this run has delivered since its
   * coverage began are in the minute dataset; they are folded in as backfill (what they complete is
   * stored and fed to indicators, not traded), and the stream carries on from there.
   */
  private prime(symbol: string, timeframe: string, coveredFrom: number): void {
    const delivered = this.options.feed.lastBarTimes().get(symbol);
    if (delivered === undefined || delivered < coveredFrom) return;
    const dataset = this.appender.lastTime(minuteTarget(symbol)) === null ? null : this.appender.datasetOf(minuteTarget(symbol));
    if (dataset === null) return;
    const minutes = this.datasets.bars(dataset, { from: coveredFrom, to: delivered });
    const series = this.aggregator.seriesOf(symbol, timeframe)!;
    const out: Parameters<typeof series.offer>[2] = [];
    for (let i = 0; i < minutes.t.length; i++) {
      series.offer({ t: minutes.t[i]!, o: minutes.o[i]!, h: minutes.h[i]!, l: minutes.l[i]!, c: minutes.c[i]!, v: minutes.v[i]! }, 'backfill', out);
    }
    for (const bar of out) this.deliverSized({ ...bar, symbol });
  }

  private onMinute(bar: FeedBar): void {
    const minute: Bar = { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v };
    const origin = bar.source === 'backfill' ? 'backfill' : 'live';
    // A minute already stored (refetched at start) is not handed on again; one that could not be stored still is.
    const fresh = this.store(minuteTarget(bar.symbol), minute) !== false;
    const sink = this.options.sink();
    if (fresh && sink) {
      sink.barClosed(bar.symbol, bar.c);
      sink.publishBar({ symbol: bar.symbol, timeframe: MINUTE, ...minute, source: origin });
    }
    const { bars, notices } = this.aggregator.offer(bar.symbol, minute, origin);
    for (const notice of notices) this.tell(notice);
    for (const sized of bars) this.deliverSized(sized);
  }

  private deliverSized(bar: SymbolBar): void {
    const stored: Bar = { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v };
    if (this.store(sizeTarget(bar.symbol, bar.timeframe), stored) === false) return;
    this.options.sink()?.publishBar({ symbol: bar.symbol, timeframe: bar.timeframe, ...stored, source: bar.origin });
  }

  /** Appends one bar: true when new, false when already stored, null when the write failed (logged). */
  private store(target: AppendTarget, bar: Bar): boolean | null {
    try {
      return this.appender.append(target, [bar]) > 0;
    } catch (error) {
      this.options.log.error(SCOPE, `could not store the ${target.symbol} ${target.timeframe} bar of ${new Date(bar.t).toISOString()}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private onGap(symbol: string, after: number, reason: string): void {
    // Minutes after `after` may never come: nothing that starts before the next full minute is built.
    const until = Math.ceil(this.clock() / 60_000) * 60_000;
    this.coveredFrom.set(symbol, Math.max(this.coveredFrom.get(symbol) ?? until, until));
    this.aggregator.uncovered(symbol, after + 1, until);
    if (this.aggregator.timeframes(symbol).length > 0) {
      this.options.log.warn(SCOPE, `${symbol}: minutes after ${new Date(after).toISOString()} could not be backfilled (${reason}); bars of ${this.aggregator.timeframes(symbol).join(', ')} that needed them are left out`);
    }
  }

  private tell(notice: AggregationNotice): void {
    const at = new Date(notice.t).toISOString();
    if (notice.kind === 'late') this.options.log.warn(SCOPE, `${notice.symbol}: the live minute of ${at} came after its ${notice.timeframe} bar was closed; ignored (the bar stays as emitted)`);
    else this.options.log.info(SCOPE, `${notice.symbol}: the ${notice.timeframe} bar starting ${at} is left out: Sextant does not have every minute of it`);
  }

  private scheduleTimer(): void {
    const wanted = this.aggregator.symbols().length > 0;
    if (wanted && !this.timer) {
      this.timer = setInterval(() => this.flushDue(), this.options.flushIntervalMs ?? 1_000);
      this.timer.unref?.();
    } else if (!wanted && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
