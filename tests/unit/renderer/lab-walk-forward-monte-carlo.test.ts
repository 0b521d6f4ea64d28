/** The walk-forward and Monte Carlo forms: the specs they send and what they refuse. */
import { describe, expect, it } from 'vitest';
import type { StrategyInfo } from '../../../src/shared/ipc/services/backtest';
import { describeParams, strategyDefinition } from '../../../src/shared/strategies/registry';
import { EMPTY_OPTIMIZE } from '../../../src/renderer/panels/lab/optimize/optimize-spec';
import { EMPTY_SETUP } from '../../../src/renderer/panels/lab/setup/lab-setup';
import { buildWalkForwardSpec, DEFAULT_WALK_FORWARD, windowCount } from '../../../src/renderer/panels/lab/walkforward/walk-forward-spec';
import { buildMonteCarloSpec, DEFAULT_MONTE_CARLO, fanSeries, percentileValue, SAMPLE_PATHS } from '../../../src/renderer/panels/lab/montecarlo/monte-carlo-spec';

const d = strategyDefinition('sma-cross');
const sma: StrategyInfo = { name: d.name, summary: d.summary, symbols: 1, defaultSizing: d.defaultSizing, usesRegime: false, params: describeParams(d).map((p) => ({ ...p, step: 1 })) };
const setup = { ...EMPTY_SETUP, datasets: [7, null] };
const search = { ...EMPTY_OPTIMIZE, ranges: { fast: { start: '5', stop: '20', step: '5' }, slow: { start: '40', stop: '120', step: '40' } } };

describe('walk-forward form', () => {
  it('counts windows by the engine\'s rule', () => {
    expect(windowCount(5241, 1000, 500, 500, 'rolling')).toBe(8);
    expect(windowCount(5241, 1000, 500, 500, 'anchored')).toBe(8);
    expect(windowCount(1400, 1000, 500, 500, 'rolling')).toBe(0);
    expect(windowCount(2000, 1000, 500, 1000, 'rolling')).toBe(1);
  });

  it('sends the search with its windows, and counts the backtests', () => {
    const parsed = buildWalkForwardSpec(setup, sma, search, { inSample: '1000', outOfSample: '500', step: '', mode: 'anchored' }, 5241);
    expect(parsed.problems).toEqual({});
    expect(parsed.windows).toBe(8);
    expect(parsed.runs).toBe(8 * (12 + 1));
    expect(parsed.spec).toMatchObject({
      datasets: [7],
      strategy: 'sma-cross',
      space: [
        { name: 'fast', range: { start: 5, stop: 20, step: 5 } },
        { name: 'slow', range: { start: 40, stop: 120, step: 40 } },
      ],
      objective: 'sharpe',
      inSample: 1000,
      outOfSample: 500,
      mode: 'anchored',
    });
    expect(parsed.spec).not.toHaveProperty('step');
    expect(buildWalkForwardSpec(setup, sma, search, { ...DEFAULT_WALK_FORWARD, step: '200' }, 5241).spec).toMatchObject({ step: 200 });
  });

  it('refuses windows that do not fit, overlap, or are not whole bars', () => {
    expect(buildWalkForwardSpec(setup, sma, search, { ...DEFAULT_WALK_FORWARD, inSample: '5000', outOfSample: '500' }, 5241).problems['wf.inSample']).toBe(
      "in-sample + out-of-sample (5500 bars) is more than the data's 5241 bars",
    );
    expect(buildWalkForwardSpec(setup, sma, search, { ...DEFAULT_WALK_FORWARD, step: '50' }, 5241).problems['wf.step']).toBe('at least the out-of-sample length (126), or the test parts would overlap');
    expect(buildWalkForwardSpec(setup, sma, search, { ...DEFAULT_WALK_FORWARD, outOfSample: '1.5' }, 5241).problems['wf.outOfSample']).toBe('a whole number of bars, at least 2');
    // Without the data's length (a period narrows it) nothing is counted, and main checks the fit.
    const unknown = buildWalkForwardSpec(setup, sma, search, DEFAULT_WALK_FORWARD, null);
    expect(unknown).toMatchObject({ windows: null, runs: null });
    expect(unknown.spec).not.toBeNull();
  });
});

describe('Monte Carlo form', () => {
  it('resamples the open backtest unless another is chosen', () => {
    expect(buildMonteCarloSpec(DEFAULT_MONTE_CARLO, 12).spec).toEqual({ source: { experimentId: 12 }, method: 'trades', simulations: 10_000, seed: 1, samplePaths: SAMPLE_PATHS });
    expect(buildMonteCarloSpec({ ...DEFAULT_MONTE_CARLO, source: 3 }, 12).spec?.source).toEqual({ experimentId: 3 });
    expect(buildMonteCarloSpec(DEFAULT_MONTE_CARLO, null).problems.source).toBe('choose a stored backtest to resample (run one first)');
  });

  it('sends block settings for the bootstrap only, and checks the numbers', () => {
    expect(buildMonteCarloSpec({ ...DEFAULT_MONTE_CARLO, method: 'bootstrap', blockLength: '10', blockMethod: 'fixed', simulations: '5,000' }, 1).spec).toMatchObject({
      method: 'bootstrap', blockLength: 10, blockMethod: 'fixed', simulations: 5000,
    });
    const bad = buildMonteCarloSpec({ ...DEFAULT_MONTE_CARLO, simulations: '5', seed: '-1' }, 1);
    expect(bad.spec).toBeNull();
    expect(bad.problems).toEqual({ simulations: 'paths: from 10 to 200,000', seed: 'seed: a whole number from 0 to 4,294,967,296' });
  });

  it('reads the fan by percentile', () => {
    const fan = fanSeries({ steps: [0, 1, 2], bands: [{ percentile: 5, values: [100, 90, 80] }, { percentile: 50, values: [100, 105, 110] }], samples: [[100, 101, 99]] });
    expect(Array.from(fan.x)).toEqual([0, 1, 2]);
    expect(fan.band(50)).toEqual([100, 105, 110]);
    expect(fan.band(95)).toBeNull();
    expect(percentileValue([{ percentile: 5, value: 1 }], 5)).toBe(1);
    expect(percentileValue([], 5)).toBeNull();
  });
});
