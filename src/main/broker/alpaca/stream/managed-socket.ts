/**
 * One WebSocket that survives the real world: the connection state machine of state.ts, reconnects
 * with jittered exponential backoff and no give-up, a stall detector (no frame and no pong within a
 * window → drop and reconnect), a handshake timeout, and a `resynced` signal after every reconnect
 * so the owner can backfill and reconcile what it missed.
 *
 * What to say on the socket (auth, subscribe, decoding) belongs to a `StreamProtocol`; this class
 * knows nothing of Alpaca beyond the fact that a handshake precedes "connected".
 */
import WebSocket from 'ws';
import type { Logger } from '../../../log';
import { backoffDelayMs, backoffPolicy, type BackoffPolicy } from './backoff';
import { Signal } from './signal';
import { canTransition, type ConnectionState, type ConnectionStatus } from './state';

/** What a protocol can do with the current connection. */
export interface StreamSession {
  /** 1 for the first successful handshake, 2 after the first reconnect, … (0 before the first). */
  readonly connection: number;
  send(data: string | Uint8Array): void;
  /** The handshake is complete (authenticated, listening/subscribed): state becomes `connected`. */
  ready(): void;
  /**
   * The protocol cannot go on with this connection. `terminal` (credentials refused) moves to
   * `error` without retrying; otherwise the socket is dropped and reconnected with backoff.
   */
  fail(reason: string, terminal: boolean): void;
}

export interface StreamProtocol {
  /** The socket is open: send the authentication frame. */
  open(session: StreamSession): void;
  /** One inbound frame. May throw on garbage: the frame is then reported and skipped. */
  frame(session: StreamSession, data: Buffer, isBinary: boolean): void;
}

export interface ResyncedEvent {
  /** The connection number that just completed its handshake (≥ 2). */
  readonly connection: number;
  /** Epoch ms when the previous connection was lost. */
  readonly lostAt: number;
  readonly reconnectedAt: number;
  /** Why the previous connection was lost. */
  readonly reason: string;
}

export interface ManagedSocketStats {
  framesIn: number;
  bytesIn: number;
  reconnects: number;
  stalls: number;
  badFrames: number;
}

export interface ManagedSocketOptions {
  /** For logs: "trading stream", "market-data stream". */
  readonly name: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly protocol: StreamProtocol;
  readonly log: Logger;
  readonly backoff?: Partial<BackoffPolicy>;
  /** No inbound frame and no pong for this long → the connection is stalled. Default 30 s. */
  readonly stallTimeoutMs?: number;
  /** Ping interval; must be well below `stallTimeoutMs`. Default stallTimeoutMs / 3. */
  readonly pingIntervalMs?: number;
  /** Socket open + handshake must finish within this. Default 15 s. */
  readonly handshakeTimeoutMs?: number;
  /** A connection that stays up this long resets the backoff. Default 10 s. */
  readonly stableAfterMs?: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

export class ManagedSocket {
  readonly stats: ManagedSocketStats = { framesIn: 0, bytesIn: 0, reconnects: 0, stalls: 0, badFrames: 0 };
  private readonly stateSignal: Signal<ConnectionStatus>;
  private readonly resyncedSignal: Signal<ResyncedEvent>;
  private readonly backoff: BackoffPolicy;
  private readonly stallTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly handshakeTimeoutMs: number;
  private readonly stableAfterMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  private current: ConnectionStatus;
  private socket: WebSocket | null = null;
  private generation = 0;
  private connections = 0;
  private attempt = 0;
  private lastInboundAt = 0;
  private lostAt: number | null = null;
  private lostReason = '';
  private dropReason: string | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private livenessTimer: NodeJS.Timeout | null = null;
  private lastPingAt = 0;

  constructor(private readonly options: ManagedSocketOptions) {
    const onListenerError = (error: unknown): void =>
      options.log.error(options.name, `a listener threw: ${error instanceof Error ? error.message : String(error)}`);
    this.stateSignal = new Signal(onListenerError);
    this.resyncedSignal = new Signal(onListenerError);
    this.backoff = backoffPolicy(options.backoff);
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.pingIntervalMs = options.pingIntervalMs ?? Math.max(1, Math.floor(this.stallTimeoutMs / 3));
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 15_000;
    this.stableAfterMs = options.stableAfterMs ?? 10_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.current = { state: 'disconnected', since: this.now(), attempt: 0, reason: null, retryInMs: null, connection: 0 };
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  onState(listener: (status: ConnectionStatus) => void): () => void {
    return this.stateSignal.on(listener);
  }

  onResynced(listener: (event: ResyncedEvent) => void): () => void {
    return this.resyncedSignal.on(listener);
  }

  /** Connect (from `disconnected` or `error`). Does nothing when already running. */
  start(): void {
    if (this.current.state !== 'disconnected' && this.current.state !== 'error') return;
    this.attempt = 0;
    this.setState('connecting', null, null);
    this.open();
  }

  /** Close for good (until the next `start`). */
  stop(): void {
    this.noteLoss('stopped by owner');
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    this.generation++;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client stopped');
      else socket.terminate();
    }
    if (this.current.state !== 'disconnected') this.setState('disconnected', 'stopped by owner', null);
  }

  /** Drop the current connection and reconnect now-ish (e.g. after a keys change or a manual retry). */
  restart(): void {
    this.stop();
    this.start();
  }

  /** Drop the current connection as if it had failed (used by protocols and by tests of owners). */
  drop(reason: string): void {
    if (!this.socket) return;
    this.dropReason = reason;
    this.socket.terminate();
  }

