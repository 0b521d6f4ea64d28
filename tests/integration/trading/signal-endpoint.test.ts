import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Signal } from '../../../src/shared/domain/signal';
import { outcomeWithoutOrder, type SignalOutcome, type SignalSource } from '../../../src/shared/trading/signal-outcome';
import { createLogger, type LogRecord } from '../../../src/main/log';
import { openMemoryDatabase } from '../../../src/main/storage/database';
import { SignalStore } from '../../../src/main/storage/signal-store';
import { SignalIntake, type SignalHandler } from '../../../src/main/trading/signal-intake';
import { startSignalEndpoint, type SignalEndpoint } from '../../../src/main/trading/signal-endpoint/server';
import { httpRequest, inbox, openSocket } from './endpoint-helpers';

const TOKEN = 'test-token-0123456789-abcdefghijklmnopqrstuvwxyz';
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

const validSignal = {
  symbol: 'AAPL',
  action: 'BUY',
  quantity: 10,
  price_target: 187.5,
  stop_loss: 183,
  confidence: 0.7,
  strategy_id: 'ext-1',
  timestamp: '2025-03-14T15:30:00Z',
  metadata: { from: 'test' },
};

/** Answers as the trading service would: a fill for a sized BUY, a HOLD held, anything else skipped. */
function decide(signal: Signal): SignalOutcome {
  if (signal.action === 'HOLD') return outcomeWithoutOrder('held', 0.1);
  if (signal.quantity === undefined) return outcomeWithoutOrder('skipped', 0.1, { reason: 'no quantity in this test' });
  return {
    status: 'filled',
    client_order_id: `sx-${signal.strategyId}-1`,
    broker_order_id: 'b-1',
    risk: { approved: true, rules: [{ rule: 'max_position_size', passed: true, detail: 'ok' }] },
    filled_qty: signal.quantity,
    filled_avg_price: signal.priceTarget ?? 100,
    latency_ms: { risk: 0.01, submit: 0.2, total: 1.5 },
  };
}

interface Harness {
  endpoint: SignalEndpoint;
  store: SignalStore;
  calls: Array<{ signal: Signal; source: SignalSource }>;
  records: LogRecord[];
  setNow(t: number): void;
}

async function harness(options: { perSecond?: number; burst?: number; handler?: SignalHandler } = {}): Promise<Harness> {
  const records: LogRecord[] = [];
  const log = createLogger({ write: () => {} });
  log.onRecord((r) => records.push(r));
  const store = new SignalStore(openMemoryDatabase());
  const calls: Harness['calls'] = [];
  const handler: SignalHandler =
    options.handler ??
    (async (signal, source) => {
      calls.push({ signal, source });
      return decide(signal);
    });
  let now = 1_000_000;
  const intake = new SignalIntake({ store, handler, log });
  const endpoint = await startSignalEndpoint({ port: 0, token: TOKEN, intake, log, rate: { perSecond: options.perSecond ?? 1000, burst: options.burst ?? 1000 }, clock: () => now });
  return { endpoint, store, calls, records, setNow: (t) => (now = t) };
}

let h: Harness;
let wsUrl: string;

beforeAll(async () => {
  h = await harness();
  wsUrl = `ws://127.0.0.1:${h.endpoint.port}/v1/signals/stream`;
});

afterAll(async () => {
  await h.endpoint.close();
});

