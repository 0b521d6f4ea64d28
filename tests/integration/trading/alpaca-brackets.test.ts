/**
 * Bracket, OCO and OTO orders sent to Alpaca (the emulator) natively: one request with its
 * `order_class` and legs; Alpaca names the legs, and they are mapped back to the order manager's
 * legs by parent and role, in answers, stream events, reconciliation (also after a restart),
 * cancels, replaces and recovered fills. Positions and cash match Alpaca's account.
 */
import { describe, expect, it } from 'vitest';
import { OrderTicketSchema, type OrderTicketInput } from '../../../src/shared/trading/order-ticket';
import type { EmulatorOrder } from '../../support/alpaca-emulator';
import { emulatorRig, waitFor, type TestService } from './helpers';

const rig = emulatorRig();

const ticket = (input: Partial<OrderTicketInput>) => OrderTicketSchema.parse({ symbol: 'AAPL', side: 'buy', type: 'market', qty: 4, ...input });
const orderPosts = () => rig.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders');

/** Alpaca's order and its legs for one of Sextant's client order ids. */
function atAlpaca(clientOrderId: string): { parent: EmulatorOrder; takeProfit: EmulatorOrder | undefined; stopLoss: EmulatorOrder | undefined } {
  const parent = rig.emulator.control.orderByClientId(clientOrderId)!;
  return {
    parent,
    takeProfit: parent.legOrders.find((leg) => leg.type === 'limit'),
    stopLoss: parent.legOrders.find((leg) => leg.type === 'stop' || leg.type === 'stop_limit'),
  };
}

