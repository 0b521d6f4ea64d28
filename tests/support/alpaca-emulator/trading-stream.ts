/**
 * The trading stream (`/stream`): `authenticate` → `authorization`, `listen` → `listening`, then
 * `trade_updates` events as binary JSON frames, the way Alpaca sends them. Faults: drop every
 * connection, stall (stop sending and reading without closing), refuse authentication, send the
 * next events twice, swap the next two, or hold the next ones back until released (late events).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dropAll, endStallAll, stallAll } from './stream-faults';
import { orderToWire, type EmulatorOrder, type ExecutionDetails } from './orders';
import { dec, iso } from './wire';

interface TradingClient {
  readonly ws: WebSocket;
  authenticated: boolean;
  listening: boolean;
  stalled: boolean;
}

export interface SentTradeUpdate {
  readonly event: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly executionId: string | null;
  /** The frame exactly as sent (its JSON text). */
  readonly frame: string;
}

export class TradingStreamServer {
  readonly wss = new WebSocketServer({ noServer: true });
  readonly clients = new Set<TradingClient>();
  /** Every trade update broadcast, once per emission (duplicates appear twice). */
  readonly sent: SentTradeUpdate[] = [];
  /** Auth attempts seen (accepted or not). */
  authAttempts = 0;
  connectionsAccepted = 0;
  private rejectAuthRemaining = 0;
  private duplicateRemaining = 0;
  private swapNextPair = false;
  private heldBack: string | null = null;
  private delayRemaining = 0;
  private readonly delayed: string[] = [];

  constructor(private readonly keys: () => { keyId: string; secret: string }) {
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  // --- Faults ------------------------------------------------------------------------------------

  /** Close every connection abruptly (no close frame), as a network failure would. */
  dropConnections(): void {
    dropAll(this.clients);
  }

  /** Stop sending and reading on every current connection without closing it. */
  stall(): void {
    stallAll(this.clients);
  }

  endStall(): void {
    endStallAll(this.clients);
  }

  rejectNextAuth(count = 1): void {
    this.rejectAuthRemaining += count;
  }

  /** Send each of the next `count` events twice in a row. */
  duplicateNext(count = 1): void {
    this.duplicateRemaining += count;
  }

  /** Hold the next `count` events back (they are late) until `releaseDelayed`. */
  delayNext(count = 1): void {
    this.delayRemaining += count;
  }

  /** Send the events held back by `delayNext`, in their order. */
  releaseDelayed(): number {
    const frames = this.delayed.splice(0);
    for (const frame of frames) this.sendToListeners(frame);
    return frames.length;
  }

  /** Deliver the next two events in swapped order. */
  swapNextTwo(): void {
    this.swapNextPair = true;
  }

  get listeningClients(): number {
    let n = 0;
    for (const client of this.clients) if (client.listening && !client.stalled) n++;
    return n;
  }

  // --- Events ------------------------------------------------------------------------------------

  broadcast(event: string, order: EmulatorOrder, execution?: ExecutionDetails, at = Date.now()): void {
    const data: Record<string, unknown> = { event, order: orderToWire(order), timestamp: iso(at) };
    if (execution) {
      data.execution_id = execution.execution_id;
      data.price = dec(execution.price);
      data.qty = dec(execution.qty);
      data.position_qty = dec(execution.position_qty);
    }
    const frame = JSON.stringify({ stream: 'trade_updates', data });
    const record: SentTradeUpdate = { event, orderId: order.id, clientOrderId: order.client_order_id, executionId: execution?.execution_id ?? null, frame };
    if (this.delayRemaining > 0) {
      this.delayRemaining--;
      this.delayed.push(frame);
      this.sent.push(record);
      return;
    }
    if (this.swapNextPair) {
      this.swapNextPair = false;
      this.heldBack = frame;
      this.sent.push(record);
      return;
    }
    this.sendToListeners(frame);
    this.sent.push(record);
    if (this.duplicateRemaining > 0) {
      this.duplicateRemaining--;
      this.sendToListeners(frame);
      this.sent.push(record);
    }
    if (this.heldBack !== null) {
      const held = this.heldBack;
      this.heldBack = null;
      this.sendToListeners(held);
    }
  }

  close(): Promise<void> {
    for (const client of this.clients) client.ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private sendToListeners(frame: string): void {
    const bytes = Buffer.from(frame, 'utf8');
    for (const client of this.clients) {
      if (client.listening && !client.stalled) client.ws.send(bytes, { binary: true });
    }
  }

  private onConnection(ws: WebSocket): void {
    const client: TradingClient = { ws, authenticated: false, listening: false, stalled: false };
    this.clients.add(client);
    this.connectionsAccepted++;
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (raw: Buffer) => {
      if (client.stalled) return;
      let message: { action?: unknown; data?: Record<string, unknown>; key?: unknown; secret?: unknown };
      try {
        message = JSON.parse(raw.toString('utf8'));
      } catch {
        this.send(client, { stream: 'error', data: { error_message: 'invalid syntax' } });
        return;
      }
      if (message.action === 'authenticate' || message.action === 'auth') {
        this.authAttempts++;
        const keyId = message.data?.key_id ?? message.key;
        const secret = message.data?.secret_key ?? message.secret;
        const expected = this.keys();
        const refused = this.rejectAuthRemaining > 0;
        if (refused) this.rejectAuthRemaining--;
        if (refused || keyId !== expected.keyId || secret !== expected.secret) {
          this.send(client, { stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate', message: 'access key verification failed' } });
          setImmediate(() => ws.close(1008, 'unauthorized'));
          return;
        }
        client.authenticated = true;
        this.send(client, { stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } });
        return;
      }
      if (message.action === 'listen') {
        if (!client.authenticated) {
          this.send(client, { stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
          return;
        }
        const streams = Array.isArray(message.data?.streams) ? (message.data!.streams as unknown[]).filter((s): s is string => typeof s === 'string') : [];
        client.listening = streams.includes('trade_updates');
        this.send(client, { stream: 'listening', data: { streams: client.listening ? ['trade_updates'] : [] } });
        return;
      }
      this.send(client, { stream: 'error', data: { error_message: `unknown action ${String(message.action)}` } });
    });
  }

  private send(client: TradingClient, message: unknown): void {
    if (!client.stalled) client.ws.send(Buffer.from(JSON.stringify(message), 'utf8'), { binary: true });
  }
}
