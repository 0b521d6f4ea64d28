import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import type { BrokerOrderEvent } from '../../../src/shared/domain/order-events';
import type { OrderRequest } from '../../../src/shared/domain/order';
import { newSessionId, sequentialOrderIds, sessionOrderIds } from '../../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal, type OrderJournal } from '../../../src/shared/oms/order-journal';
import { OrderManager } from '../../../src/shared/oms/order-manager';
import { Portfolio } from '../../../src/shared/portfolio/portfolio';
import { ScriptedBroker, fillOf, simHarness } from '../../helpers/trading';

const instrument = equityInstrument('XYZ');
const limitBuy: OrderRequest = { symbol: 'XYZ', side: 'buy', qty: 100, type: 'limit', limitPrice: 50, timeInForce: 'gtc' };

function manager(options: { broker?: ScriptedBroker; journal?: OrderJournal } = {}) {
  const broker = options.broker ?? new ScriptedBroker();
  const journal = options.journal ?? new MemoryOrderJournal();
  const oms = new OrderManager({ broker, journal, instrument: (s) => (s === 'XYZ' ? instrument : undefined), clock: () => 1000, ids: sequentialOrderIds('m'), risk: null });
  const portfolio = new Portfolio(100_000, [instrument]);
  const published: string[] = [];
  oms.onEvent((event) => {
    published.push(event.type);
    if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') portfolio.applyFill(event.fill);
  });
  return { oms, broker, journal, portfolio, published };
}

describe('journal before send', () => {
  it('every order (and every bracket leg) is in the journal when the broker first sees it', () => {
    const journal = new MemoryOrderJournal();
    const broker = new ScriptedBroker();
    const seen: boolean[] = [];
    broker.onSubmit = (order) => seen.push(journal.has(order.clientOrderId));
    const { oms } = manager({ broker, journal });
    oms.submit(limitBuy);
    const { legs } = oms.submit({ ...limitBuy, orderClass: 'bracket', takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 } });
    expect(seen).toEqual([true, true]);
    expect(legs.every((leg) => journal.has(leg.clientOrderId))).toBe(true);
  });

  it('an order whose journal write fails is denied and never sent', () => {
    const failing: OrderJournal = {
      recordOrder() {
        throw new Error('disk full');
      },
      recordEvent() {},
      recordRefusal() {},
    };
    const { oms, broker, published } = manager({ journal: failing });
    const result = oms.submit(limitBuy);
    expect(result.sent).toBe(false);
    expect(result.reason).toContain('disk full');
    expect(broker.submitted).toEqual([]);
    expect(oms.order(result.order.clientOrderId)!.status).toBe('rejected');
    expect(published).toEqual(['OrderDenied']);
  });

  it('an invalid order is denied with every problem named, and journaled, never sent', () => {
    const journal = new MemoryOrderJournal();
    const { oms, broker } = manager({ journal });
    const result = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 10.5, type: 'limit', timeInForce: 'gtc' });
    expect(result.sent).toBe(false);
    expect(result.reason).toContain('quantity 10.5');
    expect(result.reason).toContain('needs a positive limit price');
    expect(broker.submitted).toEqual([]);
    expect(journal.has(result.order.clientOrderId)).toBe(true);
  });
});

describe('client order ids', () => {
  it('are deterministic in backtests', () => {
    const a = sequentialOrderIds('bt');
    const b = sequentialOrderIds('bt');
    expect([a.next(), a.next(), a.next()]).toEqual(['bt-1', 'bt-2', 'bt-3']);
    expect([b.next(), b.next(), b.next()]).toEqual(['bt-1', 'bt-2', 'bt-3']);
  });

  it('never collide across live sessions', () => {
    const bytes = (count: number) => crypto.getRandomValues(new Uint8Array(count));
    const ids = new Set<string>();
    for (let session = 0; session < 20; session++) {
      // Sessions started in the same millisecond still differ by their random part.
      const source = sessionOrderIds(newSessionId(1_700_000_000_000, bytes));
      for (let k = 0; k < 500; k++) ids.add(source.next());
    }
    expect(ids.size).toBe(20 * 500);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(48);
  });

  it('refuses a client order id already used', () => {
    const { oms, broker } = manager();
    oms.submit({ ...limitBuy, clientOrderId: 'mine' });
    const again = oms.submit({ ...limitBuy, clientOrderId: 'mine' });
    expect(again.sent).toBe(false);
    expect(again.reason).toContain('already used');
    expect(broker.submitted).toHaveLength(1);
  });
});

