import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '../../../src/shared/domain/order';
import { day, simHarness, type SimHarness } from '../../helpers/trading';

/**
 * Hand-worked fills for every order type (docs/fill-model.md). Bar 0 is (o 100, h 101, l 99,
 * c 100); orders are sent after it, so they trade from bar 1 on.
 */
function afterBar0(options: Parameters<typeof simHarness>[0] = {}): SimHarness {
  const h = simHarness(options);
  h.bar(0, 100, 101, 99, 100);
  return h;
}

const buy = (fields: Partial<OrderRequest> = {}): OrderRequest => ({ symbol: 'XYZ', side: 'buy', qty: 100, type: 'market', timeInForce: 'gtc', ...fields });
const sell = (fields: Partial<OrderRequest> = {}): OrderRequest => buy({ side: 'sell', ...fields });

function fillPrices(h: SimHarness): number[] {
  return h.fills.map((f) => f.price);
}

describe('market orders', () => {
  it('fill at the next bar open by default', () => {
    const h = afterBar0();
    const { order } = h.oms.submit(buy());
    expect(order.status).toBe('accepted');
    h.bar(1, 102, 103, 101, 102.5);
    expect(fillPrices(h)).toEqual([102]);
    expect(h.fills[0]!.t).toBe(day(1));
    expect(h.oms.order(order.clientOrderId)!.status).toBe('filled');
    expect(h.portfolio.cash).toBe(100_000 - 10_200);
  });

  it('fill at the signal bar close with marketFill close', () => {
    const h = afterBar0({ fillModel: { marketFill: 'close' } });
    h.oms.submit(buy());
    expect(fillPrices(h)).toEqual([100]);
    expect(h.fills[0]!.t).toBe(day(0));
  });
});

describe('limit orders', () => {
  it('buy limit fills at its price when the low reaches it', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'limit', limitPrice: 99 }));
    h.bar(1, 100, 101, 98.5, 100);
    expect(fillPrices(h)).toEqual([99]);
  });

  it('buy limit gapped through fills at the better open', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'limit', limitPrice: 99 }));
    h.bar(1, 97, 98, 96, 97.5);
    expect(fillPrices(h)).toEqual([97]);
  });

  it('buy limit not reached keeps working', () => {
    const h = afterBar0();
    const { order } = h.oms.submit(buy({ type: 'limit', limitPrice: 99 }));
    h.bar(1, 100, 101, 99.5, 100);
    expect(h.fills).toEqual([]);
    expect(h.oms.order(order.clientOrderId)!.status).toBe('accepted');
  });

  it('sell limit fills at its price, or at a better gapped open', () => {
    const a = afterBar0();
    a.oms.submit(sell({ type: 'limit', limitPrice: 105 }));
    a.bar(1, 103, 106, 102, 104);
    expect(fillPrices(a)).toEqual([105]);
    const b = afterBar0();
    b.oms.submit(sell({ type: 'limit', limitPrice: 105 }));
    b.bar(1, 107, 108, 106, 107);
    expect(fillPrices(b)).toEqual([107]);
  });
});

describe('stop orders', () => {
  it('buy stop fills at the stop when the high reaches it, at the open on a gap, not at all below', () => {
    const touched = afterBar0();
    touched.oms.submit(buy({ type: 'stop', stopPrice: 103 }));
    touched.bar(1, 101, 104, 100, 103.5);
    expect(fillPrices(touched)).toEqual([103]);
    const gap = afterBar0();
    gap.oms.submit(buy({ type: 'stop', stopPrice: 103 }));
    gap.bar(1, 105, 106, 104, 105);
    expect(fillPrices(gap)).toEqual([105]);
    const missed = afterBar0();
    missed.oms.submit(buy({ type: 'stop', stopPrice: 103 }));
    missed.bar(1, 101, 102.99, 100, 102);
    expect(missed.fills).toEqual([]);
  });

  it('sell stop fills at the stop, or at the open when the bar gaps through it', () => {
    const touched = afterBar0();
    touched.oms.submit(sell({ type: 'stop', stopPrice: 97 }));
    touched.bar(1, 99, 100, 96, 98);
    expect(fillPrices(touched)).toEqual([97]);
    const gap = afterBar0();
    gap.oms.submit(sell({ type: 'stop', stopPrice: 97 }));
    gap.bar(1, 95, 96, 94, 95);
    expect(fillPrices(gap)).toEqual([95]);
  });
});

