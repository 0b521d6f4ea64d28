import { z } from 'zod';
import type { BarView } from '../engine/bar-view';
import type { Strategy, StrategyContext, StrategyOutput, StrategySetup } from '../engine/strategy';
import { Rsi } from '../indicators/rsi';
import { strategySignal } from './signals';

export const RsiReversionParams = z
  .object({
    period: z.number().int().min(2).max(1000).default(14).describe('RSI period (Wilder)'),
    oversold: z.number().min(0).max(100).default(30).describe('buy when the RSI falls below this'),
    overbought: z.number().min(0).max(100).default(70).describe('sell short above this (with short=true)'),
    exit: z.number().min(0).max(100).default(50).describe('close when the RSI comes back to this level'),
    short: z.boolean().default(false).describe('also trade the overbought side short'),
  })
  .strict()
  .refine((p) => p.oversold < p.exit && p.exit < p.overbought, { message: 'need oversold < exit < overbought', path: ['exit'] });
export type RsiReversionParams = z.output<typeof RsiReversionParams>;

/**
 * Mean reversion on Wilder's RSI: buy when it falls below `oversold`, close when it climbs back to
 * `exit`. With `short`, sell short above `overbought` and cover when it falls back to `exit`.
 */
export class RsiReversion implements Strategy {
  readonly id = 'rsi-reversion';
  private readonly params: RsiReversionParams;
  private readonly symbol: string;
  private bars!: BarView;
  private rsi!: Rsi;

  constructor(params: RsiReversionParams, symbols: readonly string[]) {
    this.params = params;
    this.symbol = symbols[0]!;
  }

  init(setup: StrategySetup): void {
    this.bars = setup.bars(this.symbol);
    this.rsi = setup.track(this.symbol, 'close', new Rsi(this.params.period));
  }

  onBar(ctx: StrategyContext): StrategyOutput {
    if (!this.rsi.ready || !this.bars.isNew) return;
    const rsi = this.rsi.value;
    const position = ctx.account.positionQty(this.symbol);
    const { oversold, overbought, exit, short } = this.params;
    if (position > 0 && rsi >= exit) return strategySignal(this.id, this.symbol, 'SELL', ctx.t);
    if (position < 0 && rsi <= exit) return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
    if (position === 0 && rsi < oversold) return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
    if (position === 0 && short && rsi > overbought) return strategySignal(this.id, this.symbol, 'SELL', ctx.t);
    return;
  }
}
