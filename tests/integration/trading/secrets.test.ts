/**
 * The Alpaca keys never appear in a log, an error, an IPC answer or event, or any table of the
 * database, while the whole app trades on Alpaca (the emulator) through the paths most likely to
 * leak them: a rejection whose message quotes the key and the secret, a server error that does, a
 * data-stream error that does, a refused signal, the kill switch and reconciliation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { events } from '../../../src/shared/ipc/contract';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { openDatabase } from '../../../src/main/storage/database';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { captureLog, FAST_STREAMS, tempDir, waitFor } from './helpers';

let emulator: AlpacaEmulator;
let app: Sextant | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
  await emulator.close();
});

describe('secrets while trading on Alpaca', () => {
  it('appear in no log, error, IPC answer or event, and no table of the database', async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('AAPL', 190);
    const { keyId, secret } = emulator.keys;
    const dataDir = tempDir('sx-secrets-');
    fs.writeFileSync(path.join(dataDir, 'trading.yaml'), 'version: 1\nexecution:\n  broker: alpaca\n');
    const log = captureLog();
    app = await startSextant({
      dataDir,
      host: 'test',
      log: log.logger,
      validateOutputs: true,
      watchTradingConfig: false,
      env: emulator.env(),
      tradingRuntime: {
        killSwitchCancelWaitMs: 2_000,
        alpaca: {
          adapter: { rest: { sleep: async () => {}, random: () => 0.5, rateLimit: false }, tradingStream: FAST_STREAMS, marketDataStream: { ...FAST_STREAMS, codec: 'json' } },
          broker: { lookupPauseMs: 10, sleep: async () => {} },
          connectTimeoutMs: 3_000,
        },
      },
    });
    const sextant = app;
    const batches: EventsMessage[] = [];
    const connection = sextant.context.hub.connect((message) => batches.push(message));
    for (const name of Object.keys(events)) connection.subscribe(name);
    const answers: string[] = [];
    const call = async (name: string, input: unknown = {}) => {
      const result = await sextant.router.dispatch(name, input, { host: 'test', connectionId: 'secrets' });
      answers.push(JSON.stringify(result));
      return result;
    };
    // Alpaca connects in the background: the app is up before trading is ready.
    await waitFor(() => sextant.trading.runtime.current?.service.ready, 'trading ready on Alpaca');
    expect(await call('trading.state')).toMatchObject({ ok: true, value: { broker: { id: 'alpaca-paper', kind: 'alpaca' }, mode: 'paper', ready: true } });

    // A refusal quoting the key and the secret, through the ticket and through a signal.
    const quoting = `key ${keyId} with secret ${secret} may not trade`;
    emulator.control.rest.rejectOrders(2, 403, { code: 40310000, message: quoting });
    await call('trading.submitOrder', { ticket: { symbol: 'AAPL', side: 'buy', type: 'market', qty: 1 } });
    await call('trading.submitSignal', { signal: { symbol: 'AAPL', action: 'BUY', quantity: 1, confidence: 0.9, strategy_id: 'leak', timestamp: Date.now() }, wait: 'ack' });
    // A server error quoting them while reconciling, then a data-stream error quoting the secret.
    emulator.control.rest.arm(2, { kind: 'respond', status: 500, body: { code: 50010000, message: `boom ${keyId} ${secret}` } }, { pathPrefix: '/v2/account' });
    await call('trading.reconcile');
    emulator.control.data.sendError(500, `internal error for secret ${secret}`);
    // Trading that works, then the kill switch.
    await call('trading.submitOrder', { ticket: { symbol: 'AAPL', side: 'buy', type: 'market', qty: 2 } });
    await waitFor(() => sextant.trading.runtime.service.book.positionQty('AAPL') === 2, 'the position');
    await call('trading.killSwitch', { confirm: true, reason: 'secrets test' });
    await call('trading.reconcile');
    await waitFor(() => sextant.trading.runtime.service.book.positionQty('AAPL') === 0, 'flat');
    await new Promise((resolve) => setTimeout(resolve, 50));
    connection.flush();
    await sextant.close();
    app = null;

    const db = openDatabase(dataDir);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck(true).all() as string[]).filter((t) => t !== 'sqlite_sequence');
    const dump = tables.map((table) => `${table}: ${JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all())}`).join('\n');
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['orders', 'order_events', 'fills', 'risk_decisions', 'risk_verdicts', 'account_snapshots', 'trading_state_changes', 'signals']));
    expect(dump).toContain('[redacted]');
    expect(dump).toContain('rejected by broker');

    const everything = [log.text(), dump, answers.join('\n'), JSON.stringify(batches), fs.readFileSync(path.join(dataDir, 'trading.yaml'), 'utf8')].join('\n');
    expect(everything).not.toContain(keyId);
    expect(everything).not.toContain(secret);
    expect(batches.some((b) => b.batches['trading.orders'])).toBe(true);
  });
});
