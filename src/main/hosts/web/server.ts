import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, type ServerMessage } from '../../../shared/ipc/wire';
import type { Sextant } from '../../app';
import { allowedHosts, contentSecurityPolicy, hasValidToken, isAllowedOrigin, newLaunchToken, TOKEN_COOKIE } from './security';
import { readStaticFile } from './static-files';

export interface WebHostOptions {
  readonly sextant: Sextant;
  readonly rendererDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly bindHost?: string;
  readonly token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export const IPC_PATH = '/ipc';
/** Bigger than any CSV a user would import through the UI; anything larger is refused by ws. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

function refuse(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(message + '\n');
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/**
 * Serves the built renderer and the IPC contract over a WebSocket on loopback. Every HTTP request
 * and every WebSocket upgrade must carry the per-launch token (query or the cookie the first
 * authorised page load sets); anything else gets 401.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { sextant } = options;
  const log = sextant.context.log;
  const token = options.token ?? newLaunchToken();
  log.registerSecret(token);
  const bindHost = options.bindHost ?? '127.0.0.1';
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${path.join(rendererDir, 'index.html')}). Run \`npm run build\` first.`);
  }
  let hosts = new Set<string>();

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (!hosts.has(request.headers.host ?? '')) return refuse(response, 403, 'Forbidden: unexpected Host header.');
    const auth = hasValidToken(request, url, token);
    if (!auth.ok) return refuse(response, 401, 'Unauthorized: open the address the web host printed (it carries ?token=...).');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed.');
    const file = readStaticFile(rendererDir, url.pathname);
    if (!file) return refuse(response, 404, `Not found: ${url.pathname}`);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': file.contentType,
      'content-length': file.body.length,
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': file.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    if (auth.via === 'query') {
      headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (!hosts.has(request.headers.host ?? '')) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!hasValidToken(request, url, token).ok) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (!isAllowedOrigin(request.headers.origin, hosts)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (url.pathname !== IPC_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    wss.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    const send = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const connection = sextant.context.hub.connect(send);
    const ctx = { host: 'web' as const, connectionId: connection.id };
    ws.on('message', (data, isBinary) => {
      let raw: unknown;
      try {
        raw = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
      } catch {
        log.warn('web', `connection ${connection.id} sent a frame that is not JSON; ignored`);
        return;
      }
      const parsed = ClientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : null;
        log.warn('web', `connection ${connection.id} sent a malformed message: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        if (id !== null) send({ kind: 'result', id, result: { ok: false, error: { code: 'invalid_payload', message: 'Malformed IPC message.' } } });
        return;
      }
      const message = parsed.data;
      switch (message.kind) {
        case 'invoke':
          void sextant.router.dispatch(message.name, message.input, ctx).then((result) => send({ kind: 'result', id: message.id, result }));
          break;
        case 'subscribe':
          if (!connection.subscribe(message.name)) log.warn('web', `connection ${connection.id} subscribed to unknown stream "${message.name.slice(0, 80)}"`);
          break;
        case 'unsubscribe':
          connection.unsubscribe(message.name);
          break;
      }
    });
    ws.on('close', () => {
      sockets.delete(ws);
      sextant.context.hub.disconnect(connection);
    });
    ws.on('error', (error) => log.warn('web', `connection ${connection.id}: ${error.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web host: no TCP address');
  const port = address.port;
  hosts = allowedHosts(port, bindHost);
  const shownHost = bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
