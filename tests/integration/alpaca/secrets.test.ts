/**
 * API keys never reach a log line, a log record (what the UI and IPC see) or an error message,
 * across the paths most likely to leak them: start-up, auth failures on both streams, rejected
 * orders, network failures and a server that echoes the key back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaAdapter } from '../../../src/main/broker/alpaca/adapter';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { captureLog, FAST_STREAMS, waitFor } from './helpers';

let emulator: AlpacaEmulator;

afterEach(async () => {
  await emulator.close();
});

describe('secrets', () => {
  it('appear in no log line, log record or error, whatever goes wrong', async () => {
    emulator = await startAlpacaEmulator();
    const { keyId, secret } = emulator.keys;
    const log = captureLog();
    const errors: string[] = [];
    const adapter = await AlpacaAdapter.create({
      env: emulator.env(),
      log: log.logger,
      rest: { sleep: async () => {}, rateLimit: false },
      tradingStream: FAST_STREAMS,
      marketDataStream: FAST_STREAMS,
    });
    adapter.start();
    await waitFor(() => adapter.streamStatus('trading').state === 'connected' && adapter.streamStatus('market-data').state === 'connected', 'both streams');

    // A rejected order whose message quotes the key, a lost answer, a server error.
    emulator.control.rest.rejectOrders(1, 403, { code: 40310000, message: `key ${keyId} with secret ${secret} is not allowed to trade` });
    await adapter.submitOrder({ clientOrderId: 'leak-1', symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: 1 }).catch((e: Error) => errors.push(e.message, String(e.stack)));
    emulator.control.rest.serverError(5, 500, { pathPrefix: '/v2/account' });
    await adapter.getAccount().catch((e: Error) => errors.push(e.message));
    // A data-stream error that quotes the secret: it becomes the reconnect reason shown in the UI.
    const reasons: string[] = [];
    adapter.onStreamState((event) => reasons.push(event.status.reason ?? ''));
    emulator.control.data.sendError(500, `internal error for secret ${secret}`);
    await waitFor(() => adapter.streamStatus('market-data').connection === 2 && adapter.streamStatus('market-data').state === 'connected', 'the data stream back');
    errors.push(...reasons);
    expect(reasons.join('\n')).toContain('internal error for secret [redacted]');
    // Dropped streams, then refused keys on both.
    emulator.control.trading.rejectNextAuth(1);
    emulator.control.data.rejectNextAuth(1);
    emulator.control.trading.dropConnections();
    emulator.control.data.dropConnections();
    await waitFor(() => adapter.streamStatus('trading').state === 'error' && adapter.streamStatus('market-data').state === 'error', 'both streams refused');
    errors.push(adapter.streamStatus('trading').reason ?? '', adapter.streamStatus('market-data').reason ?? '');
    adapter.stop();

    const everything = [log.text(), ...errors].join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(keyId);
    expect(everything).not.toContain(secret);
    expect(log.lines.length).toBeGreaterThan(3);
  });

  it('a live configuration error does not quote the keys', async () => {
    emulator = await startAlpacaEmulator();
    const log = captureLog();
    const env = { ...emulator.env(), APCA_API_KEY_ID: 'PKPAPERKEY123456', APCA_API_SECRET_KEY: 'paper-secret-abcdef' };
    const error = await AlpacaAdapter.create({ env, log: log.logger, settings: { mode: 'live', liveConfirmed: true } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('the configured Alpaca key is a paper key but the mode is live: use live keys');
    expect(`${(error as Error).message}\n${log.text()}`).not.toContain('paper-secret-abcdef');
  });
});
