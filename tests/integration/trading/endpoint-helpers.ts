import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export function httpRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer; agent?: http.Agent; chunked?: boolean },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/v1/signals', headers: options.headers ?? {}, agent: options.agent ?? false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        });
      },
    );
    // The server may answer and close before a refused body is fully sent.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (options.body !== undefined) {
      if (options.chunked) {
        const bytes = Buffer.from(options.body);
        for (let i = 0; i < bytes.length; i += 8192) request.write(bytes.subarray(i, i + 8192));
      } else {
        request.write(options.body);
      }
    }
    request.end();
  });
}

export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Collects every message of a socket, parsed. */
export function inbox(ws: WebSocket): { messages: any[]; next(predicate?: (m: any) => boolean): Promise<any> } {
  const messages: any[] = [];
  const waiters: Array<{ predicate: (m: any) => boolean; resolve: (m: any) => void }> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  return {
    messages,
    next(predicate = () => true) {
      const seen = messages.find(predicate);
      if (seen) {
        messages.splice(messages.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve) =>
        waiters.push({
          predicate,
          resolve: (m) => {
            messages.splice(messages.indexOf(m), 1);
            resolve(m);
          },
        }),
      );
    },
  };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves true when something accepts a TCP connection on the port, false when it is refused. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
