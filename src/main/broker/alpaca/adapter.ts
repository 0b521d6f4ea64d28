/**
 * Sextant's Alpaca adapter (main process only): REST through the official SDK, the trading stream
 * for order events, the market-data stream (one shared connection) with gap backfill, and the
 * reconciliation snapshot the OMS needs after a start-up or a reconnect.
 *
 * Its inputs and outputs are Alpaca's concepts (AlpacaOrderRequest, AlpacaOrder, AlpacaTradeUpdate
 * with Alpaca's statuses and events). Joining it to the shared `Broker` interface is a thin mapping
 * on top of this class.
 */
import type { Logger } from '../../log';
import { fetchBars, type BarsQuery, type BarsResult } from './bars';
import { LiveBarFeed } from './bar-feed';
import { checkKeysForMode, resolveAlpacaConfig, type AlpacaKeyProvider, type AlpacaSettings, type ResolvedAlpacaConfig } from './config';
import { envKeyProvider } from './keys';
import type { AlpacaAccount, AlpacaCalendarDay, AlpacaClock, AlpacaOrder, AlpacaPosition, AlpacaTradeUpdate } from './mapping';
import type { AlpacaOrderRequest, AlpacaReplaceRequest } from './order-request';
import { AlpacaRestClient, type AlpacaRestOptions, type CancelResult, type ClosePositionResult, type ListOrdersQuery } from './rest-client';
import type { ResyncedEvent } from './stream/managed-socket';
import { AlpacaMarketDataStream, type MarketDataStreamTuning } from './stream/market-data-stream';
import type { StreamCodec } from './stream/codec';
import { Signal } from './stream/signal';
import type { ConnectionStatus } from './stream/state';
import { AlpacaTradingStream, type TradingStreamTuning } from './stream/trading-stream';

export type AlpacaStreamName = 'trading' | 'market-data';

export interface AlpacaAdapterOptions {
  readonly settings?: AlpacaSettings;
  /** Environment for endpoint overrides and default keys (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where keys come from (default: `APCA_API_KEY_ID` / `APCA_API_SECRET_KEY`). */
  readonly keyProvider?: AlpacaKeyProvider;
  readonly log: Logger;
  readonly rest?: Pick<AlpacaRestOptions, 'retry' | 'rateLimit' | 'timeoutMs' | 'sleep' | 'random'>;
  readonly tradingStream?: TradingStreamTuning;
  readonly marketDataStream?: MarketDataStreamTuning & { readonly codec?: StreamCodec };
}

export interface StreamStateEvent {
  readonly stream: AlpacaStreamName;
  readonly status: ConnectionStatus;
}

export interface StreamResyncedEvent extends ResyncedEvent {
  readonly stream: AlpacaStreamName;
}

/** What the broker says now, for the OMS to rebuild its view from (the broker's view wins). */
export interface ReconciliationSnapshot {
  /** Epoch ms when the snapshot was started: events after it arrive on the stream. */
  readonly takenAt: number;
  readonly openOrders: readonly AlpacaOrder[];
  /** Orders submitted after `since`, whatever their status. */
  readonly recentOrders: readonly AlpacaOrder[];
  /** Orders the OMS believed open that are no longer in `openOrders`, fetched by id (null: unknown to Alpaca). */
  readonly formerlyOpen: ReadonlyMap<string, AlpacaOrder | null>;
  readonly positions: readonly AlpacaPosition[];
  readonly account: AlpacaAccount;
}

const SCOPE = 'alpaca';

export class AlpacaAdapter {
  readonly config: ResolvedAlpacaConfig;
  readonly rest: AlpacaRestClient;
  readonly tradingStream: AlpacaTradingStream;
  readonly marketData: AlpacaMarketDataStream;
  readonly bars: LiveBarFeed;
  private readonly stateSignal: Signal<StreamStateEvent>;
  private readonly resyncedSignal: Signal<StreamResyncedEvent>;
  private readonly reconcileNeeded: Signal<string>;

  /** Resolve the configuration and keys (refusing live without confirmation or with paper keys). */
  static async create(options: AlpacaAdapterOptions): Promise<AlpacaAdapter> {
    const env = options.env ?? process.env;
    const config = resolveAlpacaConfig(options.settings, env);
    const provider = options.keyProvider ?? envKeyProvider(env);
    const keys = await provider();
    if (keys) {
      options.log.registerSecret(keys.keyId);
      options.log.registerSecret(keys.secret);
    }
    const checked = checkKeysForMode(keys, config.mode);
    if (config.overridden.length > 0) {
      options.log.info(SCOPE, `${config.mode} mode with overridden endpoints: ${config.overridden.map((key) => `${key}=${config.endpoints[key]}`).join(', ')}`);
    } else {
      options.log.info(SCOPE, `${config.mode} mode`);
    }
    return new AlpacaAdapter(options, config, checked);
  }

