/**
 * The trading stream against the emulator: order events in order, partial fills, duplicates and
 * out-of-order events delivered as received with sequence numbers, and the faults a stream meets
 * (drop, stall, refused keys) with the state machine and the reconcile signal they cause.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlpacaTradeUpdate } from '../../../src/main/broker/alpaca/mapping';
import type { ConnectionState } from '../../../src/main/broker/alpaca/stream/state';
import { startRig, waitFor, type Rig } from './helpers';

let rig: Rig;
let updates: AlpacaTradeUpdate[];
let states: ConnectionState[];

beforeEach(async () => {
  rig = await startRig();
  rig.emulator.control.setPrice('AAPL', 190);
  updates = [];
  states = [];
  rig.adapter.onTradeUpdate((update) => updates.push(update));
  rig.adapter.onStreamState((event) => {
    if (event.stream === 'trading') states.push(event.status.state);
  });
  rig.adapter.tradingStream.start();
  await waitFor(() => rig.adapter.streamStatus('trading').state === 'connected', 'the trading stream');
});

afterEach(async () => {
  await rig.close();
});

const summary = (list: AlpacaTradeUpdate[]): string[] => list.map((u) => `${u.seq} ${u.event} ${u.order.clientOrderId} ${u.order.filledQty}`);

describe('trade updates', () => {
  it('authenticates, listens, and delivers new then fill with the execution details', async () => {
    expect(states).toEqual(['connecting', 'connected']);
    const order = await rig.adapter.submitOrder({ clientOrderId: 'ts-1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: 3 });
    await waitFor(() => updates.length === 2, 'two updates');
    expect(summary(updates)).toEqual(['1 new ts-1 0', '2 fill ts-1 3']);
    const fill = updates[1]!;
    expect(fill).toMatchObject({ connection: 1, price: 190, qty: 3, positionQty: 3, executionId: expect.any(String) });
    expect(fill.order).toMatchObject({ id: order.id, status: 'filled', filledAvgPrice: 190 });
  });

  it('delivers partial fills in order, each with its own execution', async () => {
    rig.emulator.control.splitNextFill([0.2, 0.3, 0.5]);
    await rig.adapter.submitOrder({ clientOrderId: 'pf-1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: 10 });
    await waitFor(() => updates.length === 4, 'four updates');
    expect(summary(updates)).toEqual(['1 new pf-1 0', '2 partial_fill pf-1 2', '3 partial_fill pf-1 5', '4 fill pf-1 10']);
    expect(updates.map((u) => u.qty)).toEqual([null, 2, 3, 5]);
    expect(new Set(updates.slice(1).map((u) => u.executionId)).size).toBe(3);
  });

  it('delivers manual partial fills, a cancel of the rest, expiry and rejection', async () => {
    const a = await rig.adapter.submitOrder({ clientOrderId: 'm-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 10, limitPrice: 150 });
    const b = await rig.adapter.submitOrder({ clientOrderId: 'm-2', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 150 });
    const c = await rig.adapter.submitOrder({ clientOrderId: 'm-3', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: 1, limitPrice: 150 });
    await waitFor(() => updates.length === 3, 'three new');
    rig.emulator.control.fillOrder(a.id, 4, 149.5);
    await rig.adapter.cancelOrder(a.id);
    await waitFor(() => updates.length === 5, 'partial and cancel');
    rig.emulator.control.expireDayOrders();
    rig.emulator.control.rejectOrder(c.id);
    await waitFor(() => updates.length === 7, 'expiry and rejection');
    expect(updates.slice(3).map((u) => `${u.event} ${u.order.clientOrderId} ${u.order.status}`)).toEqual([
      'partial_fill m-1 partially_filled',
      'canceled m-1 canceled',
      `expired m-2 expired`,
      'rejected m-3 rejected',
    ]);
    expect(b.id).toBe(updates[5]!.order.id);
  });

  it('delivers a replace as replaced (old order) and new (replacement)', async () => {
    const order = await rig.adapter.submitOrder({ clientOrderId: 'r-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 1, limitPrice: 150 });
    await waitFor(() => updates.length === 1, 'new');
    const replacement = await rig.adapter.replaceOrder(order.id, { limitPrice: 155 });
    await waitFor(() => updates.length === 3, 'replace events');
    expect(updates.slice(1).map((u) => `${u.event} ${u.order.id === order.id ? 'old' : u.order.id === replacement.id ? 'new' : '?'}`).sort()).toEqual(['new new', 'replaced old']);
  });

  it('delivers duplicates as received, with distinct sequence numbers and the same execution id', async () => {
    rig.emulator.control.trading.duplicateNext(2);
    await rig.adapter.submitOrder({ clientOrderId: 'd-1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: 1 });
    await waitFor(() => updates.length === 4, 'four updates');
    expect(summary(updates)).toEqual(['1 new d-1 0', '2 new d-1 0', '3 fill d-1 1', '4 fill d-1 1']);
    expect(updates[2]!.executionId).toBe(updates[3]!.executionId);
  });

  it('delivers out-of-order events as received: the fill before the partial fill', async () => {
    const order = await rig.adapter.submitOrder({ clientOrderId: 'o-1', symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: 10, limitPrice: 150 });
    await waitFor(() => updates.length === 1, 'new');
    rig.emulator.control.trading.swapNextTwo();
    rig.emulator.control.fillOrder(order.id, 4, 150);
    rig.emulator.control.fillOrder(order.id, 6, 150);
    await waitFor(() => updates.length === 3, 'both fills');
    expect(summary(updates)).toEqual(['1 new o-1 0', '2 fill o-1 10', '3 partial_fill o-1 4']);
    expect(rig.emulator.tradingStream.sent.map((s) => s.event)).toEqual(['new', 'partial_fill', 'fill']);
  });
});

describe('trading stream faults', () => {
  it('a dropped connection reconnects with backoff, listens again, and asks for reconciliation', async () => {
    const reasons: string[] = [];
    rig.adapter.onReconcileNeeded((reason) => reasons.push(reason));
    const resynced: number[] = [];
    rig.adapter.onResynced((event) => resynced.push(event.connection));
    rig.emulator.control.trading.dropConnections();
    await waitFor(() => resynced.length === 1, 'the resync');
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(resynced).toEqual([2]);
    expect(reasons).toHaveLength(1);
    expect(rig.adapter.tradingStream.stats.reconnects).toBe(1);
    expect(rig.emulator.tradingStream.listeningClients).toBe(1);

    await rig.adapter.submitOrder({ clientOrderId: 'after-drop', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: 1 });
    await waitFor(() => updates.length === 2, 'events on the new connection');
    expect(updates.map((u) => u.connection)).toEqual([2, 2]);
  });

  it('backs off exponentially while the server keeps refusing, and never gives up', async () => {
    const delays: number[] = [];
    rig.adapter.onStreamState((event) => {
      if (event.stream === 'trading' && event.status.state === 'reconnecting') delays.push(event.status.retryInMs!);
    });
    // While `refusing`, the server drops every new connection the moment it opens.
    let refusing = true;
    rig.emulator.tradingStream.wss.on('connection', (ws) => {
      if (refusing) ws.terminate();
    });
    rig.emulator.control.trading.dropConnections();
    await waitFor(() => delays.length >= 6, 'six reconnect attempts');
    refusing = false;
    await waitFor(() => rig.adapter.streamStatus('trading').state === 'connected', 'the recovery');
    expect(delays.slice(0, 6)).toEqual([20, 40, 80, 160, 200, 200]);
  });

  it('a stalled connection (no data, no pongs) is detected and replaced', async () => {
    rig.emulator.control.trading.stall();
    await waitFor(() => rig.adapter.tradingStream.stats.stalls === 1, 'the stall detection');
    await waitFor(() => rig.adapter.streamStatus('trading').state === 'connected' && rig.adapter.streamStatus('trading').connection === 2, 'the new connection');
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(rig.log.text()).toMatch(/stalled: nothing received for \d+ ms/);
    rig.emulator.control.trading.endStall();
  });

  it('refused keys put the stream in the error state without retrying', async () => {
    rig.adapter.stop();
    rig.emulator.control.trading.rejectNextAuth(1);
    const before = rig.emulator.tradingStream.authAttempts;
    states.length = 0;
    rig.adapter.tradingStream.start();
    await waitFor(() => rig.adapter.streamStatus('trading').state === 'error', 'the error state');
    expect(states).toEqual(['connecting', 'error']);
    expect(rig.adapter.streamStatus('trading').reason).toBe('the trading stream refused the keys: access key verification failed');
    expect(rig.emulator.tradingStream.authAttempts - before).toBe(1);
    rig.adapter.tradingStream.restart();
    await waitFor(() => rig.adapter.streamStatus('trading').state === 'connected', 'the manual restart');
  });
});
