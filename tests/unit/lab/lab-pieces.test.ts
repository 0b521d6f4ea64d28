import { describe, expect, it } from 'vitest';
import { alignCurves, thinCurve, thinIndices } from '../../../src/shared/lab/curves';
import { heatmapOf } from '../../../src/shared/lab/heatmap';
import type { MetricsSummary } from '../../../src/shared/lab/metrics-summary';
import { histogram, monteCarloInputs, runMonteCarlo } from '../../../src/shared/lab/monte-carlo';
import { parseObjective } from '../../../src/shared/lab/objectives';
import { batchSize, planOptimization } from '../../../src/shared/lab/optimize';
import { resampleTradeReturns } from '../../../src/shared/montecarlo';
import { parseParameterSpec } from '../../../src/shared/optimization';
import type { Trade } from '../../../src/shared/portfolio/trade-ledger';

function summary(sharpe: number | null): MetricsSummary {
  return { finalEquity: 1, totalReturn: 0, cagr: 0, annualizedVolatility: 0, sharpe, sortino: null, calmar: null, maxDrawdown: 0.5, exposure: 0, tradeCount: 1, winRate: null, profitFactor: null, expectancy: null };
}

describe('optimisation plans', () => {
  it('lists every set, refusing those the strategy rejects, and never runs them', () => {
    const plan = planOptimization({ strategy: 'sma-cross', fixedParams: {}, space: [parseParameterSpec('fast=10,20,30'), parseParameterSpec('slow=20,40')], search: { kind: 'grid' } });
    expect(plan.sets.map((s) => [s.params, s.error])).toEqual([
      [{ fast: 10, slow: 20 }, null],
      [{ fast: 10, slow: 40 }, null],
      [{ fast: 20, slow: 20 }, 'fast: fast must be shorter than slow'],
      [{ fast: 20, slow: 40 }, null],
      [{ fast: 30, slow: 20 }, 'fast: fast must be shorter than slow'],
      [{ fast: 30, slow: 40 }, null],
    ]);
    expect(plan.candidates.map((c) => c.index)).toEqual([0, 1, 3, 5]);
  });

  it('random samples are reproducible with their seed; fixed parameters merge in', () => {
    const input = { strategy: 'regime-switch', fixedParams: { bull: 0.6 }, space: [parseParameterSpec('fast=2:40'), parseParameterSpec('slow=50:250')], search: { kind: 'random' as const, samples: 30, seed: 5 } };
    const a = planOptimization(input);
    expect(a.sets).toHaveLength(30);
    expect(planOptimization(input).sets).toEqual(a.sets);
    expect(planOptimization({ ...input, search: { kind: 'random', samples: 30, seed: 6 } }).sets).not.toEqual(a.sets);
    for (const s of a.sets) expect(s.params).toMatchObject({ bull: 0.6 });
  });

  it('says what is wrong with a search', () => {
    const plan = (over: object) => () => planOptimization({ strategy: 'sma-cross', fixedParams: {}, space: [parseParameterSpec('fast=5')], search: { kind: 'grid' }, ...over });
    expect(plan({ strategy: 'nope' })).toThrow(/unknown strategy "nope"/);
    expect(plan({ space: [parseParameterSpec('period=5')] })).toThrow(/no parameter "period"; its parameters are fast, slow/);
    expect(plan({ fixedParams: { fast: 5 } })).toThrow(/both searched and fixed/);
    expect(plan({ space: [parseParameterSpec('fast=1:300'), parseParameterSpec('slow=2:300')] })).toThrow(/89700 parameter sets .* more than the 50000 allowed/);
    expect(plan({ space: [parseParameterSpec('fast=50'), parseParameterSpec('slow=10,20')] })).toThrow(/refuses every parameter set/);
  });

  it('batches about 60,000 bars of work per task, and enough tasks for every worker', () => {
    expect(batchSize(1000, 5000, 2)).toBe(12);
    expect(batchSize(10, 5000, 2)).toBe(2);
    expect(batchSize(1000, 1_000_000, 4)).toBe(1);
  });

  it('objective names in any case style', () => {
    expect(parseObjective('total_return')).toBe('totalReturn');
    expect(parseObjective('max-drawdown')).toBe('maxDrawdown');
    expect(parseObjective('sharpe')).toBe('sharpe');
    expect(parseObjective('volume')).toBeNull();
  });
});

