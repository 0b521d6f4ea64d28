import { z } from 'zod';
import type { BarView } from '../engine/bar-view';
import type { Strategy, StrategyContext, StrategyOutput, StrategySetup } from '../engine/strategy';
import { Bollinger } from '../indicators/bollinger';
import { strategySignal } from './signals';

export const BollingerBreakoutParams = z
  .object({
    period: z.number().int().min(2).max(1000).default(20).describe('bars in the middle band (SMA)'),
    k: z.number().positive().max(10).default(2).describe('band width in standard deviations'),
    short: z.boolean().default(false).describe('also sell short below the lower band'),
  })
  .strict();
export type BollingerBreakoutParams = z.output<typeof BollingerBreakoutParams>;

/**
 * Breakout: buy when the close ends above the upper band, close when it falls back below the
 * middle band. With `short`, the mirror image below the lower band.
 */
export class BollingerBreakout implements Strategy {
  readonly id = 'bollinger-breakout';
  private readonly params: BollingerBreakoutParams;
  private readonly symbol: string;
  private bars!: BarView;
  private bands!: Bollinger;

  constructor(params: BollingerBreakoutParams, symbols: readonly string[]) {
    this.params = params;
    this.symbol = symbols[0]!;
  }

  init(setup: StrategySetup): void {
    this.bars = setup.bars(this.symbol);
    this.bands = setup.track(this.symbol, 'close', new Bollinger(this.params.period, this.params.k));
  }

  onBar(ctx: StrategyContext): StrategyOutput {
    if (!this.bands.ready || !this.bars.isNew) return;
    const close = this.bars.lastClose;
    const position = ctx.account.positionQty(this.symbol);
    const { upper, middle, lower } = this.bands;
    if (position > 0 && close < middle) return strategySignal(this.id, this.symbol, 'SELL', ctx.t);
    if (position < 0 && close > middle) return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
    if (position === 0 && close > upper) return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
    if (position === 0 && this.params.short && close < lower) return strategySignal(this.id, this.symbol, 'SELL', ctx.t);
    return;
  }
}
