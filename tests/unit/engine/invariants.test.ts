import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { alignTimeline } from '../../../src/shared/backtest/timeline';
import { SimulatedBroker } from '../../../src/shared/broker/sim/simulated-broker';
import { barColumnsFromBars, type Bar, type BarColumns } from '../../../src/shared/domain/bar';
import { equityInstrument, type Instrument } from '../../../src/shared/domain/instrument';
import type { OrderRequest } from '../../../src/shared/domain/order';
import { BarSeries } from '../../../src/shared/engine/bar-series';
import type { Strategy, StrategyContext, StrategyIntent } from '../../../src/shared/engine/strategy';
import { TradingEngine } from '../../../src/shared/engine/trading-engine';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal } from '../../../src/shared/oms/order-journal';
import { BACKTEST_RISK_LIMITS } from '../../../src/shared/risk/risk-limits';
import { parseSizing } from '../../../src/shared/risk/sizing';
import { day } from '../../helpers/trading';

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

/** A random walk of daily bars; `skip` drops some days (a symbol that does not trade every day). */
function walk(seed: number, count: number, start: number, skip = 0): BarColumns {
  const next = random(seed);
  const bars: Bar[] = [];
  let price = start;
  for (let d = 0; d < count; d++) {
    const open = price * (1 + (next() - 0.5) * 0.02);
    const close = open * (1 + (next() - 0.5) * 0.04);
    const high = Math.max(open, close) * (1 + next() * 0.01);
    const low = Math.min(open, close) * (1 - next() * 0.01);
    price = close;
    if (skip > 0 && next() < skip) continue;
    bars.push({ t: day(d), o: open, h: high, l: low, c: close, v: 2000 + Math.floor(next() * 8000) });
  }
  return barColumnsFromBars(bars);
}

/** Sends a random mix of every order type, long and short, in two symbols. */
class Churn implements Strategy {
  readonly id = 'churn';
  private readonly next = random(7);

  onBar(ctx: StrategyContext): StrategyIntent[] | undefined {
    const out: StrategyIntent[] = [];
    for (const symbol of ctx.symbols) {
      if (!ctx.updated(symbol) || this.next() < 0.6) continue;
      const price = ctx.bars(symbol).lastClose;
      const side = this.next() < 0.5 ? 'buy' : 'sell';
      const qty = 1 + Math.floor(this.next() * 300);
      const up = side === 'buy' ? 1 : -1;
      const round = (x: number) => Math.round(x * 100) / 100;
      const kind = Math.floor(this.next() * 7);
      const base = { symbol, side, qty, timeInForce: 'gtc' } as const;
      const orders: OrderRequest[] = [
        { ...base, type: 'market' },
        { ...base, type: 'limit', limitPrice: round(price * (1 - up * 0.01)) },
        { ...base, type: 'stop', stopPrice: round(price * (1 + up * 0.01)) },
        { ...base, type: 'stop_limit', stopPrice: round(price * (1 + up * 0.005)), limitPrice: round(price * (1 + up * 0.01)) },
        { ...base, type: 'trailing_stop', trailPercent: 2 },
        { ...base, type: 'market', orderClass: 'bracket', takeProfit: { limitPrice: round(price * (1 + up * 0.03)) }, stopLoss: { stopPrice: round(price * (1 - up * 0.03)) } },
        { ...base, type: 'market', timeInForce: 'day' },
      ];
      out.push(orders[kind]!);
      if (this.next() < 0.1) out.push({ symbol, action: this.next() < 0.5 ? 'BUY' : 'SELL', confidence: 1, strategyId: this.id, timestamp: ctx.t });
    }
    return out.length > 0 ? out : undefined;
  }
}

