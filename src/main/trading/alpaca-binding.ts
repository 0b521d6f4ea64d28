/**
 * The trading service on Alpaca: the AlpacaBroker (orders), the adapter's two streams (their
 * states go to the connection indicator), reconciliation after every reconnect or unreadable order
 * event, and live bars for every symbol the service follows (live-bar-router.ts): minutes from the
 * stream, and the larger sizes built from them, stored in the `bars` table (a dataset per symbol
 * and size, source `alpaca`, without duplicates), shown on `market.bars`, handed to the strategy
 * host, and marking the positions. After a market-data reconnect the bar feed backfills the gap over REST.
 */
import type { ConnectionView } from '../../shared/ipc/services/trading';
import type { SessionCalendar } from '../../shared/market/us-equity-session';
import type { AlpacaAdapter, AlpacaStreamName } from '../broker/alpaca/adapter';
import type { AlpacaBroker } from '../broker/alpaca/alpaca-broker';
import type { ConnectionStatus } from '../broker/alpaca/stream/state';
import type { Logger } from '../log';
import type { ServiceContext } from '../services/context';
import type { Db } from '../storage/database';
import { parseWire, timestampMs } from '../broker/alpaca/mapping';
import type { MarketDataSubscription } from '../broker/alpaca/stream/market-data-stream';
import { wireLatestQuoteSchema, wireLatestTradeSchema } from '../broker/alpaca/types';
import type { TimedPrice } from '../../shared/trading/price-book';
import { LiveBarRouter } from './live-bar-router';
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
  /** Wall clock of the bar timers (tests set it to the emulated market's time). */
  readonly clock?: () => number;
  /** Tuning of the bars built from minutes (see bar-aggregator.ts). */
  readonly bars?: { readonly graceMs?: number; readonly lateAfterMs?: number; readonly flushIntervalMs?: number; readonly calendar?: SessionCalendar };
}

const STREAMS: readonly AlpacaStreamName[] = ['trading', 'market-data'];

export function connectionView(stream: AlpacaStreamName, status: ConnectionStatus): ConnectionView {
  return { stream, state: status.state, since: status.since, attempt: status.attempt, reason: status.reason, retryInMs: status.retryInMs, connection: status.connection };
}

export class AlpacaBinding implements TradingBrokerBinding {
  readonly kind = 'alpaca' as const;
  readonly timedPrices = true;
  readonly broker: AlpacaBroker;
  readonly market: MarketDataRouter | null;
  readonly adapter: AlpacaAdapter;
  readonly bars: LiveBarRouter;
  /** Trades and quotes of the followed symbols: their timed prices (not sent to the windows). */
  private readonly priceFeeds = new Map<string, MarketDataSubscription>();
  private readonly stops: Array<() => void> = [];
  private service: TradingService | null = null;

  constructor(private readonly options: AlpacaBindingOptions) {
    this.adapter = options.adapter;
    this.broker = options.broker;
    this.bars = new LiveBarRouter({
      feed: options.adapter.bars,
      streamConnected: () => options.adapter.streamStatus('market-data').state === 'connected',
      db: options.db,
      log: options.log,
      announce: options.announce,
      sink: () => this.service,
      clock: options.clock,
      maxBackfillMs: options.maxBackfillMs,
      ...options.bars,
    });
    this.market = options.publisher
      ? new MarketDataRouter({
          stream: options.adapter.marketData,
          publisher: options.publisher,
          onTrade: (trade) => this.service?.markPrice(trade.symbol, trade.price, trade.t),
          onQuote: (quote) => this.service?.noteQuote(quote.symbol, quote.bidPrice, quote.askPrice, quote.t),
        })
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
    this.bars.close();
    for (const feed of this.priceFeeds.values()) feed.unsubscribe();
    this.priceFeeds.clear();
    this.market?.close();
    this.broker.disconnect();
    this.adapter.stop();
  }

  connections(): ConnectionView[] {
    return STREAMS.map((stream) => connectionView(stream, this.adapter.streamStatus(stream)));
  }

  /**
   * The latest price over REST with its time: the latest trade, or the latest quote's midpoint when
   * the quote is newer (null: Alpaca has neither).
   */
  async discoverPrice(symbol: string): Promise<TimedPrice | null> {
    const rest = this.adapter.rest;
    const feed = this.adapter.config.feed === 'test' ? undefined : this.adapter.config.feed;
    const failed = (what: string) => (error: unknown): null => {
      this.options.log.warn('trading', `no latest ${what} for ${symbol} from Alpaca: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    };
    const [trade, quote] = await Promise.all([
      rest
        .read('get latest trade', () => rest.sdk.marketData.stocks.stockLatestTradeSingleRaw({ symbol, ...(feed ? { feed } : {}) }), (json) => parseWire(wireLatestTradeSchema, json, 'latest trade').trade)
        .catch(failed('trade')),
      rest
        .read('get latest quote', () => rest.sdk.marketData.stocks.stockLatestQuoteSingleRaw({ symbol, ...(feed ? { feed } : {}) }), (json) => parseWire(wireLatestQuoteSchema, json, 'latest quote').quote)
        .catch(failed('quote')),
    ]);
    const fromTrade: TimedPrice | null = trade && trade.p > 0 ? { price: trade.p, t: timestampMs(trade.t), source: 'latest-trade' } : null;
    const fromQuote: TimedPrice | null = quote && quote.bp > 0 && quote.ap >= quote.bp ? { price: (quote.bp + quote.ap) / 2, t: timestampMs(quote.t), source: 'latest-quote' } : null;
    if (fromTrade && fromQuote) return fromQuote.t > fromTrade.t ? fromQuote : fromTrade;
    return fromTrade ?? fromQuote;
  }

  /**
   * Minutes of `symbols`, the bar sizes each needs built from them (the strategies'), and their
   * trades and quotes (their timed prices, for risk and sizing).
   */
  follow(symbols: ReadonlySet<string>, barSizes?: ReadonlyMap<string, ReadonlySet<string>>): void {
    if (this.options.liveBars === false) return;
    this.bars.follow(symbols, barSizes);
    for (const symbol of symbols) {
      if (this.priceFeeds.has(symbol)) continue;
      this.priceFeeds.set(
        symbol,
        this.adapter.marketData.subscribe(
          { trades: [symbol], quotes: [symbol] },
          {
            trade: (trade) => this.service?.markPrice(trade.symbol, trade.price, trade.t),
            quote: (quote) => this.service?.noteQuote(quote.symbol, quote.bidPrice, quote.askPrice, quote.t),
          },
        ),
      );
    }
    for (const [symbol, feed] of this.priceFeeds) {
      if (symbols.has(symbol)) continue;
      feed.unsubscribe();
      this.priceFeeds.delete(symbol);
    }
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
