import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import type { BrokerOrderEvent } from '../../../src/shared/domain/order-events';
import type { Order, OrderStatus } from '../../../src/shared/domain/order';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal } from '../../../src/shared/oms/order-journal';
import { OrderManager } from '../../../src/shared/oms/order-manager';
import { ORDER_TRANSITIONS, type TransitionEvent } from '../../../src/shared/oms/order-state-machine';
import { ScriptedBroker, fillOf } from '../../helpers/trading';

const STATUSES = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];
const EVENTS: TransitionEvent[] = [
  'OrderAccepted',
  'OrderRejected',
  'Fill',
  'OrderPendingCancel',
  'OrderCanceled',
  'OrderCancelRejected',
  'OrderPendingReplace',
  'OrderReplaced',
  'OrderReplaceRejected',
  'OrderExpired',
];

interface Scene {
  oms: OrderManager;
  broker: ScriptedBroker;
  journal: MemoryOrderJournal;
  order: Order;
  replacementId: string | null;
}

/** An order brought to `status` through legal steps only (a limit buy of 100 at 50). */
function orderIn(status: OrderStatus): Scene {
  const broker = new ScriptedBroker();
  const journal = new MemoryOrderJournal();
  const instrument = equityInstrument('XYZ');
  const oms = new OrderManager({ broker, journal, instrument: () => instrument, clock: () => 1000, ids: sequentialOrderIds('s'), risk: null });
  const request = { symbol: 'XYZ', side: 'buy' as const, qty: 100, type: 'limit' as const, limitPrice: 50, timeInForce: 'gtc' as const };
  if (status === 'held') {
    const { legs } = oms.submit({ ...request, orderClass: 'bracket', takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 } });
    return { oms, broker, journal, order: oms.order(legs[0]!.clientOrderId)!, replacementId: null };
  }
  const { order } = oms.submit(request);
  const id = order.clientOrderId;
  const emit = (event: BrokerOrderEvent) => broker.emit(event);
  let replacementId: string | null = null;
  if (status === 'rejected') emit({ type: 'OrderRejected', clientOrderId: id, t: 1, reason: 'no' });
  if (status !== 'pending_new' && status !== 'rejected') emit({ type: 'OrderAccepted', clientOrderId: id, brokerOrderId: 'b-1', t: 1 });
  if (status === 'partially_filled') emit({ type: 'OrderPartiallyFilled', clientOrderId: id, t: 2, fill: fillOf(order, 'x-setup', 40, 50) });
  if (status === 'filled') emit({ type: 'OrderFilled', clientOrderId: id, t: 2, fill: fillOf(order, 'x-setup', 100, 50) });
  if (status === 'pending_cancel') oms.cancel(id);
  if (status === 'pending_replace' || status === 'replaced') {
    const result = oms.replace(id, { limitPrice: 51 });
    replacementId = result.replacement!.clientOrderId;
  }
  if (status === 'replaced') emit({ type: 'OrderReplaced', clientOrderId: id, t: 3, replacedBy: replacementId! });
  if (status === 'canceled') emit({ type: 'OrderCanceled', clientOrderId: id, t: 3 });
  if (status === 'expired') emit({ type: 'OrderExpired', clientOrderId: id, t: 3 });
  expect(oms.order(id)!.status).toBe(status);
  return { oms, broker, journal, order: oms.order(id)!, replacementId };
}

function eventFor(kind: TransitionEvent, scene: Scene): BrokerOrderEvent {
  const clientOrderId = scene.order.clientOrderId;
  switch (kind) {
    case 'Fill':
      return { type: 'OrderPartiallyFilled', clientOrderId, t: 9, fill: fillOf(scene.order, 'x-test', 10, 50) };
    case 'OrderReplaced':
      return { type: 'OrderReplaced', clientOrderId, t: 9, replacedBy: scene.replacementId ?? 'not-requested' };
    case 'OrderRejected':
    case 'OrderCancelRejected':
    case 'OrderReplaceRejected':
      return { type: kind, clientOrderId, t: 9, reason: 'test' };
    default:
      return { type: kind, clientOrderId, t: 9 } as BrokerOrderEvent;
  }
}

