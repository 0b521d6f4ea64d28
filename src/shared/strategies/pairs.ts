import { z } from 'zod';
import type { BarView } from '../engine/bar-view';
import type { Strategy, StrategyContext, StrategyIntent, StrategyOutput, StrategySetup } from '../engine/strategy';
import { RollingStd } from '../indicators/dispersion';
import { RollingOls } from '../indicators/regression';
import { strategySignal } from './signals';

export const PairsParams = z
  .object({
    lookback: z.number().int().min(3).max(10_000).default(20).describe('bars for the hedge ratio and the spread z-score'),
    entry: z.number().positive().max(20).default(2).describe('open when |z| reaches this'),
    exit: z.number().min(0).max(20).default(0.5).describe('close when |z| falls back to this'),
    stop: z.number().positive().max(50).default(3).describe('close at a loss when |z| reaches this'),
  })
  .strict()
  .refine((p) => p.exit < p.entry && p.entry < p.stop, { message: 'need exit < entry < stop', path: ['entry'] });
export type PairsParams = z.output<typeof PairsParams>;

/**
 * Pairs trading on two symbols A and B. Each step where both have a bar:
 * - A's close regressed on B's over the last `lookback` bars: A ≈ α + β·B (β, the hedge ratio);
 * - the spread is today's residual A − α − β·B, and z = spread / σ, σ the standard deviation of the
 *   window's residuals (√(σA² − β²·σB²), population): every spread in the window is measured with
 *   the same β, so a drifting β does not leak B's trend into z;
 * - flat: z ≥ +entry → short the spread (sell A, buy β·qty of B); z ≤ −entry → long the spread;
 * - long spread: close both legs when z ≥ −exit (reverted), or when z ≤ −stop (stopped out);
 *   short spread: when z ≤ +exit, or z ≥ +stop;
 * - after a stop, no new entry until |z| is back under `entry`.
 * A's quantity comes from the run's sizer; B's is round(β × A's). No trade while β ≤ 0.
 */
export class Pairs implements Strategy {
  readonly id = 'pairs';
  private readonly params: PairsParams;
  private readonly a: string;
  private readonly b: string;
  private barsA!: BarView;
  private barsB!: BarView;
  private readonly ols: RollingOls;
  private readonly stdA: RollingStd;
  private readonly stdB: RollingStd;
  private stoppedOut = false;
  /** The window's standard deviations after the current bar (set by the hook). */
  private sa = Number.NaN;
  private sb = Number.NaN;
  /** Last hedge ratio and z-score, for inspection. */
  beta = Number.NaN;
  zScore = Number.NaN;

  constructor(params: PairsParams, symbols: readonly string[]) {
    this.params = params;
    this.a = symbols[0]!;
    this.b = symbols[1]!;
    this.ols = new RollingOls(params.lookback);
    this.stdA = new RollingStd(params.lookback);
    this.stdB = new RollingStd(params.lookback);
  }

  init(setup: StrategySetup): void {
    this.barsA = setup.bars(this.a);
    this.barsB = setup.bars(this.b);
    // The regression follows every step where both symbols have a bar, in a hook rather than in
    // onBar, so a live warm-up (which feeds hooks, not onBar) leaves it ready.
    setup.onEachBar(this.b, () => {
      if (this.barsA.isNew) this.observe();
    });
  }

  private observe(): void {
    const priceA = this.barsA.lastClose;
    const priceB = this.barsB.lastClose;
    this.ols.update(priceA, priceB);
    this.sa = this.stdA.update(priceA);
    this.sb = this.stdB.update(priceB);
  }

  onBar(ctx: StrategyContext): StrategyOutput {
    if (!this.barsA.isNew || !this.barsB.isNew) return;
    const priceA = this.barsA.lastClose;
    const priceB = this.barsB.lastClose;
    const { sa, sb } = this;
    if (!this.ols.ready || !Number.isFinite(this.ols.slope)) return;
    this.beta = this.ols.slope;
    const residualVariance = sa * sa - this.beta * this.beta * sb * sb;
    if (!(residualVariance > 1e-12)) return;
    const z = (this.zScore = (priceA - this.ols.intercept - this.beta * priceB) / Math.sqrt(residualVariance));
    const { entry, exit, stop } = this.params;
    const position = ctx.account.positionQty(this.a) + ctx.account.workingQty(this.a);
    if (position > 0) {
      if (z <= -stop) return this.close(ctx, true);
      if (z >= -exit) return this.close(ctx, false);
      return;
    }
    if (position < 0) {
      if (z >= stop) return this.close(ctx, true);
      if (z <= exit) return this.close(ctx, false);
      return;
    }
    if (this.stoppedOut) {
      if (Math.abs(z) < entry) this.stoppedOut = false;
      return;
    }
    if (Math.abs(z) < entry || Math.abs(z) >= stop || !(this.beta > 0)) return;
    const longSpread = z < 0;
    const qtyA = ctx.size(this.a, longSpread ? 'buy' : 'sell');
    const qtyB = Math.round(this.beta * qtyA);
    if (!(qtyA > 0) || !(qtyB > 0)) {
      ctx.note(`pairs: no entry at z=${z.toFixed(2)}: quantities ${qtyA} ${this.a} / ${qtyB} ${this.b}`);
      return;
    }
    const meta = { z, beta: this.beta };
    return [
      strategySignal(this.id, this.a, longSpread ? 'BUY' : 'SELL', ctx.t, { quantity: qtyA, metadata: meta }),
      strategySignal(this.id, this.b, longSpread ? 'SELL' : 'BUY', ctx.t, { quantity: qtyB, metadata: meta }),
    ];
  }

  private close(ctx: StrategyContext, stopped: boolean): StrategyIntent[] {
    this.stoppedOut = stopped;
    const out: StrategyIntent[] = [];
    for (const symbol of [this.a, this.b]) {
      const qty = ctx.account.positionQty(symbol);
      if (qty !== 0) out.push(strategySignal(this.id, symbol, qty > 0 ? 'SELL' : 'BUY', ctx.t, { metadata: { z: this.zScore, stopped } }));
    }
    return out;
  }
}
