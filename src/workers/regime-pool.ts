import * as Comlink from 'comlink';
// The CommonJS build of comlink's adapter: its default export survives both tsx (ESM) and the
// CommonJS bundles, where comlink stays an external dependency.
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RegimeBankSpec, RegimeBatchResult, RegimeOpenResult, RegimeWorkerApi } from './regime-protocol';
import { spawnWorker } from './spawn';

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

export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

const CRASH_WINDOW_MS = 60_000;
const CRASHES_BEFORE_GIVING_UP = 5;

interface PendingBatch {
  readonly packed: Float64Array;
  readonly resolve: (result: RegimeBatchResult) => void;
  readonly reject: (error: Error) => void;
  attempts: number;
}

interface Slot {
  readonly index: number;
  worker: Worker;
  api: Comlink.Remote<RegimeWorkerApi>;
  /** Bumped on every restart: answers from an older worker are ignored. */
  generation: number;
  readonly streams: Set<Stream>;
  crashes: number[];
  lastError: Error | null;
  dead: Error | null;
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
  /** Worker restarts so far. */
  restarts = 0;
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
      const { worker, api } = this.startWorker();
      const slot: Slot = { index, worker, api, generation: 0, streams: new Set(), crashes: [], lastError: null, dead: null };
      this.watch(slot);
      this.slots.push(slot);
    }
  }

  /**
   * Opens a stream's bank on the least loaded worker, fresh or from a snapshot. Rejects when the
   * spec is invalid (the worker's message says which value) or the key is already open.
   */
  open(key: string, spec: RegimeBankSpec, snapshot: Uint8Array | null = null): Promise<RegimeOpenResult> {
    if (this.terminated) return Promise.reject(new Error('the regime pool has been terminated'));
    if (this.streams.has(key)) return Promise.reject(new Error(`regime stream "${key}" is already open; close it first`));
    const live = this.slots.filter((s) => !s.dead);
    if (live.length === 0) return Promise.reject(this.slots[0]!.dead!);
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
    if (!stream.slot.dead) await stream.slot.api.close(key).catch(() => undefined);
  }

  /** The worker serving a stream (for diagnostics and fault-injection tests). */
  workerFor(key: string): Worker {
    const stream = this.streams.get(key);
    if (!stream) throw new Error(`regime stream "${key}" is not open`);
    return stream.slot.worker;
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    const error = new Error('the regime pool has been terminated');
    for (const stream of this.streams.values()) this.fail(stream, error);
    this.streams.clear();
    await Promise.all(
      this.slots.map(async (slot) => {
        if (!slot.dead) slot.api[Comlink.releaseProxy]();
        await slot.worker.terminate();
      }),
    );
  }

  private startWorker(): { worker: Worker; api: Comlink.Remote<RegimeWorkerApi> } {
    const worker = spawnWorker('regime', this.options.workerFile ? { file: this.options.workerFile } : {});
    return { worker, api: Comlink.wrap<RegimeWorkerApi>(nodeEndpoint(worker)) };
  }

  private watch(slot: Slot): void {
    const worker = slot.worker;
    slot.lastError = null;
    worker.on('error', (error) => {
      slot.lastError = error;
    });
    worker.once('exit', (code) => this.onExit(slot, worker, code));
  }

  private onExit(slot: Slot, worker: Worker, code: number): void {
    if (this.terminated || worker !== slot.worker) return;
    const reason = slot.lastError ? `${slot.lastError.name}: ${slot.lastError.message}` : `exit code ${code}`;
    const now = Date.now();
    slot.crashes = slot.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    slot.crashes.push(now);
    slot.api[Comlink.releaseProxy]();
    slot.generation++;
    if (slot.crashes.length > CRASHES_BEFORE_GIVING_UP) {
      slot.dead = new Error(`regime worker ${slot.index} crashed ${slot.crashes.length} times within a minute (last: ${reason}); its streams are stopped`);
      for (const stream of slot.streams) this.fail(stream, slot.dead);
      return;
    }
    this.restarts++;
    const { worker: replacement, api } = this.startWorker();
    slot.worker = replacement;
    slot.api = api;
    this.watch(slot);
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
    const slot = stream.slot;
    const generation = slot.generation;
    slot.api.open(stream.key, stream.spec, stream.snapshot).then(
      (result) => {
        if (slot.generation !== generation) return;
        stream.opening?.resolve(result);
        stream.opening = null;
      },
      (error: unknown) => {
        if (slot.generation !== generation) return;
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
    const slot = stream.slot;
    const generation = slot.generation;
    const copy = batch.packed.slice();
    slot.api.push(stream.key, Comlink.transfer(copy, [copy.buffer])).then(
      (result) => {
        if (slot.generation !== generation || stream.failure) return;
        if (stream.pending[0] !== batch) {
          this.fail(stream, new Error(`regime stream "${stream.key}" answered out of order`));
          return;
        }
        stream.pending.shift();
        stream.snapshot = result.snapshot.slice();
        batch.resolve(result);
      },
      (error: unknown) => {
        if (slot.generation !== generation) return;
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

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'message' in error) return Object.assign(new Error(String((error as { message: unknown }).message)), error);
  return new Error(String(error));
}