describe('native order classes on Alpaca', () => {
  it('a bracket goes as one order; its legs, named by Alpaca, are followed as the manager\'s legs through activation, one-cancels-other and the fill', async () => {
    const s = await rig.start();
    const result = await s.service.submitOrder(ticket({ takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185, limitPrice: 184.5 } }), { wait: 'fill' });
    const [entry, tp, sl] = result.orders.map((o) => o.clientOrderId);
    expect(orderPosts()).toHaveLength(1);
    expect(orderPosts()[0]!.body).toMatchObject({
      client_order_id: entry, order_class: 'bracket', type: 'market', qty: '4', take_profit: { limit_price: '195' }, stop_loss: { stop_price: '185', limit_price: '184.5' },
    });
    const alpaca = atAlpaca(entry!);
    expect(alpaca.parent.legOrders.map((leg) => leg.client_order_id)).not.toContain(tp);
    await waitFor(() => s.service.oms.order(tp!)?.status === 'accepted' && s.service.oms.order(sl!)?.status === 'accepted', 'both legs live at Alpaca');
    expect(s.service.oms.order(entry!)).toMatchObject({ status: 'filled', filledQty: 4, avgFillPrice: 190 });
    expect(s.service.oms.order(tp!)).toMatchObject({ brokerOrderId: alpaca.takeProfit!.id, type: 'limit', limitPrice: 195, qty: 4 });
    expect(s.service.oms.order(sl!)).toMatchObject({ brokerOrderId: alpaca.stopLoss!.id, type: 'stop_limit', stopPrice: 185 });

    rig.emulator.control.setPrice('AAPL', 196);
    await waitFor(() => s.service.oms.order(tp!)?.status === 'filled' && s.service.oms.order(sl!)?.status === 'canceled', 'take-profit filled, stop canceled (by Alpaca)');
    // Only the one POST: the legs were never sent by Sextant.
    expect(orderPosts()).toHaveLength(1);
    expect(s.service.oms.order(tp!)).toMatchObject({ filledQty: 4, avgFillPrice: 196 });
    expect(rig.emulator.account.positionQty('AAPL')).toBe(0);
    expect(s.service.book.positionQty('AAPL')).toBe(0);
    expect(s.service.book.cash).toBeCloseTo(100_000 - 4 * 190 + 4 * 196, 9);
    expect(rig.emulator.account.cash).toBeCloseTo(s.service.book.cash, 9);
  });

  it('an OCO exit pair on a position: both live at Alpaca at once; the stop fills and takes the take-profit with it', async () => {
    const s = await rig.start();
    await s.service.submitOrder(ticket({ qty: 3 }), { wait: 'fill' });
    const result = await s.service.submitOrder(ticket({ side: 'sell', qty: 3, type: 'limit', limitPrice: 195, timeInForce: 'gtc', orderClass: 'oco', takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 186 } }), { wait: 'ack' });
    const [tp, sl] = result.orders.map((o) => o.clientOrderId);
    expect(result.orders.map((o) => o.orderClass)).toEqual(['oco', 'oco']);
    expect(orderPosts().at(-1)!.body).toMatchObject({ client_order_id: tp, order_class: 'oco', type: 'limit', limit_price: '195', take_profit: { limit_price: '195' }, stop_loss: { stop_price: '186' } });
    await waitFor(() => s.service.oms.order(sl!)?.status === 'accepted', 'the stop leg live');
    expect(s.service.oms.order(sl!)!.brokerOrderId).toBe(atAlpaca(tp!).stopLoss!.id);
    rig.emulator.control.setPrice('AAPL', 185.5);
    await waitFor(() => s.service.oms.order(sl!)?.status === 'filled' && s.service.oms.order(tp!)?.status === 'canceled', 'stop filled, take-profit canceled');
    expect(s.service.book.positionQty('AAPL')).toBe(0);
    expect(s.service.book.cash).toBeCloseTo(100_000 - 3 * 190 + 3 * 185.5, 9);
    expect(rig.emulator.account.cash).toBeCloseTo(s.service.book.cash, 9);
  });

  it("a leg's stop is replaced at Alpaca (the replacement carries Sextant's id), and canceling the entry cancels its waiting legs", async () => {
    const s = await rig.start();
    const result = await s.service.submitOrder(ticket({ type: 'limit', limitPrice: 189, timeInForce: 'gtc', takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185 } }), { wait: 'ack' });
    const [entry, tp, sl] = result.orders.map((o) => o.clientOrderId);
    expect(s.service.oms.order(sl!)!.status).toBe('held');
    const alpacaStop = atAlpaca(entry!).stopLoss!.id;
    const replaced = s.service.replace(sl!, { stopPrice: 184 });
    expect(replaced.ok).toBe(true);
    const replacement = replaced.replacement!.clientOrderId;
    await waitFor(() => s.service.oms.order(sl!)?.status === 'replaced', 'the stop replaced');
    const patch = rig.emulator.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe(`/v2/orders/${alpacaStop}`);
    expect(rig.emulator.control.order(alpacaStop)!.status).toBe('replaced');
    expect(patch.body).toMatchObject({ stop_price: '184', client_order_id: replacement });
    expect(rig.emulator.control.orderByClientId(replacement)).toMatchObject({ status: 'held', stop_price: 184 });
    expect(s.service.oms.order(replacement)).toMatchObject({ status: 'held', stopPrice: 184, parentId: entry });

    expect(s.service.cancel(entry!).ok).toBe(true);
    await waitFor(() => [entry, tp, replacement].every((id) => s.service.oms.order(id!)?.status === 'canceled'), 'the bracket canceled');
    expect(rig.emulator.control.orderByClientId(replacement)!.status).toBe('canceled');
    expect(atAlpaca(entry!).takeProfit!.status).toBe('canceled');
  });

  it("a bracket whose answer is lost: the stream's events of it and of its legs, come before Sextant knows the order, are held and applied once the lookup finds it", async () => {
    const s = await rig.start();
    rig.emulator.control.rest.loseAnswer(1);
    const result = await s.service.submitOrder(ticket({ takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185 } }), { wait: 'fill' });
    const [entry, tp, sl] = result.orders.map((o) => o.clientOrderId);
    await waitFor(() => s.service.oms.order(tp!)?.status === 'accepted' && s.service.oms.order(sl!)?.status === 'accepted', 'both legs live');
    expect(s.service.oms.order(entry!)).toMatchObject({ status: 'filled', filledQty: 4 });
    expect(orderPosts()).toHaveLength(1);
    expect(rig.db.prepare("SELECT COUNT(*) FROM order_event_refusals WHERE kind = 'unknown_order'").pluck(true).get()).toBe(0);
    expect(s.service.book.positionQty('AAPL')).toBe(4);
  });

  it('restart: the bracket journaled and accepted while Sextant stopped is found with its legs (by parent and role), never sent again; a leg filled while down is recovered from the activities', async () => {
    const first = await rig.start();
    const release = rig.emulator.control.rest.hold({ method: 'POST', pathPrefix: '/v2/orders' });
    const result = await first.service.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', qty: 4, timeInForce: 'day', extendedHours: false, takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185 } });
    const [entry, tp, sl] = result.orders.map((o) => o.clientOrderId);
    await waitFor(() => orderPosts().length === 1, 'the POST at Alpaca');
    await first.service.close();
    release();
    await waitFor(() => rig.emulator.control.orderByClientId(entry!)?.status === 'filled' && atAlpaca(entry!).takeProfit?.status === 'new', 'entry filled, legs live at Alpaca');
    rig.emulator.control.setPrice('AAPL', 196);
    await waitFor(() => atAlpaca(entry!).takeProfit?.status === 'filled', 'the take-profit filled at Alpaca');

    const second = await rig.start();
    const alpaca = atAlpaca(entry!);
    expect(second.service.oms.order(entry!)).toMatchObject({ status: 'filled', filledQty: 4 });
    expect(second.service.oms.order(tp!)).toMatchObject({ status: 'filled', filledQty: 4, avgFillPrice: 196, brokerOrderId: alpaca.takeProfit!.id });
    expect(second.service.oms.order(sl!)).toMatchObject({ status: 'canceled', brokerOrderId: alpaca.stopLoss!.id });
    expect(orderPosts()).toHaveLength(1);
    const executionOf = (order: EmulatorOrder) => rig.emulator.book.activities.find((a) => a.orderId === order.id)!.executionId;
    // Both executions, each under its own id (reconciliation looks at legs before entries).
    expect(rig.db.prepare('SELECT client_order_id AS id, execution_id AS execution, qty, price, synthetic FROM fills ORDER BY rowid').all()).toEqual([
      { id: tp, execution: executionOf(alpaca.takeProfit!), qty: 4, price: 196, synthetic: 0 },
      { id: entry, execution: executionOf(alpaca.parent), qty: 4, price: 190, synthetic: 0 },
    ]);
    // Nothing of Sextant's own was adopted as placed elsewhere.
    expect(rig.db.prepare("SELECT COUNT(*) FROM orders WHERE tag = 'external'").pluck(true).get()).toBe(0);
    expect(second.service.book.positionQty('AAPL')).toBe(0);
    expect(second.service.book.cash).toBeCloseTo(100_000 - 4 * 190 + 4 * 196, 9);
  });
});
