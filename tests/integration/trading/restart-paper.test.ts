/**
 * Restart in the middle of an order, on the offline paper broker: the order is journaled and the
 * broker has it (and even filled it), but the app stops before it hears back. After a restart the
 * service reconciles with the broker's books: nothing is sent twice and the fill is recovered with
 * the broker's own execution id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { SqliteOrderJournal } from '../../../src/main/trading/journal/sqlite-order-journal';
import { PaperBroker } from '../../../src/main/trading/paper/paper-broker';
import { PaperStore } from '../../../src/main/trading/paper/paper-store';
import { NEVER_RECEIVED } from '../../../src/main/trading/reconciler';
import type { Db } from '../../../src/main/storage/database';
import { captureLog, dailyCloseBars, DAY, openTestDb, startService, storeBars, type TestService } from './helpers';

let running: TestService[] = [];
afterEach(async () => {
  for (const s of running) await s.service.close();
  running = [];
});

async function start(db: Db): Promise<TestService> {
  const s = await startService(db, { kind: 'paper' });
  running.push(s);
  return s;
}

const count = (db: Db, sql: string, ...args: unknown[]): number => (db.prepare(sql).pluck(true).get(...args) as number);

describe('restart in the middle of an order (paper broker)', () => {
  it('accepted at the broker while the app was going down, filled while it was down: recovered once, never re-sent', async () => {
    const { db } = openTestDb();
    const bars = dailyCloseBars([100, 101, 102]);
    storeBars(db, 'SPY', bars);
    const first = await start(db);
    const submitted = await first.service.submitOrder({ symbol: 'SPY', side: 'buy', type: 'limit', limitPrice: 99, qty: 20, timeInForce: 'gtc', extendedHours: false });
    expect(submitted.status).toBe('submitted');
    const id = submitted.clientOrderId!;
    // The broker accepted it, but the app stops before the acknowledgement reaches the order manager...
    expect(first.service.oms.order(id)!.status).toBe('pending_new');
    await first.service.close();
    // ...and while it is down a bar trades through the limit: the broker (its own books) fills it.
    const broker = new PaperBroker({ store: new PaperStore(db, 'paper'), initialCash: 100_000, clock: Date.now, instrument: (symbol) => equityInstrument(symbol), log: captureLog().logger });
    broker.processBar('SPY', { t: Date.now() + DAY, o: 100, h: 100, l: 98, c: 98.5, v: 1e6 }, '1Day');
    broker.close();
    expect(count(db, "SELECT COUNT(*) FROM fills WHERE client_order_id = ?", id)).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM orders WHERE client_order_id = ? AND status = 'pending_new'", id)).toBe(1);

    const second = await start(db);
    const order = second.service.oms.order(id)!;
    expect(order).toMatchObject({ status: 'filled', filledQty: 20, avgFillPrice: 99 });
    // Sent once: the broker's books hold one order and one execution for this id.
    expect(count(db, 'SELECT COUNT(*) FROM paper_orders WHERE client_order_id = ?', id)).toBe(1);
    expect(count(db, 'SELECT COUNT(*) FROM paper_executions WHERE client_order_id = ?', id)).toBe(1);
    // The fill is in the journal under the broker's own execution id, not a synthetic one.
    const fills = db.prepare('SELECT execution_id AS id, qty, price, synthetic FROM fills WHERE client_order_id = ?').all(id);
    expect(fills).toEqual([{ id: expect.stringMatching(/^paper-\d+\.1$/), qty: 20, price: 99, synthetic: 0 }]);
    expect(second.service.book.positionQty('SPY')).toBe(20);
    expect(second.service.accountView().cash).toBe(100_000 - 20 * 99);
  });

  it('journaled but never handed to the broker (killed between the two): rejected at restart, not sent', async () => {
    const { db } = openTestDb();
    storeBars(db, 'SPY', dailyCloseBars([100, 101, 102]));
    // What the order manager writes before it sends: the order, pending_new, in the journal.
    const journal = new SqliteOrderJournal(db, 'paper');
    journal.recordOrder({
      clientOrderId: 'sx-crashed-1', brokerOrderId: null, symbol: 'SPY', side: 'buy', qty: 5, type: 'market', timeInForce: 'day',
      limitPrice: null, stopPrice: null, trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'simple', role: null,
      parentId: null, groupId: null, legIds: [], status: 'pending_new', filledQty: 0, avgFillPrice: null, commission: 0,
      createdAt: Date.now(), updatedAt: Date.now(), replaces: null, replacedBy: null, reason: null, tag: 'ticket',
    }, null);
    const s = await start(db);
    expect(s.service.oms.order('sx-crashed-1')).toMatchObject({ status: 'rejected', reason: NEVER_RECEIVED });
    expect(count(db, 'SELECT COUNT(*) FROM paper_orders')).toBe(0);
    expect(s.service.book.positionQty('SPY')).toBe(0);
    expect(count(db, "SELECT COUNT(*) FROM order_events WHERE client_order_id = 'sx-crashed-1' AND type = 'OrderRejected'")).toBe(1);
  });

  it('a working order survives the restart and fills on the next bar', async () => {
    const { db } = openTestDb();
    storeBars(db, 'SPY', dailyCloseBars([100, 101, 102]));
    const first = await start(db);
    const { clientOrderId } = await first.service.submitOrder({ symbol: 'SPY', side: 'buy', type: 'limit', limitPrice: 98, qty: 3, timeInForce: 'gtc', extendedHours: false }, { wait: 'ack' });
    expect(first.service.oms.order(clientOrderId!)!.status).toBe('accepted');
    await first.service.close();
    const second = await start(db);
    expect(second.service.oms.order(clientOrderId!)!.status).toBe('accepted');
    const t = Date.now() + DAY;
    second.paper!.broker.processBar('SPY', { t, o: 99, h: 99.5, l: 97, c: 97.5, v: 1e6 }, '1Day');
    second.paper!.broker.flush();
    expect(second.service.oms.order(clientOrderId!)).toMatchObject({ status: 'filled', filledQty: 3, avgFillPrice: 98 });
    expect(count(db, 'SELECT COUNT(*) FROM paper_orders WHERE client_order_id = ?', clientOrderId)).toBe(1);
  });
});
