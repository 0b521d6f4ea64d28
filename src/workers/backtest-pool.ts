import type { BacktestJob, EvaluateJob, EvaluatedRow, RunRecord } from '../shared/lab/jobs';
import { CancelledError, isCancelled } from '../shared/lab/jobs';
import type { LabExecutor, TaskControl } from '../shared/lab/executor';
import type { MonteCarloJob, MonteCarloOutcome } from '../shared/lab/monte-carlo';
import type { RegimeSeries } from '../shared/engine/trading-engine';
import { CONTROL_CANCEL, CONTROL_DONE, CONTROL_LENGTH, CONTROL_TOTAL, type BacktestWorkerApi, type RegimeJob } from './backtest-protocol';
import { asError, defaultPoolSize, SupervisedWorker, type WorkerCrash } from './supervised-worker';

export interface BacktestPoolOptions {
  /** Worker threads; cores − 1 (at least 1) by default. */
  readonly size?: number;
  /** Another worker entry (a test's fault-injecting wrapper). */
  readonly workerFile?: string;
  /** How often running tasks' progress is read (default 100 ms). */
  readonly progressIntervalMs?: number;
  /** How long a cancelled task may take to stop by itself before its thread is replaced (default 500 ms). */
  readonly cancelGraceMs?: number;
  readonly onRestart?: (event: { worker: number; reason: string; failedTask: string | null }) => void;
}

/** A task the worker was running when its thread died: reported, never retried (the task may be the cause). */
export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerCrashedError';
  }
}

type TaskKind = keyof BacktestWorkerApi;

interface Task {
  readonly kind: TaskKind;
  readonly job: BacktestJob | EvaluateJob | MonteCarloJob | RegimeJob;
  readonly control: Int32Array;
  readonly onProgress: ((done: number, total: number) => void) | undefined;
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
  readonly detach: () => void;
  slot: Slot | null;
  settled: boolean;
  lastDone: number;
  graceTimer: ReturnType<typeof setTimeout> | null;
}

interface Slot {
  readonly index: number;
  readonly thread: SupervisedWorker<BacktestWorkerApi>;
  task: Task | null;
}

/**
 * The strategy lab's worker threads: one task at a time per worker, FIFO. A task is a backtest,
 * a batch of parameter sets, or a Monte Carlo run. Cancel asks the worker to stop (it checks a
 * shared flag every few thousand bars) and replaces the thread if it has not stopped within the
 * grace period; a worker that dies fails only the task it was running, and a fresh thread takes
 * the next one. Progress is read from shared memory on a timer, so reporting it costs the worker
 * nothing but a store.
 */
export class BacktestPool implements LabExecutor {
  readonly concurrency: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly progressIntervalMs: number;
  private readonly cancelGraceMs: number;
  private progressTimer: ReturnType<typeof setInterval> | null = null;
  private terminated = false;