describe('idempotent event application', () => {
  it('a fill delivered twice (same execution id) counts once', () => {
    const { oms, broker, portfolio } = manager();
    const { order } = oms.submit(limitBuy);
    const fill: BrokerOrderEvent = { type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 2, fill: fillOf(order, 'exec-1', 40, 50) };
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1 });
    broker.emit(fill);
    broker.emit(fill);
    expect(oms.order(order.clientOrderId)).toMatchObject({ status: 'partially_filled', filledQty: 40 });
    expect(portfolio.positionQty('XYZ')).toBe(40);
  });

  it('an accepted arriving after a fill changes nothing', () => {
    const { oms, broker } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 2, fill: fillOf(order, 'exec-1', 40, 50) });
    const refusal = oms.apply({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1 });
    expect(refusal).toMatchObject({ applied: false, refusal: { kind: 'out_of_order' } });
    expect(oms.order(order.clientOrderId)!.status).toBe('partially_filled');
  });

  it('fills arriving out of order give the same order as in order', () => {
    const inOrder = manager();
    const outOfOrder = manager();
    for (const [scene, sequence] of [
      [inOrder, ['a', 'b']],
      [outOfOrder, ['b', 'a']],
    ] as const) {
      const { order } = scene.oms.submit(limitBuy);
      const fills: Record<string, BrokerOrderEvent> = {
        a: { type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 2, fill: fillOf(order, 'exec-a', 40, 49.5) },
        b: { type: 'OrderFilled', clientOrderId: order.clientOrderId, t: 3, fill: fillOf(order, 'exec-b', 60, 50) },
      };
      for (const key of sequence) scene.broker.emit(fills[key]!);
    }
    const a = inOrder.oms.order('m-1')!;
    const b = outOfOrder.oms.order('m-1')!;
    expect(b.status).toBe('filled');
    expect(b.filledQty).toBe(a.filledQty);
    expect(b.avgFillPrice).toBeCloseTo(a.avgFillPrice!, 12);
    expect(a.avgFillPrice).toBeCloseTo((40 * 49.5 + 60 * 50) / 100, 12);
    // The published events say what happened to the order, whatever the broker labelled them.
    expect(outOfOrder.published.filter((t) => t.includes('Filled'))).toEqual(['OrderPartiallyFilled', 'OrderFilled']);
  });

  it('a sequence number already applied is a duplicate', () => {
    const { oms } = manager();
    const { order } = oms.submit(limitBuy);
    expect(oms.apply({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1, seq: 4 }).applied).toBe(true);
    expect(oms.apply({ type: 'OrderCanceled', clientOrderId: order.clientOrderId, t: 2, seq: 4 })).toMatchObject({ applied: false, refusal: { kind: 'duplicate' } });
    expect(oms.order(order.clientOrderId)!.status).toBe('accepted');
  });

  it('replaying every broker event of a session, again and shuffled, changes nothing', () => {
    const h = simHarness({ fillModel: { maxVolumePct: 10 } });
    const recorded: BrokerOrderEvent[] = [];
    h.oms.onEvent((event) => {
      if (event.type !== 'OrderSubmitted' && event.type !== 'OrderDenied') recorded.push(event);
    });
    h.bar(0, 100, 101, 99, 100);
    h.oms.submit({ symbol: 'XYZ', side: 'buy', qty: 1000, type: 'market', timeInForce: 'gtc', orderClass: 'bracket', takeProfit: { limitPrice: 104 }, stopLoss: { stopPrice: 96 } });
    h.bar(1, 100, 101, 99, 100, 6000);
    h.bar(2, 101, 102, 100, 101, 6000);
    h.bar(3, 102, 105, 101, 104, 20000);
    const snapshot = () => JSON.stringify({ orders: h.oms.orders(), cash: h.portfolio.cash, qty: h.portfolio.positionQty('XYZ'), fills: h.fills.length });
    const before = snapshot();
    expect(recorded.length).toBeGreaterThan(5);
    for (const event of recorded) h.oms.apply(event);
    const shuffled = [...recorded].reverse();
    for (const event of shuffled) h.oms.apply(event);
    expect(snapshot()).toBe(before);
    expect(h.refusals.length).toBe(recorded.length * 2);
  });
});

