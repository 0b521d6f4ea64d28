import { z } from 'zod';
import { regimeIndex } from '../domain/regime';
import type { BarView } from '../engine/bar-view';
import type { Strategy, StrategyContext, StrategyOutput, StrategySetup } from '../engine/strategy';
import { Sma } from '../indicators/moving-averages';
import { strategySignal } from './signals';

export const RegimeSwitchParams = z
  .object({
    fast: z.number().int().min(1).max(10_000).default(10).describe('bars in the fast SMA of the trend filter'),
    slow: z.number().int().min(2).max(10_000).default(30).describe('bars in the slow SMA of the trend filter'),
    bull: z.number().min(0).max(1).default(0.5).describe('trade only when P(bull) is at least this'),
    crisis: z.number().min(0).max(1).default(0.5).describe('stay flat when P(crisis) exceeds this'),
  })
  .strict()
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });
export type RegimeSwitchParams = z.output<typeof RegimeSwitchParams>;

const BULL = regimeIndex('bull');
const CRISIS = regimeIndex('crisis');

/**
 * Trend following switched by the regime: long while fast SMA > slow SMA and the bull regime is
 * likely (P(bull) ≥ `bull`) and no crisis (P(crisis) ≤ `crisis`); flat otherwise. Without regime
 * data it trades the trend filter alone and says so once in the run's notes.
 */
export class RegimeSwitch implements Strategy {
  readonly id = 'regime-switch';
  private readonly params: RegimeSwitchParams;
  private readonly symbol: string;
  private bars!: BarView;
  private fast!: Sma;
  private slow!: Sma;
  private warned = false;

  constructor(params: RegimeSwitchParams, symbols: readonly string[]) {
    this.params = params;
    this.symbol = symbols[0]!;
  }

  init(setup: StrategySetup): void {
    this.bars = setup.bars(this.symbol);
    this.fast = setup.track(this.symbol, 'close', new Sma(this.params.fast));
    this.slow = setup.track(this.symbol, 'close', new Sma(this.params.slow));
  }

  onBar(ctx: StrategyContext): StrategyOutput {
    if (!this.slow.ready || !this.bars.isNew) return;
    let wantLong = this.fast.value > this.slow.value;
    const regime = ctx.regime(this.symbol);
    if (regime) {
      wantLong = wantLong && regime.p[BULL]! >= this.params.bull && regime.p[CRISIS]! <= this.params.crisis;
    } else if (!this.warned) {
      this.warned = true;
      ctx.note('regime-switch: no regime data for this run; trading the trend filter alone');
    }
    const position = ctx.account.positionQty(this.symbol) + ctx.account.workingQty(this.symbol);
    if (wantLong && position === 0) return strategySignal(this.id, this.symbol, 'BUY', ctx.t);
    if (!wantLong && position > 0) return strategySignal(this.id, this.symbol, 'SELL', ctx.t);
    return;
  }
}
