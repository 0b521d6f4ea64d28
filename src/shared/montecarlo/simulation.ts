import { InputError } from '../errors';
import { percentileList, percentileTable, type PercentileValue } from '../metrics/percentiles';
import { Random } from '../random';

export interface SimulationOptions {
  /** Equity every path starts from. */
  readonly startEquity: number;
  /** Number of simulated paths; default 10,000. */
  readonly simulations?: number;
  /** PRNG seed (0 … 2^53 − 1); default 1. The same seed reproduces the same result. */
  readonly seed?: number;
  /** Extra percentiles (0–100) besides 5, 25, 50, 75, 95. */
  readonly percentiles?: readonly number[];
  /**
   * Keep the equity of the first `paths` paths at `checkpoints` evenly spaced steps (and at the
   * start), for fan charts. Costs `paths × (checkpoints + 1)` numbers; the summary is unchanged.
   */
  readonly record?: { readonly checkpoints: number; readonly paths: number };
}

/** Equity of the first paths at a few steps: `values[path × steps.length + j]` is path's equity after `steps[j]` returns. */
export interface RecordedPaths {
  readonly steps: Int32Array;
  readonly paths: number;
  readonly values: Float64Array;
}

/** JSON-safe summary of a Monte Carlo run. */
export interface MonteCarloSummary {
  readonly method: 'trade-resampling' | 'fixed-block-bootstrap' | 'stationary-block-bootstrap';
  readonly simulations: number;
  /** Returns compounded per path. */
  readonly stepsPerPath: number;
  readonly seed: number;
  readonly startEquity: number;
  readonly finalEquity: PercentileValue[];
  /** Max drawdown of each path as a positive fraction of its running peak, in [0, 1]. */
  readonly maxDrawdown: PercentileValue[];
  readonly meanFinalEquity: number;
  /** Share of paths ending below the start. */
  readonly probabilityOfLoss: number;
  /** Input returns below −100% that were taken as −100% (a total loss). */
  readonly clampedReturns: number;
}

export interface MonteCarloResult {
  readonly summary: MonteCarloSummary;
  /** Final equity of every path, ascending (for histograms). */
  readonly finalEquities: Float64Array;
  /** Max drawdown of every path, ascending. */
  readonly maxDrawdowns: Float64Array;
  /** With `record`: the recorded paths. */
  readonly recorded: RecordedPaths | null;
}

/** Draws the returns of one path, in order. */
export interface ReturnSampler {
  startPath(random: Random): void;
  next(random: Random): number;
}

const MAX_SIMULATIONS = 1_000_000;
const MAX_STEPS = 100_000_000;

/**
 * Copies `returns`, refusing non-finite values and taking any return below −1 as −1: compounding
 * 1 + r then never goes below zero, so equity stays ≥ 0 and a drawdown never exceeds 100%.
 */
export function validatedReturns(returns: ArrayLike<number>, what: string): { values: Float64Array; clamped: number } {
  if (returns.length === 0) throw new InputError(`Monte Carlo: there are no ${what} to resample`);
  const values = new Float64Array(returns.length);
  let clamped = 0;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i]!;
    if (!Number.isFinite(r)) throw new InputError(`Monte Carlo: ${what} ${i} is ${r}; every return must be a finite number`);
    if (r < -1) clamped++;
    values[i] = r < -1 ? -1 : r;
  }
  return { values, clamped };
}

export function requireWhole(name: string, value: number, minimum: number, maximum: number): void {
  if (!(Number.isInteger(value) && value >= minimum && value <= maximum)) {
    throw new InputError(`Monte Carlo: ${name} must be a whole number from ${minimum} to ${maximum}, got ${String(value)}`);
  }
}

/** Runs the paths and summarises final equity and max drawdown. One pass per path, no allocation per step. */
export function simulatePaths(
  method: MonteCarloSummary['method'],
  sampler: ReturnSampler,
  stepsPerPath: number,
  clampedReturns: number,
  options: SimulationOptions,
): MonteCarloResult {
  const simulations = options.simulations ?? 10_000;
  const seed = options.seed ?? 1;
  const start = options.startEquity;
  if (!(Number.isFinite(start) && start > 0)) throw new InputError(`Monte Carlo: start equity must be a number above 0, got ${String(start)}`);
  requireWhole('simulations', simulations, 1, MAX_SIMULATIONS);
  requireWhole('steps per path', stepsPerPath, 1, MAX_STEPS);
  const percentiles = percentileList(options.percentiles);
  const random = new Random(seed);
  const recorded = options.record ? recordingPlan(options.record, simulations, stepsPerPath) : null;
  const steps = recorded?.steps;
  const width = steps?.length ?? 0;

  const finalEquities = new Float64Array(simulations);
  const maxDrawdowns = new Float64Array(simulations);
  let losses = 0;
  let sumFinal = 0;
  for (let s = 0; s < simulations; s++) {
    sampler.startPath(random);
    let equity = start;
    let peak = start;
    let worst = 0;
    // Recorded paths note their equity at each checkpoint; for the others `nextAt` is never reached.
    const row = recorded && s < recorded.paths ? s * width : -1;
    if (row >= 0) recorded!.values[row] = equity;
    let next = 1;
    let nextAt = row >= 0 && width > 1 ? steps![1]! : -1;
    for (let k = 0; k < stepsPerPath; k++) {
      equity *= 1 + sampler.next(random);
      if (equity > peak) peak = equity;
      else {
        const drawdown = 1 - equity / peak;
        if (drawdown > worst) worst = drawdown;
      }
      if (k + 1 === nextAt) {
        recorded!.values[row + next++] = equity;
        nextAt = next < width ? steps![next]! : -1;
      }
    }
    finalEquities[s] = equity;
    maxDrawdowns[s] = worst > 1 ? 1 : worst;
    sumFinal += equity;
    if (equity < start) losses++;
  }
  finalEquities.sort();
  maxDrawdowns.sort();
  return {
    summary: {
      method,
      simulations,
      stepsPerPath,
      seed,
      startEquity: start,
      finalEquity: percentileTable(finalEquities, percentiles),
      maxDrawdown: percentileTable(maxDrawdowns, percentiles),
      meanFinalEquity: sumFinal / simulations,
      probabilityOfLoss: losses / simulations,
      clampedReturns,
    },
    finalEquities,
    maxDrawdowns,
    recorded,
  };
}

const MAX_RECORDED_VALUES = 5_000_000;

function recordingPlan(record: { checkpoints: number; paths: number }, simulations: number, stepsPerPath: number): RecordedPaths {
  requireWhole('recorded checkpoints', record.checkpoints, 1, 10_000);
  requireWhole('recorded paths', record.paths, 0, MAX_SIMULATIONS);
  const count = Math.min(record.checkpoints, stepsPerPath);
  const steps = new Int32Array(count + 1);
  for (let j = 1; j <= count; j++) steps[j] = Math.round((j * stepsPerPath) / count);
  const paths = Math.min(record.paths, simulations);
  if (paths * steps.length > MAX_RECORDED_VALUES) {
    throw new InputError(`Monte Carlo: recording ${paths} paths at ${steps.length} steps is more than ${MAX_RECORDED_VALUES} values; record fewer paths or checkpoints`);
  }
  return { steps, paths, values: new Float64Array(paths * steps.length) };
}
