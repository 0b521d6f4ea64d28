/**
 * The emulator is only useful if it speaks Alpaca faithfully: the official SDK v4, unchanged, must
 * work against it (REST through a host-rewriting middleware, streams through their `url` option),
 * and the raw wire must have Alpaca's shapes (decimal strings, error envelopes, headers, 204/207).
 */
import { Alpaca, NotFoundError, PermissionError, TimeFrame, ValidationError } from '@alpacahq/alpaca-trade-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAlpacaEmulator, minuteBars, EMULATOR_KEYS, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { waitFor } from './helpers';

let emulator: AlpacaEmulator;
let sdk: Alpaca;

function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(emulator.urls.trading + path, {
    ...init,
    headers: { 'APCA-API-KEY-ID': EMULATOR_KEYS.keyId, 'APCA-API-SECRET-KEY': EMULATOR_KEYS.secret, 'Content-Type': 'application/json', ...init.headers },
  });
}

beforeEach(async () => {
  emulator = await startAlpacaEmulator();
  const base = emulator.urls.trading;
  sdk = new Alpaca({
    keyId: EMULATOR_KEYS.keyId,
    secret: EMULATOR_KEYS.secret,
    paper: true,
    retry: false,
    rateLimit: false,
    middleware: [{ pre: async ({ url, init }) => ({ url: url.replace(/^https:\/\/(paper-api|api|data)\.alpaca\.markets/, base), init }) }],
  });
});

afterEach(async () => {
  await emulator.close();
});

