/**
 * The trading service as a window sees it: the whole app started (paper by default), every request
 * through the router with its answer checked against the contract, and the streams a window
 * subscribes to, in their batches.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { createLogger } from '../../../src/main/log';
import { dailyCloseBars, storeBars, tempDir, waitFor } from './helpers';

let app: Sextant;
let batches: EventsMessage[];
const ctx = { host: 'test' as const, connectionId: 'w1' };

async function call<T = any>(name: string, input: unknown = {}): Promise<T> {
  const result = await app.router.dispatch(name, input, ctx);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function items(name: string): any[] {
  return batches.flatMap((b) => (b.batches[name] as unknown[] | undefined) ?? []);
}

beforeEach(async () => {
  const dataDir = tempDir('sx-trading-ipc-');
  app = await startSextant({ dataDir, host: 'test', log: createLogger({ write: () => {} }), validateOutputs: true, watchTradingConfig: false });
  storeBars(app.context.db, 'QQQ', dailyCloseBars([400, 401, 402, 403]));
  batches = [];
  const connection = app.context.hub.connect((message) => batches.push(message));
  for (const name of ['trading.orders', 'trading.fills', 'trading.positions', 'trading.account', 'trading.state', 'trading.connection', 'market.bars']) connection.subscribe(name);
});

afterEach(async () => {
  await app.close();
});

describe('trading over IPC (the whole app, paper by default)', () => {
  it('starts paper, reconciled, and a PAPER badge follows from trading.state', async () => {
    const state = await call('trading.state');
    expect(state).toMatchObject({ state: 'ACTIVE', mode: 'paper', broker: { id: 'paper', kind: 'paper' }, ready: true, reconciling: false, killSwitchAt: null });
    expect(state.limits.maxPositionPct).toBe(10);
    expect(await call('trading.connection')).toEqual([]);
    expect(await call('trading.account')).toMatchObject({ account: 'paper', mode: 'paper', cash: 100_000, equity: 100_000, buyingPower: 100_000 });
  });

  it('previews, submits, lists and streams an order from the ticket', async () => {
    const ticket = { symbol: 'qqq', side: 'buy', type: 'market', qty: 10 };
    const preview = await call('trading.previewOrder', { ticket });
    expect(preview).toMatchObject({ order: { symbol: 'QQQ', qty: 10, orderClass: 'simple' }, problems: [], lastPrice: 403, estimatedValue: 4030 });
    expect(preview.risk.approved).toBe(true);
    expect(preview.risk.rules.map((r: { rule: string }) => r.rule)).toEqual(['trading_state', 'max_position_size', 'fat_finger', 'order_rate', 'max_daily_loss', 'max_portfolio_risk', 'max_correlation']);
    // A preview sends nothing and records nothing.
    expect((await call('trading.orders', { scope: 'recent' })).items).toEqual([]);

    const submitted = await call('trading.submitOrder', { ticket });
    expect(submitted.status).toBe('submitted');
    await waitFor(() => items('trading.fills').length === 1 && items('trading.positions').some((p) => p.symbol === 'QQQ' && p.qty === 10), 'the fill and position on the streams');
    expect(items('trading.fills')[0]).toMatchObject({ symbol: 'QQQ', qty: 10, price: 403, synthetic: false });
    expect(items('trading.orders').at(-1)).toMatchObject({ clientOrderId: submitted.clientOrderId, status: 'filled', working: false, source: 'ticket' });
    expect(await call('trading.positions')).toEqual([expect.objectContaining({ symbol: 'QQQ', qty: 10, avgEntryPrice: 403, marketValue: 4030 })]);
    const orders = await call('trading.orders', { scope: 'recent' });
    expect(orders.items.map((o: { clientOrderId: string }) => o.clientOrderId)).toEqual([submitted.clientOrderId]);
    expect((await call('trading.orders', { scope: 'open' })).items).toEqual([]);
    const risk = await call('trading.orderRisk', { clientOrderId: submitted.clientOrderId });
    expect(risk).toMatchObject({ approved: true, state: 'ACTIVE', reducing: false });
    expect(risk.rules).toHaveLength(7);
  });

  it('refuses an order the rules refuse, with every verdict, and an invalid ticket with its problems', async () => {
    const refused = await call('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'market', qty: 1000 } });
    expect(refused.status).toBe('rejected_by_risk');
    expect(refused.risk.rules.find((r: { rule: string }) => r.rule === 'max_position_size')).toMatchObject({ passed: false });
    expect(refused.reason).toMatch(/^max_position_size: position after order 1000 × 403 = 403\.00% of equity \(limit 10\.00%\)/);
    const invalid = await call('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'limit', limitPrice: 402.123, qty: 1 } });
    expect(invalid).toMatchObject({ status: 'invalid', reason: expect.stringContaining('sub-penny') });
    const bad = await app.router.dispatch('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'market', qty: 1, notional: 100 } }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('pages the orders blotter newest first with a stable cursor', async () => {
    for (let i = 0; i < 5; i++) await call('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'limit', limitPrice: 395 + i, qty: 1, timeInForce: 'gtc' } });
    const first = await call('trading.orders', { scope: 'open', limit: 2 });
    const second = await call('trading.orders', { scope: 'open', limit: 2, cursor: first.nextCursor });
    const third = await call('trading.orders', { scope: 'open', limit: 2, cursor: second.nextCursor });
    const prices = [...first.items, ...second.items, ...third.items].map((o: { limitPrice: number }) => o.limitPrice);
    expect(prices).toEqual([399, 398, 397, 396, 395]);
    expect(third.nextCursor).toBeNull();
    expect((await call('trading.cancelAll')).requested).toBe(5);
    await waitFor(() => app.trading.runtime.service.oms.workingOrders().length === 0, 'the cancels');
  });

  it('takes a signal from the ticket, stores it with its outcome, and answers in the endpoint shape', async () => {
    const outcome = await call('trading.submitSignal', { signal: { symbol: 'QQQ', action: 'BUY', quantity: 5, confidence: 0.8, strategy_id: 'ticket-test', timestamp: Date.UTC(2025, 0, 2) }, wait: 'fill' });
    expect(outcome).toMatchObject({ status: 'filled', sized_qty: 5, filled_qty: 5, filled_avg_price: 403, risk: { approved: true } });
    expect(app.trading.signals.get(outcome.signal_id)).toMatchObject({ source: 'ticket', status: 'filled', outcome: { client_order_id: outcome.client_order_id } });
  });

  it('kill switch: halts, flattens, is recorded; reset brings trading back', async () => {
    await call('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'market', qty: 10 } });
    await waitFor(() => app.trading.runtime.service.book.positionQty('QQQ') === 10, 'the position');
    const report = await call('trading.killSwitch', { confirm: true, reason: 'test' });
    expect(report.state).toMatchObject({ state: 'HALTED', haltedBy: 'manual' });
    expect(report.flatten.map((r: { status: string }) => r.status)).toEqual(['submitted']);
    await waitFor(() => app.trading.runtime.service.book.positionQty('QQQ') === 0, 'flat');
    expect((await call('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'market', qty: 1 } })).status).toBe('rejected_by_risk');
    const history = await call('trading.stateHistory', { limit: 10 });
    expect(history.map((h: { kind: string; to: string }) => `${h.kind}:${h.to}`)).toEqual(['kill_switch:HALTED', 'state:HALTED']);
    expect(history[0].actor).toBe('user (test w1)');
    expect((await call('trading.resetHalt', { reason: 'checked' })).state).toBe('ACTIVE');
    await waitFor(() => items('trading.state').at(-1)?.state === 'ACTIVE', 'the state stream back to ACTIVE');
  });

  it('replays a stored dataset into the paper broker and streams the bars', async () => {
    const dataset = (await call('datasets.list')).find((d: { symbol: string }) => d.symbol === 'QQQ').dataset;
    const started = await call('trading.replay.start', { datasets: [dataset], barsPerSecond: 1000 });
    expect(started).toMatchObject({ running: true, symbols: ['QQQ'], total: 4 });
    await waitFor(() => app.trading.runtime.replayStatus()?.finished, 'the replay to finish');
    await waitFor(() => items('market.bars').length === 4, 'the replayed bars on the stream');
    expect(items('market.bars').map((b) => [b.source, b.timeframe, b.c])).toEqual([400, 401, 402, 403].map((c) => ['replay', '1Day', c]));
    expect(await call('trading.replay.status')).toMatchObject({ running: false, done: 4, finished: true });
  });

  it('reconciles on request and reports what it compared', async () => {
    const report = await call('trading.reconcile');
    expect(report).toMatchObject({ ok: true, reason: 'requested from the UI', neverReceived: [], adopted: [], positionDifferences: [] });
  });

  it('every trading request of the contract has a handler', () => {
    expect(app.router.unhandled().filter((name) => name.startsWith('trading.'))).toEqual([]);
    expect(fs.existsSync(app.context.dataDir)).toBe(true);
  });
});
