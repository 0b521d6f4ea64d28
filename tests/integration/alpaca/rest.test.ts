/**
 * Every REST call of the adapter against the emulator, through the official SDK, with the
 * endpoints redirected by SEXTANT_ALPACA_*_URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minuteBars } from '../../support/alpaca-emulator';
import { startRig, waitFor, type Rig } from './helpers';

let rig: Rig;

beforeEach(async () => {
  rig = await startRig();
  rig.emulator.control.setPrice('AAPL', 190);
  rig.emulator.control.setPrice('MSFT', 400);
});

afterEach(async () => {
  await rig.close();
});

describe('Alpaca adapter REST', () => {
  it('sends every request to the overridden endpoint with the keys in headers', async () => {
    const account = await rig.adapter.getAccount();
    expect(account).toMatchObject({ cash: 100_000, buyingPower: 100_000, equity: 100_000, status: 'ACTIVE', tradingBlocked: false });
    const request = rig.emulator.requests.at(-1)!;
    expect(request.path).toBe('/v2/account');
    expect(request.headers['apca-api-key-id']).toBe(rig.emulator.keys.keyId);
    expect(rig.adapter.rest.rateLimit).toMatchObject({ limit: 200 });
  });

  it('lists every execution from the account activities (FILL), all pages, with the execution id the stream sends', async () => {
    rig.emulator.control.setNow(Date.parse('2026-01-05T15:00:00.250Z'));
    const order = await rig.adapter.submitOrder({ clientOrderId: 'sx-many', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: 250, limitPrice: 180 });
    for (let i = 0; i < 250; i++) rig.emulator.control.fillOrder(order.id, 1, 179 + (i % 4) * 0.25);
    const fills = await rig.adapter.rest.listFillActivities(Date.parse('2026-01-05T14:59:00Z'));
    expect(fills).toHaveLength(250);
    expect(fills[0]).toEqual({
      activityId: `20260105100000250::${rig.emulator.book.activities[0]!.executionId}`, executionId: rig.emulator.book.activities[0]!.executionId,
      orderId: order.id, symbol: 'AAPL', side: 'buy', qty: 1, price: 179, cumQty: 1, leavesQty: 249, transactionTime: Date.parse('2026-01-05T15:00:00.250Z'), type: 'partial_fill',
    });
    expect(fills.map((f) => f.cumQty)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(fills.at(-1)).toMatchObject({ type: 'fill', leavesQty: 0, price: 179.25 });
    const pages = rig.emulator.requests.filter((r) => r.path === '/v2/account/activities');
    expect(pages.map((r) => [r.query.activity_types, r.query.direction, r.query.page_size, r.query.page_token ?? null])).toEqual([
      ['FILL', 'asc', '100', null],
      ['FILL', 'asc', '100', fills[99]!.activityId],
      ['FILL', 'asc', '100', fills[199]!.activityId],
    ]);
    expect(await rig.adapter.rest.listFillActivities(Date.parse('2026-01-05T15:00:01Z'))).toEqual([]);
  });

  it('reads the clock and the calendar', async () => {
    rig.emulator.control.setNow(Date.parse('2024-07-03T14:00:00Z'));
    const clock = await rig.adapter.getClock();
    expect(clock.timestamp).toBe(Date.parse('2024-07-03T14:00:00Z'));
    expect(clock.nextClose).toBe(Date.parse('2024-07-03T20:00:00Z'));
    expect(clock.nextOpen).toBe(Date.parse('2024-07-04T13:30:00Z'));
    const days = await rig.adapter.getCalendar('2024-07-01', '2024-07-07');
    expect(days.map((d) => d.date)).toEqual(['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-04', '2024-07-05']);
    expect(days[0]).toEqual({ date: '2024-07-01', open: '09:30', close: '16:00' });
  });

  it('submits an order with its client_order_id and reads it back three ways', async () => {
    const order = await rig.adapter.submitOrder({ clientOrderId: 'sx-1', symbol: 'aapl', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: 5, limitPrice: 150.1 });
    expect(order).toMatchObject({ clientOrderId: 'sx-1', symbol: 'AAPL', status: 'new', qty: 5, limitPrice: 150.1, filledQty: 0, filledAvgPrice: null });
    const body = rig.emulator.requests.find((r) => r.method === 'POST')!.body;
    expect(body).toMatchObject({ client_order_id: 'sx-1', qty: '5', limit_price: '150.1', time_in_force: 'gtc', type: 'limit', side: 'buy' });
    expect((await rig.adapter.getOrder(order.id))?.id).toBe(order.id);
    expect((await rig.adapter.getOrderByClientOrderId('sx-1'))?.id).toBe(order.id);
    expect(await rig.adapter.getOrderByClientOrderId('unknown')).toBeNull();
    expect((await rig.adapter.listOrders({ status: 'open' })).map((o) => o.id)).toEqual([order.id]);
  });

  it('replaces an order (a new order that replaces the old) and cancels it', async () => {
    const order = await rig.adapter.submitOrder({ clientOrderId: 'sx-2', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 150 });
    const replacement = await rig.adapter.replaceOrder(order.id, { limitPrice: 151, clientOrderId: 'sx-2b' });
    expect(replacement).toMatchObject({ replaces: order.id, limitPrice: 151, clientOrderId: 'sx-2b' });
    expect((await rig.adapter.getOrder(order.id))).toMatchObject({ status: 'replaced', replacedBy: replacement.id });
    await rig.adapter.cancelOrder(replacement.id);
    expect((await rig.adapter.getOrder(replacement.id))?.status).toBe('canceled');
  });

  it('cancels all open orders (207) and reports each', async () => {
    const a = await rig.adapter.submitOrder({ clientOrderId: 'sx-3', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 150 });
    const b = await rig.adapter.submitOrder({ clientOrderId: 'sx-4', symbol: 'MSFT', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 300 });
    const results = await rig.adapter.cancelAllOrders();
    expect(results.map((r) => [r.orderId, r.ok]).sort()).toEqual([[a.id, true], [b.id, true]].sort());
    expect(await rig.adapter.listOrders({ status: 'open' })).toEqual([]);
  });

  it('lists, reads and closes positions', async () => {
    await rig.adapter.submitOrder({ clientOrderId: 'sx-5', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: 10 });
    await rig.adapter.submitOrder({ clientOrderId: 'sx-6', symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', qty: 2 });
    await waitFor(() => rig.emulator.account.positions.size === 2, 'two positions');
    rig.emulator.control.setPrice('AAPL', 200);
    const positions = await rig.adapter.listPositions();
    expect(positions.map((p) => [p.symbol, p.qty, p.avgEntryPrice, p.marketValue, p.unrealizedPl])).toEqual([
      ['AAPL', 10, 190, 2000, 100],
      ['MSFT', 2, 400, 800, 0],
    ]);
    expect(await rig.adapter.getPosition('TSLA')).toBeNull();
    const partial = await rig.adapter.closePosition('AAPL', { qty: 4 });
    expect(partial).toMatchObject({ side: 'sell', qty: 4, type: 'market' });
    await waitFor(() => rig.emulator.account.positionQty('AAPL') === 6, 'the partial close');
    const all = await rig.adapter.closeAllPositions({ cancelOrders: true });
    expect(all.map((r) => [r.symbol, r.ok, r.order?.side])).toEqual([['AAPL', true, 'sell'], ['MSFT', true, 'sell']]);
    await waitFor(() => rig.emulator.account.positions.size === 0, 'flat');
    expect((await rig.adapter.getAccount()).cash).toBe(100_000 + 10 * 10);
  });

  it('lists every order submitted since a time, across pages', async () => {
    const start = Date.parse('2024-07-01T14:00:00Z');
    for (let i = 0; i < 3; i++) {
      rig.emulator.control.setNow(start + i * 1000);
      await rig.adapter.submitOrder({ clientOrderId: `since-${i}`, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 100 });
    }
    const since = await rig.adapter.rest.listOrdersSince(start + 500);
    expect(since.map((o) => o.clientOrderId)).toEqual(['since-1', 'since-2']);
  });

  it('fetches historical bars page by page into columns', async () => {
    const start = Date.parse('2024-07-01T13:30:00Z');
    rig.emulator.control.addBars('SPY', minuteBars(start, 2_500));
    const result = await rig.adapter.getBars({ symbol: 'SPY', timeframe: '1Min', start, end: start + 3_000 * 60_000, pageSize: 1_000 });
    expect(result.pages).toBe(3);
    expect(result.bars.t).toBeInstanceOf(Float64Array);
    expect(result.bars.t.length).toBe(2_500);
    expect(result.bars.t[0]).toBe(start);
    expect(result.bars.t[2_499]).toBe(start + 2_499 * 60_000);
    expect(result.bars.c[1]).toBe(100.25);
    const pages = rig.emulator.requests.filter((r) => r.path === '/v2/stocks/SPY/bars');
    expect(pages.map((p) => [p.query.limit, p.query.feed, p.query.timeframe])).toEqual([['1000', 'iex', '1Min'], ['1000', 'iex', '1Min'], ['1000', 'iex', '1Min']]);
  });

  it('stamps daily bars at 00:00 UTC of their date and passes adjustment', async () => {
    rig.emulator.control.addBars('SPY', [
      { t: Date.parse('2024-07-01T04:00:00Z'), o: 1, h: 2, l: 0.5, c: 1.5, v: 10, n: 1, vw: 1 },
      { t: Date.parse('2024-07-02T04:00:00Z'), o: 2, h: 3, l: 1.5, c: 2.5, v: 20, n: 1, vw: 2 },
    ], '1Day');
    const result = await rig.adapter.getBars({ symbol: 'SPY', timeframe: '1Day', start: Date.parse('2024-07-01T00:00:00Z'), end: Date.parse('2024-07-03T00:00:00Z'), adjustment: 'all' });
    expect([...result.bars.t]).toEqual([Date.parse('2024-07-01T00:00:00Z'), Date.parse('2024-07-02T00:00:00Z')]);
    expect(rig.emulator.requests.at(-1)!.query.adjustment).toBe('all');
  });

  it('builds a reconciliation snapshot', async () => {
    const open = await rig.adapter.submitOrder({ clientOrderId: 'rec-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 100 });
    const filled = await rig.adapter.submitOrder({ clientOrderId: 'rec-2', symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', qty: 1 });
    await waitFor(() => rig.emulator.control.order(filled.id)?.status === 'filled', 'the fill');
    const snapshot = await rig.adapter.reconcile(Date.now() - 60_000, [open.id, filled.id]);
    expect(snapshot.openOrders.map((o) => o.id)).toEqual([open.id]);
    expect(snapshot.formerlyOpen.get(filled.id)?.status).toBe('filled');
    expect(snapshot.positions.map((p) => p.symbol)).toEqual(['MSFT']);
    expect(snapshot.recentOrders.map((o) => o.clientOrderId)).toEqual(['rec-1', 'rec-2']);
  });
});
