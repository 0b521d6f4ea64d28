import { InputError } from '../../shared/errors';
import type { FillSettings, RiskSettings } from '../../shared/ipc/services/backtest';
import { normalizeSymbol } from '../../shared/market/symbol';
import { coerceParamText, strategyDefinition, strategyNames } from '../../shared/strategies/registry';
import { timeFormatterFor } from '../backtest/backtest-data';
import { ExperimentStore, type ExperimentTree, type NewExperiment } from '../backtest/experiment-store';
import { computeRegimesInline, loadLabData, withRegimes, type LabData, type LabSource, type RegimeMode } from '../backtest/lab-data';
import { backtestExperiment, checkParams, checkStrategyData, prepareRun, type RunLabels, type SearchInput, type TradingSettingsInput } from '../backtest/lab-runs';
import { runBacktest, type BacktestResult } from '../../shared/backtest/run-backtest';
import { configFor, recordOf } from '../../shared/lab/jobs';
import type { SearchSpec } from '../../shared/ipc/services/backtest';
import { OBJECTIVE_NAMES, parseObjective } from '../../shared/lab/objectives';
import { planOptimization } from '../../shared/lab/optimize';
import { parseParameterSpace } from '../../shared/optimization/parameter-space';
import { BacktestPool } from '../../workers/backtest-pool';
import { defaultPoolSize } from '../../workers/supervised-worker';
import { booleanOption, listOption, numberOption, stringOption, type OptionSpecs, type ParsedArgs } from './args';
import type { CliContext } from './command';
import { readInputFile } from './commands/import';
import { symbolFromFileName } from '../backtest/backtest-data';

/**
 * The options the strategy lab's commands share (backtest, optimize, walkforward, montecarlo):
 * which bars, which strategy, how it trades, whether the run is stored. One place, so a flag
 * means the same in every command.
 */
export const DATA_OPTIONS: OptionSpecs = {
  csv: { type: 'string', multiple: true, description: 'an OHLCV CSV file; twice for pairs (A then B)' },
  dataset: { type: 'string', multiple: true, description: 'a stored dataset id (see `sextant datasets`); twice for pairs' },
  symbol: { type: 'string', multiple: true, description: 'symbol of each input, in order (default: the file name up to its first _ or the dataset symbol)' },
  timeframe: { type: 'string', description: 'bar size of CSV input when it cannot be inferred' },
  tz: { type: 'string', description: 'time zone of CSV times without an offset (default America/New_York)' },
  'skip-bad-rows': { type: 'boolean', description: 'leave out CSV rows that fail a check (each reported in warnings) instead of refusing the file' },
  regime: { type: 'string', description: 'regime per bar for strategies that read it: auto (stored if complete, else computed; default) | stored | computed | none' },
};

export const TRADING_OPTIONS: OptionSpecs = {
  strategy: { type: 'string', description: `one of ${strategyNames().join(', ')}` },
  qty: { type: 'number', description: 'units per new position (same as --sizing fixed:N)' },
  sizing: { type: 'string', description: "fixed:N | all-in | percent:P (of equity) | risk:P (% of equity to a 2% stop); default: the strategy's" },
  cash: { type: 'number', description: 'starting cash (default 100000)' },
  commission: { type: 'string', description: 'none | per-share:0.005[,min:1][,max:1%] | per-order:1 | bps:5[,min:1] (default none)' },
  slippage: { type: 'string', description: 'none | bps:B | ticks:N (default none)' },
  fill: { type: 'string', description: 'market orders fill at the next-open (default) or the signal bar close' },
  'ambiguous-bar': { type: 'string', description: 'bar touching a stop and a target: stop-first (default) | target-first | nearest-first' },
  'max-volume-pct': { type: 'number', description: "fill at most this % of each bar's volume (partial fills across bars)" },
  'max-position-pct': { type: 'number', description: 'risk cap on a position as % of equity (default off in backtests; 10 live)' },
  'max-daily-loss-pct': { type: 'number', description: 'halt new exposure for the day after this loss (default off in backtests)' },
};

