import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/errors';
import { percentileOfSorted } from '../../../src/shared/metrics';
import { blockBootstrapReturns, resampleTradeReturns, type MonteCarloSummary } from '../../../src/shared/montecarlo';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const values = (table: MonteCarloSummary['finalEquity']): number[] => table.map((row) => row.value);

function expectOrderedAndBounded(summary: MonteCarloSummary, sortedFinals: Float64Array, sortedDrawdowns: Float64Array): void {
  const finals = values(summary.finalEquity);
  const drawdowns = values(summary.maxDrawdown);
  for (let i = 1; i < finals.length; i++) {
    expect(finals[i]!).toBeGreaterThanOrEqual(finals[i - 1]!);
    expect(drawdowns[i]!).toBeGreaterThanOrEqual(drawdowns[i - 1]!);
  }
  expect(finals[0]!).toBeGreaterThanOrEqual(sortedFinals[0]!);
  expect(finals.at(-1)!).toBeLessThanOrEqual(sortedFinals.at(-1)!);
  expect(sortedFinals[0]!).toBeGreaterThanOrEqual(0);
  expect(sortedDrawdowns[0]!).toBeGreaterThanOrEqual(0);
  expect(sortedDrawdowns.at(-1)!).toBeLessThanOrEqual(1);
}

describe('percentiles', () => {
  it('interpolate linearly between order statistics (numpy default)', () => {
    const sorted = [10, 20, 30, 40];
    // rank (n − 1)p: p50 → 1.5 → 25; p5 → 0.15 → 11.5; p100 → 40; p0 → 10
    expect(percentileOfSorted(sorted, 50)).toBe(25);
    expect(percentileOfSorted(sorted, 5)).toBeCloseTo(11.5, 12);
    expect(percentileOfSorted(sorted, 100)).toBe(40);
    expect(percentileOfSorted(sorted, 0)).toBe(10);
    expect(percentileOfSorted([7], 95)).toBe(7);
  });
});

describe('Monte Carlo by resampling trade returns', () => {
  it('a tiny case worked out by hand: returns +100% and −50%, two trades per path', () => {
    // Paths from 100, each with probability 1/4:
    //   +100%, +100% → 400, drawdown 0      +100%, −50% → 100, drawdown 50%
    //   −50%, +100%  → 100, drawdown 50%    −50%, −50%  → 25,  drawdown 75%
    const { summary, finalEquities, maxDrawdowns } = resampleTradeReturns({ tradeReturns: [1, -0.5], tradesPerPath: 2, startEquity: 100, simulations: 20_000, seed: 11 });
    const share = (xs: Float64Array, v: number) => xs.filter((x) => Math.abs(x - v) < 1e-9).length / xs.length;
    expect(share(finalEquities, 400)).toBeCloseTo(0.25, 1);
    expect(share(finalEquities, 100)).toBeCloseTo(0.5, 1);
    expect(share(finalEquities, 25)).toBeCloseTo(0.25, 1);
    expect(share(finalEquities, 400) + share(finalEquities, 100) + share(finalEquities, 25)).toBe(1);
    expect(share(maxDrawdowns, 0) + share(maxDrawdowns, 0.5) + share(maxDrawdowns, 0.75)).toBe(1);
    expect(summary.finalEquity).toEqual([
      { percentile: 5, value: 25 }, { percentile: 25, value: 100 }, { percentile: 50, value: 100 },
      { percentile: 75, value: 100 }, { percentile: 95, value: 400 },
    ]);
    expect(values(summary.maxDrawdown)).toEqual([0, 0.5, 0.5, 0.5, 0.75]);
    // mean final = (400 + 100 + 100 + 25)/4 = 156.25; a loss only on the −50%, −50% path
    expect(summary.meanFinalEquity / 156.25).toBeCloseTo(1, 1);
    expect(summary.probabilityOfLoss).toBeCloseTo(0.25, 1);
  });

  it('one trade return: every path is the same, (1.1)^3 and no drawdown', () => {
    const { summary } = resampleTradeReturns({ tradeReturns: [0.1], tradesPerPath: 3, startEquity: 1000, simulations: 50 });
    for (const row of summary.finalEquity) expect(row.value).toBeCloseTo(1331, 9);
    for (const row of summary.maxDrawdown) expect(row.value).toBe(0);
  });

  it('fraction scales each return: 0.5 × (+100%) compounds as +50%', () => {
    const { summary } = resampleTradeReturns({ tradeReturns: [1], tradesPerPath: 2, startEquity: 100, simulations: 10, fraction: 0.5 });
    expect(summary.finalEquity[2]!.value).toBeCloseTo(225, 9);
  });

  it('is reproducible with a seed and differs with another seed', () => {
    const tradeReturns = [0.04, -0.02, 0.07, -0.05, 0.01, 0.12, -0.08, 0.03];
    const run = (seed: number) => resampleTradeReturns({ tradeReturns, startEquity: 10_000, simulations: 2000, seed, percentiles: [1, 99] });
    const a = run(5);
    expect(run(5)).toEqual(a);
    expect(run(6).summary.finalEquity).not.toEqual(a.summary.finalEquity);
    expect(a.summary.finalEquity.map((r) => r.percentile)).toEqual([1, 5, 25, 50, 75, 95, 99]);
    expectOrderedAndBounded(a.summary, a.finalEquities, a.maxDrawdowns);
  });

  it('never draws down more than 100%: returns below −100% are a total loss', () => {
    const { summary, finalEquities, maxDrawdowns } = resampleTradeReturns({ tradeReturns: [0.5, -1, -3, 0.2], startEquity: 100, simulations: 5000, seed: 3 });
    expect(summary.clampedReturns).toBe(1);
    expect(finalEquities[0]).toBe(0);
    expect(maxDrawdowns.at(-1)).toBe(1);
    expectOrderedAndBounded(summary, finalEquities, maxDrawdowns);
  });

  it('refuses empty or non-finite input and bad options', () => {
    expect(() => resampleTradeReturns({ tradeReturns: [], startEquity: 100 })).toThrow(/no trade return/);
    expect(() => resampleTradeReturns({ tradeReturns: [0.1, NaN], startEquity: 100 })).toThrow(InputError);
    expect(() => resampleTradeReturns({ tradeReturns: [0.1], startEquity: 0 })).toThrow(/start equity/);
    expect(() => resampleTradeReturns({ tradeReturns: [0.1], startEquity: 100, simulations: 0 })).toThrow(/simulations/);
    expect(() => resampleTradeReturns({ tradeReturns: [0.1], startEquity: 100, percentiles: [101] })).toThrow(/percentiles/);
    expect(() => resampleTradeReturns({ tradeReturns: [0.1], startEquity: 100, fraction: 2 })).toThrow(InputError);
  });
});

