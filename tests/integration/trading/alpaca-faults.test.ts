/**
 * Each fault the Alpaca emulator injects, through the whole trading service: dropped and stalled
 * streams (the connection states go out, the service reconciles after the reconnect and recovers
 * the fill it missed), 429s (the server's Retry-After is honoured, the order lands once), a rejected
 * order (Alpaca's reason reaches the order, the ticket and the signal outcome), partial fills, and
 * duplicate or out-of-order trade updates (applied once, in the right state). Also: live bars of the
 * followed symbols go into the bars table.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../src/main/bus';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { OrderTicketSchema, type OrderTicketInput } from '../../../src/shared/trading/order-ticket';
import { minuteBars, startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { captureLog, emulatorSpec, openTestDb, startService, untilStartupBackfill, waitFor, type TestService } from './helpers';

let emulator: AlpacaEmulator;
let s: TestService;
let sleeps: number[];

beforeEach(async () => {
  emulator = await startAlpacaEmulator();
  emulator.control.setPrice('AAPL', 190);
  sleeps = [];
  const { db } = openTestDb();
  const spec = emulatorSpec(emulator);
  s = await startService(db, {
    ...spec,
    adapter: { ...spec.kind === 'alpaca' ? spec.adapter : {}, rest: { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, rateLimit: false } },
  } as typeof spec);
});

afterEach(async () => {
  await s.service.close();
  await emulator.close();
});

const order = (input: Partial<OrderTicketInput>) => OrderTicketSchema.parse({ symbol: 'AAPL', side: 'buy', type: 'market', qty: 5, ...input });
const connectionStates = (stream: string) => s.events.of('trading.connection').filter((c) => c.stream === stream).map((c) => c.state);

describe('stream faults', () => {
  it('a dropped trading stream: reconnecting → connected, then reconciliation recovers the fill it missed', async () => {
    const { clientOrderId } = await s.service.submitOrder(order({ type: 'limit', limitPrice: 189, timeInForce: 'gtc' }), { wait: 'ack' });
    const id = clientOrderId!;
    emulator.control.trading.dropConnections();
    emulator.control.setPrice('AAPL', 188.5);
    await waitFor(() => connectionStates('trading').includes('reconnecting'), 'reconnecting on the connection stream');
    await waitFor(() => s.service.oms.order(id)?.status === 'filled', 'the fill, recovered');
    await waitFor(() => connectionStates('trading').at(-1) === 'connected', 'connected again');
    expect(s.service.oms.order(id)).toMatchObject({ filledQty: 5, avgFillPrice: 188.5 });
    expect(s.service.book.positionQty('AAPL')).toBe(5);
    // Recovered by reconciliation (the stream never delivered it) from the account activities: the real execution, with its id.
    const execution = emulator.book.activities.find((a) => a.orderId === emulator.control.orderByClientId(id)!.id)!.executionId;
    expect(s.db.prepare('SELECT execution_id, qty, price, synthetic FROM fills WHERE client_order_id = ?').all(id)).toEqual([{ execution_id: execution, qty: 5, price: 188.5, synthetic: 0 }]);
    await waitFor(() => /reconciled with alpaca-paper \(trading stream reconnected after/.test(s.log.text()), 'the reconciliation after the reconnect');
  });

  it('a stalled trading stream is detected, reconnected and reconciled', async () => {
    const { clientOrderId } = await s.service.submitOrder(order({ type: 'limit', limitPrice: 189, timeInForce: 'gtc' }), { wait: 'ack' });
    emulator.control.trading.stall();
    emulator.control.setPrice('AAPL', 188);
    await waitFor(() => s.service.oms.order(clientOrderId!)?.status === 'filled', 'the fill after the stall', 8_000);
    expect(s.service.connections().find((c) => c.stream === 'trading')).toMatchObject({ state: 'connected' });
    expect(s.events.of('trading.connection').some((c) => c.stream === 'trading' && c.state === 'reconnecting' && /stall/i.test(c.reason ?? ''))).toBe(true);
    emulator.control.trading.endStall();
  });
});

describe('REST faults', () => {
  it('429 on a submit: waits the server\'s Retry-After, the order lands once', async () => {
    emulator.control.rest.tooManyRequests(1, 3, { method: 'POST', pathPrefix: '/v2/orders' });
    const result = await s.service.submitOrder(order({}), { wait: 'fill' });
    expect(result.status).toBe('filled');
    expect(sleeps).toContain(3_000);
    const posts = emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(emulator.control.orderByClientId(result.clientOrderId!)).toBeDefined();
  });

  it("a rejected order carries Alpaca's reason to the order, the ticket and the signal outcome", async () => {
    emulator.control.rest.rejectOrders(1, 403, { code: 40310000, message: 'insufficient buying power' });
    const result = await s.service.submitOrder(order({}), { wait: 'ack' });
    expect(result).toMatchObject({ status: 'rejected_by_broker', reason: 'rejected by broker: insufficient buying power (40310000)' });
    expect(s.events.of('trading.orders').at(-1)).toMatchObject({ status: 'rejected', reason: 'rejected by broker: insufficient buying power (40310000)' });
    emulator.control.rest.rejectOrders(1, 422, { code: 42210000, message: 'potential wash trade detected. use complex orders' });
    const outcome = await s.service.submitSignal({ symbol: 'AAPL', action: 'BUY', quantity: 1, confidence: 0.7, strategyId: 'x', timestamp: Date.now() }, 'endpoint', { wait: 'ack' });
    expect(outcome).toMatchObject({ status: 'rejected_by_broker', error: 'rejected by broker: potential wash trade detected. use complex orders (42210000)' });
  });
});

describe('more REST and stream faults', () => {
  it('a submit whose answer is lost: looked up by client order id, never sent twice', async () => {
    emulator.control.rest.loseAnswer(1);
    const result = await s.service.submitOrder(order({}), { wait: 'fill' });
    expect(result.status).toBe('filled');
    // The client never got an answer: it looks the order up by its client id and finds it; no second POST.
    await waitFor(() => emulator.requests.some((r) => r.path === '/v2/orders:by_client_order_id' && r.query.client_order_id === result.clientOrderId), 'the lookup');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(1);
    expect(s.service.oms.order(result.clientOrderId!)).toMatchObject({ status: 'filled', filledQty: 5 });
  });

  it('refused credentials on the trading stream: the connection shows error, with the reason', async () => {
    emulator.control.trading.rejectNextAuth(1);
    emulator.control.trading.dropConnections();
    await waitFor(() => s.service.connections().find((c) => c.stream === 'trading')?.state === 'error', 'the error state');
    expect(s.events.of('trading.connection').at(-1)).toMatchObject({ stream: 'trading', state: 'error', reason: expect.stringMatching(/unauthorized|refused|verification/i) });
  });
});

describe('order-event faults', () => {
  it('partial fills: two executions, one order, the right average and position', async () => {
    emulator.control.splitNextFill([0.4, 0.6]);
    const result = await s.service.submitOrder(order({ qty: 10 }), { wait: 'fill' });
    expect(result.orders[0]).toMatchObject({ status: 'filled', filledQty: 10, avgFillPrice: 190 });
    const fills = s.db.prepare('SELECT qty, synthetic FROM fills WHERE client_order_id = ? ORDER BY rowid').all(result.clientOrderId);
    expect(fills).toEqual([{ qty: 4, synthetic: 0 }, { qty: 6, synthetic: 0 }]);
    expect(s.events.of('trading.orders').filter((o) => o.clientOrderId === result.clientOrderId).map((o) => o.status)).toContain('partially_filled');
    expect(s.service.book.positionQty('AAPL')).toBe(10);
  });

  it('duplicated and out-of-order trade updates are applied once and never move an order back', async () => {
    emulator.control.trading.duplicateNext(4);
    const result = await s.service.submitOrder(order({ qty: 3 }), { wait: 'fill' });
    await waitFor(() => (s.db.prepare('SELECT COUNT(*) FROM order_event_refusals WHERE client_order_id = ?').pluck(true).get(result.clientOrderId) as number) >= 2, 'the duplicates refused');
    expect(s.service.oms.order(result.clientOrderId!)).toMatchObject({ status: 'filled', filledQty: 3 });
    expect(s.db.prepare('SELECT COUNT(*) FROM fills WHERE client_order_id = ?').pluck(true).get(result.clientOrderId)).toBe(1);

    const limit = await s.service.submitOrder(order({ type: 'limit', limitPrice: 189, qty: 10, timeInForce: 'gtc' }), { wait: 'ack' });
    const brokerId = emulator.control.orderByClientId(limit.clientOrderId!)!.id;
    emulator.control.trading.swapNextTwo();
    emulator.control.fillOrder(brokerId, 4, 189);
    emulator.control.fillOrder(brokerId, 6, 188.9);
    await waitFor(() => s.service.oms.order(limit.clientOrderId!)?.filledQty === 10, 'both fills');
    expect(s.service.oms.order(limit.clientOrderId!)).toMatchObject({ status: 'filled', avgFillPrice: (4 * 189 + 6 * 188.9) / 10 });
    expect(s.service.book.positionQty('AAPL')).toBe(13);
  });
});

describe('live bars', () => {
  it('bars of a followed symbol go into the bars table (source alpaca, no duplicates) and announce dataset.changed', async () => {
    await s.service.close();
    const bus = new Bus();
    const changes: Array<{ dataset: number; change: string }> = [];
    bus.on('dataset.changed', (change) => changes.push(change));
    const { db } = openTestDb();
    const bars = minuteBars(Date.UTC(2026, 0, 5, 15, 0), 3, 190);
    s = await startService(db, emulatorSpec(emulator, { barClock: () => bars[0]!.t }), { announce: { bus, hub: new EventHub(), log: captureLog().logger } });
    await s.service.submitOrder(order({ type: 'limit', limitPrice: 185, timeInForce: 'gtc' }), { wait: 'ack' });
    // The start-up backfill of the day's minutes (none yet) is done before the stream's minutes come.
    await untilStartupBackfill(emulator, s.alpaca!, 'AAPL');
    emulator.control.publishBars('AAPL', bars);
    emulator.control.publishBars('AAPL', bars.slice(1));
    await waitFor(() => changes.some((c) => c.change === 'appended'), 'dataset.changed appended');
    const dataset = db.prepare("SELECT id, rows, source, timeframe FROM datasets WHERE symbol = 'AAPL'").get() as { id: number; rows: number; source: string; timeframe: string };
    expect(dataset).toMatchObject({ rows: 3, source: 'alpaca', timeframe: '1Min' });
    expect(db.prepare('SELECT t, c FROM bars WHERE dataset_id = ? ORDER BY t').all(dataset.id)).toEqual(bars.map((b) => ({ t: b.t, c: b.c })));
    expect(s.events.of('market.bars').map((b) => b.source)).toEqual(['live', 'live', 'live']);

    // The data stream drops; bars published meanwhile are backfilled over REST after the reconnect.
    emulator.control.data.dropConnections();
    const missed = minuteBars(bars[2]!.t + 60_000, 2, 191);
    emulator.control.addBars('AAPL', missed);
    await waitFor(() => (db.prepare('SELECT rows FROM datasets WHERE id = ?').pluck(true).get(dataset.id) as number) === 5, 'the backfilled bars');
    expect(s.events.of('market.bars').slice(3).map((b) => [b.source, b.t])).toEqual(missed.map((b) => ['backfill', b.t]));
  });
});
