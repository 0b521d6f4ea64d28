import type { MetricsSummary } from '../../../../shared/lab/metrics-summary';
import { OBJECTIVES, type Objective } from '../../../../shared/lab/objectives';
import { formatMetric, toneOf, type MetricKind, type Tone } from './metric-format';

/**
 * The headline figures of a run (`MetricsSummary`: the experiment list, comparisons, the
 * optimisation's rows and objectives) written as the metrics table writes them.
 */
export const SUMMARY_KINDS: Record<keyof MetricsSummary, MetricKind> = {
  finalEquity: 'money',
  totalReturn: 'signed-percent',
  cagr: 'signed-percent',
  annualizedVolatility: 'percent',
  sharpe: 'ratio',
  sortino: 'ratio',
  calmar: 'ratio',
  maxDrawdown: 'drawdown',
  exposure: 'percent',
  tradeCount: 'count',
  winRate: 'percent',
  profitFactor: 'ratio',
  expectancy: 'signed-money',
};

export const OBJECTIVE_LABELS: Record<Objective, string> = {
  sharpe: 'Sharpe',
  sortino: 'Sortino',
  calmar: 'Calmar',
  cagr: 'CAGR',
  totalReturn: 'Total return',
  maxDrawdown: 'Max drawdown',
  profitFactor: 'Profit factor',
  winRate: 'Win rate',
  expectancy: 'Expectancy / trade',
};

export function summaryKind(metric: string): MetricKind {
  return (SUMMARY_KINDS as Record<string, MetricKind>)[metric] ?? 'ratio';
}

export function formatSummaryValue(metric: string, value: number | null | undefined): string {
  return formatMetric(summaryKind(metric), value);
}

export function summaryTone(metric: string, value: number | null | undefined): Tone {
  return toneOf(summaryKind(metric), value);
}

/** Which way an objective is better, in the words of the colour scale. */
export function objectiveBetter(objective: Objective): 'higher' | 'lower' {
  return OBJECTIVES[objective] === 'max' ? 'higher' : 'lower';
}

/** "fast=10 slow=30". */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? 'no parameters' : entries.map(([k, v]) => `${k}=${String(v)}`).join(' ');
}
