/** The optimisation form: ranges, the spec it sends, the backtest a heatmap cell runs, and where cells sit. */
import { describe, expect, it } from 'vitest';
import type { StrategyInfo } from '../../../src/shared/ipc/services/backtest';
import { describeParams, STRATEGIES } from '../../../src/shared/strategies/registry';
import { defaultRange, parseRange } from '../../../src/renderer/panels/lab/optimize/range-form';
import { axesOf, buildOptimizationSpec, EMPTY_OPTIMIZE } from '../../../src/renderer/panels/lab/optimize/optimize-spec';
import { cellBacktestSpec, rowOfCell } from '../../../src/renderer/panels/lab/optimize/cell-backtest';
import { buildBacktestSpec, EMPTY_SETUP, parseDay } from '../../../src/renderer/panels/lab/setup/lab-setup';
import { cellAt, cellOrigin, heatmapLayout, labelStride } from '../../../src/renderer/panels/lab/heatmap/heatmap-layout';

function info(name: string): StrategyInfo {
  const d = STRATEGIES.find((s) => s.name === name)!;
  return { name: d.name, summary: d.summary, symbols: d.symbols, defaultSizing: d.defaultSizing, usesRegime: name === 'regime-switch', params: describeParams(d).map((p) => ({ ...p, step: p.type === 'integer' ? 1 : null })) };
}
const sma = info('sma-cross');
const field = (s: StrategyInfo, name: string) => s.params.find((p) => p.name === name)!;
const setup = { ...EMPTY_SETUP, datasets: [3, null] };

describe('ranges', () => {
  it('start around the default: half to twice, about ten values, in bounds', () => {
    expect(defaultRange(field(sma, 'fast'))).toEqual({ start: '5', stop: '20', step: '2' });
    expect(defaultRange(field(sma, 'slow'))).toEqual({ start: '15', stop: '60', step: '5' });
    const k = field(info('bollinger-breakout'), 'k');
    expect(defaultRange(k)).toEqual({ start: '1', stop: '4', step: '0.5' });
  });

  it('give their values, or say what is wrong', () => {
    expect(parseRange(field(sma, 'fast'), { start: '5', stop: '20', step: '5' }).values).toEqual([5, 10, 15, 20]);
    expect(parseRange(field(sma, 'fast'), { start: '5', stop: '20', step: '2.5' }).problem).toBe('fast takes whole numbers: use a whole start, stop and step');
    expect(parseRange(field(sma, 'fast'), { start: '0', stop: '20', step: '1' }).problem).toBe('fast is at least 1');
    expect(parseRange(field(sma, 'fast'), { start: '20', stop: '5', step: '1' }).problem).toBe('stop must not be below start');
    expect(parseRange(field(sma, 'fast'), { start: '5', stop: '20', step: '0' }).problem).toBe('step must be above 0');
    expect(parseRange(field(sma, 'fast'), { start: 'a', stop: '20', step: '1' }).problem).toBe('start: "a" is not a number');
    expect(parseRange(field(sma, 'fast'), { start: '1', stop: '1000', step: '1' }).problem).toMatch(/^1000 values; use a larger step/);
    const k = field(info('bollinger-breakout'), 'k');
    expect(parseRange(k, { start: '0.1', stop: '0.3', step: '0.1' }).values).toEqual([0.1, 0.2, 0.3]);
  });
});

describe('optimisation spec', () => {
  it('searches the first two numeric parameters, with the setup as fixed settings', () => {
    const parsed = buildOptimizationSpec(setup, sma, { ...EMPTY_OPTIMIZE, ranges: { fast: { start: '5', stop: '20', step: '5' }, slow: { start: '30', stop: '60', step: '10' } } });
    expect(parsed.problems).toEqual({});
    expect(parsed.sets).toBe(16);
    expect(parsed.spec).toEqual({
      datasets: [3],
      strategy: 'sma-cross',
      initialCash: 100_000,
      fill: { marketFill: 'next-open', commission: 'none', slippage: 'none' },
      fixedParams: {},
      space: [
        { name: 'fast', range: { start: 5, stop: 20, step: 5 } },
        { name: 'slow', range: { start: 30, stop: 60, step: 10 } },
      ],
      search: { kind: 'grid' },
      objective: 'sharpe',
      minTrades: 0,
    });
  });

  it('keeps unsearched parameters fixed, and does not apply cross-field rules to searched ones', () => {
    const rsi = info('rsi-reversion');
    const withBadFast = { ...setup, strategy: 'rsi-reversion', params: { 'rsi-reversion': { period: '14', oversold: '30', overbought: '70', exit: '50', short: true } } };
    const parsed = buildOptimizationSpec(withBadFast, rsi, { ...EMPTY_OPTIMIZE, x: 'period', y: 'exit' });
    expect(parsed.problems).toEqual({});
    expect(parsed.spec?.fixedParams).toEqual({ oversold: 30, overbought: 70, short: true });
    // A backtest of the same setup with fast ≥ slow is refused at the field; an optimisation of fast and slow is not.
    const smaBad = { ...setup, params: { 'sma-cross': { fast: '50', slow: '20' } } };
    expect(buildBacktestSpec(smaBad, sma).problems).toEqual({ 'param.fast': 'fast must be shorter than slow' });
    expect(buildOptimizationSpec(smaBad, sma, EMPTY_OPTIMIZE).problems).toEqual({});
  });

  it('refuses a search too large, a bad sample count, and a strategy with one parameter', () => {
    const big = buildOptimizationSpec(setup, sma, { ...EMPTY_OPTIMIZE, ranges: { fast: { start: '1', stop: '200', step: '1' }, slow: { start: '2', stop: '201', step: '1' } } });
    expect(big.sets).toBe(40_000);
    expect(big.spec).not.toBeNull();
    const huge = buildOptimizationSpec(setup, sma, { ...EMPTY_OPTIMIZE, ranges: { fast: { start: '1', stop: '200', step: '1' }, slow: { start: '2', stop: '600', step: '2' } } });
    expect(huge.problems['range.y']).toBe('300 values; use a larger step (at most 200 per parameter)');
    expect(huge.spec).toBeNull();
    const random = buildOptimizationSpec(setup, sma, { ...EMPTY_OPTIMIZE, search: 'random', samples: '0' });
    expect(random.problems.samples).toBe('a whole number of samples, 1 or more');
    expect(buildOptimizationSpec(setup, info('buy-and-hold'), EMPTY_OPTIMIZE).problems.axes).toMatch(/fewer than two numeric parameters/);
  });

  it('keeps the two axes distinct when one is changed to the other', () => {
    expect(axesOf({ ...EMPTY_OPTIMIZE, x: 'slow', y: 'slow' }, sma)).toEqual({ x: 'slow', y: 'fast' });
  });
});

