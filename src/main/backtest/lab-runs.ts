import { DEFAULT_FILL_MODEL, type FillModelConfig } from '../../shared/broker/sim/simulated-broker';
import { parseCommission, parseSlippage } from '../../shared/broker/sim/costs';
import { InputError } from '../../shared/errors';
import type { FillSettings, MonteCarloResult, OptimizationResult, RiskSettings, SearchSpec, WalkForwardResult } from '../../shared/ipc/services/backtest';
import type { LabExecutor } from '../../shared/lab/executor';
import type { BacktestJob, RunRecord, RunSettings } from '../../shared/lab/jobs';
import { monteCarloInputs, type MonteCarloOutcome } from '../../shared/lab/monte-carlo';
import { objectiveDirection, type Objective } from '../../shared/lab/objectives';
import { runOptimization, type BestSoFar, type OptimizationOutcome, type OptimizationPlan } from '../../shared/lab/optimize';
import { runWalkForward, type WalkForwardOutcome, type WalkForwardSettings } from '../../shared/lab/walk-forward';
import type { Trade } from '../../shared/portfolio/trade-ledger';
import { BACKTEST_RISK_LIMITS, type RiskLimits } from '../../shared/risk/risk-limits';
import { parseStrategyParams, strategyDefinition } from '../../shared/strategies/registry';
import type { ExperimentTree, NewExperiment, StoredRun } from './experiment-store';
import type { LabData } from './lab-data';
import { sharedSymbolData } from './shared-data';

/**
 * From a validated request (the IPC's or the CLI's) to experiments ready to store: the same code
 * for the app's jobs and for `sextant optimize|walkforward|montecarlo`, so both store the same runs.
 */

export interface RunLabels {
  readonly name?: string | undefined;
  readonly notes?: string | undefined;
  readonly tags?: readonly string[] | undefined;
}

export interface TradingSettingsInput {
  readonly initialCash: number;
  readonly sizing?: string | undefined;
  readonly fill: FillSettings;
  readonly risk: RiskSettings;
  readonly riskFreeRate: number;
}

/** A run's data and settings, checked and in shared memory: what every job of it starts from. */
export interface PreparedRun {
  readonly job: Omit<BacktestJob, 'params' | 'window'>;
  readonly data: LabData;
  readonly sizing: string;
  readonly fillModel: FillModelConfig;
  readonly riskLimits: RiskLimits;
  readonly labels: RunLabels;
  /** What is stored as the experiment's spec (to run it again). */
  readonly spec: unknown;
}

export function fillModelOf(fill: FillSettings): Partial<FillModelConfig> {
  return {
    ...(fill.marketFill ? { marketFill: fill.marketFill } : {}),
    ...(fill.ambiguousBar ? { ambiguousBar: fill.ambiguousBar } : {}),
    ...(fill.commission ? { commission: parseCommission(fill.commission) } : {}),
    ...(fill.slippage ? { slippage: parseSlippage(fill.slippage) } : {}),
    ...(fill.maxVolumePct !== undefined ? { maxVolumePct: fill.maxVolumePct } : {}),
  };
}

export function riskOf(risk: RiskSettings): Partial<RiskLimits> {
  return {
    ...(risk.maxPositionPct !== undefined ? { maxPositionPct: risk.maxPositionPct } : {}),
    ...(risk.maxDailyLossPct !== undefined ? { maxDailyLossPct: risk.maxDailyLossPct } : {}),
  };
}

/** An InputError unless the strategy exists and trades as many symbols as the data has. */
export function checkStrategyData(strategy: string, data: LabData): void {
  const definition = strategyDefinition(strategy);
  const symbols = data.series.map((s) => s.data.symbol);
  if (symbols.length !== definition.symbols) {
    throw new InputError(`strategy ${strategy} trades ${definition.symbols} symbol${definition.symbols === 1 ? '' : 's'}; the data has ${symbols.length} (${symbols.join(', ')})${definition.symbols === 2 ? '; give them A then B' : ''}`);
  }
}

