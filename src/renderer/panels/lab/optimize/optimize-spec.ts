import type { ObjectiveName, OptimizationSpec, StrategyInfo } from '../../../../shared/ipc/services/backtest';
import { buildBacktestSpec, type LabSetupDraft } from '../setup/lab-setup';
import { defaultRange, parseRange, type RangeDraft } from './range-form';

/** The optimisation form: two searched parameters with their ranges, what to maximise, how to search. */
export interface OptimizeDraft {
  readonly x: string | null;
  readonly y: string | null;
  /** Range per parameter name, kept when switching between parameters. */
  readonly ranges: Readonly<Record<string, RangeDraft>>;
  readonly objective: ObjectiveName;
  readonly minTrades: string;
  readonly search: 'grid' | 'random';
  readonly samples: string;
}

export const EMPTY_OPTIMIZE: OptimizeDraft = { x: null, y: null, ranges: {}, objective: 'sharpe', minTrades: '0', search: 'grid', samples: '200' };

/** Parameters that can be searched (numbers; booleans have two values and stay fixed). */
export function searchableParams(info: StrategyInfo | undefined): StrategyInfo['params'] {
  return info ? info.params.filter((p) => p.type !== 'boolean') : [];
}

/** The two searched parameters: as chosen when they still exist, else the strategy's first two. */
export function axesOf(draft: OptimizeDraft, info: StrategyInfo | undefined): { x: string | null; y: string | null } {
  const names = searchableParams(info).map((p) => p.name);
  const x = draft.x && names.includes(draft.x) ? draft.x : (names[0] ?? null);
  const y = draft.y && names.includes(draft.y) && draft.y !== x ? draft.y : (names.find((n) => n !== x) ?? null);
  return { x, y };
}

export function rangeDraftOf(draft: OptimizeDraft, info: StrategyInfo, name: string): RangeDraft {
  const field = info.params.find((p) => p.name === name)!;
  return draft.ranges[name] ?? defaultRange(field);
}

export interface ParsedOptimization {
  readonly spec: OptimizationSpec | null;
  /** Keys of the setup form, plus 'range.x', 'range.y', 'axes', 'minTrades', 'samples'. */
  readonly problems: Readonly<Record<string, string>>;
  /** Parameter sets it will run. */
  readonly sets: number;
  readonly axes: { readonly x: string | null; readonly y: string | null };
}

export function buildOptimizationSpec(setup: LabSetupDraft, info: StrategyInfo | undefined, draft: OptimizeDraft): ParsedOptimization {
  const axes = axesOf(draft, info);
  const problems: Record<string, string> = {};
  if (!info) return { spec: null, problems: { strategy: 'choose a strategy' }, sets: 0, axes };
  if (!axes.x || !axes.y) return { spec: null, problems: { axes: `${info.name} has fewer than two numeric parameters to search` }, sets: 0, axes };
  const base = buildBacktestSpec(setup, info, [axes.x, axes.y]);
  Object.assign(problems, base.problems);
  const field = (name: string) => info.params.find((p) => p.name === name)!;
  const xr = parseRange(field(axes.x), rangeDraftOf(draft, info, axes.x));
  const yr = parseRange(field(axes.y), rangeDraftOf(draft, info, axes.y));
  if (xr.problem) problems['range.x'] = xr.problem;
  if (yr.problem) problems['range.y'] = yr.problem;
  const grid = xr.values.length * yr.values.length;
  const minTrades = Number(draft.minTrades.trim() || '0');
  if (!Number.isInteger(minTrades) || minTrades < 0) problems.minTrades = 'a whole number of trades, 0 or more';
  let sets = grid;
  if (draft.search === 'random') {
    const samples = Number(draft.samples.trim());
    if (!Number.isInteger(samples) || samples < 1) problems.samples = 'a whole number of samples, 1 or more';
    else sets = Math.min(samples, grid);
  }
  if (Object.keys(problems).length > 0 || !base.spec || !xr.range || !yr.range) return { spec: null, problems, sets, axes };
  const { params, name, ...shared } = base.spec;
  const spec: OptimizationSpec = {
    ...shared,
    fixedParams: params ?? {},
    space: [
      { name: axes.x, range: xr.range },
      { name: axes.y, range: yr.range },
    ],
    search: draft.search === 'random' ? { kind: 'random', samples: Number(draft.samples.trim()), seed: 1 } : { kind: 'grid' },
    objective: draft.objective,
    minTrades,
    ...(name ? { name } : {}),
  };
  return { spec, problems, sets, axes };
}
