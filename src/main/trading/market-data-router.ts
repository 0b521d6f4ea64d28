/**
 * Carries the market-data stream into main and on to the windows: quotes (latest per symbol) and
 * trades (every print) go to the EventHub, which batches them per animation frame. Symbols are
 * reference-counted per interested party (the windows' watch lists, the trading service), so the
 * one shared Alpaca connection subscribes each symbol once.
 */
import type { MarketDataSubscription, StreamQuote, StreamTrade } from '../broker/alpaca/stream/market-data-stream';
import type { AlpacaMarketDataStream } from '../broker/alpaca/stream/market-data-stream';
import type { TradingPublisher } from './trading-service';

export interface MarketDataRouterOptions {
  readonly stream: AlpacaMarketDataStream;
  readonly publisher: TradingPublisher;
  /** Also told of every trade (the trading service keeps timed prices and marks positions with them). */
  readonly onTrade?: (trade: StreamTrade) => void;
  /** Also told of every quote (the trading service's timed prices). */
  readonly onQuote?: (quote: StreamQuote) => void;
}

export class MarketDataRouter {
  private readonly subscriptions = new Map<string, MarketDataSubscription>();
  /** Items carried to the hub, for the stream benchmark. */
  readonly stats = { quotes: 0, trades: 0 };

  constructor(private readonly options: MarketDataRouterOptions) {}

  /** Start carrying quotes and trades of `symbols` (idempotent per symbol). */
  watch(symbols: readonly string[]): void {
    for (const raw of symbols) {
      const symbol = raw.trim().toUpperCase();
      if (this.subscriptions.has(symbol)) continue;
      this.subscriptions.set(symbol, this.options.stream.subscribe({ quotes: [symbol], trades: [symbol] }, { quote: (q) => this.quote(q), trade: (t) => this.trade(t) }));
    }
  }

  unwatch(symbols: readonly string[]): void {
    for (const raw of symbols) {
      const symbol = raw.trim().toUpperCase();
      this.subscriptions.get(symbol)?.unsubscribe();
      this.subscriptions.delete(symbol);
    }
  }

  watching(): string[] {
    return [...this.subscriptions.keys()].sort();
  }

  close(): void {
    for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
    this.subscriptions.clear();
  }

  private quote(q: StreamQuote): void {
    this.stats.quotes++;
    this.options.publisher.publish('market.quotes', { symbol: q.symbol, t: q.t, bidPrice: q.bidPrice, bidSize: q.bidSize, askPrice: q.askPrice, askSize: q.askSize });
    this.options.onQuote?.(q);
  }

  private trade(t: StreamTrade): void {
    this.stats.trades++;
    this.options.publisher.publish('market.trades', { symbol: t.symbol, t: t.t, price: t.price, size: t.size });
    this.options.onTrade?.(t);
  }
}