describe('the official SDK v4 against the emulator', () => {
  it('reads account, clock, calendar and assets', async () => {
    const account = await sdk.trading.account.getAccount();
    expect(account.cash).toBe('100000');
    expect(account.status).toBe('ACTIVE');
    const clock = await sdk.trading.clock.legacyClock();
    expect(typeof clock.isOpen).toBe('boolean');
    const days = await sdk.trading.calendar.legacyCalendar({ start: new Date('2024-07-01T00:00:00Z'), end: new Date('2024-07-07T00:00:00Z') });
    expect(days.map((d) => String(d.date))).toHaveLength(5);
    await expect(sdk.trading.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: 'NOPE' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('places, lists, replaces and cancels orders with typed errors', async () => {
    emulator.control.setPrice('AAPL', 190);
    const order = await sdk.trading.orders.limit({ symbol: 'AAPL', qty: 2, side: 'buy', limitPrice: 180, clientOrderId: 'sdk-1' });
    expect(order.status).toBe('new');
    expect(order.clientOrderId).toBe('sdk-1');
    const byClient = await sdk.trading.orders.getOrderByClientOrderId({ clientOrderId: 'sdk-1' });
    expect(byClient.id).toBe(order.id);
    const replaced = await sdk.trading.orders.patchOrderByOrderId({ orderId: order.id!, patchOrderRequest: { limitPrice: '181' } });
    expect(replaced.replaces).toBe(order.id);
    await sdk.trading.orders.deleteOrderByOrderID({ orderId: replaced.id! });
    const all = await sdk.trading.orders.getAllOrders({ status: 'all' });
    expect(all.map((o) => o.status).sort()).toEqual(['canceled', 'replaced']);

    const rejected = sdk.trading.orders.market({ symbol: 'AAPL', qty: 10_000, side: 'buy', clientOrderId: 'sdk-2' });
    await expect(rejected).rejects.toBeInstanceOf(PermissionError);
    await expect(rejected).rejects.toMatchObject({ status: 403, code: 40310000, message: 'insufficient buying power' });
    await expect(sdk.trading.orders.limit({ symbol: 'AAPL', qty: 1, side: 'buy', limitPrice: 180.123, clientOrderId: 'sdk-3' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('fills market orders into positions and closes them', async () => {
    emulator.control.setPrice('MSFT', 400);
    await sdk.trading.orders.market({ symbol: 'MSFT', qty: 3, side: 'buy', clientOrderId: 'sdk-m1' });
    await waitFor(() => emulator.control.orderByClientId('sdk-m1')?.status === 'filled', 'the fill');
    const positions = await sdk.trading.positions.getAllOpenPositions();
    expect(positions.map((p) => [p.symbol, p.qty, p.avgEntryPrice])).toEqual([['MSFT', '3', '400']]);
    const closing = await sdk.trading.positions.deleteOpenPosition({ symbolOrAssetId: 'MSFT' });
    expect(closing.side).toBe('sell');
  });

  it('pages through historical bars', async () => {
    const start = Date.parse('2024-07-01T13:30:00Z');
    emulator.control.addBars('SPY', minuteBars(start, 250));
    const bars = await sdk.marketData.collectStockBarSingle({ symbol: 'SPY', timeframe: TimeFrame.Minute, start: new Date(start), end: new Date(start + 300 * 60_000), limit: 100 });
    expect(bars).toHaveLength(250);
    const pages = emulator.requests.filter((r) => r.path === '/v2/stocks/SPY/bars');
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.query.page_token !== undefined)).toEqual([false, true, true]);
  });

  it('streams trade updates to the SDK trading stream', async () => {
    emulator.control.setPrice('AAPL', 190);
    const stream = sdk.trading.stream({ url: emulator.urls.tradingStream, maxReconnectAttempts: 0 });
    const events: string[] = [];
    stream.onTradeUpdate((update) => events.push(`${update.event}:${update.order.clientOrderId}`));
    stream.subscribeTradeUpdates();
    const subscribed = new Promise((resolve) => stream.on('subscription', resolve));
    stream.connect();
    await subscribed;
    await sdk.trading.orders.market({ symbol: 'AAPL', qty: 1, side: 'buy', clientOrderId: 'sdk-s1' });
    await waitFor(() => events.length >= 2, 'two trade updates');
    expect(events).toEqual(['new:sdk-s1', 'fill:sdk-s1']);
    stream.disconnect();
  });

  it('streams msgpack bars to the SDK stock stream', async () => {
    const stream = sdk.marketData.stockStream({ url: emulator.urls.dataStream('iex'), maxReconnectAttempts: 0 });
    const closes: number[] = [];
    stream.onBar((bar) => closes.push(bar.close));
    const subscribed = new Promise((resolve) => stream.on('subscription', resolve));
    stream.onConnect(() => stream.subscribeForBars(['AAPL']));
    stream.connect();
    await subscribed;
    expect(new Set(emulator.dataStream.received.map((r) => r.codec))).toEqual(new Set(['msgpack']));
    expect(emulator.dataStream.received[0]!.message).toEqual({ action: 'auth', key: EMULATOR_KEYS.keyId, secret: EMULATOR_KEYS.secret });
    emulator.control.publishBars('AAPL', minuteBars(Date.parse('2024-07-01T13:30:00Z'), 2, 190));
    await waitFor(() => closes.length === 2, 'two bars');
    expect(closes).toEqual([190, 190.25]);
    stream.disconnect();
  });
});

describe('the emulator wire format', () => {
  it('sends decimals as strings, rate-limit headers and request ids', async () => {
    const response = await rawFetch('/v2/account');
    expect(response.headers.get('x-ratelimit-limit')).toBe('200');
    expect(response.headers.get('x-request-id')).toMatch(/^req-/);
    const account = (await response.json()) as Record<string, unknown>;
    for (const key of ['cash', 'buying_power', 'equity', 'last_equity', 'long_market_value']) expect(typeof account[key]).toBe('string');
  });

  it('answers 401 with the envelope for bad keys and 422 for a malformed order id', async () => {
    const unauthorized = await fetch(emulator.urls.trading + '/v2/account', { headers: { 'APCA-API-KEY-ID': 'x', 'APCA-API-SECRET-KEY': 'y' } });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ code: 40110000, message: 'request is not authorized' });
    const malformed = await rawFetch('/v2/orders/not-an-id');
    expect(malformed.status).toBe(422);
    expect(await malformed.json()).toEqual({ code: 40010001, message: 'order_id is missing' });
  });

  it('answers a single cancel with 204 and cancel-all with 207', async () => {
    emulator.control.setPrice('AAPL', 190);
    const created = (await (await rawFetch('/v2/orders', { method: 'POST', body: JSON.stringify({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', time_in_force: 'day', limit_price: '150' }) })).json()) as Record<string, unknown>;
    expect(created.qty).toBe('1');
    expect(created.filled_qty).toBe('0');
    expect(created.filled_avg_price).toBeNull();
    await rawFetch('/v2/orders', { method: 'POST', body: JSON.stringify({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', time_in_force: 'day', limit_price: '151' }) });
    const single = await rawFetch(`/v2/orders/${String(created.id)}`, { method: 'DELETE' });
    expect(single.status).toBe(204);
    const again = await rawFetch(`/v2/orders/${String(created.id)}`, { method: 'DELETE' });
    expect(again.status).toBe(422);
    const all = await rawFetch('/v2/orders', { method: 'DELETE' });
    expect(all.status).toBe(207);
    expect(((await all.json()) as { status: number }[]).map((r) => r.status)).toEqual([200]);
  });

  it('serves a JSON data stream to a client without the msgpack header', async () => {
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(emulator.urls.dataStream('test'));
    const frames: unknown[] = [];
    socket.on('message', (data: Buffer, isBinary: boolean) => frames.push({ isBinary, body: JSON.parse(data.toString('utf8')) }));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ action: 'subscribe', bars: ['FAKEPACA'] }));
    socket.send(JSON.stringify({ action: 'auth', key: EMULATOR_KEYS.keyId, secret: EMULATOR_KEYS.secret }));
    socket.send(JSON.stringify({ action: 'subscribe', bars: ['FAKEPACA'] }));
    await waitFor(() => frames.length === 4, 'four frames');
    expect(frames).toEqual([
      { isBinary: false, body: [{ T: 'success', msg: 'connected' }] },
      { isBinary: false, body: [{ T: 'error', code: 401, msg: 'not authenticated' }] },
      { isBinary: false, body: [{ T: 'success', msg: 'authenticated' }] },
      { isBinary: false, body: [{ T: 'subscription', trades: [], quotes: [], bars: ['FAKEPACA'], updatedBars: [], dailyBars: [], statuses: [], lulds: [], corrections: [], cancelErrors: [] }] },
    ]);
    socket.close();
  });
});
