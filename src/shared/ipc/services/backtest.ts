import { z } from 'zod';
import { parseCommission, parseSlippage } from '../../broker/sim/costs';
import { InputError } from '../../errors';
import { OBJECTIVE_NAMES } from '../../lab/objectives';
import type { PerformanceMetrics } from '../../metrics/performance';
import { ParameterDimensionSchema, ParameterNameSchema } from '../../optimization/parameter-space';
import { parseSizing } from '../../risk/sizing';
import { event, request } from '../define';
import { DatasetId } from './datasets';

/**
 * The strategy lab's contract: backtests, optimisations, walk-forward tests and Monte Carlo runs
 * (all executed in main's worker pool, never in the renderer), and the experiment log they are
 * stored in.
 *
 * How a run goes, for the UI:
 *   1. `backtest.run` / `backtest.optimize` / `backtest.walkForward` / `backtest.monteCarlo`
 *      validate the spec and answer at once with a `runId` (a job id, a string). A spec that
 *      cannot run (unknown dataset, bad parameter, a grid too large) is refused right here with
 *      `invalid_payload` or `not_found` and a message naming the field.
 *   2. While it runs, `backtest.progress` items arrive (throttled to a few per second; the event
 *      keeps only the latest per runId). `done` never decreases and reaches `total`.
 *   3. It ends with exactly one `backtest.finished` item: `completed` (with the `experimentId`
 *      it was stored as), `failed` (with `error`; e.g. a worker crashed) or `cancelled`
 *      (after `backtest.cancel`; nothing was stored).
 *   4. Read the stored run with `backtest.experiments.get`. Completed runs also announce
 *      themselves on `backtest.experiments.changed`.
 *   `backtest.jobs` lists the runs still queued or running (for a window opened mid-run).
 *
 * Units: times are epoch ms (UTC; daily bars at 00:00 UTC of their date; format them with the
 * data's `timeKind`/`tz`), fractions are fractions (0.12 = 12%), money is account currency,
 * lengths of walk-forward windows are bars.
 */

// ---------------------------------------------------------------------------------------------
// Strategies

export const StrategyParamInfo = z.object({
  name: z.string(),
  type: z.enum(['integer', 'number', 'boolean']),
  default: z.unknown(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** Increment for a number input (1 for integers); null when any value goes. */
  step: z.number().nullable(),
  description: z.string(),
});
export type StrategyParamInfo = z.infer<typeof StrategyParamInfo>;

export const StrategyInfo = z.object({
  name: z.string(),
  summary: z.string(),
  /** Datasets it needs, in order (pairs: 2, A then B). */
  symbols: z.number().int().positive(),
  defaultSizing: z.string(),
  /** Reads the regime filter bank's probabilities (regime-switch). */
  usesRegime: z.boolean(),
  params: z.array(StrategyParamInfo),
});
export type StrategyInfo = z.infer<typeof StrategyInfo>;

// ---------------------------------------------------------------------------------------------
// What to run

/** Checks a spec string with the parser the engine uses, so a bad one is refused with its message. */
function specString(parse: (text: string) => unknown, example: string) {
  return z
    .string()
    .trim()
    .min(1)
    .max(200)
    .superRefine((text, ctx) => {
      try {
        parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof InputError ? error.message : `not a valid spec (e.g. ${example})` });
      }
    });
}

/** `fixed:N` (units), `all-in`, `percent:P` (of equity), `risk:P` (% of equity to a 2% stop). */
export const SizingSpec = specString(parseSizing, 'percent:50');
/** `none`, `per-share:0.005[,min:1][,max:1%]`, `per-order:1`, `bps:5[,min:1]`. */
export const CommissionSpec = specString(parseCommission, 'per-share:0.005,min:1');
/** `none`, `bps:B`, `ticks:N`. */
export const SlippageSpec = specString(parseSlippage, 'bps:2');

export const ParamValue = z.union([z.number(), z.boolean(), z.string().max(200)]);
export const StrategyParams = z.record(ParameterNameSchema, ParamValue);
export type StrategyParams = z.infer<typeof StrategyParams>;

