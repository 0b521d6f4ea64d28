import { runBacktest, type BacktestConfig, type BacktestResult, type BacktestSymbolData } from '../backtest/run-backtest';
import type { FillModelConfig } from '../broker/sim/simulated-broker';
import type { RiskLimits } from '../risk/risk-limits';
import { sliceBarColumns } from '../domain/bar';
import { REGIME_COUNT } from '../domain/regime';
import { InputError } from '../errors';
import { summarizeMetrics, type MetricsSummary } from './metrics-summary';
import { objectiveScore, type Objective } from './objectives';

/**
 * The jobs of the strategy lab as plain data, so they cross to a worker thread as they are (the
 * bar columns may sit on SharedArrayBuffers: every job of a search then shares one copy), and the
 * pure functions that run them — in a worker, or in the calling thread for tests and the CLI.
 */

/** How every run of a job trades. */
export interface RunSettings {
  readonly initialCash: number;
  /** Default: the strategy's. */
  readonly sizing?: string;
  readonly fillModel: Partial<FillModelConfig>;
  readonly risk: Partial<RiskLimits>;
  readonly timeframe: string;
  readonly sessionTimeZone: string;
  readonly riskFreeRate: number;
}

/** Inclusive bounds on bar times (epoch ms). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

export interface BacktestJob {
  readonly data: readonly BacktestSymbolData[];
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly settings: RunSettings;
  /** Run on these bars only (a walk-forward window); default all. */
  readonly window?: TimeWindow | null;
}

