/**
 * Alpaca's REST API through the official SDK (`@alpacahq/alpaca-trade-api` v4), pointed at the
 * configured endpoints.
 *
 * The SDK has no base-URL option; a `pre` middleware rewrites Alpaca's hosts to the configured ones
 * (§0.2 of the spec). Calls go through the SDK's generated `…Raw` methods: the SDK does the
 * transport (auth headers, client-side rate limit, timeouts, typed errors) and we read Alpaca's JSON
 * as sent, validated by the wire schemas in types.ts, so REST and the streams share one parser and
 * decimals are never routed through the SDK's model layer.
 */
import { Alpaca, trading } from '@alpacahq/alpaca-trade-api';
import type { Logger } from '../../log';
import { ALPACA_HOSTS, type AlpacaKeys, type ResolvedAlpacaConfig } from './config';
import { AlpacaApiError, toAlpacaError } from './errors';
import {
  parseAccount, parseAsset, parseWire, parseCalendarDay, parseClock, parseFillActivity, parseList, parseOrder, parsePosition,
  type AlpacaAccount, type AlpacaAsset, type AlpacaCalendarDay, type AlpacaClock, type AlpacaFillActivity, type AlpacaOrder, type AlpacaPosition,
} from './mapping';
import { toPatchOrderRequest, toPostOrderRequest, type AlpacaOrderRequest, type AlpacaReplaceRequest } from './order-request';
import { DEFAULT_RETRY_POLICY, retryRead, retrySubmit, sleep, type RetryEnvironment, type RetryEvent, type RetryPolicy } from './retry';
import { wireCancelResultSchema, wireCloseResultSchema } from './types';

export interface AlpacaRestOptions {
  readonly config: ResolvedAlpacaConfig;
  readonly keys: AlpacaKeys;
  readonly log: Logger;
  readonly retry?: Partial<RetryPolicy>;
  /** The SDK's client-side token bucket per host; default Alpaca's 200 requests/minute. */
  readonly rateLimit?: { readonly maxRequests: number; readonly intervalMs: number } | false;
  /** Per-request timeout; default 15 s. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type OrderListStatus = 'open' | 'closed' | 'all';

export interface ListOrdersQuery {
  readonly status?: OrderListStatus;
  /** Epoch ms; only orders submitted after it. */
  readonly after?: number;
  /** Epoch ms; only orders submitted before it. */
  readonly until?: number;
  readonly limit?: number;
  readonly direction?: 'asc' | 'desc';
  readonly symbols?: readonly string[];
  readonly nested?: boolean;
}

export interface CancelResult {
  readonly orderId: string;
  /** The HTTP status of this cancel inside the 207 (200/204 succeeded, 500 failed). */
  readonly status: number;
  readonly ok: boolean;
}

export interface ClosePositionResult {
  readonly symbol: string;
  readonly status: number;
  readonly ok: boolean;
  /** The closing order when `ok`. */
  readonly order: AlpacaOrder | null;
  /** Alpaca's message when not `ok`. */
  readonly message: string | null;
}

export interface RateLimitSnapshot {
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Epoch ms when the window resets. */
  readonly resetAt: number | null;
}

const SCOPE = 'alpaca rest';

/** Rewrite Alpaca's hosts to the configured endpoints (no-op when nothing is overridden). */
export function hostRewriter(config: ResolvedAlpacaConfig): (url: string) => string {
  const rules: [string, string][] = [
    [ALPACA_HOSTS.paper.trading, config.endpoints.tradingUrl],
    [ALPACA_HOSTS.live.trading, config.endpoints.tradingUrl],
    [ALPACA_HOSTS.data, config.endpoints.dataUrl],
  ];
  return (url) => {
    for (const [from, to] of rules) {
      if (url === from || url.startsWith(from + '/') || url.startsWith(from + '?')) return to + url.slice(from.length);
    }
    return url;
  };
}

export class AlpacaRestClient {
  readonly sdk: Alpaca;
  private readonly policy: RetryPolicy;
  private readonly env: RetryEnvironment;
  private readonly log: Logger;
  private rateLimitSeen: RateLimitSnapshot = { limit: null, remaining: null, resetAt: null };

