import type { EventItem, EventName, IpcClient, RequestInput, RequestName, RequestOutput } from '../../shared/ipc/contract';
import type { IpcErrorShape } from '../../shared/ipc/errors';
import type { EventsMessage, InvokeResult } from '../../shared/ipc/wire';

/** A failed request as the renderer sees it: the contract's error code and message. */
export class IpcRequestError extends Error {
  readonly code: IpcErrorShape['code'];
  readonly details: unknown;
  constructor(error: IpcErrorShape) {
    super(error.message);
    this.name = 'IpcRequestError';
    this.code = error.code;
    this.details = error.details;
  }
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** How a host carries messages; the two clients differ only in this. */
export interface Transport {
  invoke(name: string, input: unknown): Promise<InvokeResult>;
  subscribe(name: string): void;
  unsubscribe(name: string): void;
}

type BatchListener = (items: unknown[]) => void;

/**
 * The host-independent half of the client: one upstream subscription per stream however many
 * components listen, and results unwrapped into values or `IpcRequestError`s.
 */
export class ClientCore implements IpcClient {
  private readonly listeners = new Map<string, Set<BatchListener>>();

  constructor(readonly host: 'electron' | 'web', private readonly transport: Transport) {}

  async invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
    const result = await this.transport.invoke(name, input);
    if (!result.ok) throw new IpcRequestError(result.error);
    return result.value as RequestOutput<K>;
  }

  subscribe<K extends EventName>(name: K, onBatch: (items: EventItem<K>[]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
      this.transport.subscribe(name);
    }
    const listener = onBatch as BatchListener;
    set.add(listener);
    return () => {
      const current = this.listeners.get(name);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(name);
        this.transport.unsubscribe(name);
      }
    };
  }

  /** Streams with listeners, to subscribe again after a reconnect. */
  subscribedNames(): string[] {
    return [...this.listeners.keys()];
  }

  deliver(message: EventsMessage): void {
    for (const [name, items] of Object.entries(message.batches)) {
      const set = this.listeners.get(name);
      if (!set) continue;
      for (const listener of set) {
        try {
          listener(items);
        } catch (error) {
          console.error(`listener of ${name} failed`, error);
        }
      }
    }
  }
}