  constructor(private readonly options: BacktestPoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1 || size > 256) throw new RangeError(`backtest pool size must be a whole number from 1 to 256, got ${size}`);
    this.concurrency = size;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.cancelGraceMs = options.cancelGraceMs ?? 500;
    for (let index = 0; index < size; index++) {
      const thread: SupervisedWorker<BacktestWorkerApi> = new SupervisedWorker<BacktestWorkerApi>({
        name: 'backtest',
        ...(options.workerFile ? { file: options.workerFile } : {}),
        label: `backtest worker ${index}`,
        onCrash: (crash) => this.onCrash(slot, crash),
      });
      const slot: Slot = { index, thread, task: null };
      this.slots.push(slot);
    }
  }

  /** Worker restarts after crashes so far. */
  get restarts(): number {
    return this.slots.reduce((sum, slot) => sum + slot.thread.restarts, 0);
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  run(job: BacktestJob, control?: TaskControl): Promise<RunRecord> {
    return this.submit('run', job, control);
  }

  evaluate(job: EvaluateJob, control?: TaskControl): Promise<EvaluatedRow[]> {
    return this.submit('evaluate', job, control);
  }

  monteCarlo(job: MonteCarloJob, control?: TaskControl): Promise<MonteCarloOutcome> {
    return this.submit('monteCarlo', job, control);
  }

  /** The regime bank over a series (so a regime-switch backtest never runs the bank on main's thread). */
  regimes(job: RegimeJob, control?: TaskControl): Promise<RegimeSeries> {
    return this.submit('regimes', job, control);
  }

  /** The thread of worker `index` (for fault-injection tests). */
  workerThread(index: number) {
    return this.slots[index]!.thread.worker;
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    const error = new Error('the backtest pool has been shut down');
    for (const task of this.queue.splice(0)) this.settle(task, error);
    for (const slot of this.slots) if (slot.task) this.settle(slot.task, error);
    this.stopProgressTimer();
    await Promise.all(this.slots.map((slot) => slot.thread.terminate()));
  }

  private submit<T>(kind: TaskKind, job: Task['job'], control: TaskControl = {}): Promise<T> {
    if (this.terminated) return Promise.reject(new Error('the backtest pool has been shut down'));
    if (control.signal?.aborted) return Promise.reject(new CancelledError());
    if (this.slots.every((slot) => slot.thread.dead)) return Promise.reject(this.slots[0]!.thread.dead!);
    return new Promise<T>((resolve, reject) => {
      const signal = control.signal;
      const onAbort = (): void => this.cancel(task);
      const task: Task = {
        kind,
        job,
        control: new Int32Array(new SharedArrayBuffer(CONTROL_LENGTH * Int32Array.BYTES_PER_ELEMENT)),
        onProgress: control.onProgress,
        resolve: resolve as (value: never) => void,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
        slot: null,
        settled: false,
        lastDone: -1,
        graceTimer: null,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task || slot.thread.dead) continue;
      this.start(slot, this.queue.shift()!);
    }
  }

  private start(slot: Slot, task: Task): void {
    slot.task = task;
    task.slot = slot;
    const thread = slot.thread;
    const generation = thread.generation;
    const call = thread.api[task.kind](task.job as never, task.control) as Promise<unknown>;
    if (task.onProgress) this.startProgressTimer();
    call.then(
      (value) => {
        if (thread.generation !== generation) return;
        this.release(slot, task);
        this.settle(task, null, value);
      },
      (error: unknown) => {
        if (thread.generation !== generation) return;
        this.release(slot, task);
        this.settle(task, Atomics.load(task.control, CONTROL_CANCEL) !== 0 || isCancelled(error) ? new CancelledError() : asError(error));
      },
    );
  }

  /** The slot is free again: the next queued task starts on it. */
  private release(slot: Slot, task: Task): void {
    if (slot.task === task) slot.task = null;
    task.slot = null;
    this.pump();
  }

  private settle(task: Task, error: Error | null, value?: unknown): void {
    if (task.settled) return;
    task.settled = true;
    task.detach();
    if (task.graceTimer) clearTimeout(task.graceTimer);
    if (error) task.reject(error);
    else task.resolve(value as never);
  }

  private cancel(task: Task): void {
    if (task.settled) return;
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, new CancelledError());
      return;
    }
    Atomics.store(task.control, CONTROL_CANCEL, 1);
    // A worker that does not stop by itself (a long step, a bug) is replaced: cancel always ends the task.
    task.graceTimer = setTimeout(() => {
      const slot = task.slot;
      if (task.settled || !slot) return;
      this.settle(task, new CancelledError());
      slot.task = null;
      task.slot = null;
      void slot.thread.recycle().finally(() => this.pump());
    }, this.cancelGraceMs);
    task.graceTimer.unref?.();
  }

  private onCrash(slot: Slot, { reason, replaced }: WorkerCrash): void {
    const task = slot.task;
    slot.task = null;
    if (task) {
      task.slot = null;
      const what = { run: 'a backtest', evaluate: 'a batch of parameter sets', monteCarlo: 'a Monte Carlo run', regimes: 'the regime bank' }[task.kind];
      this.settle(task, Atomics.load(task.control, CONTROL_CANCEL) !== 0 ? new CancelledError() : new WorkerCrashedError(`backtest worker ${slot.index} stopped (${reason}) while running ${what}`));
    }
    this.options.onRestart?.({ worker: slot.index, reason, failedTask: task ? task.kind : null });
    if (this.terminated) return;
    if (!replaced && this.slots.every((s) => s.thread.dead)) {
      for (const queued of this.queue.splice(0)) this.settle(queued, slot.thread.dead!);
      return;
    }
    this.pump();
  }

  private startProgressTimer(): void {
    if (this.progressTimer) return;
    this.progressTimer = setInterval(() => this.readProgress(), this.progressIntervalMs);
    this.progressTimer.unref?.();
  }

  private stopProgressTimer(): void {
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.progressTimer = null;
  }

  private readProgress(): void {
    let watching = false;
    for (const slot of this.slots) {
      const task = slot.task;
      if (!task?.onProgress) continue;
      watching = true;
      const done = Atomics.load(task.control, CONTROL_DONE);
      const total = Atomics.load(task.control, CONTROL_TOTAL);
      if (total > 0 && done !== task.lastDone) {
        task.lastDone = done;
        task.onProgress(done, total);
      }
    }
    if (!watching) this.stopProgressTimer();
  }
}
