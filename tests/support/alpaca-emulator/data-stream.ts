/**
 * The market-data stream (`/v2/{feed}`): `[{"T":"success","msg":"connected"}]` on open, `auth`,
 * additive `subscribe` / subtractive `unsubscribe` answered with the full subscription, data in
 * batched arrays. Msgpack (timestamps as the msgpack timestamp extension) when the upgrade carries
 * `Content-Type: application/msgpack` — client frames are then msgpack too — JSON otherwise.
 * Errors by Alpaca's codes (401 not authenticated, 402 auth failed, 403 already authenticated,
 * 404 auth timeout, 405 symbol limit exceeded, 406 connection limit exceeded, 400 invalid syntax).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decode, Encoder } from '@msgpack/msgpack';
import { WebSocketServer, type WebSocket } from 'ws';
import { dropAll, endStallAll, stallAll } from './stream-faults';
import { iso } from './wire';

export const DATA_CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds'] as const;
export type DataChannel = (typeof DATA_CHANNELS)[number];

/** A data message as the test gives it; `t` is epoch ms, encoded per codec on the way out. */
export type DataMessage =
  | { T: 't'; S: string; t: number; p: number; s: number; i?: number; x?: string; c?: string[]; z?: string }
  | { T: 'q'; S: string; t: number; bp: number; bs: number; ap: number; as: number; bx?: string; ax?: string; c?: string[]; z?: string }
  | { T: 'b' | 'u' | 'd'; S: string; t: number; o: number; h: number; l: number; c: number; v: number; n?: number; vw?: number };

const CHANNEL_OF: Record<DataMessage['T'], DataChannel> = { t: 'trades', q: 'quotes', b: 'bars', u: 'updatedBars', d: 'dailyBars' };

interface DataClient {
  readonly ws: WebSocket;
  readonly msgpack: boolean;
  readonly feed: string;
  authenticated: boolean;
  stalled: boolean;
  readonly subscriptions: Record<DataChannel, Set<string>>;
  authTimer: NodeJS.Timeout | null;
}

export interface DataStreamOptions {
  /** Error 404 "auth timeout" and close when no auth arrives in time. Default 10 s. */
  authTimeoutMs: number;
  /** Reply 406 to a second simultaneous authenticated connection (Alpaca allows one). */
  connectionLimit: number;
  /** Reply 405 when a subscribe would exceed this many trade+quote symbols. */
  symbolLimit: number;
}

export class DataStreamServer {
  readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  readonly clients = new Set<DataClient>();
  readonly options: DataStreamOptions = { authTimeoutMs: 10_000, connectionLimit: Number.POSITIVE_INFINITY, symbolLimit: Number.POSITIVE_INFINITY };
  /** Every client action seen, decoded: for assertions on what a client sent. */
  readonly received: { feed: string; codec: 'msgpack' | 'json'; message: Record<string, unknown> }[] = [];
  connectionsAccepted = 0;
  private rejectAuthRemaining = 0;
  private readonly encoder = new Encoder();

