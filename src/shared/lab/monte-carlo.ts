import { InputError } from '../errors';
import type { MonteCarloResult as MonteCarloWire } from '../ipc/services/backtest';
import { DEFAULT_PERCENTILES, percentileOfSorted } from '../metrics/percentiles';
import { blockBootstrapReturns, resampleTradeReturns, type MonteCarloResult } from '../montecarlo';
import type { Trade } from '../portfolio/trade-ledger';
import { timeRange } from './jobs';

/** A Monte Carlo run as plain data (for a worker): the returns to resample and how. */
export interface MonteCarloJob {
  readonly method: 'trades' | 'bootstrap';
  /** Each closed trade's return on the capital it committed (method 'trades'). */
  readonly tradeReturns: Float64Array;
  /** Mean share of equity a trade committed: each resampled trade compounds as equity × (1 + fraction × r). */
  readonly tradeFraction: number;
  /** Per-bar returns of the equity curve (method 'bootstrap'). */
  readonly barReturns: Float64Array;
  readonly startEquity: number;
  readonly simulations: number;
  readonly blockLength: number;
  readonly blockMethod: 'stationary' | 'fixed';
  readonly seed: number;
  readonly samplePaths: number;
}

export type MonteCarloOutcome = MonteCarloWire;

/** Steps of the fan (besides the start) and most paths its bands are taken over. */
const FAN_CHECKPOINTS = 100;
const FAN_PATHS = 20_000;
const HISTOGRAM_BINS = 40;

/**
 * The returns a Monte Carlo of a run resamples: trade returns (with the mean share of equity a
 * trade committed, so a run sized at 10% of equity is not compounded as if all-in) and per-bar
 * returns of the equity curve.
 */
export function monteCarloInputs(run: { t: Float64Array; equity: Float64Array; trades: readonly Trade[] }): { tradeReturns: Float64Array; tradeFraction: number; barReturns: Float64Array } {
  const tradeReturns = Float64Array.from(run.trades, (trade) => trade.returnPct);
  let fractionSum = 0;
  let counted = 0;
  for (const trade of run.trades) {
    // Equity just before the entry fill (the entry bar's own close already holds the trade).
    const at = Math.max(0, timeRange(run.t, { from: trade.entryTime, to: trade.entryTime }).start - 1);
    const equity = run.equity[at];
    if (equity !== undefined && equity > 0) {
      fractionSum += (trade.qty * trade.entryPrice) / equity;
      counted++;
    }
  }
  const tradeFraction = counted > 0 ? Math.min(1, Math.max(1e-6, fractionSum / counted)) : 1;
  const n = run.equity.length;
  const barReturns = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) barReturns[i - 1] = run.equity[i]! / run.equity[i - 1]! - 1;
  return { tradeReturns, tradeFraction, barReturns };
}

export function runMonteCarlo(job: MonteCarloJob): MonteCarloOutcome {
  const record = { checkpoints: FAN_CHECKPOINTS, paths: Math.min(job.simulations, FAN_PATHS) };
  const common = { startEquity: job.startEquity, simulations: job.simulations, seed: job.seed, record };
  let result: MonteCarloResult;
  if (job.method === 'trades') {
    if (job.tradeReturns.length === 0) throw new InputError('Monte Carlo by trades: the run closed no trades; use the bootstrap method, or a run with trades');
    result = resampleTradeReturns({ ...common, tradeReturns: job.tradeReturns, fraction: job.tradeFraction });
  } else {
    if (job.barReturns.length < 2) throw new InputError('Monte Carlo bootstrap: the run has fewer than 3 bars of equity to resample');
    const blockLength = Math.min(job.blockLength, job.barReturns.length);
    result = blockBootstrapReturns({ ...common, returns: job.barReturns, method: job.blockMethod, blockLength });
  }
  const { summary } = result;
  const recorded = result.recorded!;
  const width = recorded.steps.length;
  const column = new Float64Array(recorded.paths);
  const bands = DEFAULT_PERCENTILES.map((percentile) => ({ percentile, values: new Array<number>(width) }));
  for (let j = 0; j < width; j++) {
    for (let p = 0; p < recorded.paths; p++) column[p] = recorded.values[p * width + j]!;
    column.sort();
    for (const band of bands) band.values[j] = percentileOfSorted(column, band.percentile);
  }
  const samples: number[][] = [];
  for (let p = 0; p < Math.min(job.samplePaths, recorded.paths); p++) samples.push(Array.from(recorded.values.subarray(p * width, (p + 1) * width)));
  return {
    method: job.method,
    blockMethod: job.method === 'bootstrap' ? job.blockMethod : null,
    blockLength: job.method === 'bootstrap' ? Math.min(job.blockLength, job.barReturns.length) : null,
    tradeFraction: job.method === 'trades' ? job.tradeFraction : null,
    simulations: summary.simulations,
    stepsPerPath: summary.stepsPerPath,
    seed: summary.seed,
    startEquity: summary.startEquity,
    finalEquity: summary.finalEquity,
    maxDrawdown: summary.maxDrawdown,
    meanFinalEquity: summary.meanFinalEquity,
    probabilityOfLoss: summary.probabilityOfLoss,
    clampedReturns: summary.clampedReturns,
    fan: { steps: Array.from(recorded.steps), bands, samples },
    finalEquityHistogram: histogram(result.finalEquities, HISTOGRAM_BINS),
    maxDrawdownHistogram: histogram(result.maxDrawdowns, HISTOGRAM_BINS),
  };
}

/** Equal-width bins from the smallest to the largest of ascending `sorted`; the last bin includes the largest. */
export function histogram(sorted: Float64Array, bins: number): { edges: number[]; counts: number[] } {
  const n = sorted.length;
  if (n === 0) return { edges: [], counts: [] };
  const low = sorted[0]!;
  const high = sorted[n - 1]!;
  if (!(high > low)) return { edges: [low, high], counts: [n] };
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((sorted[i]! - low) / width))]!++;
  return { edges, counts };
}
