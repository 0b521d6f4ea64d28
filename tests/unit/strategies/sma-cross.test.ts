import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { closeBars, day } from '../../helpers/trading';
import { loadSpyDaily } from '../../helpers/spy-fixture';

describe('sma-cross, pinned on hand-made series', () => {
  it('fast 2 / slow 3: buys when fast − slow turns positive, sells when it turns negative, at the next open', () => {
    //            i:  0   1   2   3  4  5   6   7   8  9 10 11  12  13
    const closes = [10, 10, 10, 9, 8, 9, 11, 12, 11, 9, 8, 8, 10, 12];
    // fast − slow from i=2: 0 (no sign yet), −, −, −, + (i=6: BUY), +, +, − (i=9: SELL), −, −, + (i=12: BUY), +
    const result = runBacktest({ data: [{ symbol: 'XYZ', bars: closeBars(closes) }], strategy: { name: 'sma-cross', params: { fast: 2, slow: 3 } }, sizing: 'fixed:10' });
    expect(result.fills.map((f) => [f.side, f.qty, f.price, f.t])).toEqual([
      ['buy', 10, 12, day(7)],
      ['sell', 10, 8, day(10)],
      ['buy', 10, 12, day(13)],
    ]);
    expect(result.trades).toEqual([
      expect.objectContaining({ symbol: 'XYZ', side: 'long', qty: 10, entryTime: day(7), entryPrice: 12, exitTime: day(10), exitPrice: 8, pnl: -40 }),
    ]);
    expect(result.openPositions).toEqual([{ symbol: 'XYZ', qty: 10, entryTime: day(13), entryPrice: 12, lastPrice: 12, unrealizedPnl: 0 }]);
    expect(result.finalEquity).toBe(100_000 - 40);
    expect(result.bars).toBe(14);
  });

  it('a zero difference keeps the previous sign (no cross at zero, a cross after it)', () => {
    //            i:  0   1   2  3   4   5   6
    const closes = [12, 11, 10, 9, 11, 13, 14];
    // i=2: −0.5, i=3: −0.5, i=4: fast 10 = slow 10 (zero: still −), i=5: + → BUY, filled at i=6's open.
    const result = runBacktest({ data: [{ symbol: 'XYZ', bars: closeBars(closes) }], strategy: { name: 'sma-cross', params: { fast: 2, slow: 3 } }, sizing: 'fixed:1' });
    expect(result.fills.map((f) => [f.side, f.price, f.t])).toEqual([['buy', 14, day(6)]]);
  });

  it('with --fill close the same signals fill at the signal bar close', () => {
    const closes = [10, 10, 10, 9, 8, 9, 11, 12, 11, 9, 8, 8, 10, 12];
    const result = runBacktest({ data: [{ symbol: 'XYZ', bars: closeBars(closes) }], strategy: { name: 'sma-cross', params: { fast: 2, slow: 3 } }, sizing: 'fixed:10', fillModel: { marketFill: 'close' } });
    expect(result.fills.map((f) => [f.side, f.price, f.t])).toEqual([
      ['buy', 11, day(6)],
      ['sell', 9, day(9)],
      ['buy', 10, day(12)],
    ]);
  });

  it('smoke run on real SPY daily bars (1999–2020): deterministic, consistent with its own fills', () => {
    const bars = loadSpyDaily();
    const run = () => runBacktest({ data: [{ symbol: 'SPY', bars }], strategy: { name: 'sma-cross' }, sizing: 'fixed:100', fillModel: { commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: null } } });
    const a = run();
    const b = run();
    expect(a.bars).toBe(5241);
    expect(b.finalEquity).toBe(a.finalEquity);
    expect(b.orders.map((o) => o.clientOrderId)).toEqual(a.orders.map((o) => o.clientOrderId));
    expect(a.trades.length).toBeGreaterThan(50);
    // Each trade enters at the open after a cross up and leaves at the open after a cross down.
    for (const trade of a.trades) {
      const entry = bars.t.indexOf(trade.entryTime);
      const exit = bars.t.indexOf(trade.exitTime);
      expect(trade.entryPrice).toBe(bars.o[entry]);
      expect(trade.exitPrice).toBe(bars.o[exit]);
      expect(trade.pnl).toBeCloseTo((trade.exitPrice - trade.entryPrice) * 100 - 2, 9);
    }
    const realised = a.trades.reduce((sum, t) => sum + t.pnl, 0);
    const open = a.openPositions.reduce((sum, p) => sum + p.unrealizedPnl, 0);
    const openCommission = a.fills.length % 2 === 1 ? 1 : 0;
    expect(a.finalEquity).toBeCloseTo(100_000 + realised + open - openCommission, 6);
    expect(a.metrics.trades.tradeCount).toBe(a.trades.length);
    expect(a.metrics.maxDrawdown).toBeGreaterThan(0);
  });
});