describe('Monte Carlo by block bootstrap of per-bar returns', () => {
  // +50%, −20%, −50%: compounded 1.5 × 0.8 × 0.5 = 0.6 whatever the rotation. Rotations from 100:
  //   150, 120, 60 → drawdown 60%;  80, 40, 60 → 60%;  50, 75, 60 → 50%
  const returns = [0.5, -0.2, -0.5];

  it('blocks as long as the series are rotations of it: final equity is exact, drawdowns are the rotations\'', () => {
    for (const method of ['fixed', 'stationary'] as const) {
      const blockLength = method === 'fixed' ? 3 : 1e12; // a stationary block that (practically) never restarts
      const { finalEquities, maxDrawdowns, summary } = blockBootstrapReturns({ returns, method, blockLength, startEquity: 100, simulations: 3000, seed: 9 });
      for (const x of finalEquities) expect(x).toBeCloseTo(60, 9);
      for (const d of maxDrawdowns) expect([0.5, 0.6].some((v) => Math.abs(d - v) < 1e-12)).toBe(true);
      expect(summary.maxDrawdown[0]!.value).toBeCloseTo(0.5, 12);
      expect(summary.maxDrawdown.at(-1)!.value).toBeCloseTo(0.6, 12);
      expect(summary.probabilityOfLoss).toBe(1);
    }
  });

  it('longer blocks keep serial dependence: trending returns give deeper drawdowns than with single bars', () => {
    // 40 bars of −1% then 40 of +1%, repeated: runs of losses that single-bar resampling breaks up
    const trending = Array.from({ length: 400 }, (_, i) => (Math.floor(i / 40) % 2 === 0 ? -0.01 : 0.01));
    const median = (blockLength: number, method: 'fixed' | 'stationary') =>
      blockBootstrapReturns({ returns: trending, method, blockLength, startEquity: 1, simulations: 2000, seed: 4 }).summary.maxDrawdown[2]!.value;
    expect(median(40, 'fixed')).toBeGreaterThan(median(1, 'fixed') + 0.05);
    expect(median(40, 'stationary')).toBeGreaterThan(median(1, 'stationary') + 0.05);
  });

  it('is reproducible, seed-dependent, ordered and bounded on SPY daily returns', () => {
    const c = loadSpyDaily().c;
    const daily = Array.from({ length: c.length - 1 }, (_, i) => c[i + 1]! / c[i]! - 1);
    const run = (seed: number) => blockBootstrapReturns({ returns: daily, blockLength: 20, barsPerPath: 252, startEquity: 100_000, simulations: 2000, seed });
    const a = run(1);
    expect(run(1).summary).toEqual(a.summary);
    expect(run(2).summary.finalEquity).not.toEqual(a.summary.finalEquity);
    expectOrderedAndBounded(a.summary, a.finalEquities, a.maxDrawdowns);
    expect(a.summary.method).toBe('stationary-block-bootstrap');
    expect(JSON.stringify(a.summary)).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a fixed block longer than the series and an unknown method', () => {
    expect(() => blockBootstrapReturns({ returns, method: 'fixed', blockLength: 4, startEquity: 1 })).toThrow(/block length/);
    expect(() => blockBootstrapReturns({ returns, method: 'x' as 'fixed', startEquity: 1 })).toThrow(/fixed/);
  });
});