  constructor(options: AlpacaRestOptions) {
    this.log = options.log;
    this.log.registerSecret(options.keys.keyId);
    this.log.registerSecret(options.keys.secret);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.env = {
      sleep: options.sleep ?? sleep,
      random: options.random ?? Math.random,
      onRetry: (event: RetryEvent) =>
        this.log.warn(SCOPE, `${event.operation}: ${event.error.message}; attempt ${event.attempt} in ${event.delayMs} ms`),
    };
    const rewrite = hostRewriter(options.config);
    this.sdk = new Alpaca({
      keyId: options.keys.keyId,
      secret: options.keys.secret,
      paper: options.config.mode === 'paper',
      retry: false,
      rateLimit: options.rateLimit === undefined ? { maxRequests: 200, intervalMs: 60_000 } : options.rateLimit,
      timeoutMs: options.timeoutMs ?? 15_000,
      middleware: [
        {
          pre: async ({ url, init }) => ({ url: rewrite(url), init }),
          post: async ({ response }) => {
            this.noteRateLimit(response.headers);
          },
        },
      ],
    });
  }

  /** The last `X-Ratelimit-*` headers seen (for the UI's connection panel). */
  get rateLimit(): RateLimitSnapshot {
    return this.rateLimitSeen;
  }

  // --- Account, clock, calendar, assets ---------------------------------------------------------

  getAccount(): Promise<AlpacaAccount> {
    return this.read('get account', () => this.sdk.trading.account.getAccountRaw(), parseAccount);
  }

  getClock(): Promise<AlpacaClock> {
    return this.read('get clock', () => this.sdk.trading.clock.legacyClockRaw(), parseClock);
  }

  /** Trading days from `start` to `end` inclusive (`YYYY-MM-DD`). */
  getCalendar(start: string, end: string): Promise<AlpacaCalendarDay[]> {
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (!day.test(start) || !day.test(end)) throw new RangeError(`calendar dates must be YYYY-MM-DD, got ${start} and ${end}`);
    return this.read(
      'get calendar',
      () => this.sdk.trading.calendar.legacyCalendarRaw({ start: new Date(`${start}T00:00:00Z`), end: new Date(`${end}T00:00:00Z`) }),
      (raw) => parseList(raw, 'calendar', parseCalendarDay),
    );
  }

  /** The asset, or null when Alpaca doesn't know the symbol. */
  async getAsset(symbol: string): Promise<AlpacaAsset | null> {
    return this.orNull(this.read('get asset', () => this.sdk.trading.assets.getV2AssetsSymbolOrAssetIdRaw({ symbolOrAssetId: symbol }), parseAsset));
  }

  listAssets(query: { status?: 'active' | 'inactive'; assetClass?: string } = {}): Promise<AlpacaAsset[]> {
    return this.read(
      'list assets',
      () => this.sdk.trading.assets.getV2AssetsRaw({ status: query.status, assetClass: query.assetClass }),
      (raw) => parseList(raw, 'assets', parseAsset),
    );
  }

  // --- Orders ----------------------------------------------------------------------------------

  /** Submit an order (see retry.ts for what happens on 429 / 5xx / network failures). */
  submitOrder(order: AlpacaOrderRequest): Promise<AlpacaOrder> {
    const request = toPostOrderRequest(order);
    return retrySubmit(
      {
        submit: () => this.once('submit order', () => this.sdk.trading.orders.postOrderRaw({ postOrderRequest: request }), parseOrder),
        lookup: () => this.getOrderByClientOrderId(order.clientOrderId),
        onRecovered: (how) => this.log.warn(SCOPE, `submit order ${order.clientOrderId}: ${how}`),
      },
      this.policy,
      this.env,
    );
  }

  /**
   * Replace (PATCH) an order: Alpaca answers with a NEW order whose `replaces` is the old id. Not
   * retried: a lost answer is resolved by the trade_updates stream or by reconciliation.
   */
  replaceOrder(orderId: string, change: AlpacaReplaceRequest): Promise<AlpacaOrder> {
    const request = toPatchOrderRequest(change);
    return this.once('replace order', () => this.sdk.trading.orders.patchOrderByOrderIdRaw({ orderId, patchOrderRequest: request }), parseOrder);
  }