describe('setup', () => {
  it('needs a dataset per leg, two different ones for a pair', () => {
    expect(buildBacktestSpec(EMPTY_SETUP, sma).problems['dataset.0']).toBe('choose a dataset');
    const pairs = info('pairs');
    expect(buildBacktestSpec({ ...EMPTY_SETUP, strategy: 'pairs', datasets: [4, 4] }, pairs).problems['dataset.1']).toBe('choose two different datasets');
    expect(buildBacktestSpec({ ...EMPTY_SETUP, strategy: 'pairs', datasets: [4, 5] }, pairs).spec).toMatchObject({ datasets: [4, 5], strategy: 'pairs' });
  });

  it('bounds the period by whole days, the end day included', () => {
    expect(parseDay('2020-02-30')).toEqual({ problem: '2020-02-30 is not a calendar date' });
    expect(parseDay('20200101')).toEqual({ problem: 'a date as YYYY-MM-DD' });
    const { spec } = buildBacktestSpec({ ...setup, from: '2020-01-01', to: '2020-12-31', name: ' my run ' }, sma);
    expect(spec).toMatchObject({ from: Date.UTC(2020, 0, 1), to: Date.UTC(2021, 0, 1) - 1, name: 'my run' });
    expect(buildBacktestSpec({ ...setup, from: '2021-01-01', to: '2020-01-01' }, sma).problems.to).toBe('must be after the start date');
  });

  it('asks regime-reading strategies where their regimes come from', () => {
    expect(buildBacktestSpec(setup, info('regime-switch')).spec).toMatchObject({ regime: 'auto' });
    expect(buildBacktestSpec(setup, sma).spec).not.toHaveProperty('regime');
  });
});

describe('heatmap cell backtest', () => {
  const rows = [
    { index: 0, params: { fast: 5, slow: 30 }, score: 0.5, metrics: null, error: null },
    { index: 1, params: { fast: 5, slow: 40 }, score: 0.7, metrics: null, error: null },
  ];
  it('finds the row of a cell and runs it on the optimisation\'s own data and costs', () => {
    expect(rowOfCell(rows, { name: 'fast', value: 5 }, { name: 'slow', value: 40 })?.index).toBe(1);
    expect(rowOfCell(rows, { name: 'fast', value: 6 }, { name: 'slow', value: 40 })).toBeUndefined();
    const optimization = { id: 12, spec: { datasets: [3], strategy: 'rsi-reversion', initialCash: 5000, fill: { commission: 'bps:5' }, space: [], objective: 'sharpe', fixedParams: { short: true } } };
    expect(cellBacktestSpec(optimization, { period: 10, exit: 55 }, { short: true })).toEqual({
      datasets: [3], strategy: 'rsi-reversion', initialCash: 5000, fill: { commission: 'bps:5' }, params: { short: true, period: 10, exit: 55 }, name: 'from optimisation #12',
    });
  });
});

describe('heatmap layout', () => {
  const layout = heatmapLayout(64 + 400 + 96, 10 + 200 + 44, 4, 5);
  it('puts y = 0 at the bottom and finds the cell under a point', () => {
    expect(layout.cellWidth).toBe(100);
    expect(layout.cellHeight).toBe(40);
    expect(cellOrigin(layout, 5, 0, 0)).toEqual({ x: 64, y: 10 + 160 });
    expect(cellOrigin(layout, 5, 3, 4)).toEqual({ x: 364, y: 10 });
    expect(cellAt(layout, 4, 5, 64 + 150, 10 + 5)).toEqual({ xi: 1, yi: 4 });
    expect(cellAt(layout, 4, 5, 64 + 399, 10 + 199)).toEqual({ xi: 3, yi: 0 });
    expect(cellAt(layout, 4, 5, 63, 50)).toBeNull();
    expect(cellAt(layout, 4, 5, 100, 10 + 200)).toBeNull();
  });
  it('thins labels that would overlap', () => {
    expect(labelStride(50, 8, 40)).toBe(5);
    expect(labelStride(5, 100, 40)).toBe(1);
  });
});