export const FillSettings = z
  .object({
    /** Market orders fill at the next bar's open (default) or at the signal bar's close. */
    marketFill: z.enum(['next-open', 'close']).optional(),
    /** A bar touching both a stop and a target: stop-first (default, pessimistic). */
    ambiguousBar: z.enum(['stop-first', 'target-first', 'nearest-first']).optional(),
    commission: CommissionSpec.optional(),
    slippage: SlippageSpec.optional(),
    /** Fill at most this % of each bar's volume (large orders fill across bars). */
    maxVolumePct: z.number().positive().max(100).optional(),
  })
  .strict();
export type FillSettings = z.infer<typeof FillSettings>;

export const RiskSettings = z
  .object({
    /** Cap on one position as % of equity (off by default in backtests; 10 live). */
    maxPositionPct: z.number().positive().max(1000).nullable().optional(),
    /** Halt new exposure for the day after this loss (off by default in backtests; 3 live). */
    maxDailyLossPct: z.number().positive().max(100).nullable().optional(),
  })
  .strict();
export type RiskSettings = z.infer<typeof RiskSettings>;

/**
 * The bars a run trades: one stored dataset per symbol (`datasets.list`), within an optional
 * time range. `regime` (only read by strategies with `usesRegime`): 'auto' takes the regime
 * service's stored series when it covers every bar, else computes it from the bars; 'stored' and
 * 'computed' force one; 'none' runs without (the strategy then says so in the run's notes).
 */
const dataShape = {
  datasets: z.array(DatasetId).min(1).max(8),
  from: z.number().optional(),
  to: z.number().optional(),
  regime: z.enum(['auto', 'stored', 'computed', 'none']).default('auto'),
};

/** How every run trades, whatever is searched. */
const settingsShape = {
  strategy: z.string().min(1).max(64),
  initialCash: z.number().positive().max(1e12).default(100_000),
  /** Default: the strategy's `defaultSizing`. */
  sizing: SizingSpec.optional(),
  fill: FillSettings.default({}),
  risk: RiskSettings.default({}),
  riskFreeRate: z.number().min(0).max(1).default(0),
};

/** Optional labels stored with the experiment (editable later with `backtest.experiments.update`). */
const labelShape = {
  name: z.string().trim().max(200).optional(),
  notes: z.string().max(20_000).optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
};

export const BacktestSpec = z
  .object({
    ...dataShape,
    ...settingsShape,
    /** Strategy parameters; omitted ones take their defaults. */
    params: StrategyParams.default({}),
    ...labelShape,
  })
  .strict();
export type BacktestSpec = z.input<typeof BacktestSpec>;

export const ObjectiveName = z.enum(OBJECTIVE_NAMES);
export type ObjectiveName = z.infer<typeof ObjectiveName>;

/** The full grid, or `samples` distinct grid points drawn with `seed` (reproducible). */
export const SearchSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid') }).strict(),
  z.object({ kind: z.literal('random'), samples: z.number().int().min(1).max(50_000), seed: z.number().int().min(0).max(2 ** 32).default(1) }).strict(),
]);
export type SearchSpec = z.infer<typeof SearchSpec>;

const searchShape = {
  /** Parameters held fixed (not searched); the rest take their defaults. */
  fixedParams: StrategyParams.default({}),
  /** Each searched parameter: explicit `values` or a `range` {start, stop, step} (inclusive). */
  space: z.array(ParameterDimensionSchema).min(1).max(6),
  search: SearchSpec.default({ kind: 'grid' }),
  objective: ObjectiveName.default('sharpe'),
  /** A parameter set with fewer closed trades cannot be chosen as the best (its row is still kept). */
  minTrades: z.number().int().min(0).max(100_000).default(0),
};

/** At most 50,000 parameter sets per optimisation (grid points, or samples). */
export const OptimizationSpec = z.object({ ...dataShape, ...settingsShape, ...searchShape, ...labelShape }).strict();
export type OptimizationSpec = z.input<typeof OptimizationSpec>;

/**
 * Walk-forward: windows of `inSample` bars to optimise on, each followed by `outOfSample` bars
 * to test the chosen parameters on, moved forward by `step` bars (default `outOfSample`, so the
 * out-of-sample parts tile the data). 'rolling' in-sample windows keep their length; 'anchored'
 * ones all start at the first bar.
 */