describe('replace and cancel', () => {
  it('replace: the old order waits in pending_replace, then is replaced by the new one', () => {
    const { oms, broker } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b-1', t: 1 });
    const result = oms.replace(order.clientOrderId, { limitPrice: 51, qty: 80 });
    expect(result.ok).toBe(true);
    const newId = result.replacement!.clientOrderId;
    expect(oms.order(order.clientOrderId)!.status).toBe('pending_replace');
    expect(broker.replaced[0]!.replacement).toMatchObject({ clientOrderId: newId, limitPrice: 51, qty: 80, replaces: order.clientOrderId });
    broker.emit({ type: 'OrderReplaced', clientOrderId: order.clientOrderId, t: 2, replacedBy: newId, replacementBrokerOrderId: 'b-2' });
    broker.emit({ type: 'OrderAccepted', clientOrderId: newId, brokerOrderId: 'b-2', t: 2 });
    expect(oms.order(order.clientOrderId)).toMatchObject({ status: 'replaced', replacedBy: newId });
    expect(oms.order(newId)).toMatchObject({ status: 'accepted', brokerOrderId: 'b-2' });
    expect(oms.workingQty('XYZ', 'buy')).toBe(80);
  });

  it('a refused replace puts the old order back and rejects the replacement', () => {
    const { oms, broker } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1 });
    const { replacement } = oms.replace(order.clientOrderId, { limitPrice: 51 });
    broker.emit({ type: 'OrderReplaceRejected', clientOrderId: order.clientOrderId, t: 2, reason: 'order is filled' });
    expect(oms.order(order.clientOrderId)!.status).toBe('accepted');
    expect(oms.order(replacement!.clientOrderId)).toMatchObject({ status: 'rejected' });
  });

  it('cannot cancel a finished order, nor one being replaced', () => {
    const { oms, broker } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1 });
    oms.replace(order.clientOrderId, { limitPrice: 51 });
    expect(oms.cancel(order.clientOrderId).ok).toBe(false);
    broker.emit({ type: 'OrderCanceled', clientOrderId: order.clientOrderId, t: 2 });
    expect(oms.cancel(order.clientOrderId)).toEqual({ ok: false, reason: `order ${order.clientOrderId} is already canceled` });
  });
});

describe('groups emulated for a broker that only takes simple orders', () => {
  it('sends the legs when the entry fills, and one leg filling cancels the other', () => {
    const broker = new ScriptedBroker({ orderClasses: ['simple'] });
    const { oms } = manager({ broker });
    const { order, legs } = oms.submit({ ...limitBuy, orderClass: 'bracket', takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 } });
    expect(broker.submitted.map((s) => [s.order.clientOrderId, s.legs.length])).toEqual([[order.clientOrderId, 0]]);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1 });
    broker.emit({ type: 'OrderFilled', clientOrderId: order.clientOrderId, t: 2, fill: fillOf(order, 'e1', 100, 50) });
    expect(broker.submitted.map((s) => s.order.clientOrderId)).toEqual([order.clientOrderId, legs[0]!.clientOrderId, legs[1]!.clientOrderId]);
    for (const leg of legs) broker.emit({ type: 'OrderAccepted', clientOrderId: leg.clientOrderId, t: 3 });
    const tp = oms.order(legs[0]!.clientOrderId)!;
    broker.emit({ type: 'OrderFilled', clientOrderId: tp.clientOrderId, t: 4, fill: fillOf(tp, 'e2', 100, 60) });
    expect(broker.canceled.map((o) => o.clientOrderId)).toEqual([legs[1]!.clientOrderId]);
    expect(oms.order(legs[1]!.clientOrderId)!.status).toBe('pending_cancel');
  });

  it('an entry canceled without a fill cancels its unsent legs locally', () => {
    const broker = new ScriptedBroker({ orderClasses: ['simple'] });
    const { oms } = manager({ broker });
    const { order, legs } = oms.submit({ ...limitBuy, orderClass: 'bracket', takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 } });
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, t: 1 });
    broker.emit({ type: 'OrderCanceled', clientOrderId: order.clientOrderId, t: 2 });
    expect(legs.map((leg) => oms.order(leg.clientOrderId)!.status)).toEqual(['canceled', 'canceled']);
    expect(broker.canceled).toEqual([]);
  });
});

