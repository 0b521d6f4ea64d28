/**
 * The trading service on Alpaca: the AlpacaBroker (orders), the adapter's two streams (their
 * states go to the connection indicator), reconciliation after every reconnect or unreadable order
 * event, and live minute bars for every symbol the service follows: stored in the `bars` table
 * (dataset per symbol, source `alpaca`, without duplicates), shown on `market.bars`, and marking the
 * positions. After a market-data reconnect the bar feed backfills the gap over REST.
 */
import type { Bar } from '../../shared/domain/bar';
import type { ConnectionView } from '../../shared/ipc/services/trading';
import type { AlpacaAdapter, AlpacaStreamName } from '../broker/alpaca/adapter';
import type { AlpacaBroker } from '../broker/alpaca/alpaca-broker';
import type { FeedBar } from '../broker/alpaca/bar-feed';
import type { ConnectionStatus } from '../broker/alpaca/stream/state';
import type { Logger } from '../log';
import { BarAppender } from '../market/bar-appender';
import type { ServiceContext } from '../services/context';
import type { Db } from '../storage/database';
import { parseWire } from '../broker/alpaca/mapping';
import { wireLatestTradeSchema } from '../broker/alpaca/types';
import { MarketDataRouter } from './market-data-router';
import type { TradingBrokerBinding, TradingPublisher, TradingService } from './trading-service';

export interface AlpacaBindingOptions {
  readonly adapter: AlpacaAdapter;
  readonly broker: AlpacaBroker;
  readonly db: Db;
  readonly log: Logger;
  /** Where `dataset.changed` goes (the app's hub and bus); null in the CLI. */
  readonly announce: Pick<ServiceContext, 'hub' | 'bus' | 'log'> | null;
  readonly publisher?: TradingPublisher;
  /** How long start-up waits for the trading stream before reconciling anyway (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Oldest gap a start-up backfill fills (default 5 days). */
  readonly maxBackfillMs?: number;
  /** Stream live bars of followed symbols (default true; the CLI turns it off). */
  readonly liveBars?: boolean;
}

const STREAMS: readonly AlpacaStreamName[] = ['trading', 'market-data'];

export function connectionView(stream: AlpacaStreamName, status: ConnectionStatus): ConnectionView {
  return { stream, state: status.state, since: status.since, attempt: status.attempt, reason: status.reason, retryInMs: status.retryInMs, connection: status.connection };
}

export class AlpacaBinding implements TradingBrokerBinding {
  readonly kind = 'alpaca' as const;
  readonly broker: AlpacaBroker;
  readonly market: MarketDataRouter | null;
  readonly adapter: AlpacaAdapter;
  private readonly appender: BarAppender;
  private readonly watched = new Map<string, { unsubscribe(): void }>();
  private readonly stops: Array<() => void> = [];
  private service: TradingService | null = null;

  constructor(private readonly options: AlpacaBindingOptions) {
    this.adapter = options.adapter;
    this.broker = options.broker;
    this.appender = new BarAppender(options.db, options.announce);
    this.market = options.publisher
      ? new MarketDataRouter({ stream: options.adapter.marketData, publisher: options.publisher, onTrade: (symbol, price) => this.service?.markPrice(symbol, price) })
      : null;
  }

  async start(service: TradingService): Promise<void> {
    this.service = service;
    this.stops.push(
      this.adapter.onStreamState((event) => service.publishConnection(connectionView(event.stream, event.status))),
      this.adapter.onReconcileNeeded((reason) => void service.reconcile(reason)),
      this.adapter.onResynced((event) => this.options.log.info('trading', `${event.stream} stream back after ${event.reason}`)),
    );
    this.adapter.start();
    await this.untilTradingStreamConnected(this.options.connectTimeoutMs ?? 10_000);
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const watch of this.watched.values()) watch.unsubscribe();
    this.watched.clear();
    this.market?.close();
    this.broker.disconnect();
    this.adapter.stop();
  }

  connections(): ConnectionView[] {
    return STREAMS.map((stream) => connectionView(stream, this.adapter.streamStatus(stream)));
  }

  /** The latest trade price over REST, for a symbol no stream has priced yet (null: Alpaca has none). */
  async discoverPrice(symbol: string): Promise<number | null> {
    const rest = this.adapter.rest;
    const feed = this.adapter.config.feed === 'test' ? undefined : this.adapter.config.feed;
    try {
      return await rest.read(
        'get latest trade',
        () => rest.sdk.marketData.stocks.stockLatestTradeSingleRaw({ symbol, ...(feed ? { feed } : {}) }),
        (json) => parseWire(wireLatestTradeSchema, json, 'latest trade').trade.p,
      );
    } catch (error) {
      this.options.log.warn('trading', `no latest price for ${symbol} from Alpaca: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  follow(symbols: ReadonlySet<string>): void {
    if (this.options.liveBars === false) return;
    for (const symbol of symbols) {
      if (this.watched.has(symbol)) continue;
      const target = { symbol, timeframe: '1Min', source: 'alpaca', tz: 'America/New_York' };
      const last = this.appender.lastTime(target);
      const oldest = Date.now() - (this.options.maxBackfillMs ?? 5 * 86_400_000);
      const since = last === null ? undefined : Math.max(last, oldest);
      this.watched.set(symbol, this.adapter.bars.watch(symbol, (bar) => this.onBar(bar), since));
    }
    for (const [symbol, watch] of this.watched) {
      if (symbols.has(symbol)) continue;
      watch.unsubscribe();
      this.watched.delete(symbol);
    }
  }

  private onBar(bar: FeedBar): void {
    const stored: Bar = { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v };
    try {
      this.appender.append({ symbol: bar.symbol, timeframe: '1Min', source: 'alpaca', tz: 'America/New_York' }, [stored]);
    } catch (error) {
      this.options.log.error('trading', `could not store the ${bar.symbol} bar of ${new Date(bar.t).toISOString()}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.service?.barClosed(bar.symbol, bar.c);
    this.service?.publishBar({ symbol: bar.symbol, timeframe: '1Min', ...stored, source: bar.source === 'backfill' ? 'backfill' : 'live' });
  }

  private untilTradingStreamConnected(limitMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.adapter.streamStatus('trading').state === 'connected') return resolve();
      const timer = setTimeout(() => {
        stop();
        this.options.log.warn('trading', `the trading stream did not connect within ${limitMs} ms; reconciling over REST now, and again when it connects`);
        resolve();
      }, limitMs);
      const stop = this.adapter.onStreamState((event) => {
        if (event.stream !== 'trading' || event.status.state !== 'connected') return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }
}
