import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../src/shared/domain/signal';
import { outcomeWithoutOrder, type SignalOutcome } from '../../../src/shared/trading/signal-outcome';
import { createLogger, type LogRecord } from '../../../src/main/log';
import { ConfigChangeStore } from '../../../src/main/storage/config-change-store';
import { openMemoryDatabase } from '../../../src/main/storage/database';
import { SignalStore } from '../../../src/main/storage/signal-store';
import { SignalIntake } from '../../../src/main/trading/signal-intake';
import { endpointToken, SIGNAL_ENDPOINT_TOKEN, TokenFileStore } from '../../../src/main/trading/signal-endpoint/endpoint-token';
import { TokenBucket } from '../../../src/main/trading/signal-endpoint/token-bucket';

const signal: Signal = { symbol: 'AAPL', action: 'BUY', quantity: 5, stopLoss: 180, confidence: 0.8, strategyId: 'momo', timestamp: 1_700_000_000_000, metadata: { k: 1 } };

const filled: SignalOutcome = {
  status: 'filled',
  client_order_id: 'sx-momo-1',
  broker_order_id: 'b-1',
  risk: { approved: true, rules: [{ rule: 'max_position_size', passed: true, detail: '5.0% ≤ 10%' }] },
  filled_qty: 5,
  filled_avg_price: 187.25,
  latency_ms: { risk: 0.02, submit: 0.3, total: 12.5 },
};

function logger() {
  const records: LogRecord[] = [];
  const log = createLogger({ write: () => {} });
  log.onRecord((r) => records.push(r));
  return { log, records };
}

