/**
 * REST faults injected by the emulator: 429 with Retry-After (reads wait exactly that long; an
 * order is looked up by client_order_id before it is ever sent again), lost answers, 5xx, and
 * orders rejected with Alpaca's reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlpacaApiError } from '../../../src/main/broker/alpaca/errors';
import { startRig, type Rig } from './helpers';

let rig: Rig;

beforeEach(async () => {
  rig = await startRig();
  rig.emulator.control.setPrice('AAPL', 190);
});

afterEach(async () => {
  await rig.close();
});

const order = (clientOrderId: string, qty = 1) =>
  ({ clientOrderId, symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty, limitPrice: 150 }) as const;

function trail(): string[] {
  return rig.emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

describe('429 Too Many Requests', () => {
  it('a read waits the server\'s Retry-After, then succeeds', async () => {
    rig.emulator.control.rest.tooManyRequests(2, 3, { pathPrefix: '/v2/account' });
    const account = await rig.adapter.getAccount();
    expect(account.cash).toBe(100_000);
    expect(rig.sleeps).toEqual([3_000, 3_000]);
    expect(trail()).toEqual(['GET /v2/account 429', 'GET /v2/account 429', 'GET /v2/account 200']);
  });

  it('a read gives up after its attempt budget with a rate_limited error', async () => {
    rig.emulator.control.rest.tooManyRequests(10, 1, { pathPrefix: '/v2/positions' });
    const error = await rig.adapter.listPositions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlpacaApiError);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, code: 42910000, retryAfterMs: 1_000 });
    expect(rig.sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it('an order is re-sent only after its client_order_id is confirmed absent', async () => {
    rig.emulator.control.rest.tooManyRequests(1, 2, { method: 'POST', pathPrefix: '/v2/orders' });
    const placed = await rig.adapter.submitOrder(order('rl-1'));
    expect(placed.clientOrderId).toBe('rl-1');
    expect(rig.sleeps).toEqual([2_000]);
    expect(trail()).toEqual(['POST /v2/orders 429', 'GET /v2/orders:by_client_order_id 404', 'POST /v2/orders 200']);
    expect(rig.emulator.book.list()).toHaveLength(1);
  });

  it('a Retry-After longer than the adapter waits by itself is handed to the caller, nothing re-sent', async () => {
    rig.emulator.control.rest.tooManyRequests(1, 120, { method: 'POST', pathPrefix: '/v2/orders' });
    const error = await rig.adapter.submitOrder(order('rl-2')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000, definitelyNotApplied: true });
    expect(trail()).toEqual(['POST /v2/orders 429']);
  });
});

describe('lost answers and server errors', () => {
  it('an order whose answer was lost is found by client_order_id and not sent twice', async () => {
    rig.emulator.control.rest.loseAnswer(1);
    const placed = await rig.adapter.submitOrder(order('lost-1'));
    expect(placed.clientOrderId).toBe('lost-1');
    expect(trail()).toEqual(['POST /v2/orders 200', 'GET /v2/orders:by_client_order_id 200']);
    expect(rig.emulator.book.list()).toHaveLength(1);
    expect(rig.log.text()).toContain('the order exists at Alpaca despite network on submit');
  });

  it('an order whose submission never arrived (connection reset) is sent again', async () => {
    rig.emulator.control.rest.resetConnection(1, { method: 'POST', pathPrefix: '/v2/orders' });
    await rig.adapter.submitOrder(order('reset-1'));
    expect(trail()).toEqual(['POST /v2/orders 0', 'GET /v2/orders:by_client_order_id 404', 'POST /v2/orders 200']);
    expect(rig.emulator.book.list()).toHaveLength(1);
  });

  it('reads are retried on 5xx with backoff', async () => {
    rig.emulator.control.rest.serverError(2, 503, { pathPrefix: '/v2/clock' });
    await rig.adapter.getClock();
    expect(trail()).toEqual(['GET /v2/clock 503', 'GET /v2/clock 503', 'GET /v2/clock 200']);
    expect(rig.sleeps).toEqual([188, 375]);
  });

  it('a failed lookup after an ambiguous submit surfaces the original error, outcome unknown', async () => {
    rig.emulator.control.rest.serverError(1, 500, { method: 'POST', pathPrefix: '/v2/orders' });
    rig.emulator.control.rest.unauthorized(1, { pathPrefix: '/v2/orders:by_client_order_id' });
    const error = await rig.adapter.submitOrder(order('amb-1')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', status: 500, definitelyNotApplied: false });
    expect(trail()).toEqual(['POST /v2/orders 500', 'GET /v2/orders:by_client_order_id 401']);
  });
});

describe('orders rejected by Alpaca', () => {
  it('insufficient buying power: 403 with Alpaca\'s code and message, never retried', async () => {
    const error = await rig.adapter.submitOrder(order('bp-1', 10_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlpacaApiError);
    expect((error as Error).message).toBe('rejected by broker: insufficient buying power (40310000)');
    expect(error).toMatchObject({ kind: 'rejected', status: 403, code: 40310000, brokerMessage: 'insufficient buying power', requestId: expect.stringMatching(/^req-/) });
    expect(trail()).toEqual(['POST /v2/orders 403']);
  });

  it('an injected rejection carries whatever Alpaca said', async () => {
    rig.emulator.control.rest.rejectOrders(1, 403, { code: 40310000, message: 'new orders are rejected by user request' });
    const error = await rig.adapter.submitOrder(order('user-1')).catch((e: unknown) => e);
    expect((error as Error).message).toBe('rejected by broker: new orders are rejected by user request (40310000)');
  });

  it('422 on a sub-penny limit price', async () => {
    const error = await rig.adapter.submitOrder({ ...order('penny-1'), limitPrice: 150.123 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rejected', status: 422, code: 42210000 });
    expect((error as Error).message).toBe('rejected by broker: invalid limit_price 150.123. sub-penny increment does not fulfill minimum pricing criteria (42210000)');
  });

  it('a reused client_order_id is refused by Alpaca', async () => {
    await rig.adapter.submitOrder(order('dup-1'));
    const error = await rig.adapter.submitOrder(order('dup-1')).catch((e: unknown) => e);
    expect((error as Error).message).toBe('rejected by broker: client_order_id must be unique (40010001)');
  });

  it('a cancel of a finished order is a 422 the caller sees', async () => {
    const placed = await rig.adapter.submitOrder(order('c-1'));
    await rig.adapter.cancelOrder(placed.id);
    const error = await rig.adapter.cancelOrder(placed.id).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rejected', status: 422 });
  });

  it('bad keys are unauthorized and not retried', async () => {
    rig.emulator.control.setKeys({ keyId: 'PKOTHER', secret: 'other-secret' });
    const error = await rig.adapter.getAccount().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 40110000 });
    expect(trail()).toEqual(['GET /v2/account 401']);
  });
});
