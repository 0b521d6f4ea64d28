import { z } from 'zod';
import type { BarView } from '../engine/bar-view';
import type { Strategy, StrategyContext, StrategyOutput, StrategySetup } from '../engine/strategy';
import { Sma } from '../indicators/moving-averages';
import { strategySignal } from './signals';

export const SmaCrossParams = z
  .object({
    fast: z.number().int().min(1).max(10_000).default(10).describe('bars in the fast SMA'),
    slow: z.number().int().min(2).max(10_000).default(30).describe('bars in the slow SMA'),
  })
  .strict()
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });
export type SmaCrossParams = z.output<typeof SmaCrossParams>;

/**
 * Long only. Tracks the sign of fast SMA − slow SMA (a zero difference keeps the previous sign).
 * When it turns positive (from negative), buy; when it turns negative, close the long. The first
 * sign seen once both averages exist is the starting point, not a cross. The sign is followed on
 * every bar (a hook), so a live warm-up carries it to the first bar traded.
 */
export class SmaCross implements Strategy {
  readonly id = 'sma-cross';
  private readonly params: SmaCrossParams;
  private readonly symbol: string;
  private bars!: BarView;
  private fast!: Sma;
  private slow!: Sma;
  private sign = 0;
  private previousSign = 0;

  constructor(params: SmaCrossParams, symbols: readonly string[]) {
    this.params = params;
    this.symbol = symbols[0]!;
  }

  init(setup: StrategySetup): void {
    this.bars = setup.bars(this.symbol);
    this.fast = setup.track(this.symbol, 'close', new Sma(this.params.fast));
    this.slow = setup.track(this.symbol, 'close', new Sma(this.params.slow));
    setup.onEachBar(this.symbol, () => this.followSign());
  }

  private followSign(): void {
    if (!this.slow.ready) return;
    const difference = this.fast.value - this.slow.value;
    const previous = this.sign;
    this.previousSign = previous;
    this.sign = difference > 0 ? 1 : difference < 0 ? -1 : previous;
  }

  onBar(ctx: StrategyContext): StrategyOutput {
    if (!this.slow.ready || !this.bars.isNew) return;
    const previous = this.previousSign;
    const sign = this.sign;
    if (previous === -1 && sign === 1) return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
    if (previous === 1 && sign === -1 && ctx.account.positionQty(this.symbol) > 0) return strategySignal(this.id, this.symbol, 'SELL', ctx.t);
    return;
  }
}