describe('stop-limit orders', () => {
  it('triggered inside the bar with a limit above the stop: fills at the stop', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'stop_limit', stopPrice: 103, limitPrice: 104 }));
    h.bar(1, 101, 105, 100, 104);
    expect(fillPrices(h)).toEqual([103]);
  });

  it('triggered inside the bar with a limit below the stop: rests as a limit from the next bar', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'stop_limit', stopPrice: 103, limitPrice: 102.5 }));
    h.bar(1, 101, 105, 100, 104);
    expect(h.fills).toEqual([]);
    h.bar(2, 102, 103, 101, 102);
    expect(fillPrices(h)).toEqual([102]);
  });

  it('gapped through the stop and the limit: fills at the limit when the bar comes back to it', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'stop_limit', stopPrice: 103, limitPrice: 104 }));
    h.bar(1, 106, 107, 103.5, 106);
    expect(fillPrices(h)).toEqual([104]);
  });

  it('gapped through and never back: triggered, waits, then fills as a limit', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'stop_limit', stopPrice: 103, limitPrice: 104 }));
    h.bar(1, 106, 107, 105, 106);
    expect(h.fills).toEqual([]);
    h.bar(2, 104.5, 105, 103.8, 104);
    expect(fillPrices(h)).toEqual([104]);
  });

  it('sell stop-limit with the limit below the stop fills at the stop', () => {
    const h = afterBar0();
    h.oms.submit(sell({ type: 'stop_limit', stopPrice: 97, limitPrice: 96 }));
    h.bar(1, 99, 100, 95, 96);
    expect(fillPrices(h)).toEqual([97]);
  });
});

describe('trailing stops', () => {
  it('sell trailing by $2: the stop follows the high at bar ends and fills at the stop', () => {
    const h = afterBar0();
    h.oms.submit(sell({ type: 'trailing_stop', trailPrice: 2 }));
    h.bar(1, 101, 103, 99, 102); // stop 98 (mark 100): not hit; mark → 103
    expect(h.fills).toEqual([]);
    h.bar(2, 102, 102.5, 100.5, 101); // stop 101
    expect(fillPrices(h)).toEqual([101]);
  });

  it('sell trailing stop gapped through fills at the open', () => {
    const h = afterBar0();
    h.oms.submit(sell({ type: 'trailing_stop', trailPrice: 2 }));
    h.bar(1, 101, 103, 99, 102);
    h.bar(2, 100, 100.5, 99, 100);
    expect(fillPrices(h)).toEqual([100]);
  });

  it('buy trailing by 5 % follows the low', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'trailing_stop', trailPercent: 5 }));
    h.bar(1, 101, 104, 97, 98); // stop 105 (mark 100): not hit; mark → 97
    expect(h.fills).toEqual([]);
    h.bar(2, 99, 102, 98.5, 101); // stop 97 × 1.05 = 101.85
    expect(h.fills[0]!.price).toBeCloseTo(101.85, 10);
  });
});

