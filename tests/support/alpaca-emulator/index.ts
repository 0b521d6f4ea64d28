/**
 * A loopback Alpaca for tests: one node:http server on 127.0.0.1 speaking the trading REST API,
 * the market-data REST API, the trading stream (`/stream`) and the market-data stream
 * (`/v2/{iex|sip|delayed_sip|test}`), well enough for the official SDK v4 and for Sextant's adapter.
 *
 * Tests drive it through `emulator.control` (in-process, not HTTP): prices, bars, fills, clock, and
 * faults. Every HTTP request is recorded in `emulator.requests`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Account } from './account';
import { routeData, type DataOptions } from './data-router';
import { DataStreamServer, type DataMessage } from './data-stream';
import { RestFaults } from './faults';
import { Market, type EmulatorBar } from './market';
import { OrderBook, type EmulatorOrder } from './orders';
import { routeTrading, type RouteResult } from './trading-router';
import { TradingStreamServer } from './trading-stream';

export { minuteBars, type EmulatorBar } from './market';
export type { DataMessage } from './data-stream';
export type { EmulatorOrder } from './orders';

export interface EmulatorKeys {
  keyId: string;
  secret: string;
}

export const EMULATOR_KEYS: EmulatorKeys = { keyId: 'PKEMULATOR0000000001', secret: 'emulator-secret-7f3a9c1e5b' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  /** What the emulator answered (0 when the connection was reset instead). */
  status: number;
  readonly at: number;
}

export interface AlpacaEmulatorOptions {
  keys?: EmulatorKeys;
  initialCash?: number;
  /** `X-Ratelimit-Limit`; default 200. */
  rateLimit?: number;
}

export interface AlpacaEmulatorUrls {
  trading: string;
  data: string;
  tradingStream: string;
  /** The data stream base (append `/v2/{feed}`). */
  dataStreamBase: string;
  dataStream(feed?: string): string;
}

const FEEDS = new Set(['iex', 'sip', 'delayed_sip', 'test']);

export class AlpacaEmulator {
  readonly market = new Market();
  readonly account: Account;
  readonly book: OrderBook;
  readonly restFaults = new RestFaults();
  readonly tradingStream = new TradingStreamServer(() => this.keys);
  readonly dataStream = new DataStreamServer(() => this.keys);
  readonly requests: RecordedRequest[] = [];
  readonly dataOptions: DataOptions = { sipRestricted: false };
  keys: EmulatorKeys;
  urls!: AlpacaEmulatorUrls;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly rateLimit: number;
  private requestCounter = 0;
  private windowStart = Date.now();
  private windowCount = 0;

  constructor(options: AlpacaEmulatorOptions = {}) {
    this.keys = options.keys ?? EMULATOR_KEYS;
    this.rateLimit = options.rateLimit ?? 200;
    this.account = new Account(this.market, options.initialCash ?? 100_000);
    this.book = new OrderBook(this.market, this.account, (event, order, execution) =>
      this.tradingStream.broadcast(event, order, execution, this.market.now()),
    );
    this.server = http.createServer((request, response) => void this.onRequest(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (request, socket, head) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/stream') return this.tradingStream.handleUpgrade(request, socket, head);
      const feed = /^\/v2\/([a-z_]+)$/.exec(path)?.[1];
      if (feed && FEEDS.has(feed)) return this.dataStream.handleUpgrade(request, socket, head, feed);
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    });
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    const { port: actual } = this.server.address() as AddressInfo;
    const http = `http://127.0.0.1:${actual}`;
    const ws = `ws://127.0.0.1:${actual}`;
    this.urls = { trading: http, data: http, tradingStream: `${ws}/stream`, dataStreamBase: ws, dataStream: (feed = 'iex') => `${ws}/v2/${feed}` };
    return this;
  }

