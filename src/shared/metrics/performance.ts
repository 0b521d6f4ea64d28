import { InputError } from '../errors';
import { compareWithBenchmark } from './benchmark';
import { analyzeDrawdowns, type DrawdownEpisode } from './drawdown';
import { performanceByRegime, type RegimePerformance } from './regimes';
import {
  YEAR_MS, downsideDeviation, finiteOrNull, mean, perPeriodRate, periodReturns, sampleStd,
} from './returns';
import { tradeStatistics, type ClosedTrade, type TradeStatistics } from './trades';

export interface PerformanceInput {
  /** Bar times, epoch ms, strictly ascending. */
  readonly t: Float64Array;
  /** Account equity at each bar (cash + positions at that bar's close). Must start above 0. */
  readonly equity: Float64Array;
  /** Bars per year of the bar size: `barsPerYear(timeframe)` from domain/timeframe (252 for daily bars). */
  readonly barsPerYear: number;
  /** Annual risk-free rate as a fraction (0.04 = 4%); default 0. Also the Sortino target. */
  readonly riskFreeRate?: number;
  readonly trades?: readonly ClosedTrade[];
  /** Position held at each bar (quantity, or net exposure); any non-zero value counts as in the market. */
  readonly position?: Float64Array;
  /** Total traded value (Σ |fill quantity × price| over the run), for turnover. */
  readonly tradedValue?: number;
  /** Benchmark price or equity at each bar, for alpha and beta. */
  readonly benchmark?: Float64Array;
  /** Regime label at each bar (a REGIMES name, or null when unknown). */
  readonly regimes?: ArrayLike<string | null>;
}

/**
 * Every field is a finite number or null (never NaN or ±Infinity), so the object goes to JSON as
 * is. Rule: a ratio whose denominator is zero or undefined (no volatility, no downside, no
 * drawdown, no losing trade, under two returns, zero calendar length) is null.
 */
export interface PerformanceMetrics {
  readonly bars: number;
  readonly start: number | null;
  readonly end: number | null;
  /** Calendar years from the first to the last bar (365.25-day years). */
  readonly years: number | null;
  readonly startEquity: number | null;
  readonly endEquity: number | null;
  readonly totalReturn: number | null;
  /** (end / start)^(1 / calendar years) − 1; −1 if equity ended at or below zero. */
  readonly cagr: number | null;
  /** Sample std (n − 1) of per-bar returns × √barsPerYear. */
  readonly annualizedVolatility: number | null;
  /** (mean per-bar return − per-bar risk-free rate) / sample std × √barsPerYear. */
  readonly sharpe: number | null;
  /** (mean − target) / downside deviation × √barsPerYear; target = per-bar risk-free rate; see `downsideDeviation`. */
  readonly sortino: number | null;
  /** CAGR / max drawdown. */
  readonly calmar: number | null;
  /** Deepest fall from a running peak, as a positive fraction in [0, 1]. */
  readonly maxDrawdown: number | null;
  /** Peak-to-recovery length of the deepest drawdown (to the last bar when not recovered). */
  readonly maxDrawdownBars: number | null;
  readonly maxDrawdownDays: number | null;
  /** Longest time under water, any depth. */
  readonly longestDrawdownBars: number | null;
  readonly longestDrawdownDays: number | null;
  readonly deepestDrawdown: DrawdownEpisode | null;
  readonly longestDrawdown: DrawdownEpisode | null;
  /** Fraction of bars with a non-zero position; null without a position column. */
  readonly exposure: number | null;
  /** Traded value / mean equity / calendar years; null without traded value or calendar length. */
  readonly turnover: number | null;
  readonly alpha: number | null;
  readonly beta: number | null;
  readonly benchmarkCorrelation: number | null;
  readonly trades: TradeStatistics;
  readonly regimes: RegimePerformance[] | null;
}