describe('brackets and OCO', () => {
  const bracket = buy({ orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 }, timeInForce: 'gtc' });

  it('legs are held until the entry fills, then work in the rest of the same bar', () => {
    const h = afterBar0();
    const { order, legs } = h.oms.submit(bracket);
    expect(legs.map((leg) => h.oms.order(leg.clientOrderId)!.status)).toEqual(['held', 'held']);
    h.bar(1, 100, 108, 96, 105);
    expect(fillPrices(h)).toEqual([100]);
    expect(h.oms.order(order.clientOrderId)!.status).toBe('filled');
    expect(legs.map((leg) => h.oms.order(leg.clientOrderId)!.status)).toEqual(['accepted', 'accepted']);
  });

  it('a bar touching both legs fills the stop first by default (pessimistic)', () => {
    const h = afterBar0();
    const { legs } = h.oms.submit(bracket);
    h.bar(1, 100, 111, 94, 105);
    expect(fillPrices(h)).toEqual([100, 95]);
    const [tp, sl] = legs.map((leg) => h.oms.order(leg.clientOrderId)!);
    expect(sl!.status).toBe('filled');
    expect(tp!.status).toBe('canceled');
    expect(h.portfolio.positionQty('XYZ')).toBe(0);
    expect(h.portfolio.cash).toBe(100_000 - 500);
  });

  it('target-first fills the take-profit; nearest-first the level nearer the open', () => {
    const optimistic = afterBar0({ fillModel: { ambiguousBar: 'target-first' } });
    optimistic.oms.submit(bracket);
    optimistic.bar(1, 100, 111, 94, 105);
    expect(fillPrices(optimistic)).toEqual([100, 110]);
    const nearestStop = afterBar0({ fillModel: { ambiguousBar: 'nearest-first' } });
    nearestStop.oms.submit(bracket);
    nearestStop.bar(1, 100, 111, 94, 105); // 5 to the stop, 10 to the target
    expect(fillPrices(nearestStop)).toEqual([100, 95]);
    const nearestTarget = afterBar0({ fillModel: { ambiguousBar: 'nearest-first' } });
    nearestTarget.oms.submit(buy({ orderClass: 'bracket', takeProfit: { limitPrice: 103 }, stopLoss: { stopPrice: 95 } }));
    nearestTarget.bar(1, 100, 111, 94, 105); // 5 to the stop, 3 to the target
    expect(fillPrices(nearestTarget)).toEqual([100, 103]);
  });

  it('a gap through the take-profit fills it at the better open; a gap through the stop at the worse open', () => {
    const up = afterBar0();
    up.oms.submit(bracket);
    up.bar(1, 100, 108, 96, 105);
    up.bar(2, 112, 113, 111, 112);
    expect(fillPrices(up)).toEqual([100, 112]);
    const down = afterBar0();
    down.oms.submit(bracket);
    down.bar(1, 100, 108, 96, 105);
    down.bar(2, 93, 94, 92, 93);
    expect(fillPrices(down)).toEqual([100, 93]);
  });

  it('a limit entry filled inside the bar: legs work from the entry price on', () => {
    const h = afterBar0();
    h.oms.submit(buy({ type: 'limit', limitPrice: 99, orderClass: 'bracket', takeProfit: { limitPrice: 105 }, stopLoss: { stopPrice: 97 } }));
    h.bar(1, 100, 106, 96, 100);
    expect(fillPrices(h)).toEqual([99, 97]);
  });

  it('an entry canceled unfilled cancels its held legs', () => {
    const h = afterBar0();
    const { order, legs } = h.oms.submit(buy({ type: 'limit', limitPrice: 90, orderClass: 'bracket', takeProfit: { limitPrice: 105 }, stopLoss: { stopPrice: 85 } }));
    expect(h.oms.cancel(order.clientOrderId).ok).toBe(true);
    expect(h.oms.order(order.clientOrderId)!.status).toBe('canceled');
    expect(legs.map((leg) => h.oms.order(leg.clientOrderId)!.status)).toEqual(['canceled', 'canceled']);
  });

  it('an entry canceled after a partial fill activates its legs for the filled part', () => {
    const h = afterBar0({ fillModel: { maxVolumePct: 10 } });
    const { order, legs } = h.oms.submit(buy({ qty: 1000, orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 90 } }));
    h.bar(1, 100, 101, 99, 100, 3000);
    expect(h.oms.order(order.clientOrderId)).toMatchObject({ status: 'partially_filled', filledQty: 300 });
    h.oms.cancel(order.clientOrderId);
    expect(legs.map((leg) => h.oms.order(leg.clientOrderId))).toEqual([
      expect.objectContaining({ status: 'accepted', qty: 300 }),
      expect.objectContaining({ status: 'accepted', qty: 300 }),
    ]);
    h.bar(2, 100, 111, 99, 110, 10_000);
    expect(h.fills.map((f) => [f.qty, f.price])).toEqual([[300, 100], [300, 110]]);
    expect(h.portfolio.positionQty('XYZ')).toBe(0);
  });

  it('OCO exit: both legs work at once; the one that fills cancels the other', () => {
    const h = afterBar0();
    h.oms.submit(buy());
    h.bar(1, 100, 101, 99, 100);
    const { order: tp, legs } = h.oms.submit(sell({ type: 'limit', orderClass: 'oco', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 } }));
    expect(h.oms.order(tp.clientOrderId)!.status).toBe('accepted');
    expect(h.oms.order(legs[0]!.clientOrderId)!.status).toBe('accepted');
    h.bar(2, 100, 112, 99, 111);
    expect(fillPrices(h)).toEqual([100, 110]);
    expect(h.oms.order(legs[0]!.clientOrderId)!.status).toBe('canceled');
    expect(h.portfolio.positionQty('XYZ')).toBe(0);
  });
});