export const SAVE_OPTIONS: OptionSpecs = {
  'no-save': { type: 'boolean', description: 'do not store the run in the experiment log of the data folder' },
  name: { type: 'string', description: 'a name for the stored run' },
  tag: { type: 'string', multiple: true, description: 'a tag for the stored run' },
};

export const SEARCH_OPTIONS: OptionSpecs = {
  param: { type: 'string', multiple: true, description: 'a searched parameter: name=start:stop[:step] | name=a,b,c | name=value' },
  objective: { type: 'string', description: 'sharpe (default) | sortino | calmar | cagr | total_return | max_drawdown | profit_factor | win_rate | expectancy' },
  random: { type: 'number', description: 'run N random grid points instead of the whole grid' },
  seed: { type: 'number', description: 'seed of --random (default 1)' },
  'min-trades': { type: 'number', description: 'a set with fewer closed trades cannot be the best' },
  workers: { type: 'number', description: 'worker threads (default: cores − 1)' },
};

/** The searched parameters (`--param fast=5:50:5 ...`), objective and search method of optimize and walkforward. */
export function searchInputOf(args: ParsedArgs, strategy: string, usage: string): SearchInput {
  const specs = listOption(args, 'param');
  if (specs.length === 0) throw new InputError(`say what to search: --param name=start:stop[:step] (or a,b,c), once per parameter. Usage: sextant ${usage}`);
  const objectiveText = stringOption(args, 'objective') ?? 'sharpe';
  const objective = parseObjective(objectiveText);
  if (!objective) throw new InputError(`--objective "${objectiveText}" is not one of ${OBJECTIVE_NAMES.map((o) => o.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ')}`);
  const samples = numberOption(args, 'random');
  const seed = numberOption(args, 'seed');
  if (seed !== undefined && samples === undefined) throw new InputError('--seed goes with --random N (the grid has nothing random)');
  if (samples !== undefined && !(Number.isInteger(samples) && samples >= 1)) throw new InputError(`--random needs a whole number of samples ≥ 1, got ${samples}`);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 32)) throw new InputError(`--seed must be a whole number from 0 to ${2 ** 32}, got ${seed}`);
  const search: SearchSpec = samples === undefined ? { kind: 'grid' } : { kind: 'random', samples, seed: seed ?? 1 };
  const minTrades = numberOption(args, 'min-trades') ?? 0;
  if (!(Number.isInteger(minTrades) && minTrades >= 0)) throw new InputError(`--min-trades must be a whole number ≥ 0, got ${minTrades}`);
  const plan = planOptimization({ strategy, fixedParams: {}, space: parseParameterSpace(specs), search });
  return { plan, search, objective, minTrades, fixedParams: {} };
}

/** `--param k=v` pairs as a parameter object (numbers and booleans coerced). */
export function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!key) throw new InputError(`--param "${pair}" should be name=value, e.g. --param fast=10`);
    if (key in params) throw new InputError(`--param ${key} was given twice`);
    params[key] = coerceParamText(pair.slice(eq + 1));
  }
  return params;
}

export function strategyOf(args: ParsedArgs): string {
  const strategy = stringOption(args, 'strategy');
  if (!strategy) throw new InputError(`say which strategy: --strategy ${strategyNames().join(' | ')}`);
  return strategyDefinition(strategy).name;
}

function sizingOf(args: ParsedArgs): string | undefined {
  const qty = numberOption(args, 'qty');
  const sizing = stringOption(args, 'sizing');
  if (qty !== undefined && sizing !== undefined) throw new InputError('give --qty or --sizing, not both');
  if (qty !== undefined) {
    if (!(qty > 0)) throw new InputError(`--qty must be a positive number, got ${qty}`);
    return `fixed:${qty}`;
  }
  return sizing;
}