export const WalkForwardSpec = z
  .object({
    ...dataShape,
    ...settingsShape,
    ...searchShape,
    inSample: z.number().int().min(2),
    outOfSample: z.number().int().min(2),
    step: z.number().int().min(1).optional(),
    mode: z.enum(['rolling', 'anchored']).default('rolling'),
    ...labelShape,
  })
  .strict();
export type WalkForwardSpec = z.input<typeof WalkForwardSpec>;

/**
 * Monte Carlo of a backtest: of a stored experiment (kind backtest), or of a backtest run first.
 * 'trades' resamples the closed trades' RETURNS with replacement; 'bootstrap' block-bootstraps
 * the per-bar returns of the equity curve ('stationary' blocks of mean length `blockLength`, or
 * 'fixed' blocks of exactly that length).
 */
export const MonteCarloSpec = z
  .object({
    source: z.union([z.object({ experimentId: z.number().int().positive() }).strict(), z.object({ backtest: BacktestSpec }).strict()]),
    method: z.enum(['trades', 'bootstrap']).default('trades'),
    simulations: z.number().int().min(10).max(200_000).default(10_000),
    blockLength: z.number().int().min(1).max(10_000).default(20),
    blockMethod: z.enum(['stationary', 'fixed']).default('stationary'),
    seed: z.number().int().min(0).max(2 ** 32).default(1),
    /** Paths kept whole for the fan chart. */
    samplePaths: z.number().int().min(0).max(200).default(20),
    ...labelShape,
  })
  .strict();
export type MonteCarloSpec = z.input<typeof MonteCarloSpec>;

export const RunStarted = z.object({
  runId: z.string(),
  /** Units of work the progress events count to (bars, runs or paths). */
  total: z.number().int().nonnegative(),
});
export type RunStarted = z.infer<typeof RunStarted>;

// ---------------------------------------------------------------------------------------------
// Jobs and their events

export const ExperimentKind = z.enum(['backtest', 'optimization', 'walkforward', 'montecarlo']);
export type ExperimentKind = z.infer<typeof ExperimentKind>;

export const BestSoFar = z.object({ params: StrategyParams, score: z.number() });