describe('time in force', () => {
  it('a day order expires when its session ends; a gtc order keeps working', () => {
    const dayOrder = afterBar0();
    const { order } = dayOrder.oms.submit(buy({ type: 'limit', limitPrice: 90, timeInForce: 'day' }));
    dayOrder.bar(1, 100, 101, 99, 100);
    dayOrder.bar(2, 89, 90, 88, 89);
    expect(dayOrder.fills).toEqual([]);
    expect(dayOrder.oms.order(order.clientOrderId)!.status).toBe('expired');
    expect(dayOrder.events.find((e) => e.event.type === 'OrderExpired')!.event.t).toBe(day(2));
    const gtc = afterBar0();
    gtc.oms.submit(buy({ type: 'limit', limitPrice: 90, timeInForce: 'gtc' }));
    gtc.bar(1, 100, 101, 99, 100);
    gtc.bar(2, 89, 90, 88, 89);
    expect(fillPrices(gtc)).toEqual([89]);
  });

  it('ioc: what the bar cannot fill is canceled at once', () => {
    const h = afterBar0();
    const { order } = h.oms.submit(buy({ type: 'limit', limitPrice: 99, timeInForce: 'ioc' }));
    h.bar(1, 100, 101, 99.5, 100);
    expect(h.oms.order(order.clientOrderId)!.status).toBe('canceled');
    const capped = afterBar0({ fillModel: { maxVolumePct: 10 } });
    const { order: big } = capped.oms.submit(buy({ qty: 1000, timeInForce: 'ioc' }));
    capped.bar(1, 100, 101, 99, 100, 5000);
    expect(capped.fills.map((f) => f.qty)).toEqual([500]);
    expect(capped.oms.order(big.clientOrderId)).toMatchObject({ status: 'canceled', filledQty: 500 });
  });

  it('fok: all at once or nothing', () => {
    const short = afterBar0({ fillModel: { maxVolumePct: 10 } });
    const { order } = short.oms.submit(buy({ qty: 1000, timeInForce: 'fok' }));
    short.bar(1, 100, 101, 99, 100, 5000);
    expect(short.fills).toEqual([]);
    expect(short.oms.order(order.clientOrderId)!.status).toBe('canceled');
    const enough = afterBar0({ fillModel: { maxVolumePct: 10 } });
    enough.oms.submit(buy({ qty: 1000, timeInForce: 'fok' }));
    enough.bar(1, 100, 101, 99, 100, 20_000);
    expect(enough.fills.map((f) => f.qty)).toEqual([1000]);
  });

  it('opg waits for the next session open; cls fills at the close of the session last bar', () => {
    const h = simHarness({ sessionTimeZone: 'America/New_York' });
    const at = (hour: number, minute: number, d = 0) => Date.UTC(2024, 9, 7 + d, hour, minute);
    h.barAt(at(14, 30), false, 100, 101, 99, 100);
    const { order: cls } = h.oms.submit(buy({ type: 'market', timeInForce: 'cls' }));
    const { order: opg } = h.oms.submit(buy({ type: 'market', timeInForce: 'opg' }));
    h.barAt(at(15, 0), false, 101, 102, 100, 101);
    expect(h.fills).toEqual([]);
    h.barAt(at(19, 59), true, 102, 103, 101, 102.5);
    expect(h.fills.map((f) => [f.clientOrderId, f.price])).toEqual([[cls.clientOrderId, 102.5]]);
    h.barAt(at(13, 30, 1), false, 104, 105, 103, 104);
    expect(h.fills.map((f) => [f.clientOrderId, f.price])).toEqual([[cls.clientOrderId, 102.5], [opg.clientOrderId, 104]]);
  });
});