  /** Request a cancel (204). The order's end comes as a `canceled` event; 422 if no longer cancelable. */
  async cancelOrder(orderId: string): Promise<void> {
    await this.retryRead('cancel order', async () => {
      try {
        await (await this.sdk.trading.orders.deleteOrderByOrderIDRaw({ orderId })).value();
      } catch (error) {
        throw toAlpacaError(error, 'cancel order', (text) => this.log.redact(text));
      }
    });
  }

  /** Cancel every open order (207 multi-status, one entry per order). */
  cancelAllOrders(): Promise<CancelResult[]> {
    return this.read('cancel all orders', () => this.sdk.trading.orders.deleteAllOrdersRaw(), (raw) =>
      parseList(raw, 'cancel results', (item) => {
        const entry = parseWire(wireCancelResultSchema, item, 'cancel result');
        return { orderId: entry.id, status: entry.status, ok: entry.status >= 200 && entry.status < 300 };
      }),
    );
  }

  getOrder(orderId: string): Promise<AlpacaOrder | null> {
    return this.orNull(this.read('get order', () => this.sdk.trading.orders.getOrderByOrderIDRaw({ orderId, nested: true }), parseOrder));
  }

  getOrderByClientOrderId(clientOrderId: string): Promise<AlpacaOrder | null> {
    return this.orNull(this.read('get order by client order id', () => this.sdk.trading.orders.getOrderByClientOrderIdRaw({ clientOrderId }), parseOrder));
  }

  /** One page of orders (Alpaca caps a page at 500). */
  listOrders(query: ListOrdersQuery = {}): Promise<AlpacaOrder[]> {
    const limit = query.limit ?? 500;
    if (!(limit >= 1 && limit <= 500)) throw new RangeError(`limit must be 1..500, got ${limit}`);
    return this.read(
      'list orders',
      () =>
        this.sdk.trading.orders.getAllOrdersRaw({
          status: query.status as trading.GetAllOrdersStatusEnum | undefined,
          after: query.after !== undefined ? new Date(query.after).toISOString() : undefined,
          until: query.until !== undefined ? new Date(query.until).toISOString() : undefined,
          limit,
          direction: query.direction as trading.GetAllOrdersDirectionEnum | undefined,
          symbols: query.symbols?.join(','),
          nested: query.nested,
        }),
      (raw) => parseList(raw, 'orders', parseOrder),
    );
  }

  /**
   * Every order submitted after `after` (epoch ms), all pages, oldest first. `after`/`until` are
   * exclusive at Alpaca, so the next page starts after the last order's submission time; orders
   * sharing that exact instant are de-duplicated by id.
   */
  async listOrdersSince(after: number, status: OrderListStatus = 'all'): Promise<AlpacaOrder[]> {
    const seen = new Map<string, AlpacaOrder>();
    let cursor = after;
    for (let page = 0; page < 1000; page++) {
      const batch = await this.listOrders({ status, after: cursor, direction: 'asc', limit: 500, nested: true });
      let fresh = 0;
      for (const order of batch) {
        if (!seen.has(order.id)) {
          seen.set(order.id, order);
          fresh++;
        }
      }
      if (batch.length < 500 || fresh === 0) break;
      const last = batch[batch.length - 1]!;
      cursor = Math.max(cursor, (last.submittedAt ?? last.createdAt) - 1);
    }
    return [...seen.values()];
  }

  // --- Activities ------------------------------------------------------------------------------

  /**
   * Every execution (FILL activity) after `after` (epoch ms), oldest first, all pages (Alpaca
   * pages by the id of the last activity, 100 at most per page).
   */
  async listFillActivities(after: number): Promise<AlpacaFillActivity[]> {
    const out: AlpacaFillActivity[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const batch = await this.read(
        'list fill activities',
        () =>
          this.sdk.trading.accountActivities.getAccountActivitiesRaw({
            activityTypes: ['FILL'] as trading.GetAccountActivitiesRequest['activityTypes'],
            after: new Date(after),
            direction: 'asc' as trading.GetAccountActivitiesDirectionEnum,
            pageSize: 100,
            ...(pageToken !== undefined ? { pageToken } : {}),
          }),
        (raw) => parseList(raw, 'fill activities', parseFillActivity),
      );
      out.push(...batch);
      if (batch.length < 100) break;
      pageToken = batch[batch.length - 1]!.activityId;
    }
    return out;
  }

