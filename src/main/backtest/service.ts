import crypto from 'node:crypto';
import type { z } from 'zod';
import { InputError } from '../../shared/errors';
import { IpcError } from '../../shared/ipc/errors';
import type {
  BacktestFinished, BacktestProgress, BacktestSpec, ExperimentKind, JobView, MonteCarloSpec, OptimizationSpec, RunStarted, StrategyInfo, StrategyParams, WalkForwardSpec,
} from '../../shared/ipc/services/backtest';
import { CancelledError, isCancelled } from '../../shared/lab/jobs';
import type { BestSoFar } from '../../shared/lab/optimize';
import { planOptimization } from '../../shared/lab/optimize';
import { parameterDimension } from '../../shared/optimization/parameter-space';
import { walkForwardWindows } from '../../shared/optimization/walk-forward';
import { describeParams, STRATEGIES, strategyDefinition } from '../../shared/strategies/registry';
import { BacktestPool } from '../../workers/backtest-pool';
import { DatasetStore } from '../market/dataset-store';
import type { ServiceContext } from '../services/context';
import { ExperimentStore } from './experiment-store';
import { loadLabData, withRegimes, type LabData, type LabSource, type RegimeComputer } from './lab-data';
import {
  backtestExperiment, checkParams, checkStrategyData, prepareRun, runMonteCarloExperiment, runOptimizationExperiment, runWalkForwardExperiment, sourceFromStored,
  type MonteCarloSource, type SearchInput,
} from './lab-runs';

/** Settings the service reads. */
export const BACKTEST_SETTINGS = {
  /** Worker threads of the backtest pool (cores − 1 by default). */
  workers: 'backtest.workers',
} as const;

export interface BacktestServiceOptions {
  readonly poolSize?: number;
  readonly workerFile?: string;
  /** Least time between two progress events of a job (default 200 ms). */
  readonly progressIntervalMs?: number;
  /** How often the pool reads a running task's progress (default 100 ms). */
  readonly poolProgressIntervalMs?: number;
}

type Parsed<T extends z.ZodType> = z.output<T>;

interface Job {
  readonly runId: string;
  readonly kind: ExperimentKind;
  readonly label: string;
  readonly startedAt: number;
  readonly started: number;
  readonly controller: AbortController;
  progress: BacktestProgress;
  lastPublished: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Stored: a cancel from now on is too late. */
  saved: boolean;
  readonly finished: Promise<BacktestFinished>;
  resolve(finished: BacktestFinished): void;
}

/**
 * The strategy lab's backtests, optimisations, walk-forward tests and Monte Carlo runs as jobs:
 * checked when asked (a spec that cannot run is refused at once), then run in the worker pool
 * (never on this thread), reported with throttled progress, cancellable, and stored in the
 * experiment log only when they complete — whole, in one transaction.
 */