/** Checks the strategy against the data and puts the bars in shared memory. */
export function prepareRun(strategy: string, data: LabData, trading: TradingSettingsInput, labels: RunLabels, spec: unknown): PreparedRun {
  checkStrategyData(strategy, data);
  const definition = strategyDefinition(strategy);
  const first = data.series[0]!;
  const fill = fillModelOf(trading.fill);
  const risk = riskOf(trading.risk);
  const settings: RunSettings = {
    initialCash: trading.initialCash,
    ...(trading.sizing !== undefined ? { sizing: trading.sizing } : {}),
    fillModel: fill,
    risk,
    timeframe: first.timeframe,
    sessionTimeZone: first.timeZone,
    riskFreeRate: trading.riskFreeRate,
  };
  return {
    job: { data: data.series.map((s) => sharedSymbolData(s.data)), strategy: definition.name, settings },
    data,
    sizing: trading.sizing ?? definition.defaultSizing,
    fillModel: { ...DEFAULT_FILL_MODEL, ...fill },
    riskLimits: { ...BACKTEST_RISK_LIMITS, ...risk },
    labels,
    spec,
  };
}

/** Validated parameters (defaults filled in) or an InputError naming the parameter. */
export function checkParams(strategy: string, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return parseStrategyParams(strategyDefinition(strategy), { ...params });
}

function common(prepared: PreparedRun, startedAt: number): Pick<NewExperiment, 'name' | 'tags' | 'notes' | 'strategy' | 'symbols' | 'timeframe' | 'data' | 'spec' | 'sizing' | 'fillModel' | 'riskLimits' | 'initialCash' | 'createdAt'> {
  return {
    name: prepared.labels.name?.trim() || null,
    tags: prepared.labels.tags ?? [],
    notes: prepared.labels.notes ?? '',
    strategy: prepared.job.strategy,
    symbols: prepared.data.series.map((s) => s.data.symbol),
    timeframe: prepared.job.settings.timeframe,
    data: prepared.data.refs,
    spec: prepared.spec,
    sizing: prepared.sizing,
    fillModel: prepared.fillModel,
    riskLimits: prepared.riskLimits,
    initialCash: prepared.job.settings.initialCash,
    createdAt: startedAt,
  };
}

/** A backtest's record as an experiment (also an optimisation's best run and a walk-forward's window tests). */
export function backtestExperiment(prepared: PreparedRun, record: RunRecord, startedAt: number, durationMs: number, name?: string): NewExperiment {
  const base = common(prepared, startedAt);
  return {
    ...base,
    ...(name !== undefined ? { name, tags: [], notes: '' } : {}),
    kind: 'backtest',
    params: record.params,
    sizing: record.sizing,
    fillModel: record.fillModel,
    riskLimits: record.riskLimits,
    finalEquity: record.finalEquity,
    bars: record.bars,
    objective: null,
    summary: record.summary,
    metrics: record.metrics,
    result: null,
    equity: { t: record.t, equity: record.equity },
    trades: record.trades,
    openPositions: record.openPositions,
    runNotes: record.notes,
    durationMs,
  };
}

export interface SearchInput {
  readonly plan: OptimizationPlan;
  readonly search: SearchSpec;
  readonly objective: Objective;
  readonly minTrades: number;
  readonly fixedParams: Readonly<Record<string, unknown>>;
}

export interface LabControl {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number, best: BestSoFar | null) => void;
}

export interface OptimizationRun {
  readonly tree: ExperimentTree;
  readonly outcome: OptimizationOutcome;
  readonly best: RunRecord | null;
  readonly elapsedMs: number;
  readonly runsPerSecond: number;
  readonly workers: number;
}