describe('participation cap: partial fills across bars', () => {
  it('fills at most 10 % of each bar volume; the partial fills add up to the order', () => {
    const h = afterBar0({ fillModel: { maxVolumePct: 10, commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: null } } });
    const { order } = h.oms.submit(buy({ qty: 1000, timeInForce: 'gtc' }));
    h.bar(1, 100, 101, 99, 100, 3000);
    h.bar(2, 101, 102, 100, 101, 4000);
    h.bar(3, 102, 103, 101, 102, 5000);
    expect(h.fills.map((f) => [f.qty, f.price, f.commission])).toEqual([
      [300, 100, 1.5],
      [400, 101, 2],
      [300, 102, 1.5],
    ]);
    const final = h.oms.order(order.clientOrderId)!;
    expect(final).toMatchObject({ status: 'filled', filledQty: 1000, avgFillPrice: 101, commission: 5 });
    expect(h.fills.reduce((sum, f) => sum + f.qty, 0)).toBe(order.qty);
    expect(h.events.map((e) => e.event.type).filter((type) => type.includes('Filled'))).toEqual(['OrderPartiallyFilled', 'OrderPartiallyFilled', 'OrderFilled']);
    expect(h.portfolio.cash).toBe(100_000 - 101_000 - 5);
  });

  it('a day order partly filled expires with its partial fill at the session end', () => {
    const h = afterBar0({ fillModel: { maxVolumePct: 10 } });
    const { order } = h.oms.submit(buy({ qty: 1000, timeInForce: 'day' }));
    h.bar(1, 100, 101, 99, 100, 3000);
    h.bar(2, 101, 102, 100, 101, 4000);
    expect(h.oms.order(order.clientOrderId)).toMatchObject({ status: 'expired', filledQty: 300 });
  });
});

