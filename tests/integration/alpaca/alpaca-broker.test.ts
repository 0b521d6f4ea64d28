/**
 * The join: the shared order manager driving the Alpaca broker against the emulator. Fills land
 * once each (duplicates refused), out-of-order events don't move an order backwards, refusals
 * carry Alpaca's reason, and after a stream outage reconciliation recovers the missed fill.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlpacaBroker, orderStatusOf } from '../../../src/main/broker/alpaca/alpaca-broker';
import type { EventRefusal, OrderEvent } from '../../../src/shared/domain/order-events';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal } from '../../../src/shared/oms/order-journal';
import { OrderManager } from '../../../src/shared/oms/order-manager';
import { startRig, waitFor, type Rig } from './helpers';

let rig: Rig;
let broker: AlpacaBroker;
let oms: OrderManager;
let events: OrderEvent[];
let refusals: EventRefusal[];

beforeEach(async () => {
  rig = await startRig();
  rig.emulator.control.setPrice('AAPL', 190);
  broker = new AlpacaBroker({ adapter: rig.adapter, log: rig.log.logger, sleep: async () => {} });
  oms = new OrderManager({
    broker,
    journal: new MemoryOrderJournal(),
    instrument: (symbol) => equityInstrument(symbol),
    clock: Date.now,
    ids: sequentialOrderIds('it'),
    risk: null,
  });
  events = [];
  refusals = [];
  oms.onEvent((event) => events.push(event));
  oms.onRefusal((refusal) => refusals.push(refusal));
  rig.adapter.tradingStream.start();
  await waitFor(() => rig.adapter.streamStatus('trading').state === 'connected', 'the trading stream');
});

afterEach(async () => {
  broker.disconnect();
  await rig.close();
});

describe('OrderManager + AlpacaBroker + emulator', () => {
  it('a market order goes from submitted to filled, each fill applied once', async () => {
    rig.emulator.control.trading.duplicateNext(3);
    const { order, sent } = oms.submit({ symbol: 'AAPL', side: 'buy', qty: 5, type: 'market' });
    expect(sent).toBe(true);
    await waitFor(() => oms.order(order.clientOrderId)?.status === 'filled', 'the fill');
    await waitFor(() => rig.emulator.tradingStream.sent.length === 4, 'both duplicates sent');
    await waitFor(() => refusals.filter((r) => r.kind === 'duplicate' || r.kind === 'out_of_order').length >= 2, 'the duplicates refused');
    const final = oms.order(order.clientOrderId)!;
    expect(final).toMatchObject({ status: 'filled', filledQty: 5, avgFillPrice: 190, brokerOrderId: rig.emulator.control.orderByClientId(order.clientOrderId)!.id });
    expect(events.filter((e) => e.type === 'OrderFilled')).toHaveLength(1);
  });

  it('partial fills arriving out of order leave the order filled with the right average', async () => {
    const { order } = oms.submit({ symbol: 'AAPL', side: 'buy', qty: 10, type: 'limit', limitPrice: 150 });
    await waitFor(() => oms.order(order.clientOrderId)?.status === 'accepted', 'acceptance');
    const brokerId = rig.emulator.control.orderByClientId(order.clientOrderId)!.id;
    rig.emulator.control.trading.swapNextTwo();
    rig.emulator.control.fillOrder(brokerId, 4, 150);
    rig.emulator.control.fillOrder(brokerId, 6, 149);
    await waitFor(() => oms.order(order.clientOrderId)?.filledQty === 10, 'both fills');
    expect(oms.order(order.clientOrderId)).toMatchObject({ status: 'filled', avgFillPrice: (4 * 150 + 6 * 149) / 10 });
  });

  it('a refusal reaches the order manager with Alpaca\'s reason', async () => {
    const { order } = oms.submit({ symbol: 'AAPL', side: 'buy', qty: 10_000, type: 'market' });
    await waitFor(() => oms.order(order.clientOrderId)?.status === 'rejected', 'the rejection');
    expect(oms.order(order.clientOrderId)!.reason).toBe('rejected by broker: insufficient buying power (40310000)');
  });

  it('cancel and replace go through Alpaca and come back as events', async () => {
    const { order } = oms.submit({ symbol: 'AAPL', side: 'buy', qty: 2, type: 'limit', limitPrice: 150 });
    await waitFor(() => oms.order(order.clientOrderId)?.status === 'accepted', 'acceptance');
    const replaced = oms.replace(order.clientOrderId, { limitPrice: 151 });
    expect(replaced.ok).toBe(true);
    const replacement = replaced.replacement!;
    await waitFor(() => oms.order(replacement.clientOrderId)?.status === 'accepted', 'the replacement accepted');
    expect(oms.order(order.clientOrderId)?.status).toBe('replaced');
    expect(rig.emulator.control.orderByClientId(replacement.clientOrderId)?.limit_price).toBe(151);
    oms.cancel(replacement.clientOrderId);
    await waitFor(() => oms.order(replacement.clientOrderId)?.status === 'canceled', 'the cancel');
  });

  it('after a stream outage, reconciliation recovers the fill the stream never delivered', async () => {
    const { order } = oms.submit({ symbol: 'AAPL', side: 'buy', qty: 3, type: 'limit', limitPrice: 150 });
    await waitFor(() => oms.order(order.clientOrderId)?.status === 'accepted', 'acceptance');
    const reconcileReasons: string[] = [];
    rig.adapter.onReconcileNeeded((reason) => reconcileReasons.push(reason));
    // The stream stalls; the order fills meanwhile; the fill event goes nowhere.
    rig.emulator.control.trading.stall();
    rig.emulator.control.setPrice('AAPL', 149);
    await waitFor(() => rig.emulator.control.orderByClientId(order.clientOrderId)?.status === 'filled', 'the fill at the emulator');
    await waitFor(() => reconcileReasons.length === 1, 'the reconnect');
    expect(oms.order(order.clientOrderId)?.status).toBe('accepted');
    const report = await broker.fetchOrder(order.clientOrderId);
    expect(report).toMatchObject({ status: 'filled', filledQty: 3, avgFillPrice: 149 });
    oms.reconcile(report!, Date.now());
    expect(oms.order(order.clientOrderId)).toMatchObject({ status: 'filled', filledQty: 3, avgFillPrice: 149 });
    rig.emulator.control.trading.endStall();
  });

  it('reports open orders, positions and the account for reconciliation', async () => {
    oms.submit({ symbol: 'AAPL', side: 'buy', qty: 2, type: 'market' });
    const { order } = oms.submit({ symbol: 'AAPL', side: 'sell', qty: 1, type: 'limit', limitPrice: 250 });
    await waitFor(() => rig.emulator.account.positionQty('AAPL') === 2 && oms.order(order.clientOrderId)?.status === 'accepted', 'fill and acceptance');
    expect((await broker.fetchOpenOrders()).map((o) => [o.clientOrderId, o.status, o.limitPrice])).toEqual([[order.clientOrderId, 'accepted', 250]]);
    expect(await broker.fetchPositions()).toEqual([{ symbol: 'AAPL', qty: 2, avgEntryPrice: 190, marketValue: 380, lastPrice: 190 }]);
    expect(await broker.fetchAccount()).toMatchObject({ cash: 100_000 - 380, equity: 100_000, tradingBlocked: false });
    expect(await broker.fetchOrder('never-sent')).toBeNull();
  });
});

describe('status mapping', () => {
  it.each([
    ['new', 0, 'accepted'], ['accepted', 0, 'accepted'], ['pending_new', 0, 'pending_new'], ['partially_filled', 1, 'partially_filled'],
    ['filled', 1, 'filled'], ['done_for_day', 1, 'partially_filled'], ['done_for_day', 0, 'accepted'], ['canceled', 0, 'canceled'],
    ['expired', 0, 'expired'], ['replaced', 0, 'replaced'], ['rejected', 0, 'rejected'], ['held', 0, 'held'],
    ['pending_cancel', 0, 'pending_cancel'], ['pending_replace', 0, 'pending_replace'], ['calculated', 1, 'partially_filled'],
  ] as const)('%s with %d filled → %s', (status, filledQty, expected) => {
    expect(orderStatusOf({ status, filledQty })).toBe(expected);
  });
});