/** One parameter set of a search, by its position in the grid or the sample. */
export interface Candidate {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Several parameter sets on the same data: one worker task of an optimisation. */
export interface EvaluateJob extends Omit<BacktestJob, 'params'> {
  readonly candidates: readonly Candidate[];
  readonly objective: Objective;
}

export interface EvaluatedRow {
  readonly index: number;
  readonly score: number | null;
  readonly metrics: MetricsSummary | null;
  readonly error: string | null;
}

/** What is kept of a run: everything the experiment log stores, nothing it does not (orders, fills, journal). */
export interface RunRecord
  extends Pick<BacktestResult, 'strategy' | 'params' | 'symbols' | 'timeframe' | 'bars' | 'initialCash' | 'finalEquity' | 'sizing' | 'fillModel' | 'riskLimits' | 'trades' | 'openPositions' | 'metrics' | 'notes'> {
  readonly t: Float64Array;
  readonly equity: Float64Array;
  /** Σ |position value| at each step (for the share of equity a trade committed). */
  readonly grossExposure: Float64Array;
  readonly summary: MetricsSummary;
  readonly orders: number;
  readonly fills: number;
  /** Σ |fill quantity × price|, for turnover. */
  readonly tradedValue: number;
  readonly riskDenials: number;
}

/** How a running job is watched: `aborted` is polled between units of work, `progress` told of them. */
export interface JobHooks {
  aborted(): boolean;
  progress(done: number, total: number): void;
}

export const NO_HOOKS: JobHooks = { aborted: () => false, progress: () => undefined };

/** Thrown out of a job when its hooks say it was cancelled. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'CancelledError');
}

/** Index range [start, end) of the bars with from ≤ t ≤ to (binary search; `t` ascending). */
export function timeRange(t: ArrayLike<number>, bounds: TimeWindow): { start: number; end: number } {
  const lowerBound = (value: number, inclusive: boolean): number => {
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inclusive ? t[mid]! < value : t[mid]! <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { start: lowerBound(bounds.from, true), end: lowerBound(bounds.to, false) };
}

/** Each symbol's bars (and regimes) within the window, as views: nothing is copied. */
export function windowData(data: readonly BacktestSymbolData[], bounds: TimeWindow | null | undefined): BacktestSymbolData[] {
  if (!bounds) return [...data];
  return data.map((d) => {
    const { start, end } = timeRange(d.bars.t, bounds);
    const regimes = d.regimes ? { p: d.regimes.p.subarray(start * REGIME_COUNT, end * REGIME_COUNT), label: sliceLabels(d.regimes.label, start, end) } : null;
    return { ...d, bars: sliceBarColumns(d.bars, start, end), regimes };
  });
}

function sliceLabels(label: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  const typed = label as ArrayLike<number> & { subarray?: (a: number, b: number) => ArrayLike<number> };
  return typeof typed.subarray === 'function' ? typed.subarray(start, end) : Array.prototype.slice.call(label, start, end);
}

export function configFor(job: Omit<BacktestJob, 'params'>, params: Readonly<Record<string, unknown>>): BacktestConfig {
  const data = windowData(job.data, job.window);
  if (data.some((d) => d.bars.t.length === 0)) {
    const empty = data.find((d) => d.bars.t.length === 0)!;
    throw new InputError(`${empty.symbol} has no bars${job.window ? ` between ${new Date(job.window.from).toISOString()} and ${new Date(job.window.to).toISOString()}` : ''}`);
  }
  const s = job.settings;
  return {
    data,
    strategy: { name: job.strategy, params },
    initialCash: s.initialCash,
    ...(s.sizing !== undefined ? { sizing: s.sizing } : {}),
    fillModel: s.fillModel,
    risk: s.risk,
    timeframe: s.timeframe,
    sessionTimeZone: s.sessionTimeZone,
    riskFreeRate: s.riskFreeRate,
  };
}

/** Runs one backtest and keeps what is stored; progress is in time steps. */
export function runJob(job: BacktestJob, hooks: JobHooks = NO_HOOKS): RunRecord {
  if (hooks.aborted()) throw new CancelledError();
  const result = runBacktest({
    ...configFor(job, job.params),
    onProgress: (done, total) => {
      if (hooks.aborted()) throw new CancelledError();
      hooks.progress(done, total);
    },
  });
  return recordOf(result);
}

/** The stored part of a full result. */
export function recordOf(result: BacktestResult): RunRecord {
  const { strategy, params, symbols, timeframe, bars, initialCash, finalEquity, sizing, fillModel, riskLimits, trades, openPositions, metrics, notes } = result;
  return {
    ...{ strategy, params, symbols, timeframe, bars, initialCash, finalEquity, sizing, fillModel, riskLimits, trades, openPositions, metrics, notes },
    // A copy: the curve's times may be a view of the (shared) input bars.
    t: result.equity.t.slice(),
    equity: result.equity.equity,
    grossExposure: result.equity.grossExposure,
    summary: summarizeMetrics(result.metrics, result.finalEquity),
    orders: result.orders.length,
    fills: result.fills.length,
    tradedValue: result.fills.reduce((sum, fill) => sum + Math.abs(fill.qty * fill.price), 0),
    riskDenials: result.riskDenials.length,
  };
}

/**
 * Runs every candidate on the job's data, in order. A candidate the engine refuses (a parameter
 * out of range) gets its error in its row; the others run on. Progress counts candidates.
 */
export function evaluateJob(job: EvaluateJob, hooks: JobHooks = NO_HOOKS): EvaluatedRow[] {
  const rows: EvaluatedRow[] = [];
  const total = job.candidates.length;
  for (const candidate of job.candidates) {
    if (hooks.aborted()) throw new CancelledError();
    rows.push(evaluateCandidate(job, candidate, hooks));
    hooks.progress(rows.length, total);
  }
  return rows;
}

function evaluateCandidate(job: EvaluateJob, candidate: Candidate, hooks: JobHooks): EvaluatedRow {
  try {
    const result = runBacktest({
      ...configFor(job, candidate.params),
      benchmark: null,
      onProgress: () => {
        if (hooks.aborted()) throw new CancelledError();
      },
    });
    const metrics = summarizeMetrics(result.metrics, result.finalEquity);
    return { index: candidate.index, score: objectiveScore(metrics, job.objective), metrics, error: null };
  } catch (error) {
    if (isCancelled(error)) throw error;
    return { index: candidate.index, score: null, metrics: null, error: error instanceof Error ? error.message : String(error) };
  }
}
