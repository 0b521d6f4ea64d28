/**
 * Alpaca's real-time market-data stream (`/v2/{feed}`), one connection shared by every subscriber
 * in the app (Alpaca allows one connection per endpoint per account: a second gets error 406).
 *
 * Subscribers ask for channels and symbols; the stream counts references per (channel, symbol),
 * tells Alpaca only about the first subscriber in and the last one out, and re-sends the whole set
 * after each reconnect. Messages are decoded (msgpack by default, JSON on request), validated one
 * by one (a malformed message is skipped and counted, never a crash) and dispatched to the
 * subscribers of that symbol only.
 */
import type { Bar } from '../../../../shared/domain/bar';
import type { Logger } from '../../../log';
import type { AlpacaKeys } from '../config';
import { createFrameCodec, streamTimeMs, type FrameCodec, type StreamCodec } from './codec';
import { ManagedSocket, type ManagedSocketOptions, type ResyncedEvent, type StreamProtocol, type StreamSession } from './managed-socket';
import { Signal } from './signal';
import type { ConnectionStatus } from './state';

export const MARKET_DATA_CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars'] as const;
export type MarketDataChannel = (typeof MARKET_DATA_CHANNELS)[number];

/** A minute (or daily) bar of one symbol; `t` is the bar's start, epoch ms UTC, as `Bar.t`. */
export interface StreamBar extends Bar {
  readonly symbol: string;
  readonly n: number | null;
  readonly vw: number | null;
}

export interface StreamTrade {
  readonly symbol: string;
  readonly t: number;
  readonly price: number;
  readonly size: number;
  readonly exchange: string | null;
  readonly id: number | null;
  readonly tape: string | null;
}

export interface StreamQuote {
  readonly symbol: string;
  readonly t: number;
  readonly bidPrice: number;
  readonly bidSize: number;
  readonly askPrice: number;
  readonly askSize: number;
  readonly bidExchange: string | null;
  readonly askExchange: string | null;
}

export interface MarketDataHandlers {
  bar?(bar: StreamBar): void;
  /** A minute bar re-sent after late trades (type `u`): replaces the bar with the same `t`. */
  updatedBar?(bar: StreamBar): void;
  dailyBar?(bar: StreamBar): void;
  trade?(trade: StreamTrade): void;
  quote?(quote: StreamQuote): void;
}

export type MarketDataRequest = Partial<Record<MarketDataChannel, readonly string[]>>;

export interface MarketDataSubscription {
  /** Drop this subscriber's interest; Alpaca is told when no one else wants a symbol. */
  unsubscribe(): void;
}

/** Server-side problems that don't end the connection: symbol limit (405), slow client (407)… */
export interface MarketDataServerError {
  readonly code: number;
  readonly message: string;
}

export interface MarketDataStats {
  messages: number;
  skipped: number;
}

export type MarketDataStreamTuning = Pick<ManagedSocketOptions, 'backoff' | 'stallTimeoutMs' | 'pingIntervalMs' | 'handshakeTimeoutMs' | 'stableAfterMs' | 'random' | 'now'>;

export interface MarketDataStreamOptions extends MarketDataStreamTuning {
  /** Full URL including the feed path, e.g. `wss://stream.data.alpaca.markets/v2/iex`. */
  readonly url: string;
  readonly keys: AlpacaKeys;
  readonly log: Logger;
  /** Default `msgpack`, as Alpaca's SDKs. */
  readonly codec?: StreamCodec;
}

const SCOPE = 'alpaca market-data stream';

/** Error codes after which retrying cannot help: the keys or the plan are refused. */
const TERMINAL_CODES = new Set([402, 409]);
/** Error codes that end this connection but deserve a retry with backoff. */
const RECONNECT_CODES = new Set([401, 404, 406, 407, 500]);

type Handler = (value: never) => void;

const HANDLER_FOR_CHANNEL: Readonly<Record<MarketDataChannel, keyof MarketDataHandlers>> = {
  trades: 'trade',
  quotes: 'quote',
  bars: 'bar',
  updatedBars: 'updatedBar',
  dailyBars: 'dailyBar',
};

class ChannelRoutes {
  /** symbol → handlers; `*` holds wildcard subscribers. */
  readonly bySymbol = new Map<string, Set<Handler>>();
  /** symbol → subscriber count (what Alpaca must be subscribed to). */
  readonly counts = new Map<string, number>();

  add(symbol: string, handler: Handler | undefined): boolean {
    const count = this.counts.get(symbol) ?? 0;
    this.counts.set(symbol, count + 1);
    if (handler) {
      let set = this.bySymbol.get(symbol);
      if (!set) this.bySymbol.set(symbol, (set = new Set()));
      set.add(handler);
    }
    return count === 0;
  }

  remove(symbol: string, handler: Handler | undefined): boolean {
    const count = this.counts.get(symbol) ?? 0;
    if (count === 0) return false;
    if (handler) this.bySymbol.get(symbol)?.delete(handler);
    if (count === 1) {
      this.counts.delete(symbol);
      this.bySymbol.delete(symbol);
      return true;
    }
    this.counts.set(symbol, count - 1);
    return false;
  }