describe('cash + positions = equity, after every event', () => {
  it('holds through thousands of fills of every order type, long and short, two symbols, costs and partial fills', async () => {
    const data = [walk(1, 600, 100), walk(2, 600, 40, 0.2)];
    const instruments: Instrument[] = [equityInstrument('AAA'), equityInstrument('FUT', { assetClass: 'future', multiplier: 5, shortable: true })];
    const series = data.map((bars, i) => BarSeries.fromColumns(instruments[i]!.symbol, bars, 'UTC'));
    let clock = 0;
    const initialCash = 1_000_000;
    const broker = new SimulatedBroker({
      instruments,
      initialCash,
      clock: () => clock,
      fillModel: { maxVolumePct: 5, slippage: { kind: 'bps', bps: 3 }, commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: 1 } },
    });
    const engine = new TradingEngine({
      instruments,
      series,
      strategy: new Churn(),
      broker,
      barBroker: broker,
      initialCash,
      sizer: parseSizing('fixed:50'),
      riskLimits: BACKTEST_RISK_LIMITS,
      journal: new MemoryOrderJournal(),
      ids: sequentialOrderIds(),
      lastBarEndsSession: true,
      clock: () => clock,
    });
    const portfolio = engine.portfolio;
    let checks = 0;
    let cashFromFills = initialCash;
    const sides = new Set<string>();
    engine.oms.onEvent((event) => {
      if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') {
        const { fill } = event;
        const m = fill.symbol === 'FUT' ? 5 : 1;
        cashFromFills -= (fill.side === 'buy' ? 1 : -1) * fill.qty * fill.price * m + fill.commission;
      }
      const equity = portfolio.cash + portfolio.longMarketValue() + portfolio.shortMarketValue();
      const fromPnl = initialCash + portfolio.realizedPnl() + portfolio.unrealizedPnl() - portfolio.commissions();
      expect(Math.abs(equity - fromPnl)).toBeLessThan(1e-6);
      expect(Math.abs(portfolio.equity() - equity)).toBeLessThan(1e-6);
      expect(Math.abs(portfolio.cash - cashFromFills)).toBeLessThan(1e-6);
      for (const symbol of ['AAA', 'FUT']) {
        const q = portfolio.positionQty(symbol);
        if (q !== 0) sides.add(`${symbol} ${q > 0 ? 'long' : 'short'}`);
      }
      checks++;
    });
    const timeline = alignTimeline(series);
    for (let k = 0; k < timeline.t.length; k++) {
      clock = timeline.t[k]!;
      engine.step(timeline.symbols, timeline.offsets[k]!, timeline.offsets[k + 1]!);
    }
    expect(engine.fills.length).toBeGreaterThan(200);
    expect(checks).toBeGreaterThan(1000);
    expect([...sides].sort()).toEqual(['AAA long', 'AAA short', 'FUT long', 'FUT short']);
    expect(engine.fills.some((f) => f.qty !== engine.oms.order(f.clientOrderId)!.qty)).toBe(true); // partial fills happened
    // The broker's own books agree with the engine's portfolio.
    const account = await broker.fetchAccount();
    expect(account.cash).toBeCloseTo(portfolio.cash, 6);
    expect(account.equity).toBeCloseTo(portfolio.equity(), 6);
    const positions = await broker.fetchPositions();
    expect(Object.fromEntries(positions.map((p) => [p.symbol, p.qty]))).toEqual(Object.fromEntries(portfolio.openPositions().map((p) => [p.symbol, p.qty])));
  });

  it('every point of the equity curve equals cash from the fills so far plus positions at that bar', () => {
    const data = [{ symbol: 'AAA', bars: walk(3, 250, 100) }, { symbol: 'BBB', bars: walk(4, 250, 20, 0.3) }];
    const result = runBacktest({ data, strategy: { instance: new Churn() }, sizing: 'fixed:20', fillModel: { commission: { kind: 'bps', bps: 5, min: 1 }, slippage: { kind: 'ticks', ticks: 1 } } });
    expect(result.fills.length).toBeGreaterThan(50);
    const qty = new Map<string, number>();
    let cash = result.initialCash;
    let f = 0;
    const lastClose = new Map<string, number>();
    const cursor = new Map<string, number>(data.map((d) => [d.symbol, 0]));
    for (let k = 0; k < result.equity.t.length; k++) {
      const t = result.equity.t[k]!;
      for (const d of data) {
        let i = cursor.get(d.symbol)!;
        while (i < d.bars.t.length && d.bars.t[i]! <= t) lastClose.set(d.symbol, d.bars.c[i++]!);
        cursor.set(d.symbol, i);
      }
      while (f < result.fills.length && result.fills[f]!.t <= t) {
        const fill = result.fills[f++]!;
        const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
        qty.set(fill.symbol, (qty.get(fill.symbol) ?? 0) + signed);
        cash -= signed * fill.price + fill.commission;
      }
      let value = 0;
      for (const [symbol, q] of qty) value += q * lastClose.get(symbol)!;
      expect(result.equity.cash[k]).toBeCloseTo(cash, 6);
      expect(result.equity.equity[k]).toBeCloseTo(cash + value, 6);
    }
    expect(result.finalEquity).toBe(result.equity.equity.at(-1));
  });
});

describe('no order without a journal row', () => {
  it('every order of a busy run was journaled before any event of it, and every fill belongs to a journaled order', () => {
    const data = [{ symbol: 'AAA', bars: walk(5, 300, 100) }, { symbol: 'BBB', bars: walk(6, 300, 30, 0.2) }];
    const result = runBacktest({ data, strategy: { instance: new Churn() }, sizing: 'fixed:10', keepJournal: true, fillModel: { maxVolumePct: 5 } });
    const journal = result.journal!;
    const firstRow = new Map<string, string>();
    for (const entry of journal) if (!firstRow.has(entry.clientOrderId)) firstRow.set(entry.clientOrderId, entry.kind);
    expect(result.orders.length).toBeGreaterThan(100);
    for (const order of result.orders) expect(firstRow.get(order.clientOrderId)).toBe('order');
    for (const fill of result.fills) expect(firstRow.get(fill.clientOrderId)).toBe('order');
    const journaledEvents = journal.filter((e) => e.kind === 'event').length;
    expect(journaledEvents).toBeGreaterThan(result.orders.length);
  });
});