  constructor(private readonly keys: () => { keyId: string; secret: string }) {
    this.wss.on('connection', (ws: WebSocket, request: IncomingMessage, feed: string) => this.onConnection(ws, request, feed));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, feed: string): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request, feed));
  }

  // --- Faults ------------------------------------------------------------------------------------

  dropConnections(): void {
    dropAll(this.clients);
  }

  stall(): void {
    stallAll(this.clients);
  }

  endStall(): void {
    endStallAll(this.clients);
  }

  rejectNextAuth(count = 1): void {
    this.rejectAuthRemaining += count;
  }

  /** Send `[{"T":"error","code":…,"msg":…}]` to every client; optionally close them after. */
  sendError(code: number, msg: string, close = false): void {
    for (const client of this.clients) {
      this.send(client, [{ T: 'error', code, msg }]);
      if (close) setImmediate(() => client.ws.close());
    }
  }

  get authenticatedClients(): number {
    let n = 0;
    for (const client of this.clients) if (client.authenticated && !client.stalled) n++;
    return n;
  }

  /** Deliver `messages` to every client subscribed to them, one array frame per client. Returns frames sent. */
  publish(messages: readonly DataMessage[]): number {
    let frames = 0;
    for (const client of this.clients) {
      if (!client.authenticated || client.stalled) continue;
      const batch = messages.filter((m) => {
        const subscribed = client.subscriptions[CHANNEL_OF[m.T]];
        return subscribed.has(m.S) || subscribed.has('*');
      });
      if (batch.length === 0) continue;
      this.send(client, batch.map((m) => ({ ...m, t: client.msgpack ? new Date(m.t) : iso(m.t) })));
      frames++;
    }
    return frames;
  }

  /**
   * Send a pre-built batch to every authenticated client without per-message filtering, encoded
   * once per codec (the benchmark's firehose). Returns how many messages went out in total.
   */
  publishUnfiltered(messages: readonly DataMessage[]): number {
    let sent = 0;
    let msgpackFrame: Uint8Array | null = null;
    let jsonFrame: string | null = null;
    for (const client of this.clients) {
      if (!client.authenticated || client.stalled) continue;
      if (client.msgpack) client.ws.send((msgpackFrame ??= this.encoder.encode(messages.map((m) => ({ ...m, t: new Date(m.t) })))));
      else client.ws.send((jsonFrame ??= JSON.stringify(messages.map((m) => ({ ...m, t: iso(m.t) })))));
      sent += messages.length;
    }
    return sent;
  }

  /** Resolves when every client's socket buffer has drained (backpressure for the benchmark). */
  async drained(): Promise<void> {
    for (const client of this.clients) {
      while (client.ws.bufferedAmount > 0 && client.ws.readyState === client.ws.OPEN) await new Promise((r) => setImmediate(r));
    }
  }

  close(): Promise<void> {
    for (const client of this.clients) client.ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, request: IncomingMessage, feed: string): void {
    const msgpack = (request.headers['content-type'] ?? '').toLowerCase().includes('application/msgpack');
    const client: DataClient = {
      ws,
      msgpack,
      feed,
      authenticated: false,
      stalled: false,
      subscriptions: Object.fromEntries(DATA_CHANNELS.map((c) => [c, new Set<string>()])) as Record<DataChannel, Set<string>>,
      authTimer: null,
    };
    this.clients.add(client);
    this.connectionsAccepted++;
    const forget = (): void => {
      if (client.authTimer) clearTimeout(client.authTimer);
      this.clients.delete(client);
    };
    ws.on('close', forget);
    ws.on('error', forget);
    client.authTimer = setTimeout(() => {
      if (!client.authenticated && !client.stalled) {
        this.send(client, [{ T: 'error', code: 404, msg: 'auth timeout' }]);
        ws.close();
      }
    }, this.options.authTimeoutMs);
    client.authTimer.unref();
    ws.on('message', (raw: Buffer, isBinary: boolean) => this.onMessage(client, raw, isBinary));
    this.send(client, [{ T: 'success', msg: 'connected' }]);
  }

  private onMessage(client: DataClient, raw: Buffer, isBinary: boolean): void {
    if (client.stalled) return;
    let message: Record<string, unknown>;
    try {
      const decoded = client.msgpack && isBinary ? decode(raw) : JSON.parse(raw.toString('utf8'));
      if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new Error('not an object');
      message = decoded as Record<string, unknown>;
    } catch {
      this.send(client, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
      return;
    }
    this.received.push({ feed: client.feed, codec: client.msgpack ? 'msgpack' : 'json', message });
    const action = message.action;
    if (action === 'auth') {
      if (client.authenticated) {
        this.send(client, [{ T: 'error', code: 403, msg: 'already authenticated' }]);
        return;
      }
      const expected = this.keys();
      const refused = this.rejectAuthRemaining > 0;
      if (refused) this.rejectAuthRemaining--;
      if (refused || message.key !== expected.keyId || message.secret !== expected.secret) {
        this.send(client, [{ T: 'error', code: 402, msg: 'auth failed' }]);
        setImmediate(() => client.ws.close());
        return;
      }
      if (this.authenticatedClients >= this.options.connectionLimit) {
        this.send(client, [{ T: 'error', code: 406, msg: 'connection limit exceeded' }]);
        setImmediate(() => client.ws.close());
        return;
      }
      client.authenticated = true;
      if (client.authTimer) clearTimeout(client.authTimer);
      this.send(client, [{ T: 'success', msg: 'authenticated' }]);
      return;
    }
    if (action === 'subscribe' || action === 'unsubscribe') {
      if (!client.authenticated) {
        this.send(client, [{ T: 'error', code: 401, msg: 'not authenticated' }]);
        return;
      }
      const next = Object.fromEntries(DATA_CHANNELS.map((c) => [c, new Set(client.subscriptions[c])])) as Record<DataChannel, Set<string>>;
      for (const channel of DATA_CHANNELS) {
        const list = message[channel];
        if (!Array.isArray(list)) continue;
        for (const symbol of list) {
          if (typeof symbol !== 'string') continue;
          if (action === 'subscribe') next[channel].add(symbol);
          else next[channel].delete(symbol);
        }
      }
      if (next.trades.size + next.quotes.size > this.options.symbolLimit) {
        this.send(client, [{ T: 'error', code: 405, msg: 'symbol limit exceeded' }]);
        return;
      }
      for (const channel of DATA_CHANNELS) client.subscriptions[channel] = next[channel];
      this.send(client, [this.subscriptionMessage(client)]);
      return;
    }
    this.send(client, [{ T: 'error', code: 400, msg: 'invalid syntax' }]);
  }

  private subscriptionMessage(client: DataClient): Record<string, unknown> {
    const sorted = (channel: DataChannel): string[] => [...client.subscriptions[channel]].sort();
    return {
      T: 'subscription',
      trades: sorted('trades'),
      quotes: sorted('quotes'),
      bars: sorted('bars'),
      updatedBars: sorted('updatedBars'),
      dailyBars: sorted('dailyBars'),
      statuses: sorted('statuses'),
      lulds: sorted('lulds'),
      corrections: sorted('trades'),
      cancelErrors: sorted('trades'),
    };
  }

  private send(client: DataClient, messages: unknown[]): void {
    if (client.stalled || client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(client.msgpack ? this.encoder.encode(messages) : JSON.stringify(messages));
  }
}