export const BacktestProgress = z.object({
  runId: z.string(),
  kind: ExperimentKind,
  /** queued: waiting for a worker; running; saving: writing the experiment. */
  phase: z.enum(['queued', 'running', 'saving']),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  /** What done/total count: bars of one backtest, backtests of a search, simulated paths. */
  unit: z.enum(['bars', 'runs', 'paths']),
  /** Optimisation and walk-forward: the best parameter set evaluated so far (null until one scores). */
  best: BestSoFar.nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type BacktestProgress = z.infer<typeof BacktestProgress>;

export const BacktestFinished = z.object({
  runId: z.string(),
  kind: ExperimentKind,
  status: z.enum(['completed', 'failed', 'cancelled']),
  /** The stored experiment (completed runs only). */
  experimentId: z.number().int().positive().nullable(),
  error: z.string().nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type BacktestFinished = z.infer<typeof BacktestFinished>;

export const JobView = z.object({
  runId: z.string(),
  kind: ExperimentKind,
  /** Strategy and symbols, e.g. "sma-cross on SPY". */
  label: z.string(),
  startedAt: z.number(),
  progress: BacktestProgress,
});
export type JobView = z.infer<typeof JobView>;

// ---------------------------------------------------------------------------------------------
// Stored experiments

export const MetricsSummaryWire = z.object({
  finalEquity: z.number(),
  totalReturn: z.number().nullable(),
  cagr: z.number().nullable(),
  annualizedVolatility: z.number().nullable(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  calmar: z.number().nullable(),
  maxDrawdown: z.number().min(0).max(1).nullable(),
  exposure: z.number().nullable(),
  tradeCount: z.number().int().nonnegative(),
  winRate: z.number().nullable(),
  profitFactor: z.number().nullable(),
  expectancy: z.number().nullable(),
});
export type MetricsSummaryWire = z.infer<typeof MetricsSummaryWire>;

const DrawdownEpisodeWire = z.object({
  depth: z.number(),
  peakIndex: z.number(),
  troughIndex: z.number(),
  recoveryIndex: z.number().nullable(),
  peakT: z.number(),
  troughT: z.number(),
  recoveryT: z.number().nullable(),
  bars: z.number(),
  days: z.number(),
});

/** Every metric of a run, as the engine computes them (`PerformanceMetrics`; docs/trading-core.md). */
export const PerformanceMetricsWire = z.object({
  bars: z.number(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  years: z.number().nullable(),
  startEquity: z.number().nullable(),
  endEquity: z.number().nullable(),
  totalReturn: z.number().nullable(),
  cagr: z.number().nullable(),
  annualizedVolatility: z.number().nullable(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  calmar: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  maxDrawdownBars: z.number().nullable(),
  maxDrawdownDays: z.number().nullable(),
  longestDrawdownBars: z.number().nullable(),
  longestDrawdownDays: z.number().nullable(),
  deepestDrawdown: DrawdownEpisodeWire.nullable(),
  longestDrawdown: DrawdownEpisodeWire.nullable(),
  exposure: z.number().nullable(),
  turnover: z.number().nullable(),
  alpha: z.number().nullable(),
  beta: z.number().nullable(),
  benchmarkCorrelation: z.number().nullable(),
  trades: z.object({
    tradeCount: z.number(),
    winners: z.number(),
    losers: z.number(),
    winRate: z.number().nullable(),
    profitFactor: z.number().nullable(),
    expectancy: z.number().nullable(),
    expectancyReturn: z.number().nullable(),
    averageWin: z.number().nullable(),
    averageLoss: z.number().nullable(),
    grossProfit: z.number(),
    grossLoss: z.number(),
    averageHoldingDays: z.number().nullable(),
  }),
  regimes: z
    .array(z.object({ regime: z.string(), bars: z.number(), share: z.number(), totalReturn: z.number(), annualizedVolatility: z.number().nullable(), sharpe: z.number().nullable() }))
    .nullable(),
});
// The wire schema and the engine's type must not drift apart: same keys, and the engine's
// metrics are valid wire metrics.
type WireMetricKeys = keyof z.infer<typeof PerformanceMetricsWire>;
const sameMetricKeys: [WireMetricKeys] extends [keyof PerformanceMetrics] ? ([keyof PerformanceMetrics] extends [WireMetricKeys] ? true : never) : never = true;
const engineMetricsAreWireMetrics = (metrics: PerformanceMetrics): z.infer<typeof PerformanceMetricsWire> => metrics;
void sameMetricKeys;
void engineMetricsAreWireMetrics;

/** Where a run's bars came from, so it can be reproduced (and a changed file noticed). */
export const DataRef = z.object({
  symbol: z.string(),
  source: z.enum(['dataset', 'csv']),
  datasetId: z.number().int().nullable(),
  /** The CSV file's path as given (CLI runs on a file). */
  file: z.string().nullable(),
  /** SHA-256 of the file's bytes (csv) or of the bar columns used (dataset). */
  sha256: z.string(),
  timeframe: z.string(),
  timeKind: z.enum(['date', 'datetime']),
  tz: z.string(),
  bars: z.number().int().nonnegative(),
  firstT: z.number().nullable(),
  lastT: z.number().nullable(),
  /** Whether the regime series was taken from the regime service, computed, or not used. */
  regime: z.enum(['stored', 'computed', 'none']),
});
export type DataRef = z.infer<typeof DataRef>;

export const ExperimentSummary = z.object({
  id: z.number().int().positive(),
  kind: ExperimentKind,
  /** The run this one belongs to or derives from: the optimisation of its best run, the walk-forward of a window's test, the backtest a Monte Carlo resampled. */
  parentId: z.number().int().positive().nullable(),
  childCount: z.number().int().nonnegative(),
  name: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: z.number(),
  durationMs: z.number().nonnegative(),
  strategy: z.string(),
  /** The parameters run (optimisation: the best set found; walk-forward: the fixed ones). */
  params: StrategyParams,
  symbols: z.array(z.string()),
  timeframe: z.string(),
  data: z.array(DataRef),
  initialCash: z.number(),
  /** Backtest: the run's; optimisation: the best run's; walk-forward: the stitched out-of-sample curve's; Monte Carlo: the source run's. */
  summary: MetricsSummaryWire.nullable(),
  /** Optimisation and walk-forward: the objective searched. */
  objective: ObjectiveName.nullable(),
  bars: z.number().int().nonnegative(),
});
export type ExperimentSummary = z.infer<typeof ExperimentSummary>;

export const ExperimentListQuery = z
  .object({
    kind: ExperimentKind.optional(),
    strategy: z.string().max(64).optional(),
    symbol: z.string().max(32).optional(),
    tag: z.string().max(40).optional(),
    /** A number: the children of that run; null: top-level runs only; omitted: all. */
    parentId: z.number().int().positive().nullable().optional(),
    /** Words found in the name or notes. */
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Newest first: pass the previous page's `nextBeforeId`. */
    beforeId: z.number().int().positive().optional(),
  })
  .strict();
export type ExperimentListQuery = z.input<typeof ExperimentListQuery>;

export const ExperimentPage = z.object({
  experiments: z.array(ExperimentSummary),
  nextBeforeId: z.number().nullable(),
});
export type ExperimentPage = z.infer<typeof ExperimentPage>;

/**
 * An equity curve. `points` is the curve's full length; above `maxPoints` it is thinned to the
 * first and last point of each bucket plus its lowest and highest, so peaks and troughs (and
 * with them the drawdowns) survive.
 */
export const EquityCurveWire = z.object({
  t: z.array(z.number()),
  equity: z.array(z.number()),
  points: z.number().int().nonnegative(),
  downsampled: z.boolean(),
});
export type EquityCurveWire = z.infer<typeof EquityCurveWire>;

export const TradeWire = z.object({
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  qty: z.number(),
  entryTime: z.number(),
  entryPrice: z.number(),
  exitTime: z.number(),
  exitPrice: z.number(),
  pnl: z.number(),
  /** pnl as a fraction of the entry value. */
  returnPct: z.number(),
  commission: z.number(),
});
export type TradeWire = z.infer<typeof TradeWire>;

export const OpenPositionWire = z.object({
  symbol: z.string(),
  qty: z.number(),
  entryTime: z.number().nullable(),
  entryPrice: z.number(),
  lastPrice: z.number(),
  unrealizedPnl: z.number(),
});
export type OpenPositionWire = z.infer<typeof OpenPositionWire>;

export const OptimizationRow = z.object({
  /** Position in the grid (or the sample), the order rows are listed in. */
  index: z.number().int().nonnegative(),
  params: StrategyParams,
  /** The objective's value; null when undefined for this run (no trades, no volatility) or not run. */
  score: z.number().nullable(),
  metrics: MetricsSummaryWire.nullable(),
  /** Why this set was not run (e.g. "fast must be shorter than slow") or failed. */
  error: z.string().nullable(),
});
export type OptimizationRow = z.infer<typeof OptimizationRow>;

export const OptimizationResult = z.object({
  objective: ObjectiveName,
  direction: z.enum(['max', 'min']),
  search: SearchSpec,
  minTrades: z.number().int(),
  fixedParams: StrategyParams,
  /** The searched parameters with every value they took, in grid order. */
  dimensions: z.array(z.object({ name: z.string(), values: z.array(z.union([z.number(), z.string()])) })),
  rows: z.array(OptimizationRow),
  best: z.object({ index: z.number().int(), params: StrategyParams, score: z.number() }).nullable(),
  /** The best set's full run, stored as a child experiment. */
  bestExperimentId: z.number().int().positive().nullable(),
  evaluated: z.number().int().nonnegative(),
  /** Sets refused before running (invalid combination). */
  skipped: z.number().int().nonnegative(),
  workers: z.number().int().positive(),
  runsPerSecond: z.number().nonnegative(),
});
export type OptimizationResult = z.infer<typeof OptimizationResult>;

const WindowRange = z.object({
  /** Bar indices, half-open [start, end), into the run's bars. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  startT: z.number(),
  /** Time of the last bar in the range (end − 1). */
  endT: z.number(),
});

export const WalkForwardWindowWire = z.object({
  index: z.number().int().nonnegative(),
  inSample: WindowRange,
  outOfSample: WindowRange,
  /** Chosen on the in-sample bars; null when no set scored (the window then stays flat). */
  params: StrategyParams.nullable(),
  inSampleScore: z.number().nullable(),
  inSampleRuns: z.number().int().nonnegative(),
  /** The chosen set on the out-of-sample bars alone. */
  outOfSampleMetrics: MetricsSummaryWire.nullable(),
  /** The window's out-of-sample run, stored as a child experiment. */
  experimentId: z.number().int().positive().nullable(),
});
export type WalkForwardWindowWire = z.infer<typeof WalkForwardWindowWire>;

/** The stitched out-of-sample curve is the experiment's `equity`, its metrics the experiment's `metrics`. */
export const WalkForwardResult = z.object({
  mode: z.enum(['rolling', 'anchored']),
  inSample: z.number().int(),
  outOfSample: z.number().int(),
  step: z.number().int(),
  objective: ObjectiveName,
  direction: z.enum(['max', 'min']),
  windows: z.array(WalkForwardWindowWire),
  /** Index in the stitched curve where each window's out-of-sample part begins (full, not downsampled, indices). */
  segmentStarts: z.array(z.number().int()),
  /** Time of each window's first out-of-sample bar (to mark window edges on a thinned chart). */
  segmentStartTimes: z.array(z.number()),
});
export type WalkForwardResult = z.infer<typeof WalkForwardResult>;

const Percentile = z.object({ percentile: z.number(), value: z.number() });

export const MonteCarloResult = z.object({
  method: z.enum(['trades', 'bootstrap']),
  blockMethod: z.enum(['stationary', 'fixed']).nullable(),
  blockLength: z.number().int().nullable(),
  /** Method trades: the mean share of equity a trade committed; each resampled trade moves equity by fraction × its return. */
  tradeFraction: z.number().nullable(),
  simulations: z.number().int(),
  /** Trades (method trades) or bars (bootstrap) compounded per path. */
  stepsPerPath: z.number().int(),
  seed: z.number().int(),
  startEquity: z.number(),
  finalEquity: z.array(Percentile),
  /** Each path's max drawdown as a fraction of its running peak: always within [0, 1]. */
  maxDrawdown: z.array(Percentile),
  meanFinalEquity: z.number(),
  probabilityOfLoss: z.number().min(0).max(1),
  clampedReturns: z.number().int(),
  /** For a fan chart: at each step of `steps` (0 = start), the equity percentiles over all paths, and a few whole paths. */
  fan: z.object({
    steps: z.array(z.number().int()),
    bands: z.array(z.object({ percentile: z.number(), values: z.array(z.number()) })),
    samples: z.array(z.array(z.number())),
  }),
  /** Histograms over all paths: counts[i] paths fall in [edges[i], edges[i + 1]). */
  finalEquityHistogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }),
  maxDrawdownHistogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }),
});
export type MonteCarloResult = z.infer<typeof MonteCarloResult>;

export const ExperimentDetail = ExperimentSummary.extend({
  /** The spec as validated (defaults filled): send it back (edited) to run again. */
  spec: z.record(z.string(), z.unknown()),
  sizing: z.string(),
  /** The fill model and risk limits the engine ran under, in full. */
  fillModel: z.record(z.string(), z.unknown()),
  riskLimits: z.record(z.string(), z.unknown()),
  metrics: PerformanceMetricsWire.nullable(),
  /** Null for an optimisation (see its best child) and a Monte Carlo run (see `monteCarlo`). */
  equity: EquityCurveWire.nullable(),
  trades: z.array(TradeWire),
  openPositions: z.array(OpenPositionWire),
  /** What the engine noted during the run (e.g. orders it could not size). */
  runNotes: z.array(z.string()),
  children: z.array(ExperimentSummary),
  optimization: OptimizationResult.nullable(),
  walkForward: WalkForwardResult.nullable(),
  monteCarlo: MonteCarloResult.nullable(),
});
export type ExperimentDetail = z.infer<typeof ExperimentDetail>;

export const MetricRow = z.object({
  metric: z.string(),
  label: z.string(),
  format: z.enum(['percent', 'ratio', 'money', 'count']),
  better: z.enum(['higher', 'lower']).nullable(),
  /** One value per compared experiment, in the order asked. */
  values: z.array(z.number().nullable()),
  /** Index of the best value (null when `better` is null or no value exists). */
  bestIndex: z.number().int().nullable(),
});
export type MetricRow = z.infer<typeof MetricRow>;

/**
 * Several runs side by side: their summaries, a metrics table (rows as `METRIC_ROWS` in
 * src/shared/lab/metric-rows.ts), and their equity curves on one time axis: `t` is the union of
 * their times (thinned to `maxPoints`), each curve carries its last value forward and is null
 * before its first bar and after its last.
 */
export const ExperimentComparison = z.object({
  experiments: z.array(ExperimentSummary),
  metrics: z.array(MetricRow),
  curves: z.object({
    t: z.array(z.number()),
    series: z.array(z.object({ id: z.number().int(), initialCash: z.number(), equity: z.array(z.number().nullable()) })),
  }),
});
export type ExperimentComparison = z.infer<typeof ExperimentComparison>;

/** Two searched parameters of an optimisation as a grid for a heatmap: z[yi][xi]. */
export const Heatmap = z.object({
  metric: ObjectiveName,
  direction: z.enum(['max', 'min']),
  x: z.object({ name: z.string(), values: z.array(z.union([z.number(), z.string()])) }),
  y: z.object({ name: z.string(), values: z.array(z.union([z.number(), z.string()])) }),
  /** With more than two searched parameters, a cell holds the best (or the mean) over the others; null where nothing scored. */
  z: z.array(z.array(z.number().nullable())),
  best: z.object({ xi: z.number().int(), yi: z.number().int(), value: z.number() }).nullable(),
});
export type Heatmap = z.infer<typeof Heatmap>;

const ExperimentId = z.number().int().positive();
const MaxPoints = z.number().int().min(10).max(1_000_000).default(2000);

export const backtestRequests = {
  /** Every strategy with its parameters, for the lab's forms. */
  'backtest.strategies': request(z.object({}).strict(), z.array(StrategyInfo)),
  'backtest.run': request(BacktestSpec, RunStarted),
  'backtest.optimize': request(OptimizationSpec, RunStarted),
  'backtest.walkForward': request(WalkForwardSpec, RunStarted),
  'backtest.monteCarlo': request(MonteCarloSpec, RunStarted),
  /** Stops a queued or running job; false when it is unknown or already over. It ends with `backtest.finished` status 'cancelled'. */
  'backtest.cancel': request(z.object({ runId: z.string().min(1).max(100) }).strict(), z.object({ cancelled: z.boolean() })),
  /** Jobs queued or running now, oldest first. */
  'backtest.jobs': request(z.object({}).strict(), z.array(JobView)),
  'backtest.experiments.list': request(ExperimentListQuery, ExperimentPage),
  /** One experiment in full; its equity curve thinned to `maxPoints`. */
  'backtest.experiments.get': request(z.object({ id: ExperimentId, maxPoints: MaxPoints }).strict(), ExperimentDetail),
  'backtest.experiments.compare': request(z.object({ ids: z.array(ExperimentId).min(1).max(12), maxPoints: MaxPoints }).strict(), ExperimentComparison),
  /** Heatmap of an optimisation over two of its searched parameters (`metric` defaults to its objective). */
  'backtest.experiments.heatmap': request(
    z.object({ id: ExperimentId, x: ParameterNameSchema, y: ParameterNameSchema, metric: ObjectiveName.optional(), aggregate: z.enum(['best', 'mean']).default('best') }).strict(),
    Heatmap,
  ),
  /** Rename, retag or annotate; `name: null` clears the name. */
  'backtest.experiments.update': request(
    z.object({ id: ExperimentId, name: z.string().trim().max(200).nullable().optional(), tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(), notes: z.string().max(20_000).optional() }).strict(),
    ExperimentSummary,
  ),
  /** Deletes runs with their children; answers every id removed (children included). */
  'backtest.experiments.delete': request(z.object({ ids: z.array(ExperimentId).min(1).max(1000) }).strict(), z.object({ deleted: z.array(z.number().int()) })),
};

export const backtestEvents = {
  /** Throttled progress; a window gets only the latest item per run. */
  'backtest.progress': event(BacktestProgress, { keep: 'latest', key: (p) => p.runId }),
  /** Exactly one per job. */
  'backtest.finished': event(BacktestFinished),
  'backtest.experiments.changed': event(z.object({ id: z.number().int(), change: z.enum(['added', 'updated', 'removed']) })),
};
