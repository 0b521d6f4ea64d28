import { describe, expect, it } from 'vitest';
import { IpcError } from '../../../src/shared/ipc/errors';
import { Router } from '../../../src/main/ipc/router';
import { createLogger, type LogRecord } from '../../../src/main/log';

function setup(options = {}) {
  const records: LogRecord[] = [];
  const log = createLogger({ write: () => {} });
  log.onRecord((r) => records.push(r));
  const router = new Router(log, options);
  return { router, records };
}

const ctx = { host: 'test' as const, connectionId: 't1' };

describe('Router', () => {
  it('validates input before the handler sees it and applies defaults', async () => {
    const { router } = setup();
    let seen: unknown = null;
    router.register({ 'layout.get': (input) => ((seen = input), null) });
    const result = await router.dispatch('layout.get', {}, ctx);
    expect(result).toEqual({ ok: true, value: null });
    expect(seen).toEqual({ name: 'default' });
  });

  it('answers a malformed payload with invalid_payload naming the field, and logs it', async () => {
    const { router, records } = setup();
    let called = false;
    router.register({ 'system.ping': () => ((called = true), { sentAt: 0, receivedAt: 0 }) });
    const result = await router.dispatch('system.ping', { sentAt: 'yesterday' }, ctx);
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_payload');
      expect(result.error.message).toContain('sentAt');
    }
    expect(records.some((r) => r.level === 'warn' && r.message.includes('system.ping'))).toBe(true);
  });

  it('refuses extra keys, wrong types and null without throwing', async () => {
    const { router } = setup();
    router.register({ 'system.ping': ({ sentAt }) => ({ sentAt, receivedAt: 1 }) });
    for (const payload of [{ sentAt: 1, extra: true }, null, 'text', 42, [], { sentAt: Number.NaN }]) {
      const result = await router.dispatch('system.ping', payload, ctx);
      expect(result.ok, JSON.stringify(payload)).toBe(false);
    }
  });

  it('answers unknown requests with unknown_request', async () => {
    const { router } = setup();
    const result = await router.dispatch('orders.launchMissiles', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  });

  it('turns IpcError into its code and any other throw into internal', async () => {
    const { router, records } = setup();
    router.register({
      'settings.get': () => {
        throw new IpcError('not_found', 'no such key');
      },
      'settings.set': () => {
        throw new Error('disk full');
      },
    });
    expect(await router.dispatch('settings.get', { key: 'a' }, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'no such key' } });
    const failed = await router.dispatch('settings.set', { key: 'a', value: 1 }, ctx);
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(records.some((r) => r.level === 'error' && r.message.includes('disk full'))).toBe(true);
  });

  it('checks outputs against the contract when asked to', async () => {
    const { router } = setup({ validateOutputs: true });
    router.register({ 'system.ping': () => ({ sentAt: 'x' }) as never });
    const result = await router.dispatch('system.ping', { sentAt: 1 }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('refuses to register a handler twice or for a name outside the contract', () => {
    const { router } = setup();
    router.register({ 'system.ping': () => ({ sentAt: 0, receivedAt: 0 }) });
    expect(() => router.register({ 'system.ping': () => ({ sentAt: 0, receivedAt: 0 }) })).toThrow(/already/);
    expect(() => router.register({ 'nope.nope': () => 1 } as never)).toThrow(/not a request/);
  });
});
