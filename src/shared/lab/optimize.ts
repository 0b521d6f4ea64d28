import { InputError } from '../errors';
import { bestCandidate } from '../optimization/selection';
import { expandGrid, gridSize, parameterSpace, sampleParameterSets, type ParameterDimension, type ParameterSpace } from '../optimization/parameter-space';
import { describeParams, parseStrategyParams, strategyDefinition } from '../strategies/registry';
import type { LabExecutor } from './executor';
import { CancelledError, type BacktestJob, type Candidate, type EvaluatedRow } from './jobs';
import type { MetricsSummary } from './metrics-summary';
import { objectiveDirection, type Objective } from './objectives';

/** Most parameter sets one optimisation runs (grid points, or random samples). */
export const MAX_OPTIMIZATION_SETS = 50_000;

export type SearchMethod = { readonly kind: 'grid' } | { readonly kind: 'random'; readonly samples: number; readonly seed: number };

export interface OptimizationInput {
  readonly strategy: string;
  readonly fixedParams: Readonly<Record<string, unknown>>;
  readonly space: readonly ParameterDimension[];
  readonly search: SearchMethod;
}

/** A row of the results table: every set, run or refused, in grid (or sample) order. */
export interface OptimizationRowResult {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly score: number | null;
  readonly metrics: MetricsSummary | null;
  readonly error: string | null;
}

export interface OptimizationPlan {
  readonly dimensions: ParameterSpace;
  /** Every set, in order; `error` set for those the strategy refuses (they are not run). */
  readonly sets: readonly { readonly index: number; readonly params: Readonly<Record<string, unknown>>; readonly error: string | null }[];
  readonly candidates: readonly Candidate[];
}

/**
 * The parameter sets of a search: the grid (or `samples` grid points drawn with `seed`), each
 * merged over the fixed parameters and checked against the strategy's schema before anything
 * runs, so a combination the strategy refuses (fast ≥ slow) is reported, not run.
 */
export function planOptimization(input: OptimizationInput): OptimizationPlan {
  const definition = strategyDefinition(input.strategy);
  const known = describeParams(definition).map((p) => p.name);
  const dimensions = parameterSpace(input.space);
  if (dimensions.length === 0) throw new InputError('optimise over at least one parameter (e.g. --param fast=5:50:5)');
  for (const d of dimensions) {
    if (!known.includes(d.name)) throw new InputError(`strategy ${definition.name} has no parameter "${d.name}"; its parameters are ${known.join(', ')}`);
    if (d.name in input.fixedParams) throw new InputError(`parameter "${d.name}" is both searched and fixed; give it once`);
  }
  const size = gridSize(dimensions);
  let points;
  if (input.search.kind === 'grid') {
    if (size > MAX_OPTIMIZATION_SETS) {
      throw new InputError(`the grid has ${size} parameter sets (${dimensions.map((d) => `${d.name}: ${d.values.length}`).join(' × ')}), more than the ${MAX_OPTIMIZATION_SETS} allowed; use coarser steps or random samples`);
    }
    points = expandGrid(dimensions, MAX_OPTIMIZATION_SETS);
  } else {
    if (input.search.samples > MAX_OPTIMIZATION_SETS) throw new InputError(`at most ${MAX_OPTIMIZATION_SETS} random samples, got ${input.search.samples}`);
    points = sampleParameterSets(dimensions, input.search.samples, input.search.seed);
  }
  const sets = points.map((point, index) => {
    const params = { ...input.fixedParams, ...point };
    try {
      parseStrategyParams(definition, params);
      return { index, params, error: null };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { index, params, error: error.message.replace(`strategy ${definition.name}: `, '') };
    }
  });
  if (sets.every((s) => s.error !== null)) {
    throw new InputError(`the strategy refuses every parameter set of this search (the first: ${sets[0]!.error}); check the ranges`);
  }
  return { dimensions, sets, candidates: sets.filter((s) => s.error === null).map(({ index, params }) => ({ index, params })) };
}

export interface BestSoFar {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly score: number;
}

