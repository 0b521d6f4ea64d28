/** A run's curves and trades placed on the bars of its price chart. */
import { describe, expect, it } from 'vitest';
import { barIndexAt, buyAndHold, curveOnBars, tradeMarkers, tradeWindow, type TradeLike } from '../../../src/renderer/panels/lab/results/run-series';

const DAY = 86_400_000;
const bars = Float64Array.from({ length: 10 }, (_x, i) => Date.UTC(2024, 0, 1) + i * DAY);

describe('bar index of a time', () => {
  it('is the last bar at or before it', () => {
    expect(barIndexAt(bars, bars[0]!)).toBe(0);
    expect(barIndexAt(bars, bars[4]!)).toBe(4);
    expect(barIndexAt(bars, bars[4]! + 3_600_000)).toBe(4);
    expect(barIndexAt(bars, bars[9]! + DAY)).toBe(9);
    expect(barIndexAt(bars, bars[0]! - DAY)).toBe(0);
    expect(barIndexAt(new Float64Array(0), 5)).toBe(-1);
  });
});

describe('curve on bars', () => {
  it('puts each point at its bar and computes the drawdown from the points', () => {
    const t = [bars[0]!, bars[3]!, bars[5]!, bars[9]!];
    const curve = curveOnBars(t, [100, 120, 90, 130], bars);
    expect(Array.from(curve.x)).toEqual([0, 3, 5, 9]);
    expect(Array.from(curve.equity)).toEqual([100, 120, 90, 130]);
    expect(Array.from(curve.drawdown)).toEqual([0, 0, -0.25, 0]);
  });

  it('keeps the last of several points on one bar (a union timeline of two symbols)', () => {
    const curve = curveOnBars([bars[1]!, bars[1]! + 1000, bars[2]!], [100, 101, 102], bars);
    expect(Array.from(curve.x)).toEqual([1, 2]);
    expect(Array.from(curve.equity)).toEqual([101, 102]);
  });
});

describe('buy and hold', () => {
  it('is the starting cash grown with the close from the first point', () => {
    const closes = [50, 55, 60, 45, 50, 100, 10, 10, 10, 10];
    expect(Array.from(buyAndHold(Float64Array.from([0, 2, 3, 5]), closes, 10_000))).toEqual([10_000, 12_000, 9_000, 20_000]);
    expect(buyAndHold(new Float64Array(0), closes, 1).length).toBe(0);
  });
});

describe('trade markers', () => {
  const trades: TradeLike[] = [
    { symbol: 'SPY', side: 'long', qty: 10, entryTime: bars[1]!, entryPrice: 100, exitTime: bars[4]!, exitPrice: 110 },
    { symbol: 'SPY', side: 'short', qty: 5, entryTime: bars[6]!, entryPrice: 120, exitTime: bars[8]!, exitPrice: 115 },
    { symbol: 'QQQ', side: 'long', qty: 1, entryTime: bars[2]!, entryPrice: 1, exitTime: bars[3]!, exitPrice: 2 },
  ];

  it('buy at a long entry, sell at its exit; sell at a short entry, buy to cover; only the chart symbol', () => {
    expect(tradeMarkers(trades, 'SPY', bars)).toEqual([
      { index: 1, side: 'buy', price: 100, label: 'Buy 10' },
      { index: 4, side: 'sell', price: 110, label: 'Sell 10' },
      { index: 6, side: 'sell', price: 120, label: 'Short 5' },
      { index: 8, side: 'buy', price: 115, label: 'Cover 5' },
    ]);
  });

  it('marks the entry of a position still open at the end', () => {
    const open = [{ symbol: 'SPY', qty: -3, entryTime: bars[9]!, entryPrice: 130 }, { symbol: 'SPY', qty: 2, entryTime: null, entryPrice: 1 }];
    expect(tradeMarkers([], 'SPY', bars, open)).toEqual([{ index: 9, side: 'sell', price: 130, label: 'Short 3 (open)' }]);
  });

  it('zooms to a trade with room either side, inside the data', () => {
    const many = Float64Array.from({ length: 500 }, (_x, i) => i * DAY);
    expect(tradeWindow({ ...trades[0]!, entryTime: 100 * DAY, exitTime: 140 * DAY }, many)).toEqual({ min: 70, max: 170 });
    expect(tradeWindow({ ...trades[0]!, entryTime: 2 * DAY, exitTime: 3 * DAY }, many)).toEqual({ min: -0.5, max: 13 });
    expect(tradeWindow({ ...trades[0]!, entryTime: 495 * DAY, exitTime: 499 * DAY }, many)).toEqual({ min: 485, max: 499.5 });
  });
});