export class BacktestService {
  readonly store: ExperimentStore;
  private pool: BacktestPool | null = null;
  private readonly jobs = new Map<string, Job>();
  private readonly progressIntervalMs: number;
  private stopped = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: BacktestServiceOptions = {},
  ) {
    this.store = new ExperimentStore(ctx.db);
    this.progressIntervalMs = options.progressIntervalMs ?? 200;
  }

  strategies(): StrategyInfo[] {
    return STRATEGIES.map((definition) => ({
      name: definition.name,
      summary: definition.summary,
      symbols: definition.symbols,
      defaultSizing: definition.defaultSizing,
      usesRegime: definition.usesRegime === true,
      params: describeParams(definition).map((p) => ({ ...p, step: p.type === 'integer' ? 1 : null })),
    }));
  }

  run(spec: Parsed<typeof BacktestSpec>): RunStarted {
    const data = this.load(spec);
    const params = checked(() => checkParams(spec.strategy, spec.params));
    checked(() => checkStrategyData(spec.strategy, data));
    const total = timeSteps(data);
    return this.launch('backtest', labelOf(spec.strategy, data), total, 'bars', async (job) => {
      const prepared = prepareRun(spec.strategy, await this.regimes(data, spec.strategy, spec.regime, job), spec, spec, spec);
      this.report(job, 0, total, null);
      const started = performance.now();
      const record = await this.workers().run({ ...prepared.job, params }, { signal: job.controller.signal, onProgress: (done) => this.report(job, done, total, null) });
      return this.save(job, { root: backtestExperiment(prepared, record, job.startedAt, performance.now() - started) });
    });
  }

  optimize(spec: Parsed<typeof OptimizationSpec>): RunStarted {
    const data = this.load(spec);
    const search = this.search(spec);
    checked(() => checkStrategyData(spec.strategy, data));
    const total = search.plan.sets.length;
    return this.launch('optimization', labelOf(spec.strategy, data), total, 'runs', async (job) => {
      const prepared = prepareRun(spec.strategy, await this.regimes(data, spec.strategy, spec.regime, job), spec, spec, spec);
      const run = await runOptimizationExperiment(prepared, search, this.workers(), {
        signal: job.controller.signal,
        onProgress: (done, _total, best) => this.report(job, done, total, best),
      });
      this.report(job, total, total, run.outcome.best, 'saving');
      return this.save(job, run.tree);
    });
  }

  walkForward(spec: Parsed<typeof WalkForwardSpec>): RunStarted {
    const data = this.load(spec);
    const search = this.search(spec);
    checked(() => checkStrategyData(spec.strategy, data));
    const step = spec.step ?? spec.outOfSample;
    const windows = checked(() => walkForwardWindows({ bars: data.series[0]!.data.bars.t.length, inSample: spec.inSample, outOfSample: spec.outOfSample, step, mode: spec.mode }));
    if (step < spec.outOfSample) throw new IpcError('invalid_payload', `step (${step} bars) must be at least the out-of-sample length (${spec.outOfSample}); shorter steps make the out-of-sample parts overlap`);
    const total = windows.length * (search.plan.sets.length + 1);
    return this.launch('walkforward', labelOf(spec.strategy, data), total, 'runs', async (job) => {
      const prepared = prepareRun(spec.strategy, await this.regimes(data, spec.strategy, spec.regime, job), spec, spec, spec);
      const run = await runWalkForwardExperiment(prepared, search, { inSample: spec.inSample, outOfSample: spec.outOfSample, step, mode: spec.mode }, this.workers(), {
        signal: job.controller.signal,
        onProgress: (done, _total, best) => this.report(job, done, total, best),
      });
      this.report(job, total, total, null, 'saving');
      return this.save(job, run.tree);
    });
  }

  monteCarlo(spec: Parsed<typeof MonteCarloSpec>): RunStarted {
    const settings = { method: spec.method, simulations: spec.simulations, blockLength: spec.blockLength, blockMethod: spec.blockMethod, seed: spec.seed, samplePaths: spec.samplePaths };
    const labels = { name: spec.name, notes: spec.notes, tags: spec.tags };
    const total = spec.simulations;
    if ('experimentId' in spec.source) {
      const stored = this.store.run(spec.source.experimentId);
      if (!stored) {
        if (this.store.summary(spec.source.experimentId)) throw new IpcError('invalid_payload', `experiment ${spec.source.experimentId} has no equity curve to resample; Monte Carlo resamples a backtest`);
        throw new IpcError('not_found', `There is no experiment ${spec.source.experimentId}; it may have been deleted.`);
      }
      const source = checked(() => sourceFromStored(stored));
      const parentId = stored.summary.id;
      return this.launch('montecarlo', `Monte Carlo of #${parentId} ${stored.summary.strategy} on ${stored.summary.symbols.join('/')}`, total, 'paths', async (job) => {
        const { experiment } = await runMonteCarloExperiment(source, settings, labels, spec, this.workers(), job.controller.signal);
        return this.save(job, { root: experiment, parentId });
      });
    }
    const backtest = spec.source.backtest;
    const data = this.load(backtest);
    const params = checked(() => checkParams(backtest.strategy, backtest.params));
    checked(() => checkStrategyData(backtest.strategy, data));
    return this.launch('montecarlo', `Monte Carlo of ${labelOf(backtest.strategy, data)}`, total, 'paths', async (job) => {
      const prepared = prepareRun(backtest.strategy, await this.regimes(data, backtest.strategy, backtest.regime, job), backtest, backtest, backtest);
      const started = performance.now();
      const record = await this.workers().run({ ...prepared.job, params }, { signal: job.controller.signal });
      const base = backtestExperiment(prepared, record, job.startedAt, performance.now() - started);
      const source: MonteCarloSource = { experiment: base, t: record.t, equity: record.equity, trades: record.trades };
      const { experiment } = await runMonteCarloExperiment(source, settings, labels, spec, this.workers(), job.controller.signal);
      // The Monte Carlo run is stored under the backtest it resampled; the job reports the Monte Carlo.
      return this.save(job, { root: base, children: [experiment] }, 'child');
    });
  }

  /** Cancels a queued or running job; false when unknown or already over (or being stored). */
  cancel(runId: string): boolean {
    const job = this.jobs.get(runId);
    if (!job || job.saved || job.controller.signal.aborted) return false;
    job.controller.abort();
    return true;
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((job) => ({ runId: job.runId, kind: job.kind, label: job.label, startedAt: job.startedAt, progress: { ...job.progress, elapsedMs: performance.now() - job.started } }));
  }

  /** Resolves with the job's `backtest.finished` item (also for a job already over: null then). */
  finished(runId: string): Promise<BacktestFinished> | null {
    return this.jobs.get(runId)?.finished ?? null;
  }

  /** Cancels every job and stops the workers. */
  async stop(): Promise<void> {
    this.stopped = true;
    const pending = [...this.jobs.values()].map((job) => {
      job.controller.abort();
      return job.finished;
    });
    await Promise.allSettled(pending);
    const pool = this.pool;
    this.pool = null;
    await pool?.terminate();
  }

  private workers(): BacktestPool {
    if (this.stopped) throw new Error('the backtest service has stopped');
    this.pool ??= new BacktestPool({
      size: this.options.poolSize ?? this.ctx.settings.get<number>(BACKTEST_SETTINGS.workers) ?? undefined,
      ...(this.options.workerFile ? { workerFile: this.options.workerFile } : {}),
      ...(this.options.poolProgressIntervalMs !== undefined ? { progressIntervalMs: this.options.poolProgressIntervalMs } : {}),
      onRestart: (e) => this.ctx.log.warn('backtest', `worker ${e.worker} stopped (${e.reason})${e.failedTask ? `; its ${e.failedTask} task failed` : ''}`),
    });
    return this.pool;
  }

  /** The request's bars (refused with `not_found` for an unknown dataset, `invalid_payload` for other problems). */
  private load(spec: { datasets: number[]; from?: number | undefined; to?: number | undefined; strategy: string }): LabData {
    const datasets = new DatasetStore(this.ctx.db);
    for (const id of spec.datasets) {
      if (!datasets.get(id)) throw new IpcError('not_found', `There is no dataset ${id}; it may have been removed.`);
    }
    checked(() => strategyDefinition(spec.strategy));
    const sources: LabSource[] = spec.datasets.map((id) => ({ kind: 'dataset', id }));
    return checked(() => loadLabData(this.ctx.db, sources, { from: spec.from, to: spec.to }));
  }

  private search(spec: Parsed<typeof OptimizationSpec> | Parsed<typeof WalkForwardSpec>): SearchInput {
    const plan = checked(() =>
      planOptimization({
        strategy: spec.strategy,
        fixedParams: spec.fixedParams,
        space: spec.space.map((d) => parameterDimension(d)),
        search: spec.search,
      }),
    );
    return { plan, search: spec.search, objective: spec.objective, minTrades: spec.minTrades, fixedParams: spec.fixedParams };
  }

  /** The data with the regime per bar when the strategy reads it (the bank runs in a worker). */
  private async regimes(data: LabData, strategy: string, mode: 'auto' | 'stored' | 'computed' | 'none', job: Job): Promise<LabData> {
    if (strategyDefinition(strategy).usesRegime !== true) return data;
    const compute: RegimeComputer = (t, close, clock, config) => this.workers().regimes({ t, close, clock, config }, { signal: job.controller.signal });
    return withRegimes(this.ctx.db, data, { mode, computeRegimes: compute, log: this.ctx.log });
  }

  private save(job: Job, tree: Parameters<ExperimentStore['save']>[0], report: 'root' | 'child' = 'root'): number {
    if (job.controller.signal.aborted) throw new CancelledError();
    const { rootId, childIds } = this.store.save(tree);
    job.saved = true;
    for (const id of [rootId, ...childIds]) this.ctx.hub.publish('backtest.experiments.changed', { id, change: 'added' });
    return report === 'child' ? childIds[0]! : rootId;
  }

  private launch(kind: ExperimentKind, label: string, total: number, unit: BacktestProgress['unit'], work: (job: Job) => Promise<number>): RunStarted {
    if (this.stopped) throw new IpcError('unavailable', 'The backtest service has stopped.');
    let resolve!: (finished: BacktestFinished) => void;
    const finished = new Promise<BacktestFinished>((r) => (resolve = r));
    const job: Job = {
      runId: crypto.randomUUID(),
      kind,
      label,
      startedAt: Date.now(),
      started: performance.now(),
      controller: new AbortController(),
      progress: { runId: '', kind, phase: 'queued', done: 0, total, unit, best: null, elapsedMs: 0 },
      lastPublished: 0,
      timer: null,
      saved: false,
      finished,
      resolve,
    };
    job.progress = { ...job.progress, runId: job.runId };
    this.jobs.set(job.runId, job);
    this.publish(job);
    setImmediate(() => {
      work(job).then(
        (experimentId) => this.finish(job, 'completed', experimentId, null),
        (error: unknown) => {
          if (isCancelled(error) || job.controller.signal.aborted) this.finish(job, 'cancelled', null, null);
          else {
            const message = error instanceof Error ? error.message : String(error);
            if (!(error instanceof InputError)) this.ctx.log.error('backtest', `${kind} ${job.runId} (${label}) failed: ${message}`);
            this.finish(job, 'failed', null, message);
          }
        },
      );
    });
    return { runId: job.runId, total };
  }

  /** New progress: `done` never goes back; published at most every `progressIntervalMs` (phase changes at once). */
  private report(job: Job, done: number, total: number, best: BestSoFar | null, phase: BacktestProgress['phase'] = 'running'): void {
    if (this.jobs.get(job.runId) !== job) return;
    const previous = job.progress;
    job.progress = {
      ...previous,
      phase,
      total,
      done: Math.min(total, Math.max(previous.done, done)),
      best: best ? { params: best.params as StrategyParams, score: best.score } : previous.best,
    };
    if (phase !== previous.phase) this.publish(job);
    else this.schedule(job);
  }

  private schedule(job: Job): void {
    if (job.timer !== null) return;
    const wait = Math.max(0, job.lastPublished + this.progressIntervalMs - performance.now());
    if (wait === 0) {
      this.publish(job);
      return;
    }
    job.timer = setTimeout(() => {
      job.timer = null;
      if (this.jobs.get(job.runId) === job) this.publish(job);
    }, wait);
    job.timer.unref?.();
  }

  private publish(job: Job): void {
    if (job.timer !== null) {
      clearTimeout(job.timer);
      job.timer = null;
    }
    job.lastPublished = performance.now();
    job.progress = { ...job.progress, elapsedMs: job.lastPublished - job.started };
    this.ctx.hub.publish('backtest.progress', job.progress);
  }

  private finish(job: Job, status: BacktestFinished['status'], experimentId: number | null, error: string | null): void {
    if (status === 'completed') {
      job.progress = { ...job.progress, done: job.progress.total };
      this.publish(job);
    } else if (job.timer !== null) {
      clearTimeout(job.timer);
      job.timer = null;
    }
    this.jobs.delete(job.runId);
    const finished: BacktestFinished = { runId: job.runId, kind: job.kind, status, experimentId, error, elapsedMs: performance.now() - job.started };
    this.ctx.hub.publish('backtest.finished', finished);
    job.resolve(finished);
  }
}

/** Runs `work`, turning an InputError into the IPC's `invalid_payload` with its message. */
function checked<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InputError) throw new IpcError('invalid_payload', error.message);
    throw error;
  }
}

function labelOf(strategy: string, data: LabData): string {
  return `${strategy} on ${data.series.map((s) => s.data.symbol).join('/')}`;
}

/** Steps of a run over these series: the distinct bar times. */
function timeSteps(data: LabData): number {
  if (data.series.length === 1) return data.series[0]!.data.bars.t.length;
  const times = new Set<number>();
  for (const s of data.series) for (const t of s.data.bars.t) times.add(t);
  return times.size;
}