function validate(input: PerformanceInput): void {
  const { t, equity } = input;
  const where = (column: string) => ({ column });
  if (t.length !== equity.length) throw new InputError(`metrics: t has ${t.length} points but equity has ${equity.length}`, where('equity'));
  if (!(Number.isFinite(input.barsPerYear) && input.barsPerYear > 0)) {
    throw new InputError(`metrics: barsPerYear must be a positive number, got ${String(input.barsPerYear)}`);
  }
  const rf = input.riskFreeRate ?? 0;
  if (!(Number.isFinite(rf) && rf > -1)) throw new InputError(`metrics: riskFreeRate must be a fraction above −1, got ${String(rf)}`);
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i]!)) throw new InputError(`metrics: bar ${i} has no valid time`, where('t'));
    if (i > 0 && !(t[i]! > t[i - 1]!)) throw new InputError(`metrics: bar times must ascend strictly; bar ${i} is not after bar ${i - 1}`, where('t'));
    if (!Number.isFinite(equity[i]!)) throw new InputError(`metrics: equity at bar ${i} is ${equity[i]}`, where('equity'));
  }
  if (equity.length > 0 && !(equity[0]! > 0)) throw new InputError(`metrics: equity must start above 0, got ${equity[0]}`, where('equity'));
  const sameLength = (column: string, values: ArrayLike<unknown> | undefined): void => {
    if (values && values.length !== t.length) throw new InputError(`metrics: ${column} has ${values.length} points but the equity curve has ${t.length}`, where(column));
  };
  sameLength('position', input.position);
  sameLength('benchmark', input.benchmark);
  sameLength('regimes', input.regimes);
  if (input.position) {
    for (let i = 0; i < input.position.length; i++) {
      if (!Number.isFinite(input.position[i]!)) throw new InputError(`metrics: position at bar ${i} is ${input.position[i]}`, where('position'));
    }
  }
  if (input.benchmark) {
    for (let i = 0; i < input.benchmark.length; i++) {
      const b = input.benchmark[i]!;
      if (!(Number.isFinite(b) && b > 0)) throw new InputError(`metrics: benchmark at bar ${i} is ${b}; it must be a positive price`, where('benchmark'));
    }
  }
  if (input.tradedValue !== undefined && !(Number.isFinite(input.tradedValue) && input.tradedValue >= 0)) {
    throw new InputError(`metrics: tradedValue must be a number ≥ 0, got ${input.tradedValue}`);
  }
  input.trades?.forEach((trade, k) => {
    if (![trade.pnl, trade.returnFraction, trade.entryTime, trade.exitTime].every(Number.isFinite)) {
      throw new InputError(`metrics: trade ${k} has a non-finite P&L, return or time`);
    }
  });
}

export function computePerformanceMetrics(input: PerformanceInput): PerformanceMetrics {
  validate(input);
  const { t, equity, barsPerYear } = input;
  const n = equity.length;
  const riskFree = perPeriodRate(input.riskFreeRate ?? 0, barsPerYear);
  const trades = tradeStatistics(input.trades ?? []);
  const exposure = input.position && n > 0 ? nonZeroShare(input.position) : null;
  if (n === 0) {
    return {
      bars: 0, start: null, end: null, years: null, startEquity: null, endEquity: null, totalReturn: null, cagr: null,
      annualizedVolatility: null, sharpe: null, sortino: null, calmar: null, maxDrawdown: null, maxDrawdownBars: null,
      maxDrawdownDays: null, longestDrawdownBars: null, longestDrawdownDays: null, deepestDrawdown: null,
      longestDrawdown: null, exposure, turnover: null, alpha: null, beta: null, benchmarkCorrelation: null, trades,
      regimes: input.regimes ? [] : null,
    };
  }
  const first = equity[0]!;
  const last = equity[n - 1]!;
  const years = (t[n - 1]! - t[0]!) / YEAR_MS;
  const totalReturn = last / first - 1;
  const cagr = years > 0 ? (last > 0 ? Math.pow(last / first, 1 / years) - 1 : -1) : NaN;

  const returns = periodReturns(equity);
  const annualizer = Math.sqrt(barsPerYear);
  const std = sampleStd(returns);
  const meanReturn = returns.length > 0 ? mean(returns) : NaN;
  const downside = returns.length >= 2 ? downsideDeviation(returns, riskFree) : NaN;

  const { deepest, longest } = analyzeDrawdowns(t, equity);
  const calmar = deepest.depth > 0 ? cagr / deepest.depth : NaN;

  let turnover = NaN;
  if (input.tradedValue !== undefined && years > 0) turnover = input.tradedValue / mean(equity) / years;

  const benchmark = input.benchmark
    ? compareWithBenchmark(returns, periodReturns(input.benchmark), riskFree, barsPerYear)
    : { alpha: null, beta: null, correlation: null };

  return {
    bars: n,
    start: t[0]!,
    end: t[n - 1]!,
    years,
    startEquity: first,
    endEquity: last,
    totalReturn: finiteOrNull(totalReturn),
    cagr: finiteOrNull(cagr),
    annualizedVolatility: finiteOrNull(std * annualizer),
    sharpe: std > 0 ? finiteOrNull(((meanReturn - riskFree) / std) * annualizer) : null,
    sortino: downside > 0 ? finiteOrNull(((meanReturn - riskFree) / downside) * annualizer) : null,
    calmar: finiteOrNull(calmar),
    maxDrawdown: deepest.depth,
    maxDrawdownBars: deepest.bars,
    maxDrawdownDays: deepest.days,
    longestDrawdownBars: longest.bars,
    longestDrawdownDays: longest.days,
    deepestDrawdown: deepest,
    longestDrawdown: longest,
    exposure,
    turnover: finiteOrNull(turnover),
    alpha: benchmark.alpha,
    beta: benchmark.beta,
    benchmarkCorrelation: benchmark.correlation,
    trades,
    regimes: input.regimes ? performanceByRegime(returns, input.regimes, riskFree, barsPerYear) : null,
  };
}

function nonZeroShare(position: Float64Array): number {
  let inMarket = 0;
  for (let i = 0; i < position.length; i++) if (position[i] !== 0) inMarket++;
  return inMarket / position.length;
}
