import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { alignTimeline } from '../../../src/shared/backtest/timeline';
import { SimulatedBroker } from '../../../src/shared/broker/sim/simulated-broker';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import type { Signal } from '../../../src/shared/domain/signal';
import { BarSeries } from '../../../src/shared/engine/bar-series';
import { signalToOrders } from '../../../src/shared/engine/signal-router';
import type { Strategy, StrategyContext, StrategyOutput } from '../../../src/shared/engine/strategy';
import { TradingEngine } from '../../../src/shared/engine/trading-engine';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { NULL_ORDER_JOURNAL } from '../../../src/shared/oms/order-journal';
import { BACKTEST_RISK_LIMITS, type RiskLimits } from '../../../src/shared/risk/risk-limits';
import { parseSizing } from '../../../src/shared/risk/sizing';
import { closeBars, dailyBars, day } from '../../helpers/trading';

const signal = (action: Signal['action'], fields: Partial<Signal> = {}): Signal => ({ symbol: 'XYZ', action, confidence: 1, strategyId: 't', timestamp: 0, ...fields });

describe('signals become orders', () => {
  const size = () => 100;
  it('BUY: flat → a sized long; short → cover all; long → nothing', () => {
    expect(signalToOrders(signal('BUY'), 0, size).orders).toMatchObject([{ side: 'buy', qty: 100, type: 'market' }]);
    expect(signalToOrders(signal('BUY'), -30, size).orders).toMatchObject([{ side: 'buy', qty: 30 }]);
    expect(signalToOrders(signal('BUY'), 30, size)).toEqual({ orders: [], skipped: 'already long XYZ' });
  });
  it('SELL mirrors BUY; HOLD does nothing', () => {
    expect(signalToOrders(signal('SELL'), 0, size).orders).toMatchObject([{ side: 'sell', qty: 100 }]);
    expect(signalToOrders(signal('SELL'), 40, size).orders).toMatchObject([{ side: 'sell', qty: 40 }]);
    expect(signalToOrders(signal('HOLD'), 40, size)).toEqual({ orders: [], skipped: 'HOLD' });
  });
  it('a quantity through zero closes then opens, and only the opening part carries the bracket', () => {
    const { orders } = signalToOrders(signal('SELL', { quantity: 150, priceTarget: 101, stopLoss: 110, takeProfit: 90 }), 100, size);
    expect(orders).toEqual([
      { symbol: 'XYZ', side: 'sell', qty: 100, timeInForce: 'day', tag: 't', type: 'limit', limitPrice: 101 },
      { symbol: 'XYZ', side: 'sell', qty: 50, timeInForce: 'day', tag: 't', type: 'limit', limitPrice: 101, orderClass: 'bracket', takeProfit: { limitPrice: 90 }, stopLoss: { stopPrice: 110 } },
    ]);
  });
  it('a stop alone makes an OTO', () => {
    expect(signalToOrders(signal('BUY', { stopLoss: 95 }), 0, size).orders[0]).toMatchObject({ orderClass: 'oto', stopLoss: { stopPrice: 95 } });
  });
});

/** Buys 100 on bar `buyAt`, sells short 50 of another symbol, then does nothing. */
function scripted(actions: Record<number, StrategyOutput>): Strategy {
  return { id: 'scripted', onBar: (ctx: StrategyContext) => actions[ctx.step] };
}

/** One symbol's closes through a TradingEngine with the simulated broker; `step(k)` runs bar k. */
function engineOn(closes: number[], actions: Record<number, StrategyOutput>, riskLimits: RiskLimits = BACKTEST_RISK_LIMITS) {
  const instruments = [equityInstrument('XYZ')];
  const series = [BarSeries.fromColumns('XYZ', closeBars(closes), 'UTC')];
  let clock = 0;
  const broker = new SimulatedBroker({ instruments, initialCash: 100_000, clock: () => clock });
  const engine = new TradingEngine({
    instruments,
    series,
    strategy: scripted(actions),
    broker,
    barBroker: broker,
    initialCash: 100_000,
    sizer: parseSizing('fixed:1'),
    riskLimits,
    journal: NULL_ORDER_JOURNAL,
    ids: sequentialOrderIds(),
    lastBarEndsSession: true,
    clock: () => clock,
  });
  const timeline = alignTimeline(series);
  const step = (k: number) => {
    clock = timeline.t[k]!;
    engine.step(timeline.symbols, timeline.offsets[k]!, timeline.offsets[k + 1]!);
  };
  return { engine, step };
}