describe('heatmap', () => {
  const dimensions = [{ name: 'fast', values: [5, 10] }, { name: 'slow', values: [50, 100] }, { name: 'stop', values: [1, 2] }];
  const rows = [
    { params: { fast: 5, slow: 50, stop: 1 }, metrics: summary(1) },
    { params: { fast: 5, slow: 50, stop: 2 }, metrics: summary(3) },
    { params: { fast: 10, slow: 50, stop: 1 }, metrics: summary(null) },
    { params: { fast: 10, slow: 50, stop: 2 }, metrics: null },
    { params: { fast: 5, slow: 100, stop: 1 }, metrics: summary(-1) },
    { params: { fast: 5, slow: 100, stop: 2 }, metrics: summary(2) },
    { params: { fast: 10, slow: 100, stop: 1 }, metrics: summary(0.5) },
    { params: { fast: 10, slow: 100, stop: 2 }, metrics: summary(0.25) },
  ];
  it('z[y][x] holds the best (or mean) over the other searched parameters; null where nothing scored', () => {
    expect(heatmapOf({ dimensions, rows }, 'fast', 'slow', 'sharpe', 'best')).toEqual({
      metric: 'sharpe', direction: 'max', x: { name: 'fast', values: [5, 10] }, y: { name: 'slow', values: [50, 100] },
      z: [[3, null], [2, 0.5]], best: { xi: 0, yi: 0, value: 3 },
    });
    expect(heatmapOf({ dimensions, rows }, 'fast', 'slow', 'sharpe', 'mean').z).toEqual([[2, null], [0.5, 0.375]]);
    // Drawdown: lower is better.
    expect(heatmapOf({ dimensions, rows }, 'slow', 'fast', 'maxDrawdown', 'best')).toMatchObject({ direction: 'min', z: [[0.5, 0.5], [0.5, 0.5]] });
    expect(() => heatmapOf({ dimensions, rows }, 'fast', 'period', 'sharpe', 'best')).toThrow(/"period" was not searched/);
    expect(() => heatmapOf({ dimensions, rows }, 'fast', 'fast', 'sharpe', 'best')).toThrow(/two different parameters/);
  });
});

describe('curves', () => {
  it('thinning keeps the first, last, lowest and highest of each bucket, in order', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) * 100 + (i === 613 ? -500 : 0) + (i === 77 ? 400 : 0));
    const keep = thinIndices(values, 100);
    expect(keep.length).toBeLessThanOrEqual(100);
    expect(Array.from(keep)).toEqual([...keep].sort((a, b) => a - b));
    expect(keep[0]).toBe(0);
    expect(keep.at(-1)).toBe(999);
    expect(keep).toContain(613);
    expect(keep).toContain(77);
    expect(thinCurve([1, 2, 3], [5, 6, 7], 10)).toEqual({ t: [1, 2, 3], equity: [5, 6, 7], points: 3, downsampled: false });
  });

  it('aligned curves carry values forward inside their own span only', () => {
    const aligned = alignCurves([{ t: [1, 3, 5], equity: [10, 30, 50] }, { t: [2, 3, 4], equity: [20, 30, 40] }], 100);
    expect(aligned).toEqual({ t: [1, 2, 3, 4, 5], values: [[10, 10, 30, 30, 50], [null, 20, 30, 40, null]] });
    expect(alignCurves([{ t: Float64Array.from({ length: 1000 }, (_, i) => i), equity: new Float64Array(1000) }], 10).t).toEqual([0, 111, 222, 333, 444, 555, 666, 777, 888, 999]);
  });
});