describe('signal endpoint over HTTP', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(h.endpoint.url).toBe(`http://127.0.0.1:${h.endpoint.port}/v1/signals`);
  });

  it('answers 401 without the token, with a wrong one, and with the token in the query (HTTP takes the header only)', async () => {
    const body = JSON.stringify(validSignal);
    const none = await httpRequest(h.endpoint.port, { headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.body).toMatchObject({ type: 'error', error: 'unauthorized' });
    expect((await httpRequest(h.endpoint.port, { headers: { ...AUTH, authorization: 'Bearer wrong' }, body })).status).toBe(401);
    expect((await httpRequest(h.endpoint.port, { headers: { ...AUTH, authorization: `Basic ${TOKEN}` }, body })).status).toBe(401);
    expect((await httpRequest(h.endpoint.port, { path: `/v1/signals?token=${TOKEN}`, headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect(h.calls).toHaveLength(0);
  });

  it('answers 403 to a foreign Host (DNS rebinding) or a web page Origin', async () => {
    const body = JSON.stringify(validSignal);
    expect((await httpRequest(h.endpoint.port, { headers: { ...AUTH, host: 'evil.example:80' }, body })).status).toBe(403);
    expect((await httpRequest(h.endpoint.port, { headers: { ...AUTH, origin: 'http://evil.example' }, body })).status).toBe(403);
    expect((await httpRequest(h.endpoint.port, { headers: { ...AUTH, host: `localhost:${h.endpoint.port}` }, body })).status).toBe(200);
  });

  it('answers 405 to another method, 404 to another path, 426 to the stream path, 415 to another content type', async () => {
    const get = await httpRequest(h.endpoint.port, { method: 'GET', headers: AUTH });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.body).toMatchObject({ error: 'method_not_allowed' });
    expect((await httpRequest(h.endpoint.port, { method: 'PUT', headers: AUTH, body: '{}' })).status).toBe(405);
    expect((await httpRequest(h.endpoint.port, { path: '/v1/orders', headers: AUTH, body: '{}' })).status).toBe(404);
    expect((await httpRequest(h.endpoint.port, { method: 'GET', path: '/v1/signals/stream', headers: AUTH })).status).toBe(426);
    const text = await httpRequest(h.endpoint.port, { headers: { ...AUTH, 'content-type': 'text/plain' }, body: JSON.stringify(validSignal) });
    expect(text.status).toBe(415);
  });

  it('answers 413 to a body over 64 KB, declared or streamed', async () => {
    const big = JSON.stringify({ ...validSignal, metadata: { pad: 'x'.repeat(70_000) } });
    const declared = await httpRequest(h.endpoint.port, { headers: AUTH, body: big });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ type: 'error', error: 'too_large' });
    const streamed = await httpRequest(h.endpoint.port, { headers: { ...AUTH, 'transfer-encoding': 'chunked' }, body: big, chunked: true });
    expect(streamed.status).toBe(413);
    // Just under the limit is accepted.
    const fits = JSON.stringify({ ...validSignal, metadata: { pad: 'x'.repeat(65_000) } });
    expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(64 * 1024);
    expect((await httpRequest(h.endpoint.port, { headers: AUTH, body: fits })).status).toBe(200);
  });

  it('answers 400 to a body that is not JSON or not UTF-8', async () => {
    const broken = await httpRequest(h.endpoint.port, { headers: AUTH, body: '{"symbol": "AAPL",' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ type: 'error', error: 'invalid_json' });
    expect(broken.body.message).toMatch(/^not JSON: /);
    const latin1 = await httpRequest(h.endpoint.port, { headers: AUTH, body: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]) });
    expect(latin1.status).toBe(400);
    expect(latin1.body.message).toBe('the body is not UTF-8 text');
  });

  it('answers 400 naming each bad field, and stores the refused payload', async () => {
    const answer = await httpRequest(h.endpoint.port, { headers: AUTH, body: JSON.stringify({ ...validSignal, confidence: 1.5, strategyId: 'x' }) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: 'error',
      error: 'invalid_signal',
      issues: [
        { field: 'confidence', message: 'must be ≤ 1, got 1.5' },
        { field: 'strategyId', message: 'is not a known field (did you mean "strategy_id"?)' },
      ],
    });
    expect(answer.body.message).toBe('confidence: must be ≤ 1, got 1.5; strategyId: is not a known field (did you mean "strategy_id"?)');
    const stored = h.store.get(answer.body.signal_id);
    expect(stored).toMatchObject({ source: 'endpoint', status: 'invalid', error: answer.body.message, payload: { ...validSignal, confidence: 1.5, strategyId: 'x' } });
  });

  it('hands a valid signal to onSignal, answers its outcome, and stores both', async () => {
    const before = h.calls.length;
    const answer = await httpRequest(h.endpoint.port, { headers: AUTH, body: JSON.stringify({ ...validSignal, id: 'req-7' }) });
    expect(answer.status).toBe(200);
    expect(h.calls.slice(before)).toEqual([
      {
        source: 'endpoint',
        signal: {
          symbol: 'AAPL',
          action: 'BUY',
          quantity: 10,
          priceTarget: 187.5,
          stopLoss: 183,
          confidence: 0.7,
          strategyId: 'ext-1',
          timestamp: Date.UTC(2025, 2, 14, 15, 30),
          metadata: { from: 'test' },
        },
      },
    ]);
    const expected = decide(h.calls[before]!.signal);
    expect(answer.body).toEqual({ type: 'outcome', id: 'req-7', signal_id: expect.any(Number), ...expected });
    const stored = h.store.get(answer.body.signal_id);
    expect(stored).toMatchObject({ source: 'endpoint', status: 'filled', symbol: 'AAPL', action: 'BUY', strategyId: 'ext-1', outcome: expected, clientOrderId: 'sx-ext-1-1' });
  });

  it('answers an error outcome when the trading service fails, and keeps serving', async () => {
    const failing = await harness({ handler: async () => Promise.reject(new Error('broker unreachable')) });
    try {
      const answer = await httpRequest(failing.endpoint.port, { headers: AUTH, body: JSON.stringify(validSignal) });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ type: 'outcome', status: 'error', error: 'broker unreachable' });
      expect(failing.store.get(answer.body.signal_id)?.status).toBe('error');
      expect((await httpRequest(failing.endpoint.port, { headers: AUTH, body: JSON.stringify(validSignal) })).status).toBe(200);
    } finally {
      await failing.endpoint.close();
    }
  });

  it('answers 429 with Retry-After once a connection spends its burst; another connection has its own', async () => {
    const limited = await harness({ perSecond: 0.5, burst: 2 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const send = (a: http.Agent | undefined) => httpRequest(limited.endpoint.port, { headers: AUTH, body: JSON.stringify(validSignal), ...(a ? { agent: a } : {}) });
      expect((await send(agent)).status).toBe(200);
      expect((await send(agent)).status).toBe(200);
      const third = await send(agent);
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toBe('2');
      expect(third.body).toMatchObject({ type: 'error', error: 'rate_limited', retry_after_ms: 2000 });
      expect(limited.calls).toHaveLength(2);
      // A fresh connection (no agent: one per request) is not limited by the first one's bucket.
      expect((await send(undefined)).status).toBe(200);
      // Two seconds later (by the endpoint's clock) the first connection may send again.
      limited.setNow(1_000_000 + 2000);
      expect((await send(agent)).status).toBe(200);
    } finally {
      agent.destroy();
      await limited.endpoint.close();
    }
  });

  it('survives malformed HTTP', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(h.endpoint.port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await httpRequest(h.endpoint.port, { headers: AUTH, body: JSON.stringify(validSignal) })).status).toBe(200);
  });
});

