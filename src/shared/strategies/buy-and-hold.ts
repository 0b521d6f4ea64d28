import { z } from 'zod';
import type { Strategy, StrategyContext, StrategyOutput } from '../engine/strategy';
import { strategySignal } from './signals';

export const BuyAndHoldParams = z.object({}).strict();
export type BuyAndHoldParams = z.output<typeof BuyAndHoldParams>;

/** Buys on the first bar and holds to the end: the benchmark every strategy has to beat. */
export class BuyAndHold implements Strategy {
  readonly id = 'buy-and-hold';
  private readonly symbol: string;
  private bought = false;

  constructor(_params: BuyAndHoldParams, symbols: readonly string[]) {
    this.symbol = symbols[0]!;
  }

  onBar(ctx: StrategyContext): StrategyOutput {
    if (this.bought || !ctx.updated(this.symbol)) return;
    this.bought = true;
    return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
  }
}
