import type { PerformanceMetrics } from '../metrics/performance';

/**
 * The headline figures of a run, small enough to keep one per parameter set of an optimisation
 * (tens of thousands of rows) and to list experiments with. Fractions are fractions (0.12 = 12%).
 */
export interface MetricsSummary {
  readonly finalEquity: number;
  readonly totalReturn: number | null;
  readonly cagr: number | null;
  readonly annualizedVolatility: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  /** Positive fraction of the running peak, in [0, 1]. */
  readonly maxDrawdown: number | null;
  readonly exposure: number | null;
  readonly tradeCount: number;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  /** Mean P&L per closed trade, in account currency. */
  readonly expectancy: number | null;
}

export function summarizeMetrics(metrics: PerformanceMetrics, finalEquity: number): MetricsSummary {
  return {
    finalEquity,
    totalReturn: metrics.totalReturn,
    cagr: metrics.cagr,
    annualizedVolatility: metrics.annualizedVolatility,
    sharpe: metrics.sharpe,
    sortino: metrics.sortino,
    calmar: metrics.calmar,
    maxDrawdown: metrics.maxDrawdown,
    exposure: metrics.exposure,
    tradeCount: metrics.trades.tradeCount,
    winRate: metrics.trades.winRate,
    profitFactor: metrics.trades.profitFactor,
    expectancy: metrics.trades.expectancy,
  };
}