describe('slippage and commission arithmetic, to the cent', () => {
  it('10 bps on a buy at the open: 102 → 102.102; bps 5 commission with a $1 minimum → $5.11', () => {
    const h = afterBar0({ fillModel: { slippage: { kind: 'bps', bps: 10 }, commission: { kind: 'bps', bps: 5, min: 1 } } });
    h.oms.submit(buy());
    h.bar(1, 102, 103, 101, 102.5);
    expect(h.fills[0]!.price).toBeCloseTo(102.102, 10);
    expect(h.fills[0]!.commission).toBe(5.11);
    expect(h.portfolio.cash).toBeCloseTo(100_000 - 10_210.2 - 5.11, 8);
    expect(Math.round(h.portfolio.cash * 100) / 100).toBe(89_784.69);
  });

  it('2 ticks on a sell at the open: 100 → 99.98', () => {
    const h = afterBar0({ fillModel: { slippage: { kind: 'ticks', ticks: 2 } } });
    h.oms.submit(sell());
    h.bar(1, 100, 101, 99, 100);
    expect(h.fills[0]!.price).toBeCloseTo(99.98, 10);
  });

  it('a limit fill never goes past its limit; a resting limit filled at its price gets no slippage', () => {
    const gap = afterBar0({ fillModel: { slippage: { kind: 'bps', bps: 10 } } });
    gap.oms.submit(buy({ type: 'limit', limitPrice: 99 }));
    gap.bar(1, 98.95, 99.5, 98.5, 99); // 98.95 × 1.001 = 99.04895 → capped at 99
    expect(gap.fills[0]!.price).toBe(99);
    const resting = afterBar0({ fillModel: { slippage: { kind: 'bps', bps: 10 } } });
    resting.oms.submit(buy({ type: 'limit', limitPrice: 99 }));
    resting.bar(1, 100, 101, 98, 100);
    expect(resting.fills[0]!.price).toBe(99);
  });

  it('a stop takes slippage beyond its stop price', () => {
    const h = afterBar0({ fillModel: { slippage: { kind: 'bps', bps: 10 } } });
    h.oms.submit(buy({ type: 'stop', stopPrice: 103 }));
    h.bar(1, 101, 104, 100, 103.5);
    expect(h.fills[0]!.price).toBeCloseTo(103.103, 10);
  });

  it('per share $0.005 with a $1 minimum and a 1 % maximum; per order $1', () => {
    const min = afterBar0({ fillModel: { commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: 1 } } });
    min.oms.submit(buy());
    min.bar(1, 100, 101, 99, 100);
    expect(min.fills[0]!.commission).toBe(1); // 100 × 0.005 = 0.50 → minimum 1.00
    const penny = simHarness({ fillModel: { commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: 1 } } });
    penny.bar(0, 0.2, 0.2, 0.2, 0.2);
    penny.oms.submit(buy({ qty: 10_000 }));
    penny.bar(1, 0.2, 0.21, 0.19, 0.2);
    expect(penny.fills[0]!.commission).toBe(20); // 10,000 × 0.005 = 50.00 → capped at 1 % of 2,000.00
    const flat = afterBar0({ fillModel: { commission: { kind: 'per_order', amount: 1 } } });
    flat.oms.submit(buy());
    flat.bar(1, 100, 101, 99, 100);
    expect(flat.fills[0]!.commission).toBe(1);
    expect(flat.portfolio.cash).toBe(100_000 - 10_000 - 1);
  });
});

describe('refusals the broker makes', () => {
  it('refuses to open a short in a symbol that cannot be shorted', () => {
    const h = afterBar0({ instrument: { shortable: false } });
    const { order } = h.oms.submit(sell());
    expect(h.oms.order(order.clientOrderId)).toMatchObject({ status: 'rejected', reason: 'XYZ is not shortable' });
  });
});

describe('queries (what the paper broker answers for reconciliation)', () => {
  it('reports working and finished orders, positions and the account', async () => {
    const h = afterBar0();
    const { order: filled } = h.oms.submit(buy({ qty: 10 }));
    const { order: working } = h.oms.submit(buy({ type: 'limit', limitPrice: 50 }));
    h.bar(1, 102, 103, 101, 102.5);
    expect((await h.broker.fetchOrder(filled.clientOrderId))).toMatchObject({ status: 'filled', filledQty: 10, avgFillPrice: 102 });
    expect((await h.broker.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual([working.clientOrderId]);
    expect(await h.broker.fetchOrder('never-sent')).toBeNull();
    expect(await h.broker.fetchPositions()).toEqual([{ symbol: 'XYZ', qty: 10, avgEntryPrice: 102, marketValue: 1025, lastPrice: 102.5 }]);
    expect(await h.broker.fetchAccount()).toMatchObject({ cash: 100_000 - 1020, equity: 100_000 + 5, longMarketValue: 1025, shortMarketValue: 0 });
  });
});
