/**
 * The keys service through the IPC router, as the settings panel drives it: status, write-only
 * saving, removal, the live switch that depends on it, and the promise that a secret reaches no
 * log line, IPC answer, IPC event or SQLite table.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { DATABASE_FILE } from '../../../src/main/storage/database';
import type { EventsMessage, InvokeResult } from '../../../src/shared/ipc/wire';
import { events } from '../../../src/shared/ipc/contract';

const LIVE_KEY_ID = 'AKLIVEKEYID00000WXYZ';
const LIVE_SECRET = 'liveSecretValue0123456789abcdefghijklmnop';
const PAPER_KEY_ID = 'PKPAPERKEYID0000ABCD';
const PAPER_SECRET = 'paperSecretValue0123456789abcdefghijklmno';

const ctx = { host: 'test' as const, connectionId: 't' };
const running: Sextant[] = [];

afterEach(async () => {
  for (const sextant of running.splice(0)) await sextant.close();
});

async function start(env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-secrets-'));
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const sextant = await startSextant({ dataDir, host: 'web', log, env, validateOutputs: true, watchTradingConfig: false });
  running.push(sextant);
  // A window subscribed to every stream, to see everything IPC would carry.
  const batches: EventsMessage[] = [];
  const connection = sextant.context.hub.connect((message) => batches.push(message));
  for (const name of Object.keys(events)) connection.subscribe(name);
  const answers: InvokeResult[] = [];
  const call = async (name: string, input: unknown): Promise<InvokeResult> => {
    const result = await sextant.router.dispatch(name, input, ctx);
    answers.push(result);
    return result;
  };
  const value = async <T = any>(name: string, input: unknown = {}): Promise<T> => {
    const result = await call(name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const everythingSeen = (): string => {
    connection.flush();
    return [lines.join('\n'), JSON.stringify(batches), JSON.stringify(answers)].join('\n');
  };
  return { dataDir, sextant, call, value, lines, batches, everythingSeen, flush: () => connection.flush() };
}

/** Every row of every table, and the raw bytes of the database files. */
function databaseText(dataDir: string): string {
  const files = fs.readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE));
  expect(files).toContain(DATABASE_FILE);
  const raw = files.map((f) => fs.readFileSync(path.join(dataDir, f)).toString('latin1')).join('\n');
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toContain('settings');
    const rows = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all()));
    return raw + '\n' + rows.join('\n');
  } finally {
    db.close();
  }
}

