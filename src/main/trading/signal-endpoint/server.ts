import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseSignal } from '../../../shared/trading/signal-wire';
import type { SignalOutcome } from '../../../shared/trading/signal-outcome';
import { allowedHosts, bearerToken, isAllowedOrigin, safeEqual } from '../../hosts/web/security';
import type { Logger } from '../../log';
import type { SignalIntake } from '../signal-intake';
import { TokenBucket } from './token-bucket';

export const SIGNALS_PATH = '/v1/signals';
export const SIGNALS_STREAM_PATH = '/v1/signals/stream';
/** Largest signal accepted (HTTP body or WebSocket message). */
export const MAX_SIGNAL_BYTES = 64 * 1024;
/** A WebSocket frame beyond this closes the connection (1009); between the two it is answered `too_large`. */
const MAX_FRAME_BYTES = 1024 * 1024;
export const ENDPOINT_HOST = '127.0.0.1';

export interface SignalEndpointOptions {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly token: string;
  readonly intake: SignalIntake;
  readonly log: Logger;
  /** Per connection. */
  readonly rate: { readonly perSecond: number; readonly burst: number };
  /** For the rate limit (tests drive it by hand). */
  readonly clock?: () => number;
  readonly maxSignalBytes?: number;
}

export interface SignalEndpoint {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

type ClientId = string | number | null;

type ErrorCode = 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'upgrade_required' | 'unsupported_media_type' | 'too_large' | 'rate_limited' | 'invalid_json' | 'invalid_signal' | 'internal';

export interface EndpointError {
  readonly type: 'error';
  readonly id: ClientId;
  readonly error: ErrorCode;
  readonly message: string;
  readonly issues?: ReadonlyArray<{ field: string; message: string }>;
  readonly signal_id?: number;
  readonly retry_after_ms?: number;
}

export type EndpointOutcome = { readonly type: 'outcome'; readonly id: ClientId; readonly signal_id: number } & SignalOutcome;

export type EndpointAnswer = EndpointOutcome | EndpointError;

function errorAnswer(id: ClientId, error: ErrorCode, message: string, extra: Partial<EndpointError> = {}): EndpointError {
  return { type: 'error', id, error, message, ...extra };
}

const STATUS_OF: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  upgrade_required: 426,
  unsupported_media_type: 415,
  too_large: 413,
  rate_limited: 429,
  invalid_json: 400,
  invalid_signal: 400,
  internal: 500,
};

/** The client's correlation id, taken off the message before the signal is validated. */
function splitClientId(raw: unknown): { id: ClientId; body: unknown; problem: string | null } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('id' in raw)) return { id: null, body: raw, problem: null };
  const { id, ...body } = raw as Record<string, unknown>;
  if ((typeof id === 'string' && id.length <= 128) || (typeof id === 'number' && Number.isFinite(id))) return { id, body, problem: null };
  if (id === null || id === undefined) return { id: null, body, problem: null };
  return { id: null, body, problem: 'must be text of at most 128 characters or a number' };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The local signal endpoint (issue 5): `POST /v1/signals` and the WebSocket `/v1/signals/stream`,
 * on 127.0.0.1 only. Every request carries the token (`Authorization: Bearer`, or `?token=` for a
 * WebSocket); the Host and Origin checks of the web host keep pages in a browser out. Each valid
 * signal goes through the intake (stored, acted on, outcome stored) and is answered with its
 * outcome; anything else is answered with what is wrong. Nothing a client sends can crash it.
 */
