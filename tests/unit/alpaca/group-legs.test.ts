import { describe, expect, it } from 'vitest';
import { alpacaRequestOf, LegIds, legRoleOf, parseLegClientOrderId } from '../../../src/main/broker/alpaca/group-legs';
import type { AlpacaOrder } from '../../../src/main/broker/alpaca/mapping';
import type { Order } from '../../../src/shared/domain/order';

function order(fields: Partial<Order>): Order {
  return {
    clientOrderId: 'sx-a-1', brokerOrderId: null, symbol: 'AAPL', side: 'buy', qty: 4, type: 'market', timeInForce: 'gtc', limitPrice: null, stopPrice: null,
    trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'bracket', role: 'entry', parentId: null, groupId: 'sx-a-1', legIds: [],
    status: 'pending_new', filledQty: 0, avgFillPrice: null, commission: 0, createdAt: 0, updatedAt: 0, replaces: null, replacedBy: null, reason: null, tag: null, ...fields,
  };
}

function alpaca(fields: Partial<AlpacaOrder>): AlpacaOrder {
  return {
    id: 'a-1', clientOrderId: 'sx-a-1', symbol: 'AAPL', assetClass: 'us_equity', side: 'buy', type: 'market', timeInForce: 'gtc', orderClass: 'bracket', status: 'new', qty: 4, notional: null,
    filledQty: 0, filledAvgPrice: null, limitPrice: null, stopPrice: null, trailPrice: null, trailPercent: null, hwm: null, extendedHours: false, createdAt: 0, updatedAt: null,
    submittedAt: null, filledAt: null, canceledAt: null, expiredAt: null, failedAt: null, replacedAt: null, replacedBy: null, replaces: null, legs: [], ...fields,
  };
}

describe('native groups on Alpaca', () => {
  it("a bracket's request: the entry with take_profit and stop_loss (a stop-limit leg keeps its limit)", () => {
    const tp = order({ clientOrderId: 'sx-a-1-tp', role: 'take_profit', side: 'sell', type: 'limit', limitPrice: 195, status: 'held' });
    const sl = order({ clientOrderId: 'sx-a-1-sl', role: 'stop_loss', side: 'sell', type: 'stop_limit', stopPrice: 185, limitPrice: 184.5, status: 'held' });
    expect(alpacaRequestOf(order({}), [tp, sl])).toEqual({
      clientOrderId: 'sx-a-1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'gtc', qty: 4, limitPrice: undefined, stopPrice: undefined, trailPrice: undefined, trailPercent: undefined,
      extendedHours: undefined, orderClass: 'bracket', takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185, limitPrice: 184.5 },
    });
    expect(alpacaRequestOf(order({ orderClass: 'oto', type: 'limit', limitPrice: 189 }), [{ ...sl, type: 'stop', limitPrice: null }])).toMatchObject({
      orderClass: 'oto', type: 'limit', limitPrice: 189, takeProfit: undefined, stopLoss: { stopPrice: 185 },
    });
  });

  it('a simple order: no class, no legs', () => {
    expect(alpacaRequestOf(order({ orderClass: 'simple', role: null, type: 'limit', limitPrice: 189, extendedHours: true }), [])).toEqual({
      clientOrderId: 'sx-a-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: 4, limitPrice: 189, stopPrice: undefined, trailPrice: undefined, trailPercent: undefined, extendedHours: true,
    });
  });

  it("an OCO goes as its take-profit limit order with the stop as Alpaca's leg", () => {
    const tp = order({ orderClass: 'oco', role: 'take_profit', side: 'sell', type: 'limit', limitPrice: 195, parentId: null });
    const sl = order({ clientOrderId: 'sx-a-1-sl', orderClass: 'oco', role: 'stop_loss', side: 'sell', type: 'stop', stopPrice: 186 });
    expect(alpacaRequestOf(tp, [sl])).toMatchObject({ clientOrderId: 'sx-a-1', side: 'sell', type: 'limit', limitPrice: 195, orderClass: 'oco', takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 186 } });
  });

  it("maps the legs Alpaca named back to the manager's by parent and role; a replaced leg keeps the id Sextant gave it", () => {
    const ids = new LegIds();
    const tp = alpaca({ id: 'a-2', clientOrderId: 'uuid-tp', side: 'sell', type: 'limit', status: 'held' });
    const sl = alpaca({ id: 'a-3', clientOrderId: 'uuid-sl', side: 'sell', type: 'stop', status: 'held' });
    const slReplaced = alpaca({ id: 'a-4', clientOrderId: 'sx-a-7', side: 'sell', type: 'stop', status: 'held', replaces: 'a-3' });
    ids.learn(alpaca({ legs: [tp, sl] }));
    expect([ids.omsId(tp), ids.omsId(sl), ids.omsId(alpaca({}))]).toEqual(['sx-a-1-tp', 'sx-a-1-sl', 'sx-a-1']);
    ids.learn(alpaca({ legs: [tp, slReplaced] }));
    expect(ids.omsId(slReplaced)).toBe('sx-a-7');
    expect(ids.knows('a-2')).toBe(true);
    expect(ids.knows('a-9')).toBe(false);
    expect(legRoleOf({ type: 'stop_limit' })).toBe('stop_loss');
  });

  it('reads a leg id the manager gave', () => {
    expect(parseLegClientOrderId('sx-a-1-tp')).toEqual({ parentId: 'sx-a-1', role: 'take_profit' });
    expect(parseLegClientOrderId('sx-a-1-sl')).toEqual({ parentId: 'sx-a-1', role: 'stop_loss' });
    expect(parseLegClientOrderId('sx-a-1')).toBeNull();
  });
});
