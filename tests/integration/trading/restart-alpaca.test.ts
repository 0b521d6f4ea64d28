/**
 * Restart in the middle of an order against the Alpaca emulator: the order is journaled, Alpaca
 * accepts it, and the app is gone before the answer arrives (the POST is held at the emulator while
 * the service closes). At the next start, reconciliation looks the order up by its client order id:
 * it is never sent again, and the fill Alpaca made meanwhile is recovered (from the account
 * activities, with its own execution id).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import type { Db } from '../../../src/main/storage/database';
import { SqliteOrderJournal } from '../../../src/main/trading/journal/sqlite-order-journal';
import { NEVER_RECEIVED } from '../../../src/main/trading/reconciler';
import { emulatorSpec, openTestDb, startService, waitFor, type TestService } from './helpers';

let emulator: AlpacaEmulator;
let running: TestService[] = [];

beforeEach(async () => {
  emulator = await startAlpacaEmulator();
  emulator.control.setPrice('AAPL', 190);
});

afterEach(async () => {
  for (const s of running) await s.service.close();
  running = [];
  await emulator.close();
});

async function start(db: Db, nativeOrderClasses = true): Promise<TestService> {
  const spec = emulatorSpec(emulator);
  const s = await startService(db, spec.kind === 'alpaca' ? { ...spec, broker: { ...spec.broker, nativeOrderClasses } } : spec);
  running.push(s);
  return s;
}

const posts = (clientOrderId: string) =>
  emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders' && (r.body as { client_order_id?: string })?.client_order_id === clientOrderId);

describe('restart in the middle of an order (Alpaca emulator)', () => {
  it('journaled, accepted by Alpaca, app gone before the answer: no second send, the fill recovered', async () => {
    const { db } = openTestDb();
    const first = await start(db);
    const release = emulator.control.rest.hold({ method: 'POST', pathPrefix: '/v2/orders' });
    const result = await first.service.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', qty: 5, timeInForce: 'day', extendedHours: false });
    expect(result.status).toBe('submitted');
    const id = result.clientOrderId!;
    await waitFor(() => posts(id).length === 1, 'the POST at the emulator');
    await first.service.close();
    release();
    await waitFor(() => emulator.control.orderByClientId(id)?.status === 'filled', 'the fill at Alpaca');
    expect(db.prepare("SELECT status FROM orders WHERE client_order_id = ?").pluck(true).get(id)).toBe('pending_new');

    const second = await start(db);
    expect(second.service.oms.order(id)).toMatchObject({ status: 'filled', filledQty: 5, avgFillPrice: 190, brokerOrderId: emulator.control.orderByClientId(id)!.id });
    expect(posts(id)).toHaveLength(1);
    // Recovered from Alpaca's account activities: the real execution, under the id the stream would have sent.
    const execution = emulator.book.activities.find((a) => a.orderId === emulator.control.orderByClientId(id)!.id)!.executionId;
    expect(db.prepare('SELECT execution_id, qty, price, synthetic FROM fills WHERE client_order_id = ?').all(id)).toEqual([{ execution_id: execution, qty: 5, price: 190, synthetic: 0 }]);
    expect(second.service.book.positionQty('AAPL')).toBe(5);
    expect(second.service.accountView()).toMatchObject({ cash: 100_000 - 950 });
  });

  it('acknowledged, then filled while the app was down: the fill recovered at start-up', async () => {
    const { db } = openTestDb();
    const first = await start(db);
    const result = await first.service.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: 186, qty: 4, timeInForce: 'gtc', extendedHours: false }, { wait: 'ack' });
    expect(result.status).toBe('accepted');
    const id = result.clientOrderId!;
    await first.service.close();
    emulator.control.setPrice('AAPL', 185.5);
    await waitFor(() => emulator.control.orderByClientId(id)?.status === 'filled', 'the fill at Alpaca');
    const second = await start(db);
    expect(second.service.oms.order(id)).toMatchObject({ status: 'filled', filledQty: 4, avgFillPrice: 185.5 });
    expect(posts(id)).toHaveLength(1);
    expect(second.service.book.positionQty('AAPL')).toBe(4);
  });

  it('journaled, then killed before the POST: looked up by client order id at restart, rejected, never sent', async () => {
    const { db } = openTestDb();
    // What the order manager commits before it sends: the order, pending_new.
    new SqliteOrderJournal(db, 'alpaca-paper').recordOrder({
      clientOrderId: 'sx-killed-1', brokerOrderId: null, symbol: 'AAPL', side: 'buy', qty: 1, type: 'market', timeInForce: 'day',
      limitPrice: null, stopPrice: null, trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'simple', role: null,
      parentId: null, groupId: null, legIds: [], status: 'pending_new', filledQty: 0, avgFillPrice: null, commission: 0,
      createdAt: Date.now(), updatedAt: Date.now(), replaces: null, replacedBy: null, reason: null, tag: 'ticket',
    }, null);
    const s = await start(db);
    expect(s.service.oms.order('sx-killed-1')).toMatchObject({ status: 'rejected', reason: NEVER_RECEIVED });
    expect(emulator.requests.filter((r) => r.path === '/v2/orders:by_client_order_id' && r.query.client_order_id === 'sx-killed-1')).toHaveLength(1);
    expect(posts('sx-killed-1')).toHaveLength(0);
    expect(s.service.book.positionQty('AAPL')).toBe(0);
  });

  it('emulated bracket legs (native order classes off) sent just before the app stopped are found at Alpaca, followed, and never sent again', async () => {
    const { db } = openTestDb();
    const first = await start(db, false);
    const releases = [emulator.control.rest.hold({ method: 'POST', pathPrefix: '/v2/orders' }), emulator.control.rest.hold({ method: 'POST', pathPrefix: '/v2/orders' }), emulator.control.rest.hold({ method: 'POST', pathPrefix: '/v2/orders' })];
    const bracket = await first.service.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', qty: 4, timeInForce: 'day', extendedHours: false, takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185 } });
    const [entry, tp, sl] = bracket.orders.map((o) => o.clientOrderId);
    releases[0]!();
    // The entry fills, the order manager sends both legs; their POSTs are held; the app stops.
    await waitFor(() => posts(tp!).length === 1 && posts(sl!).length === 1, 'both legs sent');
    expect(first.service.oms.order(entry!)!.status).toBe('filled');
    await first.service.close();
    releases[1]!();
    releases[2]!();
    await waitFor(() => emulator.control.orderByClientId(tp!)?.status === 'new' || emulator.control.orderByClientId(tp!)?.status === 'accepted', 'the take-profit at Alpaca');
    await waitFor(() => emulator.control.orderByClientId(sl!) !== undefined, 'the stop at Alpaca');
    expect(db.prepare('SELECT status FROM orders WHERE client_order_id IN (?, ?) ORDER BY client_order_id').pluck(true).all(sl, tp)).toEqual(['held', 'held']);

    const second = await start(db, false);
    expect(second.service.oms.order(tp!)!.status).toBe('accepted');
    expect(second.service.oms.order(sl!)!.status).toBe('accepted');
    expect(posts(tp!)).toHaveLength(1);
    expect(posts(sl!)).toHaveLength(1);
    // They are the broker's now: a cancel goes to Alpaca.
    expect(second.service.cancel(sl!).ok).toBe(true);
    await waitFor(() => emulator.control.orderByClientId(sl!)?.status === 'canceled', 'the stop canceled at Alpaca');
    second.service.cancel(tp!);
    await waitFor(() => emulator.control.orderByClientId(tp!)?.status === 'canceled', 'the take-profit canceled at Alpaca');
  });
});
