import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { REGIME_COUNT, regimeIndex } from '../../../src/shared/domain/regime';
import { bollinger } from '../../../src/shared/indicators/bollinger';
import { rsi } from '../../../src/shared/indicators/rsi';
import { coerceParamText, describeParams, parseStrategyParams, strategyDefinition, strategyNames } from '../../../src/shared/strategies/registry';
import { loadSpyDaily } from '../../helpers/spy-fixture';
import { closeBars, day } from '../../helpers/trading';

describe('strategy registry', () => {
  it('lists every strategy by name', () => {
    expect(strategyNames()).toEqual(['sma-cross', 'rsi-reversion', 'bollinger-breakout', 'buy-and-hold', 'pairs', 'regime-switch']);
  });

  it('fills defaults, coerces command-line text and names a bad parameter', () => {
    const sma = strategyDefinition('sma-cross');
    expect(parseStrategyParams(sma, {})).toEqual({ fast: 10, slow: 30 });
    expect(parseStrategyParams(sma, { fast: coerceParamText('5'), slow: coerceParamText(' 20 ') })).toEqual({ fast: 5, slow: 20 });
    expect(() => parseStrategyParams(sma, { fast: 30, slow: 10 })).toThrow('strategy sma-cross: fast: fast must be shorter than slow');
    expect(() => parseStrategyParams(sma, { fats: 5 })).toThrow(/unknown parameter fats/);
    expect(() => parseStrategyParams(sma, { fast: 'ten' })).toThrow(/fast:/);
    expect(() => strategyDefinition('macd-magic')).toThrow(/unknown strategy "macd-magic"; choose one of sma-cross/);
    expect(parseStrategyParams(strategyDefinition('rsi-reversion'), { short: coerceParamText('true') })).toMatchObject({ short: true, period: 14 });
  });

  it('describes parameters for forms and optimiser grids', () => {
    expect(describeParams(strategyDefinition('sma-cross'))).toEqual([
      { name: 'fast', type: 'integer', default: 10, min: 1, max: 10_000, description: 'bars in the fast SMA' },
      { name: 'slow', type: 'integer', default: 30, min: 2, max: 10_000, description: 'bars in the slow SMA' },
    ]);
    expect(describeParams(strategyDefinition('pairs')).map((p) => [p.name, p.default])).toEqual([['lookback', 20], ['entry', 2], ['exit', 0.5], ['stop', 3]]);
  });
});

describe('single-symbol strategies on real SPY closes, checked against the indicators computed in batch', () => {
  const bars = loadSpyDaily();
  const indexOf = (t: number) => bars.t.indexOf(t);

  it('buy-and-hold buys once at the second bar open and holds to the end', () => {
    const result = runBacktest({ data: [{ symbol: 'SPY', bars }], strategy: { name: 'buy-and-hold' }, sizing: 'fixed:100' });
    expect(result.fills.map((f) => [f.side, f.qty, f.price])).toEqual([['buy', 100, bars.o[1]]]);
    expect(result.finalEquity).toBeCloseTo(100_000 + 100 * (bars.c.at(-1)! - bars.o[1]!), 6);
  });

  it('rsi-reversion enters the bar after RSI(14) < 30 and leaves the bar after it is back to 50', () => {
    const values = rsi(bars.c, 14);
    const result = runBacktest({ data: [{ symbol: 'SPY', bars }], strategy: { name: 'rsi-reversion' }, sizing: 'fixed:10' });
    expect(result.trades.length).toBeGreaterThan(10);
    for (const trade of result.trades) {
      const signalBar = indexOf(trade.entryTime) - 1;
      const exitSignal = indexOf(trade.exitTime) - 1;
      expect(values[signalBar]).toBeLessThan(30);
      expect(values[exitSignal]).toBeGreaterThanOrEqual(50);
      for (let i = signalBar + 1; i < exitSignal; i++) expect(values[i]).toBeLessThan(50);
    }
  });

  it('bollinger-breakout enters after a close above the upper band and leaves after one below the middle', () => {
    const bands = bollinger(bars.c, 20, 2);
    const result = runBacktest({ data: [{ symbol: 'SPY', bars }], strategy: { name: 'bollinger-breakout' }, sizing: 'fixed:10' });
    expect(result.trades.length).toBeGreaterThan(10);
    for (const trade of result.trades) {
      const signalBar = indexOf(trade.entryTime) - 1;
      const exitSignal = indexOf(trade.exitTime) - 1;
      expect(bars.c[signalBar]).toBeGreaterThan(bands.upper[signalBar]!);
      expect(bars.c[exitSignal]).toBeLessThan(bands.middle[exitSignal]!);
    }
  });
});

describe('regime-switch', () => {
  // A steady uptrend: the trend filter wants to be long from the first cross on.
  const closes = Array.from({ length: 60 }, (_, i) => 100 + i + (i % 2 === 0 ? 0.5 : 0));
  const bars = closeBars(closes);

  function regimes(crisisFrom: number) {
    const p = new Float64Array(closes.length * REGIME_COUNT);
    const label = new Uint8Array(closes.length);
    for (let i = 0; i < closes.length; i++) {
      const crisis = i >= crisisFrom;
      p[i * REGIME_COUNT + regimeIndex(crisis ? 'crisis' : 'bull')] = 0.9;
      p[i * REGIME_COUNT + regimeIndex('sideways')] = 0.1;
      label[i] = regimeIndex(crisis ? 'crisis' : 'bull');
    }
    return { p, label };
  }

  it('is long while the trend is up and bull is likely, and goes flat when a crisis becomes likely', () => {
    const result = runBacktest({ data: [{ symbol: 'XYZ', bars, regimes: regimes(40) }], strategy: { name: 'regime-switch', params: { fast: 3, slow: 6 } }, sizing: 'fixed:10' });
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]!.entryTime).toBe(day(6));
    expect(result.trades[0]!.exitTime).toBe(day(41));
    expect(result.openPositions).toEqual([]);
    expect(result.metrics.regimes?.map((r) => r.regime)).toEqual(expect.arrayContaining(['bull', 'crisis']));
  });

  it('without regime data it trades the trend alone and says so', () => {
    const result = runBacktest({ data: [{ symbol: 'XYZ', bars }], strategy: { name: 'regime-switch', params: { fast: 3, slow: 6 } }, sizing: 'fixed:10' });
    expect(result.openPositions).toHaveLength(1);
    expect(result.notes.join('\n')).toContain('no regime data');
  });
});
