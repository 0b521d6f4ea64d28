import type { MetricsSummary } from './metrics-summary';

/**
 * The rows of a metrics table (one run, or several side by side), in display order, with how to
 * format each value and which direction is better. The strategy lab and `sextant experiments
 * --compare` both read this list, so they show the same figures under the same names.
 */
export interface MetricRowSpec {
  readonly metric: keyof MetricsSummary;
  readonly label: string;
  /** percent: a fraction shown ×100 with %; ratio: a plain number; money: account currency; count: whole number. */
  readonly format: 'percent' | 'ratio' | 'money' | 'count';
  /** Which values are better; null when neither is (trade count, exposure). */
  readonly better: 'higher' | 'lower' | null;
}

export const METRIC_ROWS: readonly MetricRowSpec[] = [
  { metric: 'finalEquity', label: 'Final equity', format: 'money', better: 'higher' },
  { metric: 'totalReturn', label: 'Total return', format: 'percent', better: 'higher' },
  { metric: 'cagr', label: 'CAGR', format: 'percent', better: 'higher' },
  { metric: 'annualizedVolatility', label: 'Volatility (ann.)', format: 'percent', better: 'lower' },
  { metric: 'sharpe', label: 'Sharpe', format: 'ratio', better: 'higher' },
  { metric: 'sortino', label: 'Sortino', format: 'ratio', better: 'higher' },
  { metric: 'calmar', label: 'Calmar', format: 'ratio', better: 'higher' },
  { metric: 'maxDrawdown', label: 'Max drawdown', format: 'percent', better: 'lower' },
  { metric: 'exposure', label: 'Exposure', format: 'percent', better: null },
  { metric: 'tradeCount', label: 'Trades', format: 'count', better: null },
  { metric: 'winRate', label: 'Win rate', format: 'percent', better: 'higher' },
  { metric: 'profitFactor', label: 'Profit factor', format: 'ratio', better: 'higher' },
  { metric: 'expectancy', label: 'Expectancy / trade', format: 'money', better: 'higher' },
];
