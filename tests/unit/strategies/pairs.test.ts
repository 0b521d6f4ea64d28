import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import type { Signal } from '../../../src/shared/domain/signal';
import type { Strategy, StrategyContext, StrategyIntent, StrategySetup } from '../../../src/shared/engine/strategy';
import { Pairs, type PairsParams } from '../../../src/shared/strategies/pairs';
import { closeBars } from '../../helpers/trading';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** B is a random walk; A = 2·B + 10 + s, where s is a stationary AR(1) spread: a cointegrated pair. */
function cointegratedPair(count: number, seed: number): { a: number[]; b: number[] } {
  const next = random(seed);
  const a: number[] = [];
  const b: number[] = [];
  let priceB = 50;
  let spread = 0;
  for (let i = 0; i < count; i++) {
    priceB = Math.max(5, priceB + (next() - 0.5) * 1.2);
    spread = 0.8 * spread + (next() - 0.5) * 3;
    b.push(Math.round(priceB * 100) / 100);
    a.push(Math.round((2 * priceB + 10 + spread) * 100) / 100);
  }
  return { a, b };
}

/** Runs the real pairs strategy and records, at every step, its z-score and what it asked for. */
class Recorder implements Strategy {
  readonly id = 'pairs';
  readonly log: Array<{ z: number; beta: number; out: readonly StrategyIntent[] }> = [];
  constructor(private readonly inner: Pairs) {}
  init(setup: StrategySetup): void {
    this.inner.init(setup);
  }
  onBar(ctx: StrategyContext) {
    const out = this.inner.onBar(ctx);
    const list = out ? (Array.isArray(out) ? out : [out]) : [];
    this.log.push({ z: this.inner.zScore, beta: this.inner.beta, out: list as StrategyIntent[] });
    return out;
  }
}

const params: PairsParams = { lookback: 20, entry: 2, exit: 0.5, stop: 3 };

describe('pairs trading on a constructed cointegrated pair', () => {
  const { a, b } = cointegratedPair(600, 11);
  const recorder = new Recorder(new Pairs(params, ['AAA', 'BBB']));
  const result = runBacktest({
    data: [{ symbol: 'AAA', bars: closeBars(a) }, { symbol: 'BBB', bars: closeBars(b) }],
    strategy: { instance: recorder, name: 'pairs', params },
    sizing: 'percent:20',
    benchmark: null,
  });

  it('estimates the hedge ratio near the true 2', () => {
    const betas = recorder.log.map((l) => l.beta).filter(Number.isFinite);
    const mean = betas.reduce((s, x) => s + x, 0) / betas.length;
    expect(mean).toBeGreaterThan(1.6);
    expect(mean).toBeLessThan(2.4);
  });

  it('opens only at |z| ≥ 2 (short the spread above, long below) and closes at |z| ≤ 0.5 or |z| ≥ 3', () => {
    let entries = 0;
    let exits = 0;
    for (const { z, out } of recorder.log) {
      const signals = out as Signal[];
      if (signals.length === 0) continue;
      if (signals.every((s) => s.quantity !== undefined)) {
        entries++;
        expect(Math.abs(z)).toBeGreaterThanOrEqual(2);
        expect(Math.abs(z)).toBeLessThan(3);
        const legA = signals.find((s) => s.symbol === 'AAA')!;
        const legB = signals.find((s) => s.symbol === 'BBB')!;
        expect(legA.action).toBe(z > 0 ? 'SELL' : 'BUY');
        expect(legB.action).toBe(z > 0 ? 'BUY' : 'SELL');
      } else {
        exits++;
      }
    }
    expect(entries).toBeGreaterThanOrEqual(5);
    expect(exits).toBeGreaterThanOrEqual(entries - 1);
  });

  it('exits when the spread has reverted to within 0.5σ of its mean (on the side it came from) or hit 3σ', () => {
    let side = 0;
    for (const { z, out } of recorder.log) {
      const signals = out as Signal[];
      if (signals.length === 0) continue;
      const legA = signals.find((s) => s.symbol === 'AAA');
      if (signals.every((s) => s.quantity !== undefined)) side = legA!.action === 'BUY' ? 1 : -1;
      else {
        // Long spread (entered at z ≤ −2): out when z ≥ −0.5 or z ≤ −3. Short: the mirror.
        if (side > 0) expect(z >= -0.5 || z <= -3).toBe(true);
        else expect(z <= 0.5 || z >= 3).toBe(true);
        side = 0;
      }
    }
  });

  it('sizes B as round(β × A) with the hedge ratio of the entry bar', () => {
    const entries = recorder.log.filter((l) => l.out.length === 2 && (l.out as Signal[]).every((x) => x.quantity !== undefined));
    expect(entries.length).toBeGreaterThan(0);
    for (const { beta, out } of entries) {
      const [legA, legB] = out as Signal[];
      expect(beta).toBeGreaterThan(0);
      expect(legB!.quantity).toBe(Math.round(beta * legA!.quantity!));
    }
  });

  it('holds the two legs in opposite directions, opened and closed together, and makes money on a mean-reverting spread', () => {
    const tradesA = result.trades.filter((t) => t.symbol === 'AAA');
    const tradesB = result.trades.filter((t) => t.symbol === 'BBB');
    expect(tradesA.length).toBe(tradesB.length);
    tradesA.forEach((ta, k) => {
      const tb = tradesB[k]!;
      expect(tb.side).not.toBe(ta.side);
      expect(tb.entryTime).toBe(ta.entryTime);
      expect(tb.exitTime).toBe(ta.exitTime);
    });
    const pnl = result.trades.reduce((sum, t) => sum + t.pnl, 0);
    expect(pnl).toBeGreaterThan(0);
    expect(result.metrics.trades.winRate).toBeGreaterThan(0.5);
  });
});

describe('pairs parameters', () => {
  it('are validated: exit < entry < stop', () => {
    expect(() => runBacktest({ data: [{ symbol: 'A', bars: closeBars([1, 2, 3]) }, { symbol: 'B', bars: closeBars([1, 2, 3]) }], strategy: { name: 'pairs', params: { entry: 4, stop: 3 } } })).toThrow(/need exit < entry < stop/);
  });
  it('need two symbols', () => {
    expect(() => runBacktest({ data: [{ symbol: 'A', bars: closeBars([1, 2, 3]) }], strategy: { name: 'pairs' } })).toThrow(/trades 2 symbols; the data has 1/);
  });
});