export async function startSignalEndpoint(options: SignalEndpointOptions): Promise<SignalEndpoint> {
  const { intake, log, token } = options;
  const clock = options.clock ?? Date.now;
  const maxBytes = options.maxSignalBytes ?? MAX_SIGNAL_BYTES;
  let hosts = new Set<string>();
  const buckets = new WeakMap<object, TokenBucket>();
  const bucketOf = (connection: object): TokenBucket => {
    let bucket = buckets.get(connection);
    if (!bucket) buckets.set(connection, (bucket = new TokenBucket(options.rate.perSecond, options.rate.burst, clock)));
    return bucket;
  };

  const authorized = (request: http.IncomingMessage, url: URL | null): boolean => {
    const presented = bearerToken(request) ?? url?.searchParams.get('token') ?? null;
    return presented !== null && safeEqual(presented, token);
  };

  /** The answer to one signal text, whichever transport carried it. */
  async function handleText(text: string, id: ClientId): Promise<EndpointAnswer> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return errorAnswer(id, 'invalid_json', `not JSON: ${(error as Error).message}`);
    }
    const split = splitClientId(raw);
    const clientId = split.id ?? id;
    const parsed = parseSignal(split.body);
    if (!parsed.ok || split.problem) {
      const issues = [...(split.problem ? [{ field: 'id', message: split.problem }] : []), ...(parsed.ok ? [] : parsed.problems.map((p) => ({ field: p.key, message: p.message })))];
      const message = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
      const signalId = intake.recordInvalid(raw, 'endpoint', message);
      log.warn('signal-endpoint', `refused signal ${signalId}: ${message}`);
      return errorAnswer(clientId, 'invalid_signal', message, { issues, signal_id: signalId });
    }
    const { signalId, outcome } = await intake.submit(parsed.signal, 'endpoint');
    log.info('signal-endpoint', `signal ${signalId} ${parsed.signal.strategyId} ${parsed.signal.action} ${parsed.signal.symbol}: ${outcome.status}`);
    return { type: 'outcome', id: clientId, signal_id: signalId, ...outcome };
  }

  const server = http.createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      log.error('signal-endpoint', `request failed: ${(error as Error).message}`);
      if (!response.headersSent) reply(request, response, errorAnswer(null, 'internal', 'internal error'));
    });
  });

  function reply(request: http.IncomingMessage, response: http.ServerResponse, answer: EndpointAnswer, headers: http.OutgoingHttpHeaders = {}): void {
    const status = answer.type === 'outcome' ? 200 : STATUS_OF[answer.error];
    const body = JSON.stringify(answer);
    // A request refused before its body was read leaves bytes on the connection: close it.
    const unread = !request.complete;
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(unread ? { connection: 'close' } : {}),
      ...headers,
    });
    response.end(body);
    if (unread) {
      request.resume();
      setTimeout(() => request.socket.destroy(), 1000).unref();
    }
  }

  async function serveHttp(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (!hosts.has(request.headers.host ?? '')) return reply(request, response, errorAnswer(null, 'forbidden', 'unexpected Host header'));
    if (!isAllowedOrigin(request.headers.origin, hosts)) return reply(request, response, errorAnswer(null, 'forbidden', 'requests from web pages are not accepted'));
    if (!authorized(request, null)) {
      return reply(request, response, errorAnswer(null, 'unauthorized', 'send "Authorization: Bearer <token>" with the token from signal-endpoint.token in the data folder'), {
        'www-authenticate': 'Bearer realm="sextant-signals"',
      });
    }
    if (url.pathname === SIGNALS_STREAM_PATH) return reply(request, response, errorAnswer(null, 'upgrade_required', `${SIGNALS_STREAM_PATH} is a WebSocket`), { upgrade: 'websocket' });
    if (url.pathname !== SIGNALS_PATH) return reply(request, response, errorAnswer(null, 'not_found', `no such path: use POST ${SIGNALS_PATH} or the WebSocket ${SIGNALS_STREAM_PATH}`));
    if (request.method !== 'POST') return reply(request, response, errorAnswer(null, 'method_not_allowed', `${SIGNALS_PATH} takes POST only`), { allow: 'POST' });
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return reply(request, response, errorAnswer(null, 'unsupported_media_type', 'send the signal as JSON with "Content-Type: application/json"'));
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return reply(request, response, errorAnswer(null, 'too_large', `a signal is at most ${maxBytes} bytes`));
    const wait = bucketOf(request.socket).take();
    if (wait > 0) {
      return reply(request, response, errorAnswer(null, 'rate_limited', `too many signals on this connection; retry in ${wait} ms`, { retry_after_ms: wait }), {
        'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
      });
    }
    const body = await readBody(request, maxBytes);
    if (body === 'too_large') return reply(request, response, errorAnswer(null, 'too_large', `a signal is at most ${maxBytes} bytes`));
    if (body === 'aborted') return;
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return reply(request, response, errorAnswer(null, 'invalid_json', 'the body is not UTF-8 text'));
    }
    reply(request, response, await handleText(text, null));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (!hosts.has(request.headers.host ?? '')) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!isAllowedOrigin(request.headers.origin, hosts)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!authorized(request, url)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (url.pathname !== SIGNALS_STREAM_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    wss.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws);
    const bucket = bucketOf(ws);
    const send = (answer: EndpointAnswer): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(answer));
    };
    ws.on('message', (data: RawData) => {
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (bytes.length > maxBytes) return send(errorAnswer(null, 'too_large', `a signal is at most ${maxBytes} bytes`));
      const wait = bucket.take();
      if (wait > 0) return send(errorAnswer(peekId(bytes), 'rate_limited', `too many signals on this connection; retry in ${wait} ms`, { retry_after_ms: wait }));
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        return send(errorAnswer(null, 'invalid_json', 'the message is not UTF-8 text'));
      }
      handleText(text, null).then(send, (error: unknown) => {
        log.error('signal-endpoint', `message failed: ${(error as Error).message}`);
        send(errorAnswer(peekId(bytes), 'internal', 'internal error'));
      });
    });
    ws.on('close', () => sockets.delete(ws));
    // Protocol violations (bad frames, oversize) end up here; ws then closes the socket itself.
    ws.on('error', (error) => log.warn('signal-endpoint', `WebSocket client: ${error.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${ENDPOINT_HOST} is in use: choose another execution.signalEndpoint.port in trading.yaml`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port, ENDPOINT_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => log.error('signal-endpoint', `server: ${error.message}`));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
    log.debug('signal-endpoint', `malformed HTTP from a client: ${error.code ?? error.message}`);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('signal endpoint: no TCP address');
  hosts = allowedHosts(address.port, ENDPOINT_HOST);

  return {
    port: address.port,
    url: `http://${ENDPOINT_HOST}:${address.port}${SIGNALS_PATH}`,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The client id of a message refused before it was parsed, when one can be read cheaply. */
function peekId(bytes: Buffer): ClientId {
  try {
    return splitClientId(JSON.parse(bytes.toString('utf8'))).id;
  } catch {
    return null;
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/** The body, or why it could not be read whole. */
function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: Buffer | 'too_large' | 'aborted'): void => {
      if (done) return;
      done = true;
      request.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish('too_large');
      else chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => finish(Buffer.concat(chunks)));
    request.on('aborted', () => finish('aborted'));
    request.on('error', () => finish('aborted'));
  });
}
