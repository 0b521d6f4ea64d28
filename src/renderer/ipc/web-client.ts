import type { ClientMessage, InvokeResult, ServerMessage } from '../../shared/ipc/wire';
import { ClientCore, type ConnectionState } from './client-core';

const TOKEN_KEY = 'sextant.token';

/** The launch token from `?token=` (kept for this tab, then removed from the address bar). */
export function takeLaunchToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

interface Pending {
  resolve: (result: InvokeResult) => void;
}

/**
 * The web host's client: the contract over one WebSocket, reconnecting with backoff and
 * re-subscribing its streams; requests in flight when the socket drops fail as `unavailable`.
 */
export function createWebClient(onState: (state: ConnectionState) => void): ClientCore {
  const token = takeLaunchToken();
  const pending = new Map<number, Pending>();
  const queue: ClientMessage[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let attempt = 0;

  const send = (message: ClientMessage): void => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    else queue.push(message);
  };

  const core = new ClientCore('web', {
    invoke: (name, input) =>
      new Promise<InvokeResult>((resolve) => {
        const id = nextId++;
        pending.set(id, { resolve });
        send({ kind: 'invoke', id, name, input });
      }),
    subscribe: (name) => send({ kind: 'subscribe', name }),
    unsubscribe: (name) => send({ kind: 'unsubscribe', name }),
  });

  const connect = (): void => {
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    const ws = new WebSocket(`${protocol}//${window.location.host}/ipc${query}`);
    socket = ws;
    ws.onopen = () => {
      const reconnect = attempt > 0;
      attempt = 0;
      onState('connected');
      const queued = queue.splice(0);
      if (reconnect) {
        // The server forgot this client's streams: subscribe to what is wanted now, then send
        // the requests made while the socket was down.
        for (const name of core.subscribedNames()) ws.send(JSON.stringify({ kind: 'subscribe', name }));
        for (const message of queued) if (message.kind === 'invoke') ws.send(JSON.stringify(message));
      } else {
        for (const message of queued) ws.send(JSON.stringify(message));
      }
    };
    ws.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.kind === 'result') {
        const entry = pending.get(message.id);
        if (entry) {
          pending.delete(message.id);
          entry.resolve(message.result);
        }
      } else if (message.kind === 'events') {
        core.deliver(message);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.resolve({ ok: false, error: { code: 'unavailable', message: 'The connection to Sextant was lost; try again.' } });
      }
      onState('reconnecting');
      const delay = Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random() / 2);
      attempt++;
      window.setTimeout(connect, delay);
    };
  };
  connect();
  return core;
}