export async function runOptimizationExperiment(prepared: PreparedRun, input: SearchInput, executor: LabExecutor, control: LabControl = {}): Promise<OptimizationRun> {
  const startedAt = Date.now();
  const started = performance.now();
  const outcome = await runOptimization(prepared.job, input.plan, executor, {
    objective: input.objective,
    minTrades: input.minTrades,
    ...(control.signal ? { signal: control.signal } : {}),
    ...(control.onProgress ? { onProgress: control.onProgress } : {}),
  });
  const searchMs = performance.now() - started;
  const best = outcome.best ? await executor.run({ ...prepared.job, params: outcome.best.params }, control.signal ? { signal: control.signal } : {}) : null;
  const elapsedMs = performance.now() - started;
  const runsPerSecond = searchMs > 0 ? (outcome.evaluated / searchMs) * 1000 : 0;
  const result: OptimizationResult = {
    objective: input.objective,
    direction: objectiveDirection(input.objective),
    search: input.search,
    minTrades: input.minTrades,
    fixedParams: input.fixedParams as OptimizationResult['fixedParams'],
    dimensions: input.plan.dimensions.map((d) => ({ name: d.name, values: [...d.values] })),
    rows: outcome.rows.map((row) => ({ index: row.index, params: row.params as OptimizationResult['fixedParams'], score: row.score, metrics: row.metrics, error: row.error })),
    best: outcome.best ? { index: outcome.best.index, params: outcome.best.params as OptimizationResult['fixedParams'], score: outcome.best.score } : null,
    bestExperimentId: null,
    evaluated: outcome.evaluated,
    skipped: outcome.skipped,
    workers: executor.concurrency,
    runsPerSecond,
  };
  const root: NewExperiment = {
    ...common(prepared, startedAt),
    kind: 'optimization',
    params: best?.params ?? input.fixedParams,
    finalEquity: best?.finalEquity ?? null,
    bars: prepared.data.series[0]!.data.bars.t.length,
    objective: input.objective,
    summary: best?.summary ?? null,
    metrics: null,
    result,
    equity: null,
    trades: [],
    openPositions: [],
    runNotes: best ? [] : [`no parameter set scored on ${input.objective}${input.minTrades > 0 ? ` with at least ${input.minTrades} trades` : ''}`],
    durationMs: elapsedMs,
  };
  const children = best ? [backtestExperiment(prepared, best, startedAt, 0, `best of optimisation (${input.objective})`)] : [];
  const tree: ExperimentTree = {
    root,
    children,
    link: (ids, stored) => ({ ...(stored as OptimizationResult), bestExperimentId: ids[0] ?? null }),
  };
  return { tree, outcome, best, elapsedMs, runsPerSecond, workers: executor.concurrency };
}

export interface WalkForwardRun {
  readonly tree: ExperimentTree;
  readonly outcome: WalkForwardOutcome;
  readonly elapsedMs: number;
}

export async function runWalkForwardExperiment(prepared: PreparedRun, input: SearchInput, windows: WalkForwardSettings, executor: LabExecutor, control: LabControl = {}): Promise<WalkForwardRun> {
  const startedAt = Date.now();
  const started = performance.now();
  const outcome = await runWalkForward(prepared.job, input.plan, executor, windows, {
    objective: input.objective,
    minTrades: input.minTrades,
    ...(control.signal ? { signal: control.signal } : {}),
    ...(control.onProgress ? { onProgress: control.onProgress } : {}),
  });
  const elapsedMs = performance.now() - started;
  const result: WalkForwardResult = {
    mode: windows.mode,
    inSample: windows.inSample,
    outOfSample: windows.outOfSample,
    step: outcome.step,
    objective: input.objective,
    direction: objectiveDirection(input.objective),
    windows: outcome.windows.map((w) => ({
      index: w.index,
      inSample: w.inSample,
      outOfSample: w.outOfSample,
      params: w.params as WalkForwardResult['windows'][number]['params'],
      inSampleScore: w.inSampleScore,
      inSampleRuns: w.inSampleRuns,
      outOfSampleMetrics: w.run?.summary ?? null,
      experimentId: null,
    })),
    segmentStarts: Array.from(outcome.segmentStarts),
    segmentStartTimes: outcome.windows.map((w) => w.outOfSample.startT),
  };
  const root: NewExperiment = {
    ...common(prepared, startedAt),
    kind: 'walkforward',
    params: input.fixedParams,
    finalEquity: outcome.finalEquity,
    bars: outcome.t.length,
    objective: input.objective,
    summary: outcome.summary,
    metrics: outcome.metrics,
    result,
    equity: { t: outcome.t, equity: outcome.equity },
    trades: outcome.trades,
    openPositions: [],
    runNotes: outcome.windows.filter((w) => !w.run).map((w) => `window ${w.index}: no parameter set scored in sample; flat out of sample`),
    durationMs: elapsedMs,
  };
  const tested = outcome.windows.filter((w) => w.run);
  const children = tested.map((w) => backtestExperiment(prepared, w.run!, startedAt, 0, `walk-forward window ${w.index} (out of sample)`));
  const tree: ExperimentTree = {
    root,
    children,
    link: (ids, stored) => {
      const byWindow = new Map(tested.map((w, k) => [w.index, ids[k]!]));
      const wf = stored as WalkForwardResult;
      return { ...wf, windows: wf.windows.map((w) => ({ ...w, experimentId: byWindow.get(w.index) ?? null })) };
    },
  };
  return { tree, outcome, elapsedMs };
}