describe('secrets service', () => {
  it('reports no keys and the unencrypted file store of the web host', async () => {
    const app = await start();
    const status = await app.value('secrets.status');
    expect(status).toEqual({
      storage: {
        backend: 'file (unencrypted)',
        encrypted: false,
        writable: true,
        location: path.join(app.dataDir, 'secrets.json'),
        description: expect.stringMatching(/^UNENCRYPTED file /),
        host: 'web',
      },
      alpaca: {
        paper: { mode: 'paper', present: false, source: null, keyIdLast4: null, environmentToo: false, problem: null },
        live: { mode: 'live', present: false, source: null, keyIdLast4: null, environmentToo: false, problem: null },
      },
    });
  });

  it('saves a pair write-only, answers the last 4 of the key id, and publishes the new status', async () => {
    const app = await start();
    const status = await app.value('secrets.setAlpacaKeys', { mode: 'live', keyId: ` ${LIVE_KEY_ID} `, secret: LIVE_SECRET });
    expect(status.alpaca.live).toEqual({ mode: 'live', present: true, source: 'file (unencrypted)', keyIdLast4: 'WXYZ', environmentToo: false, problem: null });
    expect(status.alpaca.paper.present).toBe(false);
    const file = path.join(app.dataDir, 'secrets.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ 'alpaca.live.secret_key': LIVE_SECRET, 'alpaca.live.key_id': LIVE_KEY_ID });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    app.flush();
    const published = app.batches.flatMap((b) => (b.batches['secrets.changed'] ?? []) as any[]);
    expect(published.at(-1).alpaca.live).toMatchObject({ present: true, keyIdLast4: 'WXYZ' });
    // The broker's provider gets the very pair the status describes.
    expect(await app.sextant.keys.provider('live')()).toEqual({ keyId: LIVE_KEY_ID, secret: LIVE_SECRET });
    expect(await app.sextant.keys.provider('paper')()).toBeNull();

    const cleared = await app.value('secrets.clearAlpacaKeys', { mode: 'live' });
    expect(cleared.alpaca.live).toMatchObject({ present: false, source: null, keyIdLast4: null });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({});
  });

  it('validates the input: characters, lengths, unknown fields, and a paper key offered as live', async () => {
    const app = await start();
    const bad = [
      { mode: 'live', keyId: 'AK-LIVE-KEY-ID-0000', secret: LIVE_SECRET },
      { mode: 'live', keyId: 'AK12', secret: LIVE_SECRET },
      { mode: 'live', keyId: 'A'.repeat(129), secret: LIVE_SECRET },
      { mode: 'live', keyId: LIVE_KEY_ID, secret: 'short' },
      { mode: 'live', keyId: LIVE_KEY_ID, secret: `${LIVE_SECRET} with spaces` },
      { mode: 'live', keyId: LIVE_KEY_ID, secret: `${LIVE_SECRET}\n` + 'x'.repeat(300) },
      { mode: 'demo', keyId: LIVE_KEY_ID, secret: LIVE_SECRET },
      { mode: 'live', keyId: LIVE_KEY_ID, secret: LIVE_SECRET, extra: 1 },
      { mode: 'live', keyId: LIVE_KEY_ID, secret: 42 },
    ];
    for (const input of bad) {
      const result = await app.call('secrets.setAlpacaKeys', input);
      expect(result, JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    const paperAsLive = await app.call('secrets.setAlpacaKeys', { mode: 'live', keyId: PAPER_KEY_ID, secret: PAPER_SECRET });
    expect(paperAsLive).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/begins with PK, which makes it a paper key/) } });
    expect(fs.existsSync(path.join(app.dataDir, 'secrets.json'))).toBe(false);
    const seen = app.everythingSeen();
    expect(seen).not.toContain(LIVE_SECRET);
    expect(seen).not.toContain(PAPER_SECRET);
    expect(seen).not.toContain(PAPER_KEY_ID);
  });

  it('answers a store failure with a reason that holds no secret', async () => {
    const app = await start();
    fs.mkdirSync(path.join(app.dataDir, 'secrets.json'));
    const result = await app.call('secrets.setAlpacaKeys', { mode: 'paper', keyId: PAPER_KEY_ID, secret: PAPER_SECRET });
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('secrets.json') } });
    const status = await app.value('secrets.status');
    expect(status.alpaca.paper).toMatchObject({ present: false, problem: expect.stringMatching(/^the file \(unencrypted\) could not be read/) });
    expect(app.everythingSeen()).not.toContain(PAPER_SECRET);
  });

  it('takes keys from the environment, a saved pair first, and never a paper key for live', async () => {
    const app = await start({ APCA_API_KEY_ID: PAPER_KEY_ID, APCA_API_SECRET_KEY: PAPER_SECRET });
    let status = await app.value('secrets.status');
    expect(status.alpaca.paper).toEqual({ mode: 'paper', present: true, source: 'environment', keyIdLast4: 'ABCD', environmentToo: false, problem: null });
    expect(status.alpaca.live).toMatchObject({ present: false, source: null, problem: expect.stringMatching(/environment offers a pair Sextant will not use: the key id begins with PK/) });
    expect(await app.sextant.keys.present('live')).toBe(false);

    const saved = 'PKSAVEDKEYID0000QRST';
    status = await app.value('secrets.setAlpacaKeys', { mode: 'paper', keyId: saved, secret: 'savedPaperSecret0123456789abcdefghijklm' });
    expect(status.alpaca.paper).toMatchObject({ present: true, source: 'file (unencrypted)', keyIdLast4: 'QRST', environmentToo: true });
    expect((await app.sextant.keys.provider('paper')())?.keyId).toBe(saved);

    const cleared = await app.value('secrets.clearAlpacaKeys', { mode: 'paper' });
    expect(cleared.alpaca.paper).toMatchObject({ present: true, source: 'environment', keyIdLast4: 'ABCD', environmentToo: false });
  });

  it('live trading needs a live pair: refused without, entered with, left when the pair is removed', async () => {
    const app = await start();
    const refused = await app.call('trading.mode.requestLive', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'rejected', details: { refusal: 'no_live_keys' } } });
    // Paper keys do not open the live account.
    await app.value('secrets.setAlpacaKeys', { mode: 'paper', keyId: PAPER_KEY_ID, secret: PAPER_SECRET });
    expect(await app.call('trading.mode.requestLive', {})).toMatchObject({ ok: false, error: { details: { refusal: 'no_live_keys' } } });

    await app.value('secrets.setAlpacaKeys', { mode: 'live', keyId: LIVE_KEY_ID, secret: LIVE_SECRET });
    const challenge = await app.value('trading.mode.requestLive');
    expect(challenge.expiresInMs).toBe(120_000);
    const live = await app.value('trading.mode.confirmLive', { challengeId: challenge.challengeId, phrase: challenge.phrase.toLowerCase() });
    expect(live.effective).toBe('live');
    expect((await app.value('system.info')).mode).toBe('live');

    await app.value('secrets.clearAlpacaKeys', { mode: 'live' });
    const state = await app.value('trading.config.get');
    expect(state.mode.effective).toBe('paper');
    expect(state.config.execution.mode).toBe('paper');
    const changes = await app.value<Array<{ path: string; after: unknown }>>('trading.config.changes', {});
    expect(changes.find((c) => c.path === 'mode.effective')?.after).toBe('paper');
  });

  it('no secret reaches a log line, an IPC answer or event, or any SQLite table', async () => {
    const app = await start();
    await app.value('secrets.setAlpacaKeys', { mode: 'live', keyId: LIVE_KEY_ID, secret: LIVE_SECRET });
    await app.value('secrets.setAlpacaKeys', { mode: 'paper', keyId: PAPER_KEY_ID, secret: PAPER_SECRET });
    await app.value('secrets.status');
    const challenge = await app.value('trading.mode.requestLive');
    await app.value('trading.mode.confirmLive', { challengeId: challenge.challengeId, phrase: challenge.phrase });
    await app.value('trading.mode.leaveLive');
    // A message that quotes the secret is redacted on its way to the log and the windows.
    app.sextant.context.log.warn('test', `something echoed ${LIVE_SECRET} and ${PAPER_KEY_ID}`);
    await app.value('secrets.clearAlpacaKeys', { mode: 'paper' });

    const seen = app.everythingSeen();
    expect(seen).toContain('something echoed [redacted] and [redacted]');
    expect(seen).toContain('key id ending WXYZ');
    for (const value of [LIVE_KEY_ID, LIVE_SECRET, PAPER_KEY_ID, PAPER_SECRET]) expect(seen).not.toContain(value);
    const stored = databaseText(app.dataDir);
    expect(stored).toContain('mode.effective');
    for (const value of [LIVE_KEY_ID, LIVE_SECRET, PAPER_KEY_ID, PAPER_SECRET]) expect(stored).not.toContain(value);
  });
});