describe('SignalStore', () => {
  it('records a signal when it arrives and completes it once with its outcome', () => {
    const store = new SignalStore(openMemoryDatabase());
    const id = store.recordReceived(signal, 'strategy', 1000);
    expect(store.get(id)).toEqual({
      id,
      receivedAt: 1000,
      source: 'strategy',
      strategyId: 'momo',
      symbol: 'AAPL',
      action: 'BUY',
      payload: { symbol: 'AAPL', action: 'BUY', quantity: 5, stop_loss: 180, confidence: 0.8, strategy_id: 'momo', timestamp: 1_700_000_000_000, metadata: { k: 1 } },
      status: 'received',
      outcome: null,
      error: null,
      decidedAt: null,
      clientOrderId: null,
    });
    expect(store.recordOutcome(id, filled, 1010)).toBe(true);
    expect(store.get(id)).toMatchObject({ status: 'filled', outcome: filled, decidedAt: 1010, clientOrderId: 'sx-momo-1' });
    // A second outcome for the same signal changes nothing.
    expect(store.recordOutcome(id, outcomeWithoutOrder('error', 1, { error: 'late' }), 1020)).toBe(false);
    expect(store.get(id)?.status).toBe('filled');
  });

  it('keeps an invalid payload with the reason', () => {
    const store = new SignalStore(openMemoryDatabase());
    const id = store.recordInvalid({ symbol: 'AAPL', confidence: 3 }, 'endpoint', 2000, 'confidence: must be ≤ 1, got 3');
    expect(store.get(id)).toMatchObject({ status: 'invalid', symbol: null, action: null, payload: { symbol: 'AAPL', confidence: 3 }, outcome: null, error: 'confidence: must be ≤ 1, got 3' });
  });

  it('lists the newest first with filters and paging', () => {
    const store = new SignalStore(openMemoryDatabase());
    const ids = [
      store.recordReceived(signal, 'strategy', 1),
      store.recordReceived({ ...signal, symbol: 'MSFT' }, 'endpoint', 2),
      store.recordReceived({ ...signal, strategyId: 'other', action: 'HOLD' }, 'ticket', 3),
      store.recordReceived(signal, 'cli', 4),
    ];
    store.recordOutcome(ids[0]!, filled, 5);
    expect(store.listRecent().map((r) => r.id)).toEqual([...ids].reverse());
    expect(store.listRecent({ limit: 2 }).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    expect(store.listRecent({ beforeId: ids[2] }).map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(store.listRecent({ symbol: 'MSFT' }).map((r) => r.id)).toEqual([ids[1]]);
    expect(store.listRecent({ strategyId: 'other' }).map((r) => r.action)).toEqual(['HOLD']);
    expect(store.listRecent({ source: 'cli' }).map((r) => r.id)).toEqual([ids[3]]);
    expect(store.listRecent({ status: 'filled' }).map((r) => r.id)).toEqual([ids[0]]);
    expect(store.listRecent({ since: 3 }).map((r) => r.id)).toEqual([ids[3], ids[2]]);
    expect(store.listRecent({ source: 'endpoint', symbol: 'AAPL' })).toEqual([]);
  });

  it('refuses a source outside strategy, ticket, endpoint and cli', () => {
    const store = new SignalStore(openMemoryDatabase());
    expect(() => store.recordReceived(signal, 'web' as never, 1)).toThrow(/CHECK constraint/);
  });
});

describe('SignalIntake', () => {
  it('stores the signal, hands it to the handler with its source, and stores the outcome', async () => {
    const store = new SignalStore(openMemoryDatabase());
    const seen: Array<[Signal, string, string]> = [];
    const intake = new SignalIntake({
      store,
      log: logger().log,
      clock: () => 42,
      handler: async (s, source) => {
        // The signal is on record before anything acts on it.
        seen.push([s, source, store.listRecent()[0]!.status]);
        return filled;
      },
    });
    const result = await intake.submit(signal, 'ticket');
    expect(seen).toEqual([[signal, 'ticket', 'received']]);
    expect(result).toEqual({ signalId: expect.any(Number), outcome: filled });
    expect(store.get(result.signalId)).toMatchObject({ source: 'ticket', status: 'filled', outcome: filled, receivedAt: 42, decidedAt: 42 });
  });

  it('turns a handler failure into an error outcome, stored and logged', async () => {
    const store = new SignalStore(openMemoryDatabase());
    const { log, records } = logger();
    const intake = new SignalIntake({ store, log, handler: async () => Promise.reject(new Error('broker unreachable')) });
    const { signalId, outcome } = await intake.submit(signal, 'strategy');
    expect(outcome).toMatchObject({ status: 'error', error: 'broker unreachable', client_order_id: null, risk: null, filled_qty: 0 });
    expect(store.get(signalId)).toMatchObject({ status: 'error', error: 'broker unreachable' });
    expect(records.some((r) => r.level === 'error' && r.message.includes('broker unreachable'))).toBe(true);
  });

  it('does not store an outcome outside the schema', async () => {
    const store = new SignalStore(openMemoryDatabase());
    const { log, records } = logger();
    const intake = new SignalIntake({ store, log, handler: async () => ({ status: 'done' }) as unknown as SignalOutcome });
    const { signalId, outcome } = await intake.submit(signal, 'strategy');
    expect(outcome.status).toBe('error');
    expect(store.get(signalId)?.outcome?.status).toBe('error');
    expect(records.some((r) => r.message.includes('outside its schema'))).toBe(true);
  });
});

describe('ConfigChangeStore', () => {
  it('records each change as a batch of keys and lists them newest first, by key prefix', () => {
    const store = new ConfigChangeStore(openMemoryDatabase());
    expect(store.record(1, 'ui', [])).toBeNull();
    const first = store.record(10, 'file', [
      { path: 'risk.maxPositionPct', before: 10, after: 8 },
      { path: 'risk.orderRate', before: { maxOrders: 30, windowMs: 60000 }, after: null },
    ]);
    const second = store.record(20, 'ui', [{ path: 'strategies.a.enabled', before: undefined, after: true }]);
    expect([first, second]).toEqual([1, 2]);
    expect(store.list()).toEqual([
      { id: 3, batch: 2, at: 20, actor: 'ui', path: 'strategies.a.enabled', before: undefined, after: true },
      { id: 2, batch: 1, at: 10, actor: 'file', path: 'risk.orderRate', before: { maxOrders: 30, windowMs: 60000 }, after: null },
      { id: 1, batch: 1, at: 10, actor: 'file', path: 'risk.maxPositionPct', before: 10, after: 8 },
    ]);
    expect(store.list({ path: 'risk' }).map((r) => r.id)).toEqual([2, 1]);
    expect(store.list({ path: 'risk.orderRate' }).map((r) => r.id)).toEqual([2]);
    expect(store.list({ path: 'ris' })).toEqual([]);
    expect(store.list({ beforeId: 3, limit: 1 }).map((r) => r.id)).toEqual([2]);
  });

  it('keeps the configuration last applied, with its file hash', () => {
    const store = new ConfigChangeStore(openMemoryDatabase());
    expect(store.lastApplied()).toBeNull();
    store.recordApplied(5, 'file', [{ path: 'version', before: undefined, after: 1 }], { version: 1 }, 'h1');
    store.saveApplied({ version: 1, x: 2 }, 'h2', 6);
    expect(store.lastApplied()).toEqual({ config: { version: 1, x: 2 }, hash: 'h2', appliedAt: 6 });
    expect(store.list()).toHaveLength(1);
  });
});

describe('TokenBucket', () => {
  it('allows the burst, then one per 1/rate seconds, and says how long to wait', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0]);
    expect(bucket.take()).toBe(500);
    now = 250;
    expect(bucket.take()).toBe(250);
    now = 500;
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(500);
    now = 10_000;
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([0, 0, 0, 500]);
  });
});

describe('signal endpoint token', () => {
  const isPosix = process.platform !== 'win32';

  it('is generated once, stored owner-only in the data folder, and registered with the redactor', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-token-'));
    const store = new TokenFileStore(dir);
    const { log } = logger();
    const token = await endpointToken(store, log);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = path.join(dir, SIGNAL_ENDPOINT_TOKEN);
    expect(fs.readFileSync(file, 'utf8')).toBe(`${token}\n`);
    if (isPosix) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await endpointToken(store, log)).toBe(token);
    expect(log.redact(`Bearer ${token}`)).toBe('Bearer [redacted]');
  });

  it('puts owner-only permissions back when they were loosened', async () => {
    if (!isPosix) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-token-'));
    const store = new TokenFileStore(dir);
    await endpointToken(store, logger().log);
    const file = path.join(dir, SIGNAL_ENDPOINT_TOKEN);
    fs.chmodSync(file, 0o644);
    await store.get(SIGNAL_ENDPOINT_TOKEN);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a weak token written by hand', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-token-'));
    fs.writeFileSync(path.join(dir, SIGNAL_ENDPOINT_TOKEN), 'secret\n', { mode: 0o600 });
    await expect(endpointToken(new TokenFileStore(dir), logger().log)).rejects.toThrow(/at least 32 characters/);
  });

  it('refuses names that could leave the folder', () => {
    const store = new TokenFileStore('/tmp');
    for (const name of ['../x', 'a/b', '', '.hidden']) expect(() => store.fileOf(name)).toThrow(/invalid token name/);
  });
});