  /** The four `SEXTANT_ALPACA_*_URL` variables pointing here. */
  env(feed = 'iex'): Record<string, string> {
    return {
      SEXTANT_ALPACA_TRADING_URL: this.urls.trading,
      SEXTANT_ALPACA_DATA_URL: this.urls.data,
      SEXTANT_ALPACA_TRADING_STREAM_URL: this.urls.tradingStream,
      SEXTANT_ALPACA_DATA_STREAM_URL: this.urls.dataStream(feed),
      APCA_API_KEY_ID: this.keys.keyId,
      APCA_API_SECRET_KEY: this.keys.secret,
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.tradingStream.close(), this.dataStream.close()]);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The in-process control API. */
  readonly control = {
    setPrice: (symbol: string, price: number): void => {
      this.market.setPrice(symbol, price);
      this.book.scheduleMatch();
    },
    setMarketOpen: (open: boolean): void => {
      this.market.marketOpen = open;
      if (open) this.book.openMarket();
    },
    setNow: (ms: number | null): void => {
      this.market.fixedNow = ms;
    },
    addAsset: (symbol: string, overrides?: { tradable?: boolean }): void => {
      this.market.addAsset(symbol, overrides);
    },
    addBars: (symbol: string, bars: readonly EmulatorBar[], timeframe = '1Min'): void => this.market.addBars(symbol, bars, timeframe),
    /** A new minute bar: into the history (for REST backfill) and onto the data stream. */
    publishBars: (symbol: string, bars: readonly EmulatorBar[]): number => {
      this.market.addBars(symbol, bars, '1Min');
      return this.dataStream.publish(bars.map((bar) => ({ T: 'b', S: symbol, ...bar })));
    },
    publish: (messages: readonly DataMessage[]): number => this.dataStream.publish(messages),
    /** Split the next automatic fill into executions of these fractions (e.g. [0.3, 0.7]). */
    splitNextFill: (fractions: number[]): void => {
      this.book.nextFillSplit = fractions;
    },
    fillOrder: (orderId: string, qty: number, price: number): void => this.book.fill(orderId, qty, price),
    /** The account activities leave out the newest `count` executions (Alpaca's activities lagging). */
    lagActivities: (count: number): void => {
      this.book.activitiesLag = count;
    },
    rejectOrder: (orderId: string): void => this.book.reject(orderId),
    expireDayOrders: (): void => this.book.expireDayOrders(),
    order: (orderId: string): EmulatorOrder | undefined => this.book.get(orderId),
    orderByClientId: (clientOrderId: string): EmulatorOrder | undefined => this.book.getByClientOrderId(clientOrderId),
    setCash: (cash: number): void => {
      this.account.cash = cash;
    },
    setShorting: (enabled: boolean): void => {
      this.account.shortingEnabled = enabled;
    },
    setKeys: (keys: EmulatorKeys): void => {
      this.keys = keys;
    },
    rest: this.restFaults,
    trading: this.tradingStream,
    data: this.dataStream,
  };

  private rateHeaders(): Record<string, string> {
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
    return {
      'X-Ratelimit-Limit': String(this.rateLimit),
      'X-Ratelimit-Remaining': String(Math.max(0, this.rateLimit - this.windowCount)),
      'X-Ratelimit-Reset': String(Math.ceil((this.windowStart + 60_000) / 1000)),
    };
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const text = await readBody(request);
    let body: unknown = undefined;
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body: undefined,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-ID': `req-${++this.requestCounter}`, ...this.rateHeaders() };
    const answer = (result: RouteResult, extraHeaders: Record<string, string> = {}): void => {
      record.status = result.status;
      response.writeHead(result.status, { ...headers, ...extraHeaders });
      response.end(result.body === undefined ? undefined : JSON.stringify(result.body));
    };

    if (text.length > 0) {
      try {
        body = JSON.parse(text);
        (record as { body: unknown }).body = body;
      } catch {
        return answer({ status: 400, body: { code: 40010000, message: 'request body format is invalid' } });
      }
    }
    const isData = url.pathname.startsWith('/v2/stocks');
    if (request.headers['apca-api-key-id'] !== this.keys.keyId || request.headers['apca-api-secret-key'] !== this.keys.secret) {
      return isData
        ? answer({ status: 403, body: { message: 'forbidden' } })
        : answer({ status: 401, body: { code: 40110000, message: 'request is not authorized' } });
    }
    const fault = this.restFaults.take(method, url.pathname);
    if (fault?.kind === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'respond') return answer({ status: fault.status, body: fault.body }, { ...fault.headers });
    if (fault?.kind === 'hold') await fault.released;

    const routed = { method, path: url.pathname, query: url.searchParams, body };
    const result = isData
      ? routeData(this.market, this.dataOptions, routed)
      : routeTrading({ market: this.market, account: this.account, book: this.book }, routed);
    if (fault?.kind === 'apply-then-reset') {
      record.status = result?.status ?? 404;
      request.socket.destroy();
      return;
    }
    answer(result ?? { status: 404, body: { code: 40410000, message: 'endpoint not found' } });
  }
}

export async function startAlpacaEmulator(options: AlpacaEmulatorOptions = {}): Promise<AlpacaEmulator> {
  return new AlpacaEmulator(options).listen();
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
