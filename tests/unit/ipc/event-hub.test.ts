import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../src/main/ipc/event-hub';
import type { EventsMessage } from '../../../src/shared/ipc/wire';

describe('EventHub', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const log = (i: number) => ({ t: i, level: 'info' as const, scope: 's', message: `m${i}` });

  it('coalesces a burst into one batch per window, in order, with nothing dropped', () => {
    const hub = new EventHub({ intervalMs: 16, now: () => Date.now() });
    const sent: EventsMessage[] = [];
    const c = hub.connect((m) => sent.push(m));
    c.subscribe('system.log');
    for (let i = 0; i < 10_000; i++) hub.publish('system.log', log(i));
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(16);
    expect(sent).toHaveLength(1);
    const items = sent[0]!.batches['system.log'] as Array<{ t: number }>;
    expect(items).toHaveLength(10_000);
    expect(items.every((item, i) => item.t === i)).toBe(true);
  });

  it('sends at most one batch per interval under a steady stream', () => {
    const hub = new EventHub({ intervalMs: 16, now: () => Date.now() });
    const sent: EventsMessage[] = [];
    const c = hub.connect((m) => sent.push(m));
    c.subscribe('system.log');
    let published = 0;
    for (let ms = 0; ms < 1000; ms++) {
      hub.publish('system.log', log(published++));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(50);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(1000 / 16) + 1);
    const total = sent.reduce((n, m) => n + (m.batches['system.log']?.length ?? 0), 0);
    expect(total).toBe(published);
  });

  it('keeps only the latest item per key for latest-coalesced streams', () => {
    const hub = new EventHub({ intervalMs: 16, now: () => Date.now() });
    const sent: EventsMessage[] = [];
    const c = hub.connect((m) => sent.push(m));
    c.subscribe('layout.changed');
    hub.publish('layout.changed', { name: 'a', windows: [] });
    hub.publish('layout.changed', { name: 'b', windows: [] });
    hub.publish('layout.changed', { name: 'a', windows: [{ windowId: 'x', displayId: null, bounds: null, panels: [] }] });
    vi.advanceTimersByTime(16);
    const items = sent[0]!.batches['layout.changed'] as Array<{ name: string; windows: unknown[] }>;
    expect(items.map((l) => l.name).sort()).toEqual(['a', 'b']);
    expect(items.find((l) => l.name === 'a')!.windows).toHaveLength(1);
  });

  it('delivers only subscribed streams, per connection', () => {
    const hub = new EventHub({ intervalMs: 16, now: () => Date.now() });
    const a: EventsMessage[] = [];
    const b: EventsMessage[] = [];
    hub.connect((m) => a.push(m)).subscribe('system.log');
    hub.connect((m) => b.push(m));
    hub.publish('system.log', log(1));
    vi.advanceTimersByTime(20);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(0);
  });

  it('ignores unknown stream names and stops after disconnect', () => {
    const hub = new EventHub({ intervalMs: 16, now: () => Date.now() });
    const sent: EventsMessage[] = [];
    const c = hub.connect((m) => sent.push(m));
    expect(c.subscribe('no.such.stream')).toBe(false);
    c.subscribe('system.log');
    hub.disconnect(c);
    hub.publish('system.log', log(1));
    vi.advanceTimersByTime(20);
    expect(sent).toHaveLength(0);
    expect(hub.size).toBe(0);
  });
});
