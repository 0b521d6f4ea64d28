import { describe, expect, it } from 'vitest';
import type { Order } from '../../../src/shared/domain/order';
import { protectiveStop } from '../../../src/shared/trading/protective-stop';

const order = (o: Partial<Order>): Order => ({
  clientOrderId: 'x', brokerOrderId: null, symbol: 'X', side: 'sell', qty: 1, type: 'stop', timeInForce: 'gtc', limitPrice: null, stopPrice: null,
  trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'simple', role: null, parentId: null, groupId: null, legIds: [],
  status: 'accepted', filledQty: 0, avgFillPrice: null, commission: 0, createdAt: 0, updatedAt: 0, replaces: null, replacedBy: null, reason: null, tag: null, ...o,
});

describe('protective stop', () => {
  it("a long's nearest sell stop; trailing stops at their trail from the last price; held, canceling and buy orders ignored", () => {
    const orders = [
      order({ stopPrice: 90 }),
      order({ type: 'stop_limit', stopPrice: 92, limitPrice: 91 }),
      order({ type: 'trailing_stop', trailPercent: 5 }),
      order({ stopPrice: 99, status: 'held' }),
      order({ stopPrice: 98, status: 'pending_cancel' }),
      order({ side: 'buy', stopPrice: 97 }),
      order({ type: 'limit', limitPrice: 120 }),
    ];
    expect(protectiveStop(orders, 10, 100)).toBe(95);
    expect(protectiveStop(orders, 10, Number.NaN)).toBe(92);
    expect(protectiveStop(orders, 0, 100)).toBeUndefined();
    expect(protectiveStop([order({ side: 'buy', stopPrice: 110 }), order({ side: 'buy', stopPrice: 105 })], -5, 100)).toBe(105);
  });
});
