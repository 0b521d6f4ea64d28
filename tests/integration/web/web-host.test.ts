import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSextant, type Sextant } from '../../../src/main/app';
import { startWebHost, type WebHost } from '../../../src/main/hosts/web/server';
import { createLogger, type LogRecord } from '../../../src/main/log';

let sextant: Sextant;
let host: WebHost;
const records: LogRecord[] = [];
const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-renderer-'));

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, predicate: (m: any) => boolean = () => true): Promise<any> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString());
      if (predicate(message)) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

beforeAll(async () => {
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const log = createLogger({ write: () => {} });
  log.onRecord((r) => records.push(r));
  sextant = await startSextant({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sx-web-')), host: 'web', log, validateOutputs: true });
  host = await startWebHost({ sextant, rendererDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  await sextant.close();
});

describe('web host', () => {
  it('prints an address on 127.0.0.1 carrying the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
  });

  it('refuses every HTTP request without the token with 401', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    for (const p of ['/', '/index.html', '/assets/app.js', '/nope']) expect((await get(origin + p)).status).toBe(401);
    expect((await get(`${origin}/?token=wrong`)).status).toBe(401);
    expect((await get(`${origin}/`, { cookie: 'sextant_token=wrong' })).status).toBe(401);
  });

  it('serves the renderer with the token and sets the cookie the page assets then use', async () => {
    const first = await get(host.url);
    expect(first.status).toBe(200);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(`sextant_token=${host.token}`);
    expect(first.headers['content-security-policy']).toContain("default-src 'self'");
    const asset = await get(`http://127.0.0.1:${host.port}/assets/app.js`, { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('refuses path traversal and foreign Host headers', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    expect((await get(`${origin}/..%2f..%2fetc%2fpasswd?token=${host.token}`)).status).toBe(404);
    expect((await get(`${origin}/?token=${host.token}`, { host: 'evil.example' })).status).toBe(403);
  });

  it('refuses WebSocket upgrades without the token or from a foreign origin', async () => {
    const ws = `ws://127.0.0.1:${host.port}/ipc`;
    await expect(openSocket(ws)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${ws}?token=wrong`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${ws}?token=${host.token}`, { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('serves the contract over the socket, and malformed frames get errors, never a crash', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`);
    ws.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'system.info', input: {} }));
    const info = await nextMessage(ws, (m) => m.id === 1);
    expect(info.result).toMatchObject({ ok: true, value: { name: 'Sextant', host: 'web', mode: 'paper' } });

    ws.send('not json at all');
    ws.send(JSON.stringify({ kind: 'invoke', id: 'x' }));
    ws.send(JSON.stringify({ kind: 'invoke', id: 2, name: 'system.ping', input: { sentAt: 'soon' } }));
    const bad = await nextMessage(ws, (m) => m.id === 2);
    expect(bad.result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    ws.send(JSON.stringify({ kind: 'invoke', id: 3, name: 'no.such', input: {} }));
    expect((await nextMessage(ws, (m) => m.id === 3)).result.error.code).toBe('unknown_request');

    ws.send(JSON.stringify({ kind: 'invoke', id: 4, name: 'system.ping', input: { sentAt: 5 } }));
    expect((await nextMessage(ws, (m) => m.id === 4)).result).toMatchObject({ ok: true, value: { sentAt: 5 } });
    expect(records.some((r) => r.message.includes('not JSON'))).toBe(true);
    expect(records.every((r) => !r.message.includes(host.token))).toBe(true);
    ws.close();
  });

  it('delivers subscribed streams in coalesced batches', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/ipc?token=${host.token}`);
    ws.send(JSON.stringify({ kind: 'subscribe', name: 'layout.changed' }));
    ws.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'system.ping', input: { sentAt: 1 } }));
    await nextMessage(ws, (m) => m.id === 1);
    const batch = nextMessage(ws, (m) => m.kind === 'events');
    for (let i = 0; i < 50; i++) sextant.context.hub.publish('layout.changed', { name: `l${i % 3}`, windows: [] });
    const message = await batch;
    expect(message.batches['layout.changed']).toHaveLength(3);
    ws.close();
  });
});
