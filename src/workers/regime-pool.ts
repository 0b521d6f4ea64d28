import * as Comlink from 'comlink';
import type { Worker } from 'node:worker_threads';
import type { RegimeBankSpec, RegimeBatchResult, RegimeOpenResult, RegimeWorkerApi } from './regime-protocol';
import { asError, defaultPoolSize, SupervisedWorker, type WorkerCrash } from './supervised-worker';

export { defaultPoolSize };

/**
 * Regime banks in worker threads: one bank per stream (a symbol's bars of one bar size), streams
 * sharded over the workers. Batches of bars in, batches of regime outputs out.
 *
 * Fault tolerance: the pool keeps, per stream, the bank state after the last acknowledged batch
 * and every batch not yet acknowledged. When a worker dies it is replaced, its streams reopen
 * from those states, and the unacknowledged batches run again in order, so no bar is lost and
 * the outputs equal those of an uninterrupted run (resuming from a snapshot is bit-exact). A batch
 * that has been in flight through `maxAttempts` crashes is refused (it is taken to be the cause),
 * and so is a worker that keeps crashing as it starts.
 */
export interface RegimePoolOptions {
  /** Worker threads; cores − 1 (at least 1) by default. */
  readonly size?: number;
  /** The worker entry to run instead of `regime.worker.ts` (a test's fault-injecting wrapper). */
  readonly workerFile?: string;
  readonly maxAttempts?: number;
  /** Told about each worker restart (main logs it). */
  readonly onRestart?: (event: RegimeWorkerRestart) => void;
}

export interface RegimeWorkerRestart {
  readonly worker: number;
  readonly reason: string;
  readonly streams: number;
  readonly replayedBatches: number;
}

interface PendingBatch {
  readonly packed: Float64Array;
  readonly resolve: (result: RegimeBatchResult) => void;
  readonly reject: (error: Error) => void;
  attempts: number;
}

interface Slot {
  readonly index: number;
  /** Its `generation` changes on every restart: answers from an older thread are ignored. */
  readonly thread: SupervisedWorker<RegimeWorkerApi>;
  readonly streams: Set<Stream>;
}

interface Stream {
  readonly key: string;
  readonly spec: RegimeBankSpec;
  readonly slot: Slot;
  /** Bank state after the last acknowledged batch (null: a new bank). */
  snapshot: Uint8Array | null;
  readonly pending: PendingBatch[];
  opening: { resolve: (result: RegimeOpenResult) => void; reject: (error: Error) => void } | null;
  failure: Error | null;
}

