import * as Comlink from 'comlink';
// The CommonJS build of comlink's adapter: its default export survives both tsx (ESM) and the
// CommonJS bundles, where comlink stays an external dependency.
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn';

/** Worker threads a pool starts by default: cores − 1, at least 1 (main keeps a core). */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

export interface WorkerCrash {
  /** `Error: message` of the thread's uncaught error, else `exit code N`. */
  readonly reason: string;
  /** False when the worker crashed too often and stays down (`dead` says why). */
  readonly replaced: boolean;
}

export interface SupervisedWorkerOptions {
  /** The entry's name: `src/workers/<name>.worker.ts`, bundled as `<name>.cjs`. */
  readonly name: string;
  /** Another entry file (a test's fault-injecting wrapper). */
  readonly file?: string;
  /** How messages name it, e.g. "regime worker 0". */
  readonly label: string;
  /** Crashes within `crashWindowMs` after which the worker is not restarted again (default 5 in a minute). */
  readonly crashLimit?: number;
  readonly crashWindowMs?: number;
  /** The thread died without being asked to: told after the replacement (if any) has started. */
  readonly onCrash: (crash: WorkerCrash) => void;
}

/**
 * One worker thread with its comlink proxy, kept alive: when the thread dies unasked (an uncaught
 * error, `process.exit`, out of memory) a new one is started and the owner told, unless it keeps
 * crashing. `generation` changes whenever the thread is replaced, so an owner can ignore answers
 * from a thread that is gone. Shared by the regime pool and the backtest pool.
 */
export class SupervisedWorker<Api> {
  /** Bumped on every replacement (crash or recycle). */
  generation = 0;
  /** Replacements after crashes so far. */
  restarts = 0;
  /** Set when the worker crashed too often and was left down. */
  dead: Error | null = null;
  private current!: Worker;
  private proxy!: Comlink.Remote<Api>;
  private lastError: Error | null = null;
  private crashes: number[] = [];
  private stopped = false;

  constructor(private readonly options: SupervisedWorkerOptions) {
    this.start();
  }

  get worker(): Worker {
    return this.current;
  }

  get api(): Comlink.Remote<Api> {
    return this.proxy;
  }

  /**
   * Ends the current thread on purpose (its work is no longer wanted: a cancelled job) and starts
   * a fresh one at once; no crash is reported. Resolves when the old thread has exited.
   */
  async recycle(): Promise<void> {
    if (this.stopped || this.dead) return;
    const old = this.current;
    this.generation++;
    this.proxy[Comlink.releaseProxy]();
    this.start();
    await old.terminate();
  }

  async terminate(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.dead) this.proxy[Comlink.releaseProxy]();
    await this.current.terminate();
  }

  private start(): void {
    const worker = spawnWorker(this.options.name, this.options.file ? { file: this.options.file } : {});
    this.current = worker;
    this.proxy = Comlink.wrap<Api>(nodeEndpoint(worker));
    this.lastError = null;
    worker.on('error', (error) => {
      if (worker === this.current) this.lastError = error;
    });
    worker.once('exit', (code) => this.exited(worker, code));
  }

  private exited(worker: Worker, code: number): void {
    if (this.stopped || worker !== this.current) return;
    const reason = this.lastError ? `${this.lastError.name}: ${this.lastError.message}` : `exit code ${code}`;
    const now = Date.now();
    const window = this.options.crashWindowMs ?? 60_000;
    this.crashes = this.crashes.filter((t) => now - t < window);
    this.crashes.push(now);
    this.proxy[Comlink.releaseProxy]();
    this.generation++;
    if (this.crashes.length > (this.options.crashLimit ?? 5)) {
      this.dead = new Error(`${this.options.label} crashed ${this.crashes.length} times within a minute (last: ${reason})`);
      this.options.onCrash({ reason, replaced: false });
      return;
    }
    this.restarts++;
    this.start();
    this.options.onCrash({ reason, replaced: true });
  }
}

export function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'message' in error) return Object.assign(new Error(String((error as { message: unknown }).message)), error);
  return new Error(String(error));
}