export interface MonteCarloSettings {
  readonly method: 'trades' | 'bootstrap';
  readonly simulations: number;
  readonly blockLength: number;
  readonly blockMethod: 'stationary' | 'fixed';
  readonly seed: number;
  readonly samplePaths: number;
}

/** The run a Monte Carlo resamples, stored or just run. */
export interface MonteCarloSource {
  readonly experiment: Omit<NewExperiment, 'kind' | 'result'> & { readonly summary: NewExperiment['summary'] };
  readonly t: Float64Array;
  readonly equity: Float64Array;
  readonly trades: readonly Trade[];
}

export function sourceFromStored(stored: StoredRun): MonteCarloSource {
  const s = stored.summary;
  if (s.kind !== 'backtest') throw new InputError(`experiment ${s.id} is ${s.kind === 'optimization' ? 'an optimisation' : `a ${s.kind} run`}; Monte Carlo resamples a backtest (for an optimisation, its best run)`);
  return {
    experiment: {
      name: null, tags: [], notes: '', strategy: s.strategy, params: s.params, symbols: s.symbols, timeframe: s.timeframe, data: s.data,
      spec: stored.spec, sizing: stored.sizing, fillModel: stored.fillModel, riskLimits: stored.riskLimits, initialCash: s.initialCash,
      finalEquity: s.summary?.finalEquity ?? null, bars: s.bars, objective: null, summary: s.summary, metrics: null, equity: null, trades: [],
      openPositions: [], runNotes: [], createdAt: s.createdAt, durationMs: s.durationMs,
    },
    t: stored.t,
    equity: stored.equity,
    trades: stored.trades,
  };
}

export async function runMonteCarloExperiment(source: MonteCarloSource, settings: MonteCarloSettings, labels: RunLabels, spec: unknown, executor: LabExecutor, signal?: AbortSignal): Promise<{ experiment: NewExperiment; outcome: MonteCarloOutcome }> {
  const startedAt = Date.now();
  const started = performance.now();
  const inputs = monteCarloInputs({ t: source.t, equity: source.equity, trades: source.trades });
  const outcome = await executor.monteCarlo({ ...inputs, ...settings, startEquity: source.experiment.initialCash }, signal ? { signal } : {});
  const experiment: NewExperiment = {
    ...source.experiment,
    name: labels.name?.trim() || null,
    tags: labels.tags ?? [],
    notes: labels.notes ?? '',
    spec,
    kind: 'montecarlo',
    metrics: null,
    result: outcome satisfies MonteCarloResult,
    equity: null,
    trades: [],
    openPositions: [],
    runNotes: [],
    createdAt: startedAt,
    durationMs: performance.now() - started,
  };
  return { experiment, outcome };
}
