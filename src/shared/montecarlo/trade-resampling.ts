import { InputError } from '../errors';
import { simulatePaths, requireWhole, validatedReturns, type MonteCarloResult, type SimulationOptions } from './simulation';
import type { Random } from '../random';

export interface TradeResamplingOptions extends SimulationOptions {
  /** Each closed trade's return as a fraction of the capital it committed (not its dollar P&L). */
  readonly tradeReturns: ArrayLike<number>;
  /** Trades per path; default the number of trades given. */
  readonly tradesPerPath?: number;
  /**
   * Share of equity each trade puts at risk: equity × (1 + fraction × r). Default 1 (every trade
   * compounds on the whole account, as all-in sizing does). Between 0 and 1.
   */
  readonly fraction?: number;
}

/**
 * Monte Carlo by resampling trade RETURNS with replacement and compounding them on the starting
 * equity, so the result does not depend on how large the account was when a trade happened.
 */
export function resampleTradeReturns(options: TradeResamplingOptions): MonteCarloResult {
  const { values, clamped } = validatedReturns(options.tradeReturns, 'trade return');
  const steps = options.tradesPerPath ?? values.length;
  requireWhole('trades per path', steps, 1, 100_000_000);
  const fraction = options.fraction ?? 1;
  if (!(fraction > 0 && fraction <= 1)) throw new InputError(`Monte Carlo: fraction must be in (0, 1], got ${String(fraction)}`);
  const scaled = fraction === 1 ? values : values.map((r) => fraction * r);
  const n = scaled.length;
  const sampler = {
    startPath(): void {},
    next(random: Random): number {
      return scaled[random.nextInt(n)]!;
    },
  };
  return simulatePaths('trade-resampling', sampler, steps, clamped, options);
}