  symbols(): string[] {
    return [...this.counts.keys()];
  }
}

export class AlpacaMarketDataStream {
  readonly messageStats: MarketDataStats = { messages: 0, skipped: 0 };
  private readonly socket: ManagedSocket;
  private readonly codec: FrameCodec;
  private readonly routes: Record<MarketDataChannel, ChannelRoutes>;
  private readonly serverErrors: Signal<MarketDataServerError>;
  private readonly acknowledged: Signal<MarketDataRequest>;
  private session: StreamSession | null = null;
  private authenticated = false;
  private serverSubscription: MarketDataRequest = {};

  constructor(private readonly options: MarketDataStreamOptions) {
    this.codec = createFrameCodec(options.codec ?? 'msgpack');
    this.routes = {
      trades: new ChannelRoutes(),
      quotes: new ChannelRoutes(),
      bars: new ChannelRoutes(),
      updatedBars: new ChannelRoutes(),
      dailyBars: new ChannelRoutes(),
    };
    const onListenerError = (error: unknown): void => options.log.error(SCOPE, `a listener threw: ${(error as Error).message}`);
    this.serverErrors = new Signal(onListenerError);
    this.acknowledged = new Signal(onListenerError);
    this.socket = new ManagedSocket({
      ...options,
      name: SCOPE,
      url: options.url,
      headers: this.codec.upgradeHeaders,
      protocol: this.protocol(),
      log: options.log,
    });
    this.socket.onState((status) => {
      if (status.state !== 'connected') {
        this.authenticated = false;
        this.session = null;
      }
    });
  }

  get status(): ConnectionStatus {
    return this.socket.status;
  }

  get socketStats(): Readonly<ManagedSocket['stats']> {
    return this.socket.stats;
  }

  /** What Alpaca last confirmed we are subscribed to. */
  get confirmedSubscription(): MarketDataRequest {
    return this.serverSubscription;
  }

  /** What the subscribers want (the reference-counted union). */
  wanted(): MarketDataRequest {
    const out: MarketDataRequest = {};
    for (const channel of MARKET_DATA_CHANNELS) {
      const symbols = this.routes[channel].symbols();
      if (symbols.length > 0) out[channel] = symbols.sort();
    }
    return out;
  }

  onState(listener: (status: ConnectionStatus) => void): () => void {
    return this.socket.onState(listener);
  }

  /** After every reconnect: the owner backfills the bars it missed (see BarFeed). */
  onResynced(listener: (event: ResyncedEvent) => void): () => void {
    return this.socket.onResynced(listener);
  }

  onServerError(listener: (error: MarketDataServerError) => void): () => void {
    return this.serverErrors.on(listener);
  }

  /** Each `subscription` acknowledgement from Alpaca (the full current set). */
  onSubscriptionAck(listener: (subscription: MarketDataRequest) => void): () => void {
    return this.acknowledged.on(listener);
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }

  /** Drop the connection as a network failure would (owners and tests). */
  drop(reason: string): void {
    this.socket.drop(reason);
  }

  subscribe(request: MarketDataRequest, handlers: MarketDataHandlers): MarketDataSubscription {
    const entries: [MarketDataChannel, string, Handler | undefined][] = [];
    for (const channel of MARKET_DATA_CHANNELS) {
      for (const raw of request[channel] ?? []) {
        const symbol = raw.trim().toUpperCase();
        if (symbol === '' || !/^[A-Z0-9.*/-]{1,21}$/.test(symbol)) throw new RangeError(`"${raw}" is not a symbol`);
        entries.push([channel, symbol, handlers[HANDLER_FOR_CHANNEL[channel]] as Handler | undefined]);
      }
    }
    const added: MarketDataRequest = {};
    for (const [channel, symbol, handler] of entries) {
      if (this.routes[channel].add(symbol, handler)) ((added[channel] ??= []) as string[]).push(symbol);
    }
    this.sendChange('subscribe', added);
    let active = true;
    return {
      unsubscribe: () => {
        if (!active) return;
        active = false;
        const removed: MarketDataRequest = {};
        for (const [channel, symbol, handler] of entries) {
          if (this.routes[channel].remove(symbol, handler)) ((removed[channel] ??= []) as string[]).push(symbol);
        }
        this.sendChange('unsubscribe', removed);
      },
    };
  }

  private sendChange(action: 'subscribe' | 'unsubscribe', change: MarketDataRequest): void {
    if (!this.authenticated || !this.session || Object.keys(change).length === 0) return;
    this.session.send(this.codec.encode({ action, ...change }));
  }

