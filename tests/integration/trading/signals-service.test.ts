/**
 * `signals.list` (paged, filtered), the `signals.recorded` stream and the endpoint's status and
 * token through the IPC router, in the running app.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import type { Signal } from '../../../src/shared/domain/signal';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { outcomeWithoutOrder, type SignalOutcome } from '../../../src/shared/trading/signal-outcome';
import { parseSignal } from '../../../src/shared/trading/signal-wire';
import { freePort, httpRequest } from './endpoint-helpers';

const ctx = { host: 'test' as const, connectionId: 't' };
const running: Sextant[] = [];
const servers: net.Server[] = [];

afterEach(async () => {
  for (const sextant of running.splice(0)) await sextant.close();
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

function signal(symbol: string, strategy: string, action: Signal['action'] = 'BUY'): Signal {
  const parsed = parseSignal({ symbol, action, confidence: 0.6, strategy_id: strategy, timestamp: Date.UTC(2025, 2, 14, 15, 30), quantity: action === 'HOLD' ? null : 5 });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.signal;
}

const rejectedByRisk: SignalOutcome = {
  status: 'rejected_by_risk',
  client_order_id: null,
  broker_order_id: null,
  risk: { approved: false, rules: [{ rule: 'max-position-size', passed: false, detail: '12.0% of equity > 10%' }] },
  filled_qty: 0,
  filled_avg_price: null,
  latency_ms: { risk: 0.04, submit: null, total: 0.2 },
};

async function start(options: { handler?: boolean } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-signals-'));
  const lines: string[] = [];
  const sextant = await startSextant({
    dataDir,
    host: 'web',
    log: createLogger({ write: (line) => lines.push(line) }),
    env: {},
    validateOutputs: true,
    watchTradingConfig: false,
    ...(options.handler ? { onSignal: async () => outcomeWithoutOrder('held', 0.1) } : {}),
  });
  running.push(sextant);
  const value = async <T = any>(name: string, input: unknown = {}): Promise<T> => {
    const result = await sextant.router.dispatch(name, input, ctx);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const batches: EventsMessage[] = [];
  const connection = sextant.context.hub.connect((message) => batches.push(message));
  const itemsOf = (name: string): any[] => {
    connection.flush();
    return batches.flatMap((b) => b.batches[name] ?? []);
  };
  return { dataDir, sextant, value, connection, itemsOf, lines };
}

describe('signals.list', () => {
  it('pages newest first and filters by source, strategy, symbol and status', async () => {
    const app = await start();
    const store = app.sextant.trading.signals;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const id = store.recordReceived(signal(i % 2 === 0 ? 'SPY' : 'QQQ', i < 4 ? 'sma-cross' : 'momo'), i % 3 === 0 ? 'endpoint' : 'strategy', Date.UTC(2025, 2, 14) + i);
      ids.push(id);
      if (i !== 6) store.recordOutcome(id, i === 2 ? rejectedByRisk : outcomeWithoutOrder('held', 0.1), Date.UTC(2025, 2, 14) + i + 1);
    }
    store.recordInvalid({ symbol: 'spy', action: 'JUMP' }, 'endpoint', Date.UTC(2025, 2, 14, 1), 'action: must be BUY, SELL or HOLD');

    const first = await app.value('signals.list', { limit: 3 });
    expect(first.signals.map((s: any) => s.status)).toEqual(['invalid', 'received', 'held']);
    expect(first.signals[0]).toMatchObject({ source: 'endpoint', symbol: null, error: 'action: must be BUY, SELL or HOLD', payload: { symbol: 'spy', action: 'JUMP' } });
    expect(first.nextBeforeId).toBe(first.signals[2].id);
    const second = await app.value('signals.list', { limit: 3, beforeId: first.nextBeforeId });
    expect(second.signals.map((s: any) => s.id)).toEqual([ids[4], ids[3], ids[2]]);
    const rest = await app.value('signals.list', { limit: 3, beforeId: second.nextBeforeId });
    expect(rest.signals.map((s: any) => s.id)).toEqual([ids[1], ids[0]]);
    expect(rest.nextBeforeId).toBeNull();

    const risky = await app.value('signals.list', { status: 'rejected_by_risk' });
    expect(risky.signals).toHaveLength(1);
    expect(risky.signals[0]).toMatchObject({ id: ids[2], symbol: 'SPY', strategyId: 'sma-cross', action: 'BUY', outcome: { risk: { approved: false, rules: [{ rule: 'max-position-size', passed: false }] }, latency_ms: { total: 0.2 } } });
    // Symbols are matched as tickers (any case in, upper case stored).
    expect((await app.value('signals.list', { symbol: 'qqq' })).signals.map((s: any) => s.id)).toEqual([ids[5], ids[3], ids[1]]);
    expect((await app.value('signals.list', { strategyId: 'momo', source: 'endpoint' })).signals.map((s: any) => s.id)).toEqual([ids[6]]);
    expect((await app.value('signals.list', { source: 'cli' })).signals).toEqual([]);
  });

  it('refuses malformed filters with the field named', async () => {
    const app = await start();
    for (const input of [{ limit: 0 }, { limit: 501 }, { symbol: 'SP Y' }, { status: 'done' }, { strategyId: '-x' }, { source: 'web' }, { beforeId: -1 }, { page: 2 }]) {
      const result = await app.sextant.router.dispatch('signals.list', input, ctx);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
  });

  it('streams each signal as it arrives and again with its outcome, only to subscribers', async () => {
    const app = await start();
    const store = app.sextant.trading.signals;
    store.recordReceived(signal('SPY', 'quiet'), 'strategy', 1);
    expect(app.itemsOf('signals.recorded')).toEqual([]);
    app.connection.subscribe('signals.recorded');
    const id = store.recordReceived(signal('SPY', 'sma-cross'), 'ticket', 2);
    const arrived = app.itemsOf('signals.recorded');
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ id, status: 'received', source: 'ticket', outcome: null });
    store.recordOutcome(id, rejectedByRisk, 3);
    // A second outcome for the same signal is refused and not streamed.
    store.recordOutcome(id, outcomeWithoutOrder('held', 1), 4);
    const all = app.itemsOf('signals.recorded');
    expect(all.map((r) => r.status)).toEqual(['received', 'rejected_by_risk']);
  });
});

describe('signal endpoint status', () => {
  it('is off by default, names the token file, and makes the token on first ask', async () => {
    const app = await start({ handler: true });
    const off = await app.value('signals.endpoint');
    expect(off).toEqual({ state: 'off', enabled: false, port: 8765, url: null, streamUrl: null, error: null, tokenFile: path.join(app.dataDir, 'signal-endpoint.token'), tokenLast4: null });
    const { token } = await app.value('signals.endpointToken');
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(path.join(app.dataDir, 'signal-endpoint.token'), 'utf8').trim()).toBe(token);
    expect((await app.value('signals.endpoint')).tokenLast4).toBe(token.slice(-4));
    expect(app.lines.join('\n')).not.toContain(token);
  });

  it('says where it listens, and publishes each change', async () => {
    const app = await start({ handler: true });
    app.connection.subscribe('signals.endpoint.changed');
    const port = await freePort();
    await app.value('trading.config.update', { patch: { execution: { signalEndpoint: { enabled: true, port } } } });
    const view = await app.value('signals.endpoint');
    expect(view).toMatchObject({ state: 'listening', enabled: true, port, url: `http://127.0.0.1:${port}/v1/signals`, streamUrl: `ws://127.0.0.1:${port}/v1/signals/stream`, error: null });
    const { token } = await app.value('signals.endpointToken');
    const answer = await httpRequest(port, { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ symbol: 'SPY', action: 'HOLD', confidence: 0.5, strategy_id: 'ext', timestamp: Date.UTC(2025, 0, 2) }) });
    expect(answer.body).toMatchObject({ status: 'held' });
    expect((await app.value('signals.list', {})).signals[0]).toMatchObject({ source: 'endpoint', status: 'held' });
    for (let i = 0; i < 100 && app.itemsOf('signals.endpoint.changed').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(app.itemsOf('signals.endpoint.changed').at(-1)).toMatchObject({ state: 'listening', port });
  });

  it('reports an error when its port is taken', async () => {
    const app = await start({ handler: true });
    const blocker = net.createServer();
    servers.push(blocker);
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    await app.value('trading.config.update', { patch: { execution: { signalEndpoint: { enabled: true, port } } } });
    const view = await app.value('signals.endpoint');
    expect(view).toMatchObject({ state: 'error', enabled: true, port, url: null });
    expect(view.error).toMatch(/EADDRINUSE|in use/);
  });

  it("listens when enabled without a handler given: the app's own trading service acts on the signals", async () => {
    const app = await start();
    const port = await freePort();
    await app.value('trading.config.update', { patch: { execution: { signalEndpoint: { enabled: true, port } } } });
    expect(await app.value('signals.endpoint')).toMatchObject({ state: 'listening', enabled: true, url: `http://127.0.0.1:${port}/v1/signals`, error: null });
  });
});
