import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger, type LogRecord } from '../../../src/main/log';
import type { Signal } from '../../../src/shared/domain/signal';
import { outcomeWithoutOrder } from '../../../src/shared/trading/signal-outcome';
import { freePort, httpRequest, isListening } from './endpoint-helpers';

const running: Sextant[] = [];

afterEach(async () => {
  for (const sextant of running.splice(0)) await sextant.close();
});

async function start(withHandler: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-endpoint-app-'));
  const records: LogRecord[] = [];
  const log = createLogger({ write: () => {} });
  log.onRecord((r) => records.push(r));
  const received: Signal[] = [];
  const sextant = await startSextant({
    dataDir,
    host: 'web',
    log,
    validateOutputs: true,
    ...(withHandler
      ? {
          onSignal: async (signal: Signal) => {
            received.push(signal);
            return outcomeWithoutOrder('held', 0.05);
          },
        }
      : {}),
  });
  running.push(sextant);
  const ctx = { host: 'test' as const, connectionId: 't' };
  const update = async (patch: Record<string, unknown>) => {
    const result = await sextant.router.dispatch('trading.config.update', { patch }, ctx);
    if (!result.ok) throw new Error(result.error.message);
    await sextant.trading.signalEndpoint?.settled();
  };
  return { dataDir, records, received, sextant, update };
}

const hold = JSON.stringify({ symbol: 'SPY', action: 'HOLD', confidence: 0.5, strategy_id: 'ext', timestamp: Date.UTC(2025, 0, 2) });

describe('the signal endpoint in the running app', () => {
  it('is off by default and follows trading.yaml: on, moved, off', async () => {
    const app = await start(true);
    const controller = app.sextant.trading.signalEndpoint!;
    expect(controller.status()).toEqual({ enabled: false, listening: false, url: null, error: null });
    const port = await freePort();
    await app.update({ execution: { signalEndpoint: { port } } });
    expect(controller.status().listening).toBe(false);
    expect(await isListening(port)).toBe(false);

    await app.update({ execution: { signalEndpoint: { enabled: true } } });
    expect(controller.status()).toEqual({ enabled: true, listening: true, url: `http://127.0.0.1:${port}/v1/signals`, error: null });
    const tokenFile = path.join(app.dataDir, 'signal-endpoint.token');
    if (process.platform !== 'win32') expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    const answer = await httpRequest(port, { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: hold });
    expect(answer.body).toMatchObject({ type: 'outcome', status: 'held' });
    expect(app.received.map((s) => s.symbol)).toEqual(['SPY']);
    expect(app.sextant.trading.signals.get(answer.body.signal_id)).toMatchObject({ source: 'endpoint', status: 'held' });

    const moved = await freePort();
    await app.update({ execution: { signalEndpoint: { port: moved } } });
    expect(await isListening(port)).toBe(false);
    expect(await isListening(moved)).toBe(true);

    await app.update({ execution: { signalEndpoint: { enabled: false } } });
    expect(await isListening(moved)).toBe(false);
    expect(controller.status()).toMatchObject({ enabled: false, listening: false });
    expect(app.records.some((r) => r.message.includes(token))).toBe(false);
  });

  it('reports a port in use instead of failing, and listens once it is free', async () => {
    const app = await start(true);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    await app.update({ execution: { signalEndpoint: { enabled: true, port } } });
    const controller = app.sextant.trading.signalEndpoint!;
    expect(controller.status()).toMatchObject({ enabled: true, listening: false });
    expect(controller.status().error).toBe(`port ${port} on 127.0.0.1 is in use: choose another execution.signalEndpoint.port in trading.yaml`);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await controller.apply(app.sextant.trading.config.config.execution.signalEndpoint);
    expect(controller.status()).toMatchObject({ listening: true, error: null });
  });

  it("answers with the app's own trading service when no handler is given", async () => {
    const app = await start(false);
    const port = await freePort();
    await app.update({ execution: { signalEndpoint: { enabled: true, port } } });
    const token = fs.readFileSync(path.join(app.dataDir, 'signal-endpoint.token'), 'utf8').trim();
    const answer = await httpRequest(port, { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: hold });
    expect(answer.body).toMatchObject({ type: 'outcome', status: 'held', risk: null });
    expect(app.sextant.trading.signals.get(answer.body.signal_id)).toMatchObject({ source: 'endpoint', status: 'held' });
    expect(app.sextant.trading.runtime.current?.service.account).toBe('paper');
  });

  it('closes the endpoint with the app', async () => {
    const app = await start(true);
    const port = await freePort();
    await app.update({ execution: { signalEndpoint: { enabled: true, port } } });
    expect(await isListening(port)).toBe(true);
    await app.sextant.close();
    running.length = 0;
    expect(await isListening(port)).toBe(false);
  });
});