function expectedStatus(from: OrderStatus, kind: TransitionEvent, filledBefore: number, heldBefore: boolean): OrderStatus | null {
  const target = ORDER_TRANSITIONS[from][kind];
  if (target === undefined) return null;
  if (target === 'keep') return from;
  if (target === 'resume') return filledBefore > 0 ? 'partially_filled' : heldBefore ? 'held' : 'accepted';
  if (target === 'fill') return from === 'pending_new' || from === 'accepted' ? 'partially_filled' : from;
  return target;
}

describe('order state machine: every transition of the table, and every one it refuses', () => {
  for (const from of STATUSES) {
    for (const kind of EVENTS) {
      const legal = ORDER_TRANSITIONS[from][kind] !== undefined;
      it(`${from} + ${kind} → ${legal ? 'applied' : 'refused and reported'}`, () => {
        const scene = orderIn(from);
        const before = { ...scene.oms.order(scene.order.clientOrderId)! };
        const refusals: string[] = [];
        scene.oms.onRefusal((r) => refusals.push(r.kind));
        const journalBefore = scene.journal.entries.length;
        const outcome = scene.broker.emit.bind(scene.broker);
        outcome(eventFor(kind, scene));
        const after = scene.oms.order(scene.order.clientOrderId)!;
        const expected = expectedStatus(from, kind, before.filledQty, from === 'held');
        if (expected === null) {
          expect(after).toEqual(before);
          expect(refusals).toHaveLength(1);
          expect(['duplicate', 'out_of_order', 'illegal', 'inconsistent']).toContain(refusals[0]);
          const entry = scene.journal.entries[journalBefore]!;
          expect(entry.kind).toBe('refusal');
        } else {
          expect(refusals).toEqual([]);
          expect(after.status).toBe(expected);
          expect(scene.journal.entries.at(-1)!.kind).toBe('event');
        }
      });
    }
  }

  it('classifies refusals: a repeat is a duplicate, a step back is out of order, the rest illegal', () => {
    const kinds = (from: OrderStatus, kind: TransitionEvent): string => {
      const scene = orderIn(from);
      let found = '';
      scene.oms.onRefusal((r) => (found = r.kind));
      scene.broker.emit(eventFor(kind, scene));
      return found;
    };
    expect(kinds('canceled', 'OrderCanceled')).toBe('duplicate');
    expect(kinds('partially_filled', 'OrderAccepted')).toBe('out_of_order');
    expect(kinds('filled', 'OrderAccepted')).toBe('out_of_order');
    expect(kinds('filled', 'OrderRejected')).toBe('illegal');
    expect(kinds('rejected', 'OrderCanceled')).toBe('illegal');
    expect(kinds('filled', 'Fill')).toBe('inconsistent');
    expect(kinds('held', 'Fill')).toBe('illegal');
  });

  it('a cancel the broker refuses puts a held leg back to held', () => {
    const scene = orderIn('held');
    scene.oms.cancel(scene.order.clientOrderId);
    expect(scene.oms.order(scene.order.clientOrderId)!.status).toBe('pending_cancel');
    scene.broker.emit({ type: 'OrderCancelRejected', clientOrderId: scene.order.clientOrderId, t: 5, reason: 'no' });
    expect(scene.oms.order(scene.order.clientOrderId)!.status).toBe('held');
  });

  it('a fill after a cancel (a race at the venue) is applied; the order becomes filled when complete', () => {
    const scene = orderIn('canceled');
    scene.broker.emit({ type: 'OrderFilled', clientOrderId: scene.order.clientOrderId, t: 5, fill: fillOf(scene.order, 'late-1', 30, 50) });
    expect(scene.oms.order(scene.order.clientOrderId)).toMatchObject({ status: 'canceled', filledQty: 30 });
    scene.broker.emit({ type: 'OrderFilled', clientOrderId: scene.order.clientOrderId, t: 6, fill: fillOf(scene.order, 'late-2', 70, 50) });
    expect(scene.oms.order(scene.order.clientOrderId)).toMatchObject({ status: 'filled', filledQty: 100 });
  });
});