export class RegimePool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly streams = new Map<string, Stream>();
  private readonly maxAttempts: number;
  private terminated = false;

  constructor(private readonly options: RegimePoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1 || size > 256) throw new RangeError(`regime pool size must be a whole number from 1 to 256, got ${size}`);
    this.size = size;
    this.maxAttempts = options.maxAttempts ?? 3;
    for (let index = 0; index < size; index++) {
      const streams = new Set<Stream>();
      const thread: SupervisedWorker<RegimeWorkerApi> = new SupervisedWorker<RegimeWorkerApi>({
        name: 'regime',
        ...(options.workerFile ? { file: options.workerFile } : {}),
        label: `regime worker ${index}`,
        onCrash: (crash) => this.onCrash(slot, crash),
      });
      const slot: Slot = { index, thread, streams };
      this.slots.push(slot);
    }
  }

  /** Worker restarts so far. */
  get restarts(): number {
    return this.slots.reduce((sum, slot) => sum + slot.thread.restarts, 0);
  }

  /**
   * Opens a stream's bank on the least loaded worker, fresh or from a snapshot. Rejects when the
   * spec is invalid (the worker's message says which value) or the key is already open.
   */
  open(key: string, spec: RegimeBankSpec, snapshot: Uint8Array | null = null): Promise<RegimeOpenResult> {
    if (this.terminated) return Promise.reject(new Error('the regime pool has been terminated'));
    if (this.streams.has(key)) return Promise.reject(new Error(`regime stream "${key}" is already open; close it first`));
    const live = this.slots.filter((s) => !s.thread.dead);
    if (live.length === 0) return Promise.reject(deadError(this.slots[0]!));
    const slot = live.reduce((best, s) => (s.streams.size < best.streams.size ? s : best));
    const stream: Stream = { key, spec, slot, snapshot: snapshot ? snapshot.slice() : null, pending: [], opening: null, failure: null };
    slot.streams.add(stream);
    this.streams.set(key, stream);
    return new Promise<RegimeOpenResult>((resolve, reject) => {
      stream.opening = { resolve, reject };
      this.sendOpen(stream);
    });
  }

  /**
   * Runs bars through a stream's bank (times and closes, NaN close for a missing bar). Batches of
   * one stream are processed in the order they are pushed; the inputs are copied, so the caller
   * may reuse its arrays at once.
   */
  push(key: string, t: Float64Array, close: Float64Array): Promise<RegimeBatchResult> {
    const stream = this.streams.get(key);
    if (!stream) return Promise.reject(new Error(`regime stream "${key}" is not open`));
    if (stream.failure) return Promise.reject(stream.failure);
    if (t.length !== close.length) return Promise.reject(new RangeError(`push to "${key}": ${t.length} times but ${close.length} closes`));
    const packed = new Float64Array(2 * t.length);
    packed.set(t, 0);
    packed.set(close, t.length);
    return new Promise<RegimeBatchResult>((resolve, reject) => {
      const batch: PendingBatch = { packed, resolve, reject, attempts: 1 };
      stream.pending.push(batch);
      this.sendBatch(stream, batch);
    });
  }

  /** The bank state after the stream's last acknowledged batch (a copy), null before any. */
  snapshot(key: string): Uint8Array | null {
    return this.streams.get(key)?.snapshot?.slice() ?? null;
  }

  /** Batches pushed to a stream and not yet answered. */
  inFlight(key: string): number {
    return this.streams.get(key)?.pending.length ?? 0;
  }

  keys(): string[] {
    return [...this.streams.keys()];
  }

  /** Closes a stream: its unanswered batches are refused, its bank dropped. */
  async close(key: string): Promise<void> {
    const stream = this.streams.get(key);
    if (!stream) return;
    this.fail(stream, new Error(`regime stream "${key}" was closed`));
    this.streams.delete(key);
    stream.slot.streams.delete(stream);
    if (!stream.slot.thread.dead) await stream.slot.thread.api.close(key).catch(() => undefined);
  }

  /** The worker serving a stream (for diagnostics and fault-injection tests). */
  workerFor(key: string): Worker {
    const stream = this.streams.get(key);
    if (!stream) throw new Error(`regime stream "${key}" is not open`);
    return stream.slot.thread.worker;
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    const error = new Error('the regime pool has been terminated');
    for (const stream of this.streams.values()) this.fail(stream, error);
    this.streams.clear();
    await Promise.all(this.slots.map((slot) => slot.thread.terminate()));
  }

  /** A worker died unasked: its streams reopen on the replacement and replay their unanswered batches. */
  private onCrash(slot: Slot, { reason, replaced }: WorkerCrash): void {
    if (this.terminated) return;
    if (!replaced) {
      const error = deadError(slot);
      for (const stream of slot.streams) this.fail(stream, error);
      return;
    }
    let replayed = 0;
    for (const stream of slot.streams) {
      if (stream.failure) continue;
      this.sendOpen(stream);
      for (const batch of [...stream.pending]) {
        if (stream.failure) break;
        batch.attempts++;
        if (batch.attempts > this.maxAttempts) {
          this.fail(stream, new Error(`a batch of ${batch.packed.length / 2} bars of "${stream.key}" was in flight through ${this.maxAttempts} worker crashes and is refused (last: ${reason})`));
          break;
        }
        this.sendBatch(stream, batch);
        replayed++;
      }
    }
    this.options.onRestart?.({ worker: slot.index, reason, streams: slot.streams.size, replayedBatches: replayed });
  }

  /** (Re)opens the stream's bank on its worker from the last acknowledged state. */
  private sendOpen(stream: Stream): void {
    const thread = stream.slot.thread;
    const slot = stream.slot;
    const generation = thread.generation;
    thread.api.open(stream.key, stream.spec, stream.snapshot).then(
      (result) => {
        if (thread.generation !== generation) return;
        stream.opening?.resolve(result);
        stream.opening = null;
      },
      (error: unknown) => {
        if (thread.generation !== generation) return;
        const neverOpened = stream.opening !== null;
        this.fail(stream, asError(error));
        if (neverOpened) {
          // A stream that never opened is forgotten, so the caller may fix the spec and retry.
          this.streams.delete(stream.key);
          slot.streams.delete(stream);
        }
      },
    );
  }

  private sendBatch(stream: Stream, batch: PendingBatch): void {
    const thread = stream.slot.thread;
    const generation = thread.generation;
    const copy = batch.packed.slice();
    thread.api.push(stream.key, Comlink.transfer(copy, [copy.buffer])).then(
      (result) => {
        if (thread.generation !== generation || stream.failure) return;
        if (stream.pending[0] !== batch) {
          this.fail(stream, new Error(`regime stream "${stream.key}" answered out of order`));
          return;
        }
        stream.pending.shift();
        stream.snapshot = result.snapshot.slice();
        batch.resolve(result);
      },
      (error: unknown) => {
        if (thread.generation !== generation) return;
        this.fail(stream, asError(error));
      },
    );
  }

  /** Refuses the stream's unanswered batches (and its pending open) with `error`. */
  private fail(stream: Stream, error: Error): void {
    stream.failure ??= error;
    for (const batch of stream.pending.splice(0)) batch.reject(error);
    stream.opening?.reject(error);
    stream.opening = null;
  }
}

function deadError(slot: Slot): Error {
  return new Error(`${slot.thread.dead?.message ?? `regime worker ${slot.index} is down`}; its streams are stopped`);
}
