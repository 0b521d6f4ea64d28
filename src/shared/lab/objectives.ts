import type { MetricsSummary } from './metrics-summary';

/**
 * What an optimisation ranks parameter sets by: a field of the run's metrics summary and whether
 * more of it is better ('max') or less ('min').
 */
export const OBJECTIVES = {
  sharpe: 'max',
  sortino: 'max',
  calmar: 'max',
  cagr: 'max',
  totalReturn: 'max',
  maxDrawdown: 'min',
  profitFactor: 'max',
  winRate: 'max',
  expectancy: 'max',
} as const satisfies Record<string, 'max' | 'min'>;

export type Objective = keyof typeof OBJECTIVES;
export const OBJECTIVE_NAMES = Object.keys(OBJECTIVES) as [Objective, ...Objective[]];

export function objectiveDirection(objective: Objective): 'max' | 'min' {
  return OBJECTIVES[objective];
}

/** The run's score under the objective; null when the metric is undefined for it (no trades, no volatility). */
export function objectiveScore(summary: MetricsSummary, objective: Objective): number | null {
  const value = summary[objective];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `sharpe`, `total_return`, `total-return` or `totalReturn` → the objective; null when there is none of that name. */
export function parseObjective(text: string): Objective | null {
  const camel = text.trim().replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
  return (OBJECTIVE_NAMES as readonly string[]).includes(camel) ? (camel as Objective) : null;
}
