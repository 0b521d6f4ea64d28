/**
 * The SQLite order journal: what the order manager writes (order before send, events once, fills
 * by execution id, each rule's verdict), what a restart reads back, and the blotters' pages.
 */
import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { OrderManager } from '../../../src/shared/oms/order-manager';
import { openMemoryDatabase } from '../../../src/main/storage/database';
import { JournalQueries } from '../../../src/main/trading/journal/journal-queries';
import { loadJournal, SqliteOrderJournal } from '../../../src/main/trading/journal/sqlite-order-journal';
import { fillOf, ScriptedBroker } from '../../helpers/trading';

function scene() {
  const db = openMemoryDatabase();
  const journal = new SqliteOrderJournal(db, 'paper', () => 1_000);
  const broker = new ScriptedBroker({ orderClasses: [] });
  let now = 0;
  const oms = new OrderManager({
    broker, journal, instrument: (s) => equityInstrument(s), clock: () => ++now, ids: sequentialOrderIds('j'),
    risk: { check: (o) => ({ clientOrderId: o.clientOrderId, t: now, approved: o.qty < 100, state: 'ACTIVE', reducing: false, rules: [{ rule: 'max_position_size', passed: o.qty < 100, detail: `qty ${o.qty}` }, { rule: 'fat_finger', passed: true, detail: 'no entry limit price' }] }) },
  });
  const count = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck(true).get(...args) as number;
  return { db, journal, broker, oms, count };
}

