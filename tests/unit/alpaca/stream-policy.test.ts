import { describe, expect, it } from 'vitest';
import { backoffDelayMs, backoffPolicy } from '../../../src/main/broker/alpaca/stream/backoff';
import { canTransition, type ConnectionState } from '../../../src/main/broker/alpaca/stream/state';

describe('reconnect backoff', () => {
  const policy = backoffPolicy({ initialMs: 500, maxMs: 30_000, multiplier: 2, jitter: 0.5 });

  it('doubles from the initial delay up to the cap, and stays there (no give-up)', () => {
    const ceiling = (attempt: number) => backoffDelayMs(attempt, policy, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(ceiling)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(ceiling(1_000)).toBe(30_000);
  });

  it('jitter draws from [d·(1−jitter), d]', () => {
    expect(backoffDelayMs(3, policy, () => 1)).toBe(1_000);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1_500);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(2_000);
  });

  it('refuses a nonsensical policy', () => {
    expect(() => backoffPolicy({ initialMs: 0 })).toThrow(/bad backoff policy/);
    expect(() => backoffPolicy({ initialMs: 100, maxMs: 50 })).toThrow(/bad backoff policy/);
  });
});

describe('connection state machine', () => {
  const states: ConnectionState[] = ['disconnected', 'connecting', 'connected', 'reconnecting', 'error'];
  const legal = new Set([
    'disconnected→connecting',
    'connecting→connected', 'connecting→reconnecting', 'connecting→error', 'connecting→disconnected',
    'connected→reconnecting', 'connected→error', 'connected→disconnected',
    'reconnecting→connected', 'reconnecting→error', 'reconnecting→disconnected',
    'error→connecting', 'error→disconnected',
  ]);

  it.each(states.flatMap((from) => states.filter((to) => to !== from).map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(legal.has(`${from}→${to}`));
  });
});
