import type { MonteCarloResult, MonteCarloSpec } from '../../../../shared/ipc/services/backtest';

/**
 * The Monte Carlo form: which stored backtest to resample, how (its trades' returns, or blocks of
 * its daily returns), how many paths, and the seed that makes it reproducible.
 */
export interface MonteCarloDraft {
  /** The stored backtest; null: the one open in the Backtest tab. */
  readonly source: number | null;
  readonly method: 'trades' | 'bootstrap';
  readonly simulations: string;
  readonly blockLength: string;
  readonly blockMethod: 'stationary' | 'fixed';
  readonly seed: string;
}

export const DEFAULT_MONTE_CARLO: MonteCarloDraft = { source: null, method: 'trades', simulations: '10000', blockLength: '20', blockMethod: 'stationary', seed: '1' };

/** Paths drawn whole on the fan chart. */
export const SAMPLE_PATHS = 30;

function whole(text: string, min: number, max: number, what: string): number | string {
  const trimmed = text.trim().replace(/[,_]/g, '');
  if (!/^\d+$/.test(trimmed)) return `${what}: a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : `${what}: from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
}

export function buildMonteCarloSpec(draft: MonteCarloDraft, fallbackSource: number | null): { spec: MonteCarloSpec | null; problems: Readonly<Record<string, string>> } {
  const problems: Record<string, string> = {};
  const source = draft.source ?? fallbackSource;
  if (source === null) problems.source = 'choose a stored backtest to resample (run one first)';
  const simulations = whole(draft.simulations, 10, 200_000, 'paths');
  const seed = whole(draft.seed, 0, 2 ** 32, 'seed');
  const blockLength = draft.method === 'bootstrap' ? whole(draft.blockLength, 1, 10_000, 'block length') : 20;
  if (typeof simulations === 'string') problems.simulations = simulations;
  if (typeof seed === 'string') problems.seed = seed;
  if (typeof blockLength === 'string') problems.blockLength = blockLength;
  if (Object.keys(problems).length > 0 || source === null || typeof simulations !== 'number' || typeof seed !== 'number' || typeof blockLength !== 'number') return { spec: null, problems };
  return {
    spec: {
      source: { experimentId: source },
      method: draft.method,
      simulations,
      seed,
      samplePaths: SAMPLE_PATHS,
      ...(draft.method === 'bootstrap' ? { blockLength, blockMethod: draft.blockMethod } : {}),
    },
    problems,
  };
}

export interface FanSeries {
  readonly x: Float64Array;
  /** Percentile → equity at each step. */
  readonly band: (percentile: number) => readonly number[] | null;
  readonly samples: readonly (readonly number[])[];
}

/** The fan's columns: steps, the bands by percentile, the sample paths. */
export function fanSeries(fan: MonteCarloResult['fan']): FanSeries {
  const x = Float64Array.from(fan.steps);
  const band = (percentile: number) => fan.bands.find((b) => Math.abs(b.percentile - percentile) < 1e-9)?.values ?? null;
  return { x, band, samples: fan.samples };
}

/** The value at a percentile of a percentile list (as the summary gives it), or null. */
export function percentileValue(list: readonly { percentile: number; value: number }[], percentile: number): number | null {
  return list.find((p) => Math.abs(p.percentile - percentile) < 1e-9)?.value ?? null;
}