describe('SQLite order journal', () => {
  it('has the order, its legs and its decision before the broker sees it', () => {
    const { broker, oms, count } = scene();
    broker.onSubmit = (order) => {
      expect(count('SELECT COUNT(*) FROM orders WHERE client_order_id = ?', order.clientOrderId)).toBe(1);
      expect(count("SELECT COUNT(*) FROM order_events WHERE client_order_id = ? AND type = 'OrderSubmitted'", order.clientOrderId)).toBe(1);
    };
    const { order, legs } = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 5, type: 'limit', limitPrice: 50, orderClass: 'bracket', takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 } });
    expect(broker.submitted).toHaveLength(1);
    expect(count('SELECT COUNT(*) FROM orders WHERE group_id = ?', order.clientOrderId)).toBe(3);
    expect(count("SELECT COUNT(*) FROM orders WHERE status = 'held'")).toBe(2);
    expect(legs.map((l) => l.clientOrderId)).toEqual(['j-1-tp', 'j-1-sl']);
    expect(count('SELECT COUNT(*) FROM risk_decisions')).toBe(1);
  });

  it('writes each event once, each fill once under its execution id, and keeps the order row current', () => {
    const { broker, oms, db, count } = scene();
    const { order } = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 10, type: 'market' });
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b1', t: 5 });
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b1', t: 5 });
    const partial = { type: 'OrderPartiallyFilled' as const, clientOrderId: order.clientOrderId, t: 6, fill: fillOf(order, 'x-1', 4, 50) };
    broker.emit(partial);
    broker.emit(partial);
    broker.emit({ type: 'OrderFilled', clientOrderId: order.clientOrderId, t: 7, fill: fillOf(order, 'x-2', 6, 51) });
    expect(db.prepare('SELECT type, status_after AS status, filled_qty_after AS filled FROM order_events WHERE client_order_id = ? ORDER BY id').all(order.clientOrderId)).toEqual([
      { type: 'OrderSubmitted', status: 'pending_new', filled: 0 },
      { type: 'OrderAccepted', status: 'accepted', filled: 0 },
      { type: 'OrderPartiallyFilled', status: 'partially_filled', filled: 4 },
      { type: 'OrderFilled', status: 'filled', filled: 10 },
    ]);
    expect(db.prepare('SELECT execution_id AS id, qty, price, synthetic FROM fills ORDER BY t').all()).toEqual([
      { id: 'x-1', qty: 4, price: 50, synthetic: 0 },
      { id: 'x-2', qty: 6, price: 51, synthetic: 0 },
    ]);
    expect(db.prepare('SELECT status, terminal, filled_qty AS filled, avg_fill_price AS avg, broker_order_id AS broker FROM orders').get()).toEqual({ status: 'filled', terminal: 1, filled: 10, avg: 50.6, broker: 'b1' });
    expect(count("SELECT COUNT(*) FROM order_event_refusals WHERE kind = 'duplicate'")).toBe(2);
  });

  it('keeps a refused order with every verdict, and finds a leg\'s decision through its entry', () => {
    const { oms, db } = scene();
    const refused = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 500, type: 'market' });
    expect(refused.sent).toBe(false);
    const queries = new JournalQueries(db, 'paper');
    expect(queries.riskDecision(refused.order.clientOrderId)).toMatchObject({ approved: false, rules: [{ rule: 'max_position_size', passed: false, detail: 'qty 500' }, { rule: 'fat_finger', passed: true }] });
    const { legs } = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 5, type: 'limit', limitPrice: 50, orderClass: 'oto', stopLoss: { stopPrice: 45 } });
    expect(queries.riskDecision(legs[0]!.clientOrderId)).toMatchObject({ approved: true });
    expect(db.prepare('SELECT status, reason FROM orders WHERE client_order_id = ?').get(refused.order.clientOrderId)).toEqual({ status: 'rejected', reason: 'max_position_size: qty 500' });
  });

  it('gives back, for a restart, the working orders, recent ones, whole groups, and their executions', () => {
    const { broker, oms, db } = scene();
    const filled = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 2, type: 'market' }).order;
    broker.emit({ type: 'OrderFilled', clientOrderId: filled.clientOrderId, t: 3, fill: fillOf(filled, 'x-9', 2, 10) });
    const working = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 1, type: 'limit', limitPrice: 9 }).order;
    const old = oms.submit({ symbol: 'XYZ', side: 'sell', qty: 1, type: 'limit', limitPrice: 12 }).order;
    broker.emit({ type: 'OrderCanceled', clientOrderId: old.clientOrderId, t: 4 });
    db.prepare('UPDATE orders SET updated_at = 0 WHERE client_order_id = ?').run(old.clientOrderId);
    db.prepare('UPDATE orders SET updated_at = 0 WHERE client_order_id = ?').run(filled.clientOrderId);
    const restored = loadJournal(db, 'paper', 10 * 86_400_000);
    expect(restored.orders.map((o) => o.clientOrderId)).toEqual([working.clientOrderId]);
    const recent = loadJournal(db, 'paper', 1_000);
    expect(recent.orders.map((o) => `${o.clientOrderId}:${o.status}`)).toEqual([`${filled.clientOrderId}:filled`, `${working.clientOrderId}:pending_new`, `${old.clientOrderId}:canceled`]);
    expect(recent.executionIds).toEqual(['x-9']);
    expect(loadJournal(db, 'alpaca-live', 1_000).orders).toEqual([]);
  });

  it('pages newest first with a cursor, stable when rows are added meanwhile', () => {
    const { oms, db } = scene();
    const ids = Array.from({ length: 5 }, (_, i) => oms.submit({ symbol: i % 2 ? 'AAA' : 'BBB', side: 'buy', qty: 1, type: 'limit', limitPrice: 10 + i }).order.clientOrderId);
    const queries = new JournalQueries(db, 'paper');
    const first = queries.orders({ scope: 'recent', limit: 2 });
    expect(first.items.map((o) => o.clientOrderId)).toEqual([ids[4], ids[3]]);
    oms.submit({ symbol: 'AAA', side: 'buy', qty: 1, type: 'limit', limitPrice: 20 });
    const second = queries.orders({ scope: 'recent', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((o) => o.clientOrderId)).toEqual([ids[2], ids[1]]);
    const third = queries.orders({ scope: 'recent', limit: 2, cursor: second.nextCursor! });
    expect(third).toEqual({ items: [expect.objectContaining({ clientOrderId: ids[0] })], nextCursor: null });
    expect(queries.orders({ scope: 'open', symbol: 'AAA', limit: 10 }).items.map((o) => o.symbol)).toEqual(['AAA', 'AAA', 'AAA']);
    expect(() => queries.orders({ scope: 'recent', limit: 2, cursor: 'garbage' })).toThrow(/not one this service gave out/);
  });
});