  private constructor(options: AlpacaAdapterOptions, config: ResolvedAlpacaConfig, keys: { keyId: string; secret: string }) {
    const log = options.log;
    this.config = config;
    const onListenerError = (error: unknown): void => log.error(SCOPE, `a listener threw: ${(error as Error).message}`);
    this.stateSignal = new Signal(onListenerError);
    this.resyncedSignal = new Signal(onListenerError);
    this.reconcileNeeded = new Signal(onListenerError);
    this.rest = new AlpacaRestClient({ config, keys, log, ...options.rest });
    this.tradingStream = new AlpacaTradingStream({ ...options.tradingStream, url: config.endpoints.tradingStreamUrl, keys, log });
    this.marketData = new AlpacaMarketDataStream({ ...options.marketDataStream, url: config.endpoints.dataStreamUrl, keys, log });
    const feed = config.feed === 'test' ? undefined : config.feed;
    this.bars = new LiveBarFeed({ stream: this.marketData, fetchBars: (query) => this.getBars(query), log, feed });

    this.tradingStream.onState((status) => this.stateSignal.emit({ stream: 'trading', status }));
    this.marketData.onState((status) => this.stateSignal.emit({ stream: 'market-data', status }));
    this.tradingStream.onResynced((event) => {
      this.resyncedSignal.emit({ ...event, stream: 'trading' });
      this.reconcileNeeded.emit(`trading stream reconnected after: ${event.reason}`);
    });
    this.marketData.onResynced((event) => this.resyncedSignal.emit({ ...event, stream: 'market-data' }));
    this.tradingStream.onUnreadableUpdate((reason) => this.reconcileNeeded.emit(`an order event could not be read: ${reason}`));
  }

  get mode(): ResolvedAlpacaConfig['mode'] {
    return this.config.mode;
  }

  /** Open both streams (each reconnects by itself until `stop`). */
  start(): void {
    this.tradingStream.start();
    this.marketData.start();
  }

  stop(): void {
    this.bars.close();
    this.tradingStream.stop();
    this.marketData.stop();
  }

  streamStatus(stream: AlpacaStreamName): ConnectionStatus {
    return stream === 'trading' ? this.tradingStream.status : this.marketData.status;
  }

  onStreamState(listener: (event: StreamStateEvent) => void): () => void {
    return this.stateSignal.on(listener);
  }

  /** After each reconnect of either stream. */
  onResynced(listener: (event: StreamResyncedEvent) => void): () => void {
    return this.resyncedSignal.on(listener);
  }

  /** Order events may have been missed (reconnect, unreadable event): call `reconcile`. */
  onReconcileNeeded(listener: (reason: string) => void): () => void {
    return this.reconcileNeeded.on(listener);
  }

  onTradeUpdate(listener: (update: AlpacaTradeUpdate) => void): () => void {
    return this.tradingStream.onTradeUpdate(listener);
  }

  // --- REST --------------------------------------------------------------------------------------

  submitOrder(order: AlpacaOrderRequest): Promise<AlpacaOrder> {
    return this.rest.submitOrder(order);
  }

  replaceOrder(orderId: string, change: AlpacaReplaceRequest): Promise<AlpacaOrder> {
    return this.rest.replaceOrder(orderId, change);
  }

  cancelOrder(orderId: string): Promise<void> {
    return this.rest.cancelOrder(orderId);
  }

  cancelAllOrders(): Promise<CancelResult[]> {
    return this.rest.cancelAllOrders();
  }

  getOrder(orderId: string): Promise<AlpacaOrder | null> {
    return this.rest.getOrder(orderId);
  }

  getOrderByClientOrderId(clientOrderId: string): Promise<AlpacaOrder | null> {
    return this.rest.getOrderByClientOrderId(clientOrderId);
  }

  listOrders(query?: ListOrdersQuery): Promise<AlpacaOrder[]> {
    return this.rest.listOrders(query);
  }

  listPositions(): Promise<AlpacaPosition[]> {
    return this.rest.listPositions();
  }

  getPosition(symbol: string): Promise<AlpacaPosition | null> {
    return this.rest.getPosition(symbol);
  }

  closePosition(symbol: string, amount?: { qty?: number; percentage?: number }): Promise<AlpacaOrder> {
    return this.rest.closePosition(symbol, amount);
  }

  closeAllPositions(options?: { cancelOrders?: boolean }): Promise<ClosePositionResult[]> {
    return this.rest.closeAllPositions(options);
  }

  getAccount(): Promise<AlpacaAccount> {
    return this.rest.getAccount();
  }

  getClock(): Promise<AlpacaClock> {
    return this.rest.getClock();
  }

  getCalendar(start: string, end: string): Promise<AlpacaCalendarDay[]> {
    return this.rest.getCalendar(start, end);
  }

  getBars(query: BarsQuery): Promise<BarsResult> {
    const feed = query.feed ?? (this.config.feed === 'test' ? undefined : this.config.feed);
    return fetchBars(this.rest, { ...query, feed });
  }

  /**
   * The broker's view for reconciliation: open orders, orders submitted since `since`, the
   * current state of orders the OMS thought open, positions and account.
   */
  async reconcile(since: number, believedOpen: readonly string[] = []): Promise<ReconciliationSnapshot> {
    const takenAt = Date.now();
    const openOrders = await this.rest.listOrdersSince(0, 'open');
    const recentOrders = await this.rest.listOrdersSince(since, 'all');
    const open = new Set(openOrders.map((order) => order.id));
    const recent = new Map(recentOrders.map((order) => [order.id, order]));
    const formerlyOpen = new Map<string, AlpacaOrder | null>();
    for (const id of believedOpen) {
      if (open.has(id)) continue;
      formerlyOpen.set(id, recent.get(id) ?? (await this.rest.getOrder(id)));
    }
    const positions = await this.rest.listPositions();
    const account = await this.rest.getAccount();
    return { takenAt, openOrders, recentOrders, formerlyOpen, positions, account };
  }
}