describe('the trading engine', () => {
  it('aligns symbols by time: each step sees the symbols that traded then', () => {
    const a = dailyBars([[10, 10, 10, 10], [11, 11, 11, 11], [12, 12, 12, 12]]);
    const b = { ...closeBars([20, 21]), t: Float64Array.of(day(1), day(2)) };
    const seen: string[] = [];
    const watcher: Strategy = {
      id: 'w',
      onBar(ctx) {
        seen.push(ctx.symbols.filter((s) => ctx.updated(s)).join('+') + `@${ctx.bars('AAA').lastClose}/${ctx.bars('BBB').lastClose}`);
        return;
      },
    };
    const result = runBacktest({ data: [{ symbol: 'AAA', bars: a }, { symbol: 'BBB', bars: b }], strategy: { instance: watcher } });
    expect(seen).toEqual(['AAA@10/NaN', 'AAA+BBB@11/20', 'AAA+BBB@12/21']);
    expect(result.bars).toBe(3);
  });

  it('trades long and short in several symbols in one run', () => {
    const a = closeBars([10, 10, 12, 12]);
    const b = closeBars([50, 50, 40, 40]);
    const result = runBacktest({
      data: [{ symbol: 'AAA', bars: a }, { symbol: 'BBB', bars: b }],
      strategy: { instance: scripted({ 0: [{ symbol: 'AAA', side: 'buy', qty: 100, type: 'market' }, { symbol: 'BBB', side: 'sell', qty: 10, type: 'market' }], 2: [{ symbol: 'AAA', action: 'SELL', confidence: 1, strategyId: 's', timestamp: 0 }, { symbol: 'BBB', action: 'BUY', confidence: 1, strategyId: 's', timestamp: 0 }] }) },
    });
    expect(result.trades.map((t) => [t.symbol, t.side, t.qty, t.entryPrice, t.exitPrice, t.pnl])).toEqual([
      ['AAA', 'long', 100, 10, 12, 200],
      ['BBB', 'short', 10, 50, 40, 100],
    ]);
    expect(result.finalEquity).toBe(100_300);
    expect(result.openPositions).toEqual([]);
  });

  it('kill switch: cancels every working order, flattens every position, and halts new entries', () => {
    const { engine, step } = engineOn([100, 100, 101, 102, 103, 104], {
      0: { symbol: 'XYZ', side: 'buy', qty: 100, type: 'market' },
      1: { symbol: 'XYZ', side: 'buy', qty: 50, type: 'limit', limitPrice: 90, timeInForce: 'gtc' },
      4: { symbol: 'XYZ', side: 'buy', qty: 10, type: 'market' },
    });
    for (let k = 0; k < 3; k++) step(k);
    expect(engine.portfolio.positionQty('XYZ')).toBe(100);
    expect(engine.oms.workingOrders('XYZ')).toHaveLength(1);
    const flatten = engine.killSwitch('test');
    expect(engine.risk.state).toBe('HALTED');
    expect(engine.oms.workingOrders('XYZ').map((o) => o.side)).toEqual(['sell']);
    expect(flatten.map((r) => r.sent)).toEqual([true]);
    step(3);
    expect(engine.portfolio.positionQty('XYZ')).toBe(0);
    step(4); // the strategy tries to buy again
    expect(engine.oms.orders().at(-1)).toMatchObject({ status: 'rejected' });
    expect(engine.oms.orders().at(-1)!.reason).toContain('HALTED (test)');
  });

  it('max daily loss halts the strategy inside a backtest, and the next session lifts it', () => {
    // Long 1000 at 100; day 2 falls to 95 (−5 % of 100k); the strategy's next buy is refused.
    const bars = closeBars([100, 100, 95, 95, 96]);
    const result = runBacktest({
      data: [{ symbol: 'XYZ', bars }],
      strategy: { instance: scripted({ 0: { symbol: 'XYZ', side: 'buy', qty: 1000, type: 'market' }, 2: { symbol: 'XYZ', side: 'buy', qty: 10, type: 'market' }, 3: { symbol: 'XYZ', side: 'buy', qty: 10, type: 'market' } }) },
      risk: { maxDailyLossPct: 3 },
    });
    expect(result.tradingStateChanges.map((c) => [c.to, new Date(c.t).toISOString().slice(0, 10)])).toEqual([
      ['HALTED', '2024-01-03'],
      ['ACTIVE', '2024-01-04'],
    ]);
    expect(result.riskDenials).toHaveLength(1);
    expect(result.riskDenials[0]!.rules.find((r) => r.rule === 'max_daily_loss')!.detail).toBe('day loss 5.00% (limit 3.00%)');
    expect(result.fills.map((f) => f.qty)).toEqual([1000, 10]);
  });

  it('a position cap refuses an all-in order under live limits', () => {
    const result = runBacktest({ data: [{ symbol: 'XYZ', bars: closeBars([100, 101, 102]) }], strategy: { name: 'buy-and-hold' }, risk: { maxPositionPct: 10 } });
    expect(result.fills).toEqual([]);
    expect(result.riskDenials[0]!.rules.find((r) => !r.passed)!.rule).toBe('max_position_size');
    const capped = runBacktest({ data: [{ symbol: 'XYZ', bars: closeBars([100, 101, 102]) }], strategy: { name: 'buy-and-hold' }, sizing: 'percent:10', risk: { maxPositionPct: 10 } });
    expect(capped.fills.map((f) => f.qty)).toEqual([100]);
  });

  it('the stop protecting a position is its working exit stop, and the portfolio-risk rule uses it', () => {
    // Limit 1.7 % of 100,000 = 1,700: the open 100 shares risk 1,000 to their stop at 90; 400 more with a
    // default 2 % stop (2 per share) risk 800. Without the known stop the first would count 200.
    const { engine, step } = engineOn(
      [100, 100, 100, 100],
      {
        0: { symbol: 'XYZ', side: 'buy', qty: 100, type: 'market', orderClass: 'bracket', takeProfit: { limitPrice: 120 }, stopLoss: { stopPrice: 90 }, timeInForce: 'gtc' },
        2: { symbol: 'XYZ', side: 'buy', qty: 400, type: 'market' },
      },
      { ...BACKTEST_RISK_LIMITS, maxPortfolioRiskPct: 1.7 },
    );
    for (let k = 0; k < 3; k++) step(k);
    expect(engine.protectiveStop('XYZ')).toBe(90);
    const denied = engine.oms.orders().at(-1)!;
    expect(denied).toMatchObject({ status: 'rejected', qty: 400 });
    expect(denied.reason).toContain('risk to stops 1800.00 = 1.80% of equity (limit 1.70%)');
  });

  it('takes the broker\'s cash and positions as the truth', () => {
    const instruments = [equityInstrument('AAA'), equityInstrument('BBB')];
    const series = instruments.map((i) => BarSeries.empty(i.symbol, 'America/New_York'));
    const broker = new SimulatedBroker({ instruments, initialCash: 0, clock: () => 0 });
    const engine = new TradingEngine({ instruments, series, strategy: scripted({}), broker, barBroker: broker, initialCash: 0, sizer: parseSizing('fixed:1'), riskLimits: BACKTEST_RISK_LIMITS, journal: NULL_ORDER_JOURNAL, ids: sequentialOrderIds(), lastBarEndsSession: false, clock: () => 0 });
    engine.portfolio.restoreHoldings(25_000, [{ symbol: 'AAA', qty: 100, avgEntryPrice: 50, lastPrice: 55 }, { symbol: 'BBB', qty: -20, avgEntryPrice: 100, lastPrice: 90 }], 123);
    expect(engine.portfolio.equity()).toBe(25_000 + 5500 - 1800);
    expect(engine.portfolio.unrealizedPnl()).toBe(500 + 200);
    expect(engine.portfolio.position('BBB')).toMatchObject({ qty: -20, openedAt: 123 });
  });
});
