import { events, isEventName, type EventItem, type EventName } from '../../shared/ipc/contract';
import type { EventsMessage } from '../../shared/ipc/wire';

/** Where a connection's batches go: a BrowserWindow's webContents or a WebSocket. */
export type BatchSink = (message: EventsMessage) => void;

export const DEFAULT_BATCH_INTERVAL_MS = 16;

type Pending = { keep: 'all'; items: unknown[] } | { keep: 'latest'; items: Map<string, unknown> };

/**
 * One window or socket. Items of the streams it subscribed to accumulate here and leave in one
 * message at most every `intervalMs`, never one message per tick.
 */
export class Connection {
  private readonly subscriptions = new Set<EventName>();
  private readonly pending = new Map<EventName, Pending>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = 0;
  private closed = false;
  /** Batches sent and items carried, for the stream benchmark and diagnostics. */
  readonly stats = { batches: 0, items: 0 };

  constructor(
    readonly id: string,
    private readonly sink: BatchSink,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  subscribe(name: string): boolean {
    if (!isEventName(name)) return false;
    this.subscriptions.add(name);
    return true;
  }

  unsubscribe(name: string): void {
    if (isEventName(name)) {
      this.subscriptions.delete(name);
      this.pending.delete(name);
    }
  }

  isSubscribed(name: EventName): boolean {
    return this.subscriptions.has(name);
  }

  enqueue<K extends EventName>(name: K, item: EventItem<K>): void {
    if (this.closed || !this.subscriptions.has(name)) return;
    const coalescing = events[name].coalescing;
    let pending = this.pending.get(name);
    if (!pending) {
      pending = coalescing.keep === 'all' ? { keep: 'all', items: [] } : { keep: 'latest', items: new Map() };
      this.pending.set(name, pending);
    }
    if (pending.keep === 'all') pending.items.push(item);
    else if (coalescing.keep === 'latest') pending.items.set((coalescing.key as (i: EventItem<K>) => string)(item), item);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref?.();
  }

  /** Send everything pending now (also called on close so nothing is dropped). */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size === 0) return;
    const batches: Record<string, unknown[]> = {};
    let count = 0;
    for (const [name, pending] of this.pending) {
      const items = pending.keep === 'all' ? pending.items : [...pending.items.values()];
      batches[name] = items;
      count += items.length;
    }
    this.pending.clear();
    this.lastFlush = this.now();
    this.stats.batches++;
    this.stats.items += count;
    this.sink({ kind: 'events', batches });
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.subscriptions.clear();
  }
}

/** Fans main's streams out to every connected window, each with its own batching. */
export class EventHub {
  private readonly connections = new Map<string, Connection>();
  private readonly disconnectListeners = new Set<(connectionId: string) => void>();
  private nextId = 1;

  constructor(private readonly options: { intervalMs?: number; now?: () => number } = {}) {}

  connect(sink: BatchSink, id = `c${this.nextId++}`): Connection {
    const connection = new Connection(id, sink, this.options.intervalMs ?? DEFAULT_BATCH_INTERVAL_MS, this.options.now ?? Date.now);
    this.connections.set(id, connection);
    return connection;
  }

  disconnect(connection: Connection): void {
    connection.close();
    if (!this.connections.delete(connection.id)) return;
    for (const listener of this.disconnectListeners) listener(connection.id);
  }

  /** A window or socket went away (its per-connection state, such as a watch list, can go too). */
  onDisconnect(listener: (connectionId: string) => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  publish<K extends EventName>(name: K, item: EventItem<K>): void {
    for (const connection of this.connections.values()) connection.enqueue(name, item);
  }

  hasSubscribers(name: EventName): boolean {
    for (const connection of this.connections.values()) if (connection.isSubscribed(name)) return true;
    return false;
  }

  get size(): number {
    return this.connections.size;
  }
}