export interface OptimizationRunOptions {
  readonly objective: Objective;
  /** A set with fewer closed trades cannot be the best. */
  readonly minTrades?: number;
  readonly signal?: AbortSignal;
  /** After each finished batch: sets done (run or refused) of all, and the best so far. */
  readonly onProgress?: (done: number, total: number, best: BestSoFar | null) => void;
}

export interface OptimizationOutcome {
  readonly rows: OptimizationRowResult[];
  readonly best: BestSoFar | null;
  readonly evaluated: number;
  readonly skipped: number;
}

/** Candidates per worker task: about 60,000 bars of work each, and enough tasks to keep every worker busy. */
export function batchSize(candidates: number, bars: number, concurrency: number): number {
  const byWork = Math.max(1, Math.min(32, Math.floor(60_000 / Math.max(1, bars))));
  const bySpread = Math.max(1, Math.ceil(candidates / (4 * Math.max(1, concurrency))));
  return Math.min(byWork, bySpread);
}

/**
 * Runs a planned search on `job`'s data through the executor, batches in parallel. The result
 * does not depend on how the work was spread: rows come back in set order, and the best is the
 * highest score (lowest for a 'min' objective), the earliest set on a tie.
 */
export async function runOptimization(job: Omit<BacktestJob, 'params'>, plan: OptimizationPlan, executor: LabExecutor, options: OptimizationRunOptions): Promise<OptimizationOutcome> {
  const direction = objectiveDirection(options.objective);
  const minTrades = options.minTrades ?? 0;
  const eligible = (row: EvaluatedRow): number | null => (row.metrics && row.metrics.tradeCount >= minTrades ? row.score : null);
  const total = plan.sets.length;
  const results = new Map<number, EvaluatedRow>();
  let done = total - plan.candidates.length;
  let best: BestSoFar | null = null;
  const paramsOf = new Map(plan.candidates.map((c) => [c.index, c.params]));
  const better = (score: number, index: number): boolean =>
    best === null || (direction === 'max' ? score > best.score : score < best.score) || (score === best.score && index < best.index);

  const bars = job.data[0]?.bars.t.length ?? 0;
  const size = batchSize(plan.candidates.length, bars, executor.concurrency);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) controller.abort();
  options.onProgress?.(done, total, null);
  try {
    const batches: Promise<void>[] = [];
    for (let start = 0; start < plan.candidates.length; start += size) {
      const candidates = plan.candidates.slice(start, start + size);
      batches.push(
        executor.evaluate({ ...job, candidates, objective: options.objective }, { signal: controller.signal }).then((rows) => {
          for (const row of rows) {
            results.set(row.index, row);
            const score = eligible(row);
            if (score !== null && better(score, row.index)) best = { index: row.index, params: paramsOf.get(row.index)!, score };
          }
          done += rows.length;
          options.onProgress?.(done, total, best);
        }),
      );
    }
    await settleAll(batches, controller);
  } catch (error) {
    throw options.signal?.aborted ? new CancelledError() : error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  if (options.signal?.aborted) throw new CancelledError();

  const rows: OptimizationRowResult[] = plan.sets.map((set) => {
    if (set.error !== null) return { index: set.index, params: set.params, score: null, metrics: null, error: set.error };
    const row = results.get(set.index)!;
    return { index: set.index, params: set.params, score: row.score, metrics: row.metrics, error: row.error };
  });
  const chosen = bestCandidate(
    rows,
    (row) => (row.metrics && row.metrics.tradeCount >= minTrades ? row.score : null),
    direction,
  );
  return {
    rows,
    best: chosen ? { index: chosen.candidate.index, params: chosen.candidate.params, score: chosen.score } : null,
    evaluated: plan.candidates.length,
    skipped: total - plan.candidates.length,
  };
}

/**
 * Waits for every task; on the first failure aborts the others (so a cancelled or crashed search
 * stops at once) and, when they have all settled, rethrows that first failure (the others are
 * the cancels it caused).
 */
export async function settleAll(tasks: readonly Promise<unknown>[], controller: AbortController): Promise<void> {
  let failure: { error: unknown } | null = null;
  await Promise.all(
    tasks.map((task) =>
      task.catch((error: unknown) => {
        failure ??= { error };
        controller.abort();
      }),
    ),
  );
  if (failure !== null) throw (failure as { error: unknown }).error;
}