function fillOf(args: ParsedArgs): FillSettings {
  const fill: { -readonly [K in keyof FillSettings]: FillSettings[K] } = {};
  const market = stringOption(args, 'fill');
  if (market !== undefined) {
    if (market !== 'next-open' && market !== 'close') throw new InputError(`--fill must be next-open or close, got "${market}"`);
    fill.marketFill = market;
  }
  const ambiguous = stringOption(args, 'ambiguous-bar');
  if (ambiguous !== undefined) {
    if (ambiguous !== 'stop-first' && ambiguous !== 'target-first' && ambiguous !== 'nearest-first') {
      throw new InputError(`--ambiguous-bar must be stop-first, target-first or nearest-first, got "${ambiguous}"`);
    }
    fill.ambiguousBar = ambiguous;
  }
  const commission = stringOption(args, 'commission');
  if (commission !== undefined) fill.commission = commission;
  const slippage = stringOption(args, 'slippage');
  if (slippage !== undefined) fill.slippage = slippage;
  const volume = numberOption(args, 'max-volume-pct');
  if (volume !== undefined) {
    if (!(volume > 0 && volume <= 100)) throw new InputError(`--max-volume-pct must be above 0 and at most 100, got ${volume}`);
    fill.maxVolumePct = volume;
  }
  return fill;
}

function riskOf(args: ParsedArgs): RiskSettings {
  const risk: { -readonly [K in keyof RiskSettings]: RiskSettings[K] } = {};
  const position = numberOption(args, 'max-position-pct');
  if (position !== undefined) {
    if (!(position > 0)) throw new InputError(`--max-position-pct must be positive, got ${position}`);
    risk.maxPositionPct = position;
  }
  const loss = numberOption(args, 'max-daily-loss-pct');
  if (loss !== undefined) {
    if (!(loss > 0)) throw new InputError(`--max-daily-loss-pct must be positive, got ${loss}`);
    risk.maxDailyLossPct = loss;
  }
  return risk;
}

/** How every run of the command trades (the parsers of the engine check commission and slippage). */
export function tradingSettingsOf(args: ParsedArgs): TradingSettingsInput {
  const cash = numberOption(args, 'cash') ?? 100_000;
  if (!(cash > 0)) throw new InputError(`--cash must be a positive number, got ${cash}`);
  const sizing = sizingOf(args);
  return { initialCash: cash, ...(sizing !== undefined ? { sizing } : {}), fill: fillOf(args), risk: riskOf(args), riskFreeRate: 0 };
}

export function labelsOf(args: ParsedArgs): RunLabels {
  return { name: stringOption(args, 'name'), tags: listOption(args, 'tag') };
}

function regimeModeOf(args: ParsedArgs): RegimeMode {
  const mode = stringOption(args, 'regime') ?? 'auto';
  if (mode !== 'auto' && mode !== 'stored' && mode !== 'computed' && mode !== 'none') throw new InputError(`--regime must be auto, stored, computed or none, got "${mode}"`);
  return mode;
}

function sourcesOf(ctx: CliContext, usage: string): LabSource[] {
  const files = listOption(ctx.args, 'csv');
  const datasets = listOption(ctx.args, 'dataset');
  const symbols = listOption(ctx.args, 'symbol').map(normalizeSymbol);
  if (files.length > 0 && datasets.length > 0) throw new InputError('give the bars with --csv or with --dataset, not both');
  const count = files.length + datasets.length;
  if (count === 0) throw new InputError(`say which bars to test: --csv FILE or --dataset ID (twice for pairs). Usage: sextant ${usage}`);
  if (symbols.length > 0 && symbols.length !== count) throw new InputError(`give one --symbol per ${files.length > 0 ? '--csv' : '--dataset'} (${count}), in the same order; got ${symbols.length}`);
  const timeframe = stringOption(ctx.args, 'timeframe');
  const timeZone = stringOption(ctx.args, 'tz');
  const skipBadRows = booleanOption(ctx.args, 'skip-bad-rows');
  if (files.length > 0) {
    return files.map((file, i) => ({
      kind: 'csv',
      file,
      text: readInputFile(file),
      symbol: symbols[i] ?? symbolFromFileName(file),
      ...(timeframe ? { timeframe } : {}),
      ...(timeZone ? { timeZone } : {}),
      skipBadRows,
    }));
  }
  return datasets.map((text, i) => {
    const id = Number(text);
    if (!Number.isInteger(id) || id <= 0) throw new InputError(`--dataset needs a dataset id (a positive whole number), got "${text}"`);
    return { kind: 'dataset', id, ...(symbols[i] ? { symbol: symbols[i] } : {}) };
  });
}