  private protocol(): StreamProtocol {
    const { keys } = this.options;
    let awaitingAck = false;
    return {
      open: (session) => {
        this.session = session;
        this.authenticated = false;
        awaitingAck = false;
        session.send(this.codec.encode({ action: 'auth', key: keys.keyId, secret: keys.secret }));
      },
      frame: (session, data) => {
        const decoded = this.codec.decode(data);
        if (!Array.isArray(decoded)) throw new TypeError('a market-data frame must be an array');
        for (let i = 0; i < decoded.length; i++) {
          const message = decoded[i] as Record<string, unknown> | null;
          if (message === null || typeof message !== 'object') {
            this.messageStats.skipped++;
            continue;
          }
          const type = message.T;
          if (type === 'b' || type === 't' || type === 'q' || type === 'u' || type === 'd') {
            this.dispatch(type, message);
            continue;
          }
          if (type === 'success') {
            if (message.msg === 'authenticated') {
              this.authenticated = true;
              this.session = session;
              const wanted = this.wanted();
              if (Object.keys(wanted).length > 0) {
                awaitingAck = true;
                session.send(this.codec.encode({ action: 'subscribe', ...wanted }));
              } else {
                session.ready();
              }
            }
            continue;
          }
          if (type === 'subscription') {
            const confirmed: MarketDataRequest = {};
            for (const channel of MARKET_DATA_CHANNELS) {
              const list = message[channel];
              if (Array.isArray(list) && list.length > 0) confirmed[channel] = list.map(String);
            }
            this.serverSubscription = confirmed;
            this.acknowledged.emit(confirmed);
            if (awaitingAck) {
              awaitingAck = false;
              session.ready();
            }
            continue;
          }
          if (type === 'error') {
            this.handleServerError(session, Number(message.code), String(message.msg ?? 'unspecified error'));
            continue;
          }
          this.messageStats.skipped++;
        }
      },
    };
  }

  private handleServerError(session: StreamSession, code: number, message: string): void {
    const text = `Alpaca market-data error ${code}: ${message}`;
    if (TERMINAL_CODES.has(code)) {
      session.fail(text, true);
      return;
    }
    this.options.log.warn(SCOPE, text);
    this.serverErrors.emit({ code, message: this.options.log.redact(message) });
    if (RECONNECT_CODES.has(code)) session.fail(text, false);
  }

  private dispatch(type: 'b' | 't' | 'q' | 'u' | 'd', m: Record<string, unknown>): void {
    const symbol = m.S;
    const t = streamTimeMs(m.t);
    if (typeof symbol !== 'string' || !(t === t)) {
      this.messageStats.skipped++;
      return;
    }
    const channel: MarketDataChannel =
      type === 'b' ? 'bars' : type === 't' ? 'trades' : type === 'q' ? 'quotes' : type === 'u' ? 'updatedBars' : 'dailyBars';
    const routes = this.routes[channel];
    const exact = routes.bySymbol.get(symbol);
    const wildcard = routes.bySymbol.get('*');
    if (!exact && !wildcard) return; // late data for a symbol just unsubscribed
    let value: StreamBar | StreamTrade | StreamQuote | null;
    if (type === 't') value = toTrade(symbol, t, m);
    else if (type === 'q') value = toQuote(symbol, t, m);
    else value = toBar(symbol, t, m);
    if (value === null) {
      this.messageStats.skipped++;
      return;
    }
    this.messageStats.messages++;
    if (exact) for (const handler of exact) this.deliver(handler, value);
    if (wildcard) for (const handler of wildcard) this.deliver(handler, value);
  }

  private deliver(handler: Handler, value: unknown): void {
    try {
      (handler as (value: unknown) => void)(value);
    } catch (error) {
      this.options.log.error(SCOPE, `a subscriber threw: ${(error as Error).message}`);
    }
  }
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
}

function optionalNum(value: unknown): number | null {
  const n = num(value);
  return n === n ? n : null;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function toBar(symbol: string, t: number, m: Record<string, unknown>): StreamBar | null {
  const o = num(m.o), h = num(m.h), l = num(m.l), c = num(m.c), v = num(m.v);
  if (!(o === o && h === h && l === l && c === c && v === v)) return null;
  return { symbol, t, o, h, l, c, v, n: optionalNum(m.n), vw: optionalNum(m.vw) };
}

function toTrade(symbol: string, t: number, m: Record<string, unknown>): StreamTrade | null {
  const price = num(m.p), size = num(m.s);
  if (!(price === price && size === size)) return null;
  return { symbol, t, price, size, exchange: optionalText(m.x), id: optionalNum(m.i), tape: optionalText(m.z) };
}

function toQuote(symbol: string, t: number, m: Record<string, unknown>): StreamQuote | null {
  const bidPrice = num(m.bp), bidSize = num(m.bs), askPrice = num(m.ap), askSize = num(m.as);
  if (!(bidPrice === bidPrice && bidSize === bidSize && askPrice === askPrice && askSize === askSize)) return null;
  return { symbol, t, bidPrice, bidSize, askPrice, askSize, bidExchange: optionalText(m.bx), askExchange: optionalText(m.ax) };
}