describe('Monte Carlo of a run', () => {
  const t = Float64Array.from([0, 1, 2, 3, 4]);
  const equity = Float64Array.from([100_000, 100_000, 101_000, 99_000, 102_000]);
  const trade = (entryTime: number, qty: number, price: number, returnPct: number): Trade => ({ symbol: 'X', side: 'long', qty, entryTime, entryPrice: price, exitTime: entryTime + 1, exitPrice: price, grossPnl: 0, commission: 0, pnl: 0, returnPct });

  it('takes trade returns with the share of equity each committed, and per-bar returns of the curve', () => {
    const inputs = monteCarloInputs({ t, equity, trades: [trade(1, 200, 250, 0.1), trade(3, 100, 101, -0.05)] });
    expect(Array.from(inputs.tradeReturns)).toEqual([0.1, -0.05]);
    // 200 × 250 of 100,000 before bar 1; 100 × 101 of 101,000 before bar 3.
    expect(inputs.tradeFraction).toBeCloseTo((0.5 + 0.1) / 2, 12);
    expect(Array.from(inputs.barReturns)).toEqual([0, 101_000 / 100_000 - 1, 99_000 / 101_000 - 1, 102_000 / 99_000 - 1]);
  });

  it('records sample paths that are real paths of the simulation, with drawdowns within 0–100%', () => {
    const returns = Float64Array.from({ length: 300 }, (_, i) => ((i * 7919) % 13) / 100 - 0.07);
    const job = { method: 'bootstrap' as const, tradeReturns: new Float64Array(0), tradeFraction: 1, barReturns: returns, startEquity: 1000, simulations: 500, blockLength: 10, blockMethod: 'fixed' as const, seed: 3, samplePaths: 4 };
    const outcome = runMonteCarlo(job);
    expect(runMonteCarlo(job)).toEqual(outcome);
    expect(outcome.fan.steps[0]).toBe(0);
    expect(outcome.fan.steps.at(-1)).toBe(300);
    expect(outcome.fan.steps).toHaveLength(101);
    for (const path of outcome.fan.samples) {
      expect(path[0]).toBe(1000);
      expect(path).toHaveLength(101);
      expect(path.at(-1)!).toBeGreaterThanOrEqual(outcome.finalEquityHistogram.edges[0]!);
      expect(path.at(-1)!).toBeLessThanOrEqual(outcome.finalEquityHistogram.edges.at(-1)!);
    }
    for (const band of outcome.fan.bands) expect(band.values).toHaveLength(101);
    const median = outcome.fan.bands.find((b) => b.percentile === 50)!.values.at(-1);
    expect(median).toBeCloseTo(outcome.finalEquity.find((p) => p.percentile === 50)!.value, 9);
    for (const p of outcome.maxDrawdown) expect(p.value >= 0 && p.value <= 1).toBe(true);
    expect(() => runMonteCarlo({ ...job, method: 'trades' })).toThrow(/closed no trades/);
  });

  it('recording paths changes nothing of the simulation; each recorded path ends at one of its final equities', () => {
    const returns = Float64Array.from({ length: 50 }, (_, i) => ((i * 31) % 11) / 100 - 0.05);
    const plain = resampleTradeReturns({ tradeReturns: returns, startEquity: 100, simulations: 300, seed: 9 });
    const recorded = resampleTradeReturns({ tradeReturns: returns, startEquity: 100, simulations: 300, seed: 9, record: { checkpoints: 7, paths: 20 } });
    expect(recorded.summary).toEqual(plain.summary);
    expect(Array.from(recorded.finalEquities)).toEqual(Array.from(plain.finalEquities));
    const paths = recorded.recorded!;
    expect(Array.from(paths.steps)).toEqual([0, 7, 14, 21, 29, 36, 43, 50]);
    for (let p = 0; p < paths.paths; p++) expect(Array.from(plain.finalEquities)).toContain(paths.values[p * 8 + 7]);
  });

  it('a run of total losses still has drawdowns of at most 100%', () => {
    const outcome = runMonteCarlo({ method: 'trades', tradeReturns: Float64Array.of(-1.5, 0.2), tradeFraction: 1, barReturns: new Float64Array(0), startEquity: 1000, simulations: 200, blockLength: 1, blockMethod: 'fixed', seed: 1, samplePaths: 0 });
    expect(outcome.clampedReturns).toBe(1);
    expect(outcome.maxDrawdown.at(-1)!.value).toBe(1);
    expect(outcome.finalEquity[0]!.value).toBe(0);
  });

  it('histograms count every value once', () => {
    expect(histogram(Float64Array.of(1, 2, 2, 3, 5), 4)).toEqual({ edges: [1, 2, 3, 4, 5], counts: [1, 2, 1, 1] });
    expect(histogram(Float64Array.of(7, 7), 10)).toEqual({ edges: [7, 7], counts: [2] });
  });
});