  private open(): void {
    const generation = ++this.generation;
    const socket = new WebSocket(this.options.url, {
      headers: { ...this.options.headers },
      perMessageDeflate: false,
      handshakeTimeout: this.handshakeTimeoutMs,
    });
    this.socket = socket;
    this.dropReason = null;
    const isCurrent = (): boolean => this.generation === generation && this.socket === socket;
    const session = this.sessionFor(socket, isCurrent);

    this.handshakeTimer = setTimeout(() => {
      if (isCurrent()) this.drop(`handshake did not complete within ${this.handshakeTimeoutMs} ms`);
    }, this.handshakeTimeoutMs);

    socket.on('open', () => {
      if (!isCurrent()) return;
      this.lastInboundAt = this.now();
      this.startLiveness(socket, isCurrent);
      try {
        this.options.protocol.open(session);
      } catch (error) {
        this.drop(`could not start the handshake: ${(error as Error).message}`);
      }
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isCurrent()) return;
      this.lastInboundAt = this.now();
      this.stats.framesIn++;
      this.stats.bytesIn += data.length;
      try {
        this.options.protocol.frame(session, data, isBinary);
      } catch (error) {
        this.stats.badFrames++;
        this.options.log.warn(this.options.name, `skipped a frame it could not read: ${(error as Error).message}`);
      }
    });
    socket.on('pong', () => {
      if (isCurrent()) this.lastInboundAt = this.now();
    });
    socket.on('ping', () => {
      if (isCurrent()) this.lastInboundAt = this.now();
    });
    socket.on('unexpected-response', (_request, response) => {
      if (!isCurrent()) return;
      this.dropReason = `server answered the upgrade with HTTP ${response.statusCode}`;
      response.resume();
      socket.terminate();
    });
    socket.on('error', (error: Error) => {
      if (isCurrent() && !this.dropReason) this.dropReason = error.message || error.name;
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (!isCurrent()) return;
      const why = this.dropReason ?? `closed by server (${code}${reason.length > 0 ? ` ${reason.toString('utf8')}` : ''})`;
      this.socket = null;
      this.clearConnectionTimers();
      if (this.current.state === 'error' || this.current.state === 'disconnected') return;
      this.scheduleReconnect(why);
    });
  }

  private sessionFor(socket: WebSocket, isCurrent: () => boolean): StreamSession {
    const self = this;
    return {
      get connection() {
        return self.connections;
      },
      send(data: string | Uint8Array): void {
        if (isCurrent() && socket.readyState === WebSocket.OPEN) socket.send(data);
      },
      ready(): void {
        if (isCurrent()) self.handshakeDone();
      },
      fail(reason: string, terminal: boolean): void {
        if (!isCurrent()) return;
        if (!terminal) {
          self.drop(reason);
          return;
        }
        self.noteLoss(reason);
        self.clearTimers();
        self.socket = null;
        self.generation++;
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.terminate();
        self.setState('error', reason, null);
      },
    };
  }

  private handshakeDone(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.connections++;
    const lostAt = this.lostAt;
    this.setState('connected', null, null);
    this.stableTimer = setTimeout(() => {
      this.attempt = 0;
      this.stableTimer = null;
    }, this.stableAfterMs);
    if (this.connections > 1 && lostAt !== null) {
      this.stats.reconnects++;
      this.resyncedSignal.emit({ connection: this.connections, lostAt, reconnectedAt: this.now(), reason: this.lostReason });
    }
    this.lostAt = null;
  }

  private scheduleReconnect(reason: string): void {
    this.noteLoss(reason);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.stableTimer = null;
    this.attempt++;
    const delay = backoffDelayMs(this.attempt, this.backoff, this.random);
    this.options.log.warn(this.options.name, `connection lost (${reason}); reconnect attempt ${this.attempt} in ${delay} ms`);
    this.setState('reconnecting', reason, delay);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.current.state === 'reconnecting') this.open();
    }, delay);
  }

  /** Remember when a working connection went away: the start of the gap the owner must fill. */
  private noteLoss(reason: string): void {
    if (this.current.state !== 'connected') return;
    this.lostAt = this.now();
    this.lostReason = reason;
  }

  private startLiveness(socket: WebSocket, isCurrent: () => boolean): void {
    this.lastPingAt = this.now();
    const tick = Math.max(5, Math.min(this.pingIntervalMs, Math.floor(this.stallTimeoutMs / 4)));
    this.livenessTimer = setInterval(() => {
      if (!isCurrent()) return;
      const now = this.now();
      if (now - this.lastInboundAt >= this.stallTimeoutMs) {
        this.stats.stalls++;
        this.drop(`stalled: nothing received for ${now - this.lastInboundAt} ms`);
        return;
      }
      if (now - this.lastPingAt >= this.pingIntervalMs && socket.readyState === WebSocket.OPEN) {
        this.lastPingAt = now;
        socket.ping();
      }
    }, tick);
  }

  private setState(state: ConnectionState, reason: string | null, retryInMs: number | null): void {
    const from = this.current.state;
    if (from === state && state !== 'reconnecting') return;
    if (from !== state && !canTransition(from, state)) {
      this.options.log.error(this.options.name, `illegal state change ${from} → ${state} ignored`);
      return;
    }
    // Reasons reach the UI over IPC: a server that echoes a key must not carry it there.
    const shown = reason === null ? null : this.options.log.redact(reason);
    this.current = { state, since: this.now(), attempt: this.attempt, reason: shown, retryInMs, connection: this.connections };
    this.stateSignal.emit(this.current);
  }

  private clearConnectionTimers(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    this.handshakeTimer = null;
    this.livenessTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectionTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.reconnectTimer = null;
    this.stableTimer = null;
  }
}
