/**
 * Alpaca's trading stream (`/stream`): authenticate, listen to `trade_updates`, deliver every order
 * event with a receive sequence number. Events are delivered as received: duplicates and
 * out-of-order events included (the OMS applies them idempotently); `seq` and `connection` let it
 * see what arrived when.
 */
import type { Logger } from '../../../log';
import type { AlpacaKeys } from '../config';
import { parseTradeUpdateData, tradeUpdateFromWire, type AlpacaTradeUpdate } from '../mapping';
import { tradingFrameSchema } from '../types';
import { ManagedSocket, type ManagedSocketOptions, type ResyncedEvent, type StreamProtocol, type StreamSession } from './managed-socket';
import { Signal } from './signal';
import type { ConnectionStatus } from './state';

export type TradingStreamTuning = Pick<ManagedSocketOptions, 'backoff' | 'stallTimeoutMs' | 'pingIntervalMs' | 'handshakeTimeoutMs' | 'stableAfterMs' | 'random' | 'now'>;

export interface TradingStreamOptions extends TradingStreamTuning {
  readonly url: string;
  readonly keys: AlpacaKeys;
  readonly log: Logger;
}

const SCOPE = 'alpaca trading stream';

export class AlpacaTradingStream {
  private readonly socket: ManagedSocket;
  private readonly updates: Signal<AlpacaTradeUpdate>;
  private readonly unreadable: Signal<string>;
  private seq = 0;
  private readonly now: () => number;

  constructor(private readonly options: TradingStreamOptions) {
    this.now = options.now ?? Date.now;
    this.updates = new Signal((error) => options.log.error(SCOPE, `a trade-update listener threw: ${(error as Error).message}`));
    this.unreadable = new Signal((error) => options.log.error(SCOPE, `an unreadable-update listener threw: ${(error as Error).message}`));
    this.socket = new ManagedSocket({
      ...options,
      name: SCOPE,
      url: options.url,
      protocol: this.protocol(),
      log: options.log,
    });
  }

  get status(): ConnectionStatus {
    return this.socket.status;
  }

  get stats(): Readonly<ManagedSocket['stats']> & { updates: number } {
    return { ...this.socket.stats, updates: this.seq };
  }

  onTradeUpdate(listener: (update: AlpacaTradeUpdate) => void): () => void {
    return this.updates.on(listener);
  }

  /**
   * An order event arrived that could not be read (malformed by Alpaca's documented shape): it is
   * not lost silently; the owner should reconcile orders over REST as after a reconnect.
   */
  onUnreadableUpdate(listener: (reason: string) => void): () => void {
    return this.unreadable.on(listener);
  }

  onState(listener: (status: ConnectionStatus) => void): () => void {
    return this.socket.onState(listener);
  }

  /** After every reconnect: the owner reconciles orders over REST (the stream has no replay). */
  onResynced(listener: (event: ResyncedEvent) => void): () => void {
    return this.socket.onResynced(listener);
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
  }

  restart(): void {
    this.socket.restart();
  }

  private protocol(): StreamProtocol {
    const { keys, log } = this.options;
    return {
      open: (session) => {
        session.send(JSON.stringify({ action: 'authenticate', data: { key_id: keys.keyId, secret_key: keys.secret } }));
      },
      frame: (session, data) => {
        if (data.length === 1 && data[0] === 0x01) return; // legacy heartbeat byte
        const frame = tradingFrameSchema.parse(JSON.parse(data.toString('utf8')));
        if (frame.action === 'error' || frame.stream === 'error') {
          const message = String(frame.data?.error_message ?? frame.data?.message ?? 'unspecified error');
          log.warn(SCOPE, `server error: ${message}`);
          if (session.connection === 0 || this.socket.status.state !== 'connected') session.fail(`server error during handshake: ${message}`, false);
          return;
        }
        switch (frame.stream) {
          case 'authorization':
            this.onAuthorization(session, frame.data ?? {});
            return;
          case 'listening': {
            const streams = Array.isArray(frame.data?.streams) ? (frame.data.streams as unknown[]) : [];
            if (streams.includes('trade_updates')) session.ready();
            else session.fail('the server did not confirm the trade_updates subscription', false);
            return;
          }
          case 'trade_updates':
            this.onUpdate(session, frame.data);
            return;
          default:
            log.debug(SCOPE, `ignored a frame for stream ${String(frame.stream)}`);
        }
      },
    };
  }

  private onAuthorization(session: StreamSession, data: Record<string, unknown>): void {
    if (data.status === 'authorized') {
      session.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
      return;
    }
    const message = typeof data.message === 'string' ? data.message : 'not authorized';
    if (data.action === 'authenticate' || data.action === undefined) {
      session.fail(`the trading stream refused the keys: ${message}`, true);
    } else {
      session.fail(`the trading stream refused "${String(data.action)}": ${message}`, false);
    }
  }

  private onUpdate(session: StreamSession, data: unknown): void {
    let wire;
    try {
      wire = parseTradeUpdateData(data);
    } catch (error) {
      const reason = (error as Error).message;
      this.options.log.error(SCOPE, `could not read an order event; orders must be reconciled: ${reason}`);
      this.unreadable.emit(reason);
      return;
    }
    const update = tradeUpdateFromWire(wire, { seq: ++this.seq, connection: session.connection, receivedAt: this.now() });
    this.updates.emit(update);
  }
}
