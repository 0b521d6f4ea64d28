import { InputError } from '../errors';
import type { ParameterValue } from '../optimization/parameter-space';
import type { MetricsSummary } from './metrics-summary';
import { objectiveDirection, objectiveScore, type Objective } from './objectives';

export interface HeatmapInput {
  readonly dimensions: readonly { readonly name: string; readonly values: readonly ParameterValue[] }[];
  readonly rows: readonly { readonly params: Readonly<Record<string, unknown>>; readonly metrics: MetricsSummary | null }[];
}

export interface HeatmapGrid {
  readonly metric: Objective;
  readonly direction: 'max' | 'min';
  readonly x: { name: string; values: ParameterValue[] };
  readonly y: { name: string; values: ParameterValue[] };
  /** z[yi][xi]; null where no run scored. */
  readonly z: (number | null)[][];
  readonly best: { xi: number; yi: number; value: number } | null;
}

/**
 * An optimisation's results over two of its searched parameters. With more parameters searched,
 * a cell summarises every run with that x and y: its best value ('best', by the metric's
 * direction) or the mean of those that scored ('mean').
 */
export function heatmapOf(input: HeatmapInput, x: string, y: string, metric: Objective, aggregate: 'best' | 'mean'): HeatmapGrid {
  const names = input.dimensions.map((d) => d.name);
  const dimension = (name: string) => {
    const found = input.dimensions.find((d) => d.name === name);
    if (!found) throw new InputError(`"${name}" was not searched in this optimisation; its searched parameters are ${names.join(', ')}`);
    return found;
  };
  if (x === y) throw new InputError(`a heatmap needs two different parameters, got "${x}" twice`);
  const dx = dimension(x);
  const dy = dimension(y);
  const direction = objectiveDirection(metric);
  const xIndex = new Map(dx.values.map((v, i) => [v, i]));
  const yIndex = new Map(dy.values.map((v, i) => [v, i]));
  const sums = dy.values.map(() => new Array<number>(dx.values.length).fill(0));
  const counts = dy.values.map(() => new Array<number>(dx.values.length).fill(0));
  const z: (number | null)[][] = dy.values.map(() => new Array<number | null>(dx.values.length).fill(null));
  for (const row of input.rows) {
    const xi = xIndex.get(row.params[x] as ParameterValue);
    const yi = yIndex.get(row.params[y] as ParameterValue);
    if (xi === undefined || yi === undefined || !row.metrics) continue;
    const value = objectiveScore(row.metrics, metric);
    if (value === null) continue;
    const current = z[yi]![xi]!;
    if (aggregate === 'mean') {
      sums[yi]![xi]! += value;
      counts[yi]![xi]!++;
      z[yi]![xi] = sums[yi]![xi]! / counts[yi]![xi]!;
    } else if (current === null || (direction === 'max' ? value > current : value < current)) {
      z[yi]![xi] = value;
    }
  }
  let best: HeatmapGrid['best'] = null;
  z.forEach((line, yi) =>
    line.forEach((value, xi) => {
      if (value !== null && (best === null || (direction === 'max' ? value > best.value : value < best.value))) best = { xi, yi, value };
    }),
  );
  return { metric, direction, x: { name: x, values: [...dx.values] }, y: { name: y, values: [...dy.values] }, z, best };
}
