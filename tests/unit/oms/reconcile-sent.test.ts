import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal } from '../../../src/shared/oms/order-journal';
import { OrderManager } from '../../../src/shared/oms/order-manager';
import { ScriptedBroker } from '../../helpers/trading';

describe('reconciling an order the journal thought unsent', () => {
  it('an emulated leg the broker has is sent from then on: a cancel goes to the broker, and the leg is not sent again', () => {
    const first = new ScriptedBroker({ orderClasses: [] });
    const oms = new OrderManager({ broker: first, journal: new MemoryOrderJournal(), instrument: (s) => equityInstrument(s), clock: () => 1, ids: sequentialOrderIds('r'), risk: null });
    const { legs } = oms.submit({ symbol: 'XYZ', side: 'buy', qty: 5, type: 'limit', limitPrice: 50, orderClass: 'bracket', takeProfit: { limitPrice: 60 }, stopLoss: { stopPrice: 45 } });
    // After a restart: the legs come back held (as journaled), not known to be sent.
    const broker = new ScriptedBroker({ orderClasses: [] });
    const restored = new OrderManager({ broker, journal: new MemoryOrderJournal(), instrument: (s) => equityInstrument(s), clock: () => 2, ids: sequentialOrderIds('r2'), risk: null });
    restored.restore(oms.orders().map((o) => ({ ...o })), []);
    const stop = legs.find((l) => l.role === 'stop_loss')!;
    const applied = restored.reconcile({
      clientOrderId: stop.clientOrderId, brokerOrderId: 'b-sl', symbol: 'XYZ', side: 'sell', type: 'stop', timeInForce: 'day', qty: 5, filledQty: 0,
      avgFillPrice: null, limitPrice: null, stopPrice: 45, status: 'accepted', orderClass: 'simple', updatedAt: 2, legs: [],
    }, 2);
    expect(applied.map((e) => e.type)).toEqual(['OrderAccepted']);
    expect(restored.order(stop.clientOrderId)).toMatchObject({ status: 'accepted', brokerOrderId: 'b-sl' });
    expect(restored.cancel(stop.clientOrderId).ok).toBe(true);
    expect(broker.canceled.map((o) => o.clientOrderId)).toEqual([stop.clientOrderId]);
    expect(broker.submitted).toEqual([]);
  });
});
