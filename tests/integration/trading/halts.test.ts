/**
 * The daily-loss halt (3 % of the session's starting equity), its lift at the next session and by a
 * manual reset, its survival across a restart; and the kill switch on the paper broker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderTicketSchema, type OrderTicketInput } from '../../../src/shared/trading/order-ticket';
import type { Db } from '../../../src/main/storage/database';
import { dailyCloseBars, DAY, openTestDb, startService, storeBars, TEST_LIMITS, type TestService } from './helpers';

let running: TestService[] = [];
afterEach(async () => {
  for (const s of running) await s.service.close();
  running = [];
});

async function start(db: Db): Promise<TestService> {
  const s = await startService(db, { kind: 'paper', delivery: 'sync' }, { limits: { ...TEST_LIMITS, fatFingerPct: null } });
  running.push(s);
  return s;
}

const order = (input: Partial<OrderTicketInput>) => OrderTicketSchema.parse({ symbol: 'SPY', side: 'buy', type: 'market', qty: 100, ...input });
const states = (db: Db) =>
  db.prepare("SELECT kind, from_state AS \"from\", to_state AS \"to\", cause, actor FROM trading_state_changes ORDER BY id").all() as Array<Record<string, string>>;

describe('max daily loss → HALTED', () => {
  it('halts at 3.00 % down, not at 2.99 %; only reducing orders pass; a manual reset resumes; a restart keeps the halt', async () => {
    const { db } = openTestDb();
    storeBars(db, 'SPY', dailyCloseBars([100]));
    const s = await start(db);
    expect((await s.service.submitOrder(order({}), { wait: 'fill' })).status).toBe('filled');
    expect(s.service.accountView()).toMatchObject({ equity: 100_000, sessionStartEquity: 100_000, dayPnl: 0 });
    const bar = (close: number, k: number) => s.paper!.broker.processBar('SPY', { t: Date.now() + k, o: close, h: close, l: close, c: close, v: 1e6 }, '1Min');

    bar(70.01, 1);
    expect(s.service.accountView()).toMatchObject({ equity: 97_001, dayPnl: -2_999 });
    expect(s.service.state().state).toBe('ACTIVE');
    bar(70, 2);
    expect(s.service.state()).toMatchObject({ state: 'HALTED', haltedBy: 'daily_loss', reason: 'max daily loss reached: down 3.00% since the session start (limit 3%)' });
    expect(states(db).at(-1)).toMatchObject({ kind: 'state', from: 'ACTIVE', to: 'HALTED', cause: 'daily_loss', actor: 'risk' });

    const buy = await s.service.submitOrder(order({ qty: 1 }), { wait: 'fill' });
    expect(buy.status).toBe('rejected_by_risk');
    expect(buy.risk!.rules[0]).toEqual({ rule: 'trading_state', passed: false, detail: 'HALTED (max daily loss reached: down 3.00% since the session start (limit 3%)): only orders that reduce a position are allowed' });
    const sell = await s.service.submitOrder(order({ side: 'sell', qty: 10 }), { wait: 'fill' });
    expect(sell.status).toBe('filled');
    expect(sell.risk!.rules.find((r) => r.rule === 'max_daily_loss')).toEqual({ rule: 'max_daily_loss', passed: true, detail: 'day loss 3.00% (limit 3.00%); reducing order allowed' });

    // Closed and started again the same day: the day's count goes on, and so does the halt.
    await s.service.close();
    running = [];
    const again = await start(db);
    expect(again.service.state()).toMatchObject({ state: 'HALTED', haltedBy: 'daily_loss' });
    expect(again.service.accountView().sessionStartEquity).toBe(100_000);

    // A manual reset: trading resumes, and the day's loss counts from here.
    expect(again.service.resetHalt('tester', 'reviewed the losses').state).toBe('ACTIVE');
    expect(states(db).at(-1)).toMatchObject({ from: 'HALTED', to: 'ACTIVE', cause: 'reset', actor: 'tester' });
    expect(again.service.accountView()).toMatchObject({ sessionStartEquity: 97_000, dayPnl: 0 });
    expect((await again.service.submitOrder(order({ qty: 1 }), { wait: 'fill' })).status).toBe('filled');
  });

  it('a daily-loss halt lifts by itself at the next session (replayed days)', async () => {
    const { db } = openTestDb();
    const dataset = storeBars(db, 'SPY', dailyCloseBars([100, 100, 70, 72]));
    const s = await start(db);
    const replay = s.paper!.replay;
    replay.start({ datasets: [dataset], barsPerSecond: 0.001 });
    replay.step(1);
    expect((await s.service.submitOrder(order({}), { wait: 'fill' })).orders[0]).toMatchObject({ status: 'filled', avgFillPrice: 100 });
    replay.step(1);
    expect(s.service.state().state).toBe('ACTIVE');
    replay.step(1);
    expect(s.service.state()).toMatchObject({ state: 'HALTED', haltedBy: 'daily_loss' });
    replay.step(1);
    expect(s.service.state()).toMatchObject({ state: 'ACTIVE', haltedBy: null });
    expect(states(db).slice(-2)).toEqual([
      { kind: 'state', from: 'ACTIVE', to: 'HALTED', cause: 'daily_loss', actor: 'risk' },
      { kind: 'state', from: 'HALTED', to: 'ACTIVE', cause: 'session', actor: 'risk' },
    ]);
    replay.stop();
  });
});

describe('kill switch (paper)', () => {
  it('halts, cancels every working order, flattens every position, and records who and why', async () => {
    const { db } = openTestDb();
    storeBars(db, 'SPY', dailyCloseBars([100]));
    storeBars(db, 'QQQ', dailyCloseBars([50]));
    const s = await start(db);
    await s.service.submitOrder(order({ qty: 50 }), { wait: 'fill' });
    await s.service.submitOrder(order({ symbol: 'QQQ', side: 'sell', qty: 40 }), { wait: 'fill' });
    const working = await s.service.submitOrder(order({ type: 'limit', limitPrice: 95, qty: 10, timeInForce: 'gtc' }), { wait: 'ack' });
    const bracket = await s.service.submitOrder(order({ type: 'limit', limitPrice: 96, qty: 5, takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90 } }), { wait: 'ack' });
    expect(s.service.oms.workingOrders().length).toBe(4);

    const report = await s.service.killSwitch('tester', 'flash crash');
    expect(report.canceled).toBe(4);
    expect(report.unconfirmedCancels).toEqual([]);
    expect(report.flatten.map((r) => [r.orders[0]!.symbol, r.orders[0]!.side, r.orders[0]!.qty, r.status])).toEqual([
      ['SPY', 'sell', 50, 'filled'],
      ['QQQ', 'buy', 40, 'filled'],
    ]);
    expect(report.state).toMatchObject({ state: 'HALTED', haltedBy: 'manual', reason: 'kill switch: flash crash' });
    expect(s.service.book.openPositions()).toEqual([]);
    expect(s.service.oms.order(working.clientOrderId!)!.status).toBe('canceled');
    expect(bracket.orders.map((o) => s.service.oms.order(o.clientOrderId)!.status)).toEqual(['canceled', 'canceled', 'canceled']);
    expect(states(db)).toEqual([
      { kind: 'state', from: 'ACTIVE', to: 'HALTED', cause: 'kill_switch', actor: 'tester' },
      { kind: 'kill_switch', from: 'ACTIVE', to: 'HALTED', cause: 'kill_switch', actor: 'tester' },
    ]);
    expect((await s.service.submitOrder(order({ qty: 1 }))).status).toBe('rejected_by_risk');

    // A kill-switch halt survives a restart, until a manual reset.
    await s.service.close();
    running = [];
    const again = await start(db);
    expect(again.service.state()).toMatchObject({ state: 'HALTED', haltedBy: 'manual', killSwitchAt: report.t });
    expect(again.service.resetHalt('tester').state).toBe('ACTIVE');
  });
});