/** The command's bars, with the regime per bar when the strategy reads it (computed here: the CLI is its own process). */
export async function loadCliData(ctx: CliContext, usage: string, strategy: string): Promise<LabData> {
  const mode = regimeModeOf(ctx.args);
  const data = loadLabData(ctx.db(), sourcesOf(ctx, usage));
  if (strategyDefinition(strategy).usesRegime !== true) return data;
  return withRegimes(ctx.db(), data, { mode, computeRegimes: computeRegimesInline, log: ctx.log });
}

/**
 * What is stored as the run's spec: the IPC's shape (`datasets`, strategy, trading settings) so
 * the strategy lab can run it again; CSV input lists its files under `csv` instead.
 */
export function cliSpec(args: ParsedArgs, data: LabData, strategy: string, trading: TradingSettingsInput, extra: Record<string, unknown>): Record<string, unknown> {
  const sources = data.sources;
  const input = sources.every((s) => s.kind === 'dataset') ? { datasets: sources.map((s) => (s.kind === 'dataset' ? s.id : 0)) } : { csv: sources.map((s) => (s.kind === 'csv' ? s.file : '')) };
  return { ...input, regime: regimeModeOf(args), strategy, ...trading, ...extra };
}

export function formatterOf(data: LabData): (t: number) => string {
  const format = timeFormatterFor(data.series);
  const first = data.series[0]!.data.symbol;
  return (t) => format(first, t);
}

/** A backtest in this process from the command's options: the full result, and the run as an experiment to store. */
export async function cliBacktest(ctx: CliContext, usage: string, labels: RunLabels): Promise<{ data: LabData; spec: Record<string, unknown>; result: BacktestResult; experiment: NewExperiment; elapsedMs: number }> {
  const strategy = strategyOf(ctx.args);
  const trading = tradingSettingsOf(ctx.args);
  const params = parseParams(listOption(ctx.args, 'param'));
  const data = await loadCliData(ctx, usage, strategy);
  checkStrategyData(strategy, data);
  checkParams(strategy, params);
  const spec = cliSpec(ctx.args, data, strategy, trading, { params });
  const prepared = prepareRun(strategy, data, trading, labels, spec);
  const startedAt = Date.now();
  const started = performance.now();
  const result = runBacktest(configFor(prepared.job, params));
  const elapsedMs = performance.now() - started;
  return { data, spec, result, experiment: backtestExperiment(prepared, recordOf(result), startedAt, elapsedMs), elapsedMs };
}

/** Stores the run unless --no-save; answers the id to report (null when not stored). */
export function saveRun(ctx: CliContext, tree: ExperimentTree, report: 'root' | 'child' = 'root'): number | null {
  if (booleanOption(ctx.args, 'no-save')) return null;
  const { rootId, childIds } = new ExperimentStore(ctx.db()).save(tree);
  return report === 'root' ? rootId : childIds[0]!;
}

/** A pool for the command's runs, ended when `work` is done; Ctrl-C cancels the work. */
export async function withPool<T>(ctx: CliContext, work: (pool: BacktestPool, signal: AbortSignal) => Promise<T>): Promise<T> {
  const workers = numberOption(ctx.args, 'workers') ?? defaultPoolSize();
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) throw new InputError(`--workers must be a whole number from 1 to 64, got ${workers}`);
  const pool = new BacktestPool({ size: workers });
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt);
  try {
    return await work(pool, controller.signal);
  } finally {
    process.off('SIGINT', interrupt);
    await pool.terminate();
  }
}