  // --- Positions -------------------------------------------------------------------------------

  listPositions(): Promise<AlpacaPosition[]> {
    return this.read('list positions', () => this.sdk.trading.positions.getAllOpenPositionsRaw(), (raw) => parseList(raw, 'positions', parsePosition));
  }

  getPosition(symbol: string): Promise<AlpacaPosition | null> {
    return this.orNull(this.read('get position', () => this.sdk.trading.positions.getOpenPositionRaw({ symbolOrAssetId: symbol }), parsePosition));
  }

  /** Close (all or part of) a position: Alpaca answers with the closing order. Not retried. */
  closePosition(symbol: string, amount: { qty?: number; percentage?: number } = {}): Promise<AlpacaOrder> {
    if (amount.qty !== undefined && amount.percentage !== undefined) throw new RangeError('give qty or percentage, not both');
    if (amount.percentage !== undefined && !(amount.percentage > 0 && amount.percentage <= 100)) {
      throw new RangeError(`percentage must be in (0, 100], got ${amount.percentage}`);
    }
    return this.once(
      'close position',
      () => this.sdk.trading.positions.deleteOpenPositionRaw({ symbolOrAssetId: symbol, qty: amount.qty, percentage: amount.percentage }),
      parseOrder,
    );
  }

  /** Liquidate everything (207 multi-status). Not retried: the kill switch reconciles afterwards. */
  closeAllPositions(options: { cancelOrders?: boolean } = {}): Promise<ClosePositionResult[]> {
    return this.once('close all positions', () => this.sdk.trading.positions.deleteAllOpenPositionsRaw({ cancelOrders: options.cancelOrders }), (raw) =>
      parseList(raw, 'close results', (item) => {
        const entry = parseWire(wireCloseResultSchema, item, 'close result');
        const ok = entry.status >= 200 && entry.status < 300;
        const body = entry.body as { message?: unknown } | undefined;
        return {
          symbol: entry.symbol,
          status: entry.status,
          ok,
          order: ok && entry.body ? parseOrder(entry.body) : null,
          message: !ok && body && typeof body.message === 'string' ? body.message : null,
        };
      }),
    );
  }

  // --- Plumbing --------------------------------------------------------------------------------

  /** A GET with retries; `raw` returns the SDK's ApiResponse and the JSON is parsed with `parse`. */
  read<T>(operation: string, raw: () => Promise<{ raw: Response }>, parse: (json: unknown) => T): Promise<T> {
    return this.retryRead(operation, () => this.once(operation, raw, parse));
  }

  retryRead<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return retryRead(operation, call, this.policy, this.env);
  }

  /** One attempt: SDK errors become AlpacaApiError; the body is parsed outside the error mapping. */
  async once<T>(operation: string, raw: () => Promise<{ raw: Response }>, parse: (json: unknown) => T): Promise<T> {
    let json: unknown;
    try {
      const response = await raw();
      json = await response.raw.json();
    } catch (error) {
      throw toAlpacaError(error, operation, (text) => this.log.redact(text));
    }
    return parse(json);
  }

  private async orNull<T>(call: Promise<T>): Promise<T | null> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof AlpacaApiError && error.status === 404) return null;
      throw error;
    }
  }

  private noteRateLimit(headers: Headers): void {
    const number = (name: string): number | null => {
      const value = headers.get(name);
      const n = value === null ? Number.NaN : Number(value);
      return Number.isFinite(n) ? n : null;
    };
    const limit = number('X-Ratelimit-Limit');
    if (limit === null) return;
    const reset = number('X-Ratelimit-Reset');
    this.rateLimitSeen = { limit, remaining: number('X-Ratelimit-Remaining'), resetAt: reset === null ? null : reset * 1000 };
  }
}
