import type { BacktestSpec, ExperimentDetail, OptimizationRow } from '../../../../shared/ipc/services/backtest';

/**
 * What clicking a heatmap cell runs: the optimisation's own data, account and costs with that
 * cell's parameters, so the backtest opened is exactly the one the cell scored.
 */

/** The row of an optimisation whose searched x and y parameters have these values (the first, in grid order). */
export function rowOfCell(rows: readonly OptimizationRow[], x: { name: string; value: number | string }, y: { name: string; value: number | string }): OptimizationRow | undefined {
  return rows.find((r) => r.params[x.name] === x.value && r.params[y.name] === y.value);
}

/** Keys of an optimisation spec that a backtest spec takes as they are. */
const SHARED_KEYS = ['datasets', 'from', 'to', 'regime', 'strategy', 'initialCash', 'sizing', 'fill', 'risk', 'riskFreeRate'] as const;

export function cellBacktestSpec(optimization: Pick<ExperimentDetail, 'spec' | 'id'>, params: Readonly<Record<string, number | string | boolean>>, fixedParams: Readonly<Record<string, number | string | boolean>>): BacktestSpec {
  const spec: Record<string, unknown> = {};
  for (const key of SHARED_KEYS) if (optimization.spec[key] !== undefined) spec[key] = optimization.spec[key];
  spec.params = { ...fixedParams, ...params };
  spec.name = `from optimisation #${optimization.id}`;
  return spec as BacktestSpec;
}
