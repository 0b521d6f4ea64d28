// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebClient } from '../../../src/renderer/ipc/web-client';
import { IpcRequestError } from '../../../src/renderer/ipc/client-core';

/** A scripted stand-in for the browser's WebSocket, recording what the client sends. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  static readonly OPEN = 1;
  readyState = 0;
  sent: any[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

describe('web client', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    window.history.replaceState(null, '', '/?token=secret-token&window=main');
    sessionStorage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('connects with the launch token and removes it from the address bar', () => {
    const states: string[] = [];
    createWebClient((s) => states.push(s));
    expect(FakeSocket.instances[0]!.url).toMatch(/\/ipc\?token=secret-token$/);
    expect(window.location.search).toBe('?window=main');
    FakeSocket.instances[0]!.open();
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('queues requests until open, resolves results by id and rejects errors as IpcRequestError', async () => {
    const client = createWebClient(() => {});
    const info = client.invoke('system.info', {});
    const bad = client.invoke('system.ping', { sentAt: 1 });
    const socket = FakeSocket.instances[0]!;
    socket.open();
    expect(socket.sent.map((m) => m.name)).toEqual(['system.info', 'system.ping']);
    socket.receive({ kind: 'result', id: socket.sent[1].id, result: { ok: false, error: { code: 'invalid_payload', message: 'nope' } } });
    socket.receive({ kind: 'result', id: socket.sent[0].id, result: { ok: true, value: { name: 'Sextant' } } });
    await expect(info).resolves.toEqual({ name: 'Sextant' });
    await expect(bad).rejects.toBeInstanceOf(IpcRequestError);
  });

  it('subscribes once per stream however many listeners, and unsubscribes with the last', () => {
    const client = createWebClient(() => {});
    const socket = FakeSocket.instances[0]!;
    socket.open();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = client.subscribe('system.log', (items) => a.push(...items));
    const offB = client.subscribe('system.log', (items) => b.push(...items));
    expect(socket.sent.filter((m) => m.kind === 'subscribe')).toHaveLength(1);
    socket.receive({ kind: 'events', batches: { 'system.log': [1, 2] } });
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2]);
    offA();
    expect(socket.sent.some((m) => m.kind === 'unsubscribe')).toBe(false);
    offB();
    expect(socket.sent.filter((m) => m.kind === 'unsubscribe')).toHaveLength(1);
  });

  it('after a dropped connection: fails requests in flight, reconnects with backoff, re-subscribes and sends what was asked meanwhile', async () => {
    const states: string[] = [];
    const client = createWebClient((s) => states.push(s));
    const first = FakeSocket.instances[0]!;
    first.open();
    client.subscribe('system.log', () => {});
    const inFlight = client.invoke('system.info', {});
    first.drop();
    await expect(inFlight).rejects.toMatchObject({ code: 'unavailable' });
    const meanwhile = client.invoke('system.ping', { sentAt: 7 });
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(300);
    const second = FakeSocket.instances[1]!;
    second.open();
    expect(states.slice(-2)).toEqual(['reconnecting', 'connected']);
    expect(second.sent.map((m) => `${m.kind}:${m.name}`)).toEqual(['subscribe:system.log', 'invoke:system.ping']);
    second.receive({ kind: 'result', id: second.sent[1].id, result: { ok: true, value: { sentAt: 7, receivedAt: 8 } } });
    await expect(meanwhile).resolves.toEqual({ sentAt: 7, receivedAt: 8 });
  });
});