describe('reconciliation (the broker wins)', () => {
  it('a fill the stream missed becomes a synthetic fill priced to match the broker average', () => {
    const { oms, broker, portfolio } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b-9', t: 1 });
    broker.emit({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 2, fill: fillOf(order, 'seen', 20, 49) });
    const applied = oms.reconcile(
      { clientOrderId: order.clientOrderId, brokerOrderId: 'b-9', symbol: 'XYZ', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: 100, filledQty: 40, avgFillPrice: 50, limitPrice: 50, stopPrice: null, status: 'canceled', orderClass: 'simple', updatedAt: 5, legs: [] },
      5,
    );
    expect(applied.map((e) => e.type)).toEqual(['OrderFilled', 'OrderCanceled']);
    const after = oms.order(order.clientOrderId)!;
    expect(after).toMatchObject({ status: 'canceled', filledQty: 40 });
    expect(after.avgFillPrice).toBeCloseTo(50, 12);
    expect(portfolio.positionQty('XYZ')).toBe(40);
    // 20 @ 49 seen + 20 @ 51 synthesized = 40 @ 50
    expect(portfolio.cash).toBeCloseTo(100_000 - 40 * 50, 9);
    expect(oms.reconcile({ ...after, brokerOrderId: 'b-9', avgFillPrice: 50, updatedAt: 6, legs: [] }, 6)).toEqual([]);
  });
});

describe('one execution counted once, whatever id it comes under (the broker gives the cumulative quantity)', () => {
  const report = (clientOrderId: string, filledQty: number, avgFillPrice: number) => ({
    clientOrderId, brokerOrderId: 'b-9', symbol: 'XYZ', side: 'buy' as const, type: 'limit' as const, timeInForce: 'gtc' as const, qty: 100, filledQty, avgFillPrice,
    limitPrice: 50, stopPrice: null, status: 'partially_filled' as const, orderClass: 'simple' as const, updatedAt: 5, legs: [],
  });

  it('a fill at a cumulative quantity already applied, of the same quantity, is that execution again; another quantity there is not', () => {
    const { oms, broker, portfolio, journal } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b-9', t: 1 });
    broker.emit({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 2, fill: { ...fillOf(order, 'e-1', 30, 49), brokerCumQty: 30 } });
    const again = oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 3, fill: { ...fillOf(order, 'other-id-of-e-1', 30, 49), brokerCumQty: 30 } });
    expect(again).toMatchObject({ applied: false, refusal: { kind: 'duplicate', detail: 'execution other-id-of-e-1 is execution e-1 again (30, filled 30 at the broker)' } });
    expect(oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 4, fill: { ...fillOf(order, 'e-2', 20, 48), brokerCumQty: 30 } }).applied).toBe(true);
    expect(oms.order(order.clientOrderId)!.filledQty).toBe(50);
    expect(portfolio.positionQty('XYZ')).toBe(50);
    expect((journal as MemoryOrderJournal).entries.flatMap((e) => (e.kind === 'refusal' ? [e.refusal.kind] : []))).toEqual(['duplicate']);
  });

  it('a real execution within what a synthetic reconciliation fill made up is refused; one after it is counted', () => {
    const { oms, broker, portfolio } = manager();
    const { order } = oms.submit(limitBuy);
    broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b-9', t: 1 });
    // The broker filled 30 (at 49) that the stream has not delivered: made up as one synthetic fill.
    oms.reconcile(report(order.clientOrderId, 30, 49), 5);
    expect(portfolio.positionQty('XYZ')).toBe(30);
    const late = oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 6, fill: { ...fillOf(order, 'e-1', 30, 49), brokerCumQty: 30 } });
    expect(late).toMatchObject({ applied: false, refusal: { kind: 'duplicate', detail: 'execution e-1 (filled 30 at the broker) is within the 30 reconciliation already made up' } });
    expect(oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 7, fill: { ...fillOf(order, 'e-2', 70, 48), brokerCumQty: 100 } }).applied).toBe(true);
    expect(oms.order(order.clientOrderId)).toMatchObject({ status: 'filled', filledQty: 100 });
    expect(portfolio.positionQty('XYZ')).toBe(100);
    expect(portfolio.cash).toBeCloseTo(100_000 - 30 * 49 - 70 * 48, 9);
  });

  it('what a synthetic fill made up is known again after a restart (from its execution id in the journal)', () => {
    const first = manager();
    const { order } = first.oms.submit(limitBuy);
    first.broker.emit({ type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: 'b-9', t: 1 });
    first.oms.reconcile(report(order.clientOrderId, 30, 49), 5);
    const saved = first.oms.order(order.clientOrderId)!;
    const second = manager();
    second.oms.restore([saved], ['reconcile:b-9:30']);
    const recovered = second.oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 8, fill: { ...fillOf(saved, 'e-1', 30, 49), brokerCumQty: 30 } });
    expect(recovered.applied).toBe(false);
    expect(second.oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, t: 9, fill: { ...fillOf(saved, 'e-2', 10, 49.5), brokerCumQty: 40 } }).applied).toBe(true);
    expect(second.oms.order(order.clientOrderId)!.filledQty).toBe(40);
  });
});