describe('signal endpoint over WebSocket', () => {
  it('refuses an upgrade without the token, with a wrong one, from a web page, or on another path', async () => {
    await expect(openSocket(wsUrl)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${wsUrl}?token=wrong`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${wsUrl}?token=${TOKEN}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(`ws://127.0.0.1:${h.endpoint.port}/v1/other?token=${TOKEN}`)).rejects.toThrow('HTTP 404');
  });

  it('accepts the token as ?token= or as a Bearer header', async () => {
    const byQuery = await openSocket(`${wsUrl}?token=${TOKEN}`);
    const byHeader = await openSocket(wsUrl, { authorization: `Bearer ${TOKEN}` });
    byQuery.close();
    byHeader.close();
  });

  it('answers each signal with its outcome, correlated by the client id, and stores it', async () => {
    const ws = await openSocket(`${wsUrl}?token=${TOKEN}`);
    const box = inbox(ws);
    try {
      ws.send(JSON.stringify({ ...validSignal, id: 'a' }));
      ws.send(JSON.stringify({ ...validSignal, action: 'HOLD', id: 2 }));
      ws.send(JSON.stringify({ ...validSignal, quantity: null }));
      const a = await box.next((m) => m.id === 'a');
      const two = await box.next((m) => m.id === 2);
      const anonymous = await box.next((m) => m.id === null);
      expect(a).toMatchObject({ type: 'outcome', status: 'filled', filled_qty: 10 });
      expect(two).toMatchObject({ type: 'outcome', status: 'held' });
      expect(anonymous).toMatchObject({ type: 'outcome', status: 'skipped', reason: 'no quantity in this test' });
      expect(h.store.get(a.signal_id)).toMatchObject({ source: 'endpoint', status: 'filled' });
      expect(h.store.get(two.signal_id)).toMatchObject({ action: 'HOLD', status: 'held' });
    } finally {
      ws.close();
    }
  });

  it('answers malformed frames without crashing or closing the connection', async () => {
    const ws = await openSocket(`${wsUrl}?token=${TOKEN}`);
    const box = inbox(ws);
    try {
      ws.send('not json at all');
      expect(await box.next()).toMatchObject({ type: 'error', id: null, error: 'invalid_json' });
      ws.send('[1,2,3]');
      expect(await box.next()).toMatchObject({ type: 'error', error: 'invalid_signal', issues: [{ field: '', message: 'a signal must be a JSON object, got a list' }] });
      ws.send('null');
      expect(await box.next()).toMatchObject({ type: 'error', error: 'invalid_signal' });
      ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x01]), { binary: true });
      expect(await box.next()).toMatchObject({ type: 'error', error: 'invalid_json', message: 'the message is not UTF-8 text' });
      ws.send(JSON.stringify({ ...validSignal, id: { nested: true } }));
      expect(await box.next()).toMatchObject({ type: 'error', error: 'invalid_signal', issues: [{ field: 'id', message: 'must be text of at most 128 characters or a number' }] });
      ws.send(JSON.stringify({ ...validSignal, id: 'bad', timestamp: 1_741_966_200 }));
      expect(await box.next()).toMatchObject({ type: 'error', id: 'bad', error: 'invalid_signal', issues: [{ field: 'timestamp' }] });
      ws.send(JSON.stringify({ ...validSignal, id: 'big', metadata: { pad: 'x'.repeat(70_000) } }));
      expect(await box.next()).toMatchObject({ type: 'error', error: 'too_large' });
      ws.send(JSON.stringify({ ...validSignal, id: 'after' }));
      expect(await box.next()).toMatchObject({ type: 'outcome', id: 'after', status: 'filled' });
      expect(ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.close();
    }
  });

  it('closes a connection that sends a giant frame (1009), and keeps serving the others', async () => {
    const ws = await openSocket(`${wsUrl}?token=${TOKEN}`);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const other = await openSocket(`${wsUrl}?token=${TOKEN}`);
    const box = inbox(other);
    other.send(JSON.stringify({ ...validSignal, id: 'still' }));
    expect(await box.next()).toMatchObject({ id: 'still', status: 'filled' });
    other.close();
  });

  it('rate-limits each connection, answering with the wait and the client id', async () => {
    const limited = await harness({ perSecond: 1, burst: 1 });
    const url = `ws://127.0.0.1:${limited.endpoint.port}/v1/signals/stream?token=${TOKEN}`;
    const ws = await openSocket(url);
    const box = inbox(ws);
    try {
      ws.send(JSON.stringify({ ...validSignal, id: 1 }));
      ws.send(JSON.stringify({ ...validSignal, id: 2 }));
      expect(await box.next((m) => m.id === 1)).toMatchObject({ type: 'outcome', status: 'filled' });
      expect(await box.next((m) => m.id === 2)).toMatchObject({ type: 'error', error: 'rate_limited', retry_after_ms: 1000 });
      const second = await openSocket(url);
      const secondBox = inbox(second);
      second.send(JSON.stringify({ ...validSignal, id: 3 }));
      expect(await secondBox.next()).toMatchObject({ id: 3, type: 'outcome' });
      second.close();
      limited.setNow(1_000_000 + 1000);
      ws.send(JSON.stringify({ ...validSignal, id: 4 }));
      expect(await box.next((m) => m.id === 4)).toMatchObject({ type: 'outcome' });
      expect(limited.calls).toHaveLength(3);
    } finally {
      ws.close();
      await limited.endpoint.close();
    }
  });

  it('never logs the token', () => {
    expect(h.records.some((r) => r.message.includes(TOKEN))).toBe(false);
  });
});
