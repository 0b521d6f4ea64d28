import { InputError } from '../errors';
import type { Random } from '../random';
import { requireWhole, simulatePaths, validatedReturns, type MonteCarloResult, type SimulationOptions } from './simulation';

export interface BlockBootstrapOptions extends SimulationOptions {
  /** Per-bar (e.g. daily) returns of the strategy, in time order. */
  readonly returns: ArrayLike<number>;
  /**
   * 'fixed': blocks of exactly `blockLength` bars (circular moving-block bootstrap, Künsch);
   * 'stationary': blocks of random length, geometric with mean `blockLength` (Politis & Romano).
   * Both wrap around the end of the series, so every bar is equally likely to be drawn.
   */
  readonly method?: 'fixed' | 'stationary';
  /** Block length (the mean length for 'stationary'); default 20. Longer blocks keep more serial dependence. */
  readonly blockLength?: number;
  /** Bars per path; default the length of `returns`. */
  readonly barsPerPath?: number;
}

/** Monte Carlo by block-bootstrapping per-bar returns, which keeps their short-range dependence (volatility clusters, trends). */
export function blockBootstrapReturns(options: BlockBootstrapOptions): MonteCarloResult {
  const { values, clamped } = validatedReturns(options.returns, 'return');
  const n = values.length;
  const method = options.method ?? 'stationary';
  if (method !== 'fixed' && method !== 'stationary') throw new InputError(`Monte Carlo: block method must be "fixed" or "stationary", got "${String(method)}"`);
  const blockLength = options.blockLength ?? Math.min(20, n);
  const steps = options.barsPerPath ?? n;
  requireWhole('block length', blockLength, 1, method === 'fixed' ? n : Number.MAX_SAFE_INTEGER);
  requireWhole('bars per path', steps, 1, 100_000_000);

  let position = 0;
  let remaining = 0;
  const restartProbability = 1 / blockLength;
  const sampler =
    method === 'fixed'
      ? {
          startPath(): void {
            remaining = 0;
          },
          next(random: Random): number {
            if (remaining === 0) {
              position = random.nextInt(n);
              remaining = blockLength;
            } else if (++position === n) position = 0;
            remaining--;
            return values[position]!;
          },
        }
      : {
          startPath(random: Random): void {
            position = random.nextInt(n) - 1;
            if (position < 0) position = n - 1;
          },
          next(random: Random): number {
            if (random.next() < restartProbability) position = random.nextInt(n);
            else if (++position === n) position = 0;
            return values[position]!;
          },
        };
  return simulatePaths(method === 'fixed' ? 'fixed-block-bootstrap' : 'stationary-block-bootstrap', sampler, steps, clamped, options);
}
