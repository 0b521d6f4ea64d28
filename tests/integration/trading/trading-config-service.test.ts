import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Bus, type InternalEvents } from '../../../src/main/bus';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { Router } from '../../../src/main/ipc/router';
import { createLogger, type LogRecord } from '../../../src/main/log';
import { tradingConfigHandlers } from '../../../src/main/services/trading-config';
import { openDatabase, type Db } from '../../../src/main/storage/database';
import { SettingsStore } from '../../../src/main/storage/settings';
import { LiveModeError, TradingConfigError, TradingConfigService } from '../../../src/main/trading/config/trading-config-service';
import type { EventName } from '../../../src/shared/ipc/contract';
import { DEFAULT_TRADING_CONFIG_TEXT } from '../../../src/shared/trading/default-trading-config';
import { DEFAULT_TRADING_CONFIG } from '../../../src/shared/trading/trading-config';

interface Setup {
  dir: string;
  file: string;
  db: Db;
  bus: Bus;
  hub: EventHub;
  settings: SettingsStore;
  records: LogRecord[];
  service: TradingConfigService;
  keys: { present: boolean };
}

const open: Array<{ service: TradingConfigService; db: Db }> = [];

afterEach(async () => {
  for (const { service, db } of open.splice(0)) {
    await service.close();
    db.close();
  }
});

async function setup(options: { dir?: string; nonce?: () => string; clock?: () => number } = {}): Promise<Setup> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sx-tcfg-'));
  const db = openDatabase(dir);
  const bus = new Bus();
  const hub = new EventHub({ intervalMs: 1 });
  const settings = new SettingsStore(db);
  const records: LogRecord[] = [];
  const log = createLogger({ write: () => {} });
  log.onRecord((r) => records.push(r));
  const keys = { present: false };
  const service = await TradingConfigService.open({
    dataDir: dir,
    db,
    log,
    hub,
    bus,
    settings,
    liveKeysPresent: async () => keys.present,
    debounceMs: 30,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  open.push({ service, db });
  return { dir, file: path.join(dir, 'trading.yaml'), db, bus, hub, settings, records, service, keys };
}

function nextBusEvent<K extends keyof InternalEvents>(bus: Bus, name: K, predicate: (p: InternalEvents[K]) => boolean = () => true): Promise<InternalEvents[K]> {
  return new Promise((resolve) => {
    const off = bus.on(name, (payload) => {
      if (!predicate(payload)) return;
      off();
      resolve(payload);
    });
  });
}

/** The next item published on the hub under `name` that matches. */
function nextHubItem(hub: EventHub, name: EventName, predicate: (item: any) => boolean = () => true): Promise<any> {
  return new Promise((resolve) => {
    let done = false;
    const connection = hub.connect((message) => {
      if (done) return;
      for (const item of (message.batches[name] as unknown[] | undefined) ?? []) {
        if (predicate(item)) {
          done = true;
          hub.disconnect(connection);
          resolve(item);
          return;
        }
      }
    });
    connection.subscribe(name);
  });
}

/** Saves like an editor that writes a new file and renames it over the old one. */
function saveByRename(file: string, text: string): void {
  const temporary = `${file}.swp-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

const withMaxPosition = (pct: string): string => DEFAULT_TRADING_CONFIG_TEXT.replace('maxPositionPct: 10', `maxPositionPct: ${pct}`);

describe('trading configuration service', () => {
  it('creates trading.yaml with the commented defaults on first start', async () => {
    const s = await setup();
    expect(fs.readFileSync(s.file, 'utf8')).toBe(DEFAULT_TRADING_CONFIG_TEXT);
    expect(s.service.config).toEqual(DEFAULT_TRADING_CONFIG);
    expect(s.service.state()).toMatchObject({ raw: DEFAULT_TRADING_CONFIG_TEXT, problems: [], mode: { effective: 'paper', requested: 'paper', since: null } });
    expect(s.service.changes()).toEqual([]);
    expect(s.settings.get('trading.mode')).toBe('paper');
  });

  it('applies an edit of the file without a restart, records it and publishes it', async () => {
    const s = await setup();
    const applied = nextBusEvent(s.bus, 'trading.config.applied');
    const published = nextHubItem(s.hub, 'trading.config.changed');
    fs.writeFileSync(s.file, withMaxPosition('7.5'));
    const event = await applied;
    expect(event.actor).toBe('file');
    expect(event.changes).toEqual([{ path: 'risk.maxPositionPct', before: 10, after: 7.5 }]);
    expect(event.config.risk.maxPositionPct).toBe(7.5);
    expect(s.service.config.risk.maxPositionPct).toBe(7.5);
    expect(await published).toMatchObject({ actor: 'file', changes: [{ path: 'risk.maxPositionPct', before: 10, after: 7.5 }] });
    expect(s.service.changes()).toEqual([{ id: 1, batch: 1, at: expect.any(Number), actor: 'file', path: 'risk.maxPositionPct', before: 10, after: 7.5 }]);
  });

  it('follows editors that save by renaming a new file over the old one, again and again', async () => {
    const s = await setup();
    for (const pct of ['6', '4']) {
      const applied = nextBusEvent(s.bus, 'trading.config.applied');
      saveByRename(s.file, withMaxPosition(pct));
      expect((await applied).config.risk.maxPositionPct).toBe(Number(pct));
    }
    expect(s.service.changes().map((c) => [c.before, c.after])).toEqual([
      [6, 4],
      [10, 6],
    ]);
  });

  it('keeps the last good configuration when an edit is bad, reports the line and key, and recovers', async () => {
    const s = await setup();
    const problems = nextHubItem(s.hub, 'trading.config.problems', (item) => item.problems.length > 0);
    fs.writeFileSync(s.file, withMaxPosition('ten'));
    const reported = await problems;
    const line = DEFAULT_TRADING_CONFIG_TEXT.split('\n').findIndex((l) => l.includes('maxPositionPct: 10')) + 1;
    expect(reported.problems.map((p: { text: string }) => p.text)).toEqual([`trading.yaml line ${line}, risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"`]);
    expect(s.service.config).toEqual(DEFAULT_TRADING_CONFIG);
    expect(s.service.state()).toMatchObject({ raw: withMaxPosition('ten'), problems: [{ line, key: 'risk.maxPositionPct' }] });
    expect(s.records.some((r) => r.level === 'error' && r.message.includes('risk.maxPositionPct') && r.message.includes('keeping the running configuration'))).toBe(true);
    expect(s.service.changes()).toEqual([]);

    const cleared = nextHubItem(s.hub, 'trading.config.problems', (item) => item.problems.length === 0);
    const applied = nextBusEvent(s.bus, 'trading.config.applied');
    fs.writeFileSync(s.file, withMaxPosition('9'));
    await cleared;
    expect((await applied).changes).toEqual([{ path: 'risk.maxPositionPct', before: 10, after: 9 }]);
    expect(s.service.state().problems).toEqual([]);
  });

  it('records nothing for an edit of comments alone', async () => {
    const s = await setup();
    fs.writeFileSync(s.file, `# my own note\n${DEFAULT_TRADING_CONFIG_TEXT}`);
    const applied = nextBusEvent(s.bus, 'trading.config.applied');
    fs.writeFileSync(s.file, `# my own note\n${withMaxPosition('3')}`);
    expect((await applied).changes).toEqual([{ path: 'risk.maxPositionPct', before: 10, after: 3 }]);
    expect(s.service.changes()).toHaveLength(1);
  });

  it('writes a change from the UI into the file with its comments, once recorded', async () => {
    const s = await setup();
    const state = await s.service.update({ risk: { maxDailyLossPct: 2 }, strategies: { momo: { confidenceThreshold: 0.6 } } }, 'ui', s.service.state().hash);
    const text = fs.readFileSync(s.file, 'utf8');
    expect(text).toBe(state.raw);
    for (const comment of DEFAULT_TRADING_CONFIG_TEXT.split('\n').filter((l) => l.trim().startsWith('#'))) expect(text).toContain(comment);
    expect(text).toContain('  maxDailyLossPct: 2\n');
    expect(state.config.strategies.momo?.confidenceThreshold).toBe(0.6);
    // The watcher sees the file the update wrote; a later edit by hand shows it was not recorded twice.
    const applied = nextBusEvent(s.bus, 'trading.config.applied', (e) => e.actor === 'file');
    fs.writeFileSync(s.file, text.replace('fatFingerPct: 5', 'fatFingerPct: 4'));
    await applied;
    expect(s.service.changes().map((c) => [c.actor, c.path])).toEqual([
      ['file', 'risk.fatFingerPct'],
      ['ui', 'strategies.momo.maxPositionQty'],
      ['ui', 'strategies.momo.maxPositionPct'],
      ['ui', 'strategies.momo.confidenceThreshold'],
      ['ui', 'strategies.momo.enabled'],
      ['ui', 'risk.maxDailyLossPct'],
    ]);
  });

  it('refuses an update that is invalid, or based on a file that changed since, and writes nothing', async () => {
    const s = await setup();
    const hash = s.service.state().hash;
    await expect(s.service.update({ risk: { maxPositionPct: -1 } }, 'ui')).rejects.toMatchObject({
      name: 'TradingConfigError',
      kind: 'invalid',
      problems: [{ key: 'risk.maxPositionPct', message: 'must be > 0, got -1', line: null }],
    });
    fs.writeFileSync(s.file, withMaxPosition('8'));
    await expect(s.service.update({ risk: { fatFingerPct: 3 } }, 'ui', hash)).rejects.toBeInstanceOf(TradingConfigError);
    await expect(s.service.update({ risk: { fatFingerPct: 3 } }, 'ui', hash)).rejects.toMatchObject({ kind: 'conflict' });
    expect(fs.readFileSync(s.file, 'utf8')).toBe(withMaxPosition('8'));
  });

  it('records an edit made while Sextant was closed at the next start', async () => {
    const s = await setup();
    await s.service.close();
    s.db.close();
    open.length = 0;
    fs.writeFileSync(s.file, withMaxPosition('5'));
    const again = await setup({ dir: s.dir });
    expect(again.service.config.risk.maxPositionPct).toBe(5);
    expect(again.service.changes().map((c) => [c.actor, c.path, c.before, c.after])).toEqual([['file', 'risk.maxPositionPct', 10, 5]]);
  });

  it('starts with the configuration last applied when the file is broken', async () => {
    const s = await setup();
    await s.service.update({ risk: { maxPositionPct: 4 } }, 'ui');
    await s.service.close();
    s.db.close();
    open.length = 0;
    fs.writeFileSync(s.file, 'risk: [oops\n');
    const again = await setup({ dir: s.dir });
    expect(again.service.config.risk.maxPositionPct).toBe(4);
    expect(again.service.state().problems[0]?.text).toMatch(/^trading\.yaml line \d+: .*YAML syntax/);
    expect(again.records.some((r) => r.message.includes('running with the configuration last applied'))).toBe(true);
  });

  it('keeps running when the file is deleted, and writes it again from the settings in force', async () => {
    const s = await setup();
    await s.service.update({ risk: { maxPositionPct: 6 } }, 'ui');
    const missing = nextHubItem(s.hub, 'trading.config.problems', (item) => item.problems.length > 0);
    fs.rmSync(s.file);
    expect((await missing).problems[0].message).toBe('the file is missing');
    expect(s.service.config.risk.maxPositionPct).toBe(6);
    const state = await s.service.update({ risk: { fatFingerPct: 4 } }, 'ui');
    expect(state.config.risk).toMatchObject({ maxPositionPct: 6, fatFingerPct: 4 });
    const text = fs.readFileSync(s.file, 'utf8');
    expect(text).toContain('# Pre-trade risk limits');
    expect(text).toContain('  maxPositionPct: 6\n');
    expect(state.problems).toEqual([]);
  });
});

describe('switching to live through the service', () => {
  function counter(): () => string {
    let n = 0;
    return () => `nonce-${String(++n).padStart(6, '0')}`;
  }

  it('is refused without live keys', async () => {
    const s = await setup({ nonce: counter() });
    await expect(s.service.requestLive('ui')).rejects.toMatchObject({ name: 'LiveModeError', refusal: 'no_live_keys' });
    expect(s.service.modeView.effective).toBe('paper');
  });

  it('cannot happen through the file alone: the file only requests it', async () => {
    const s = await setup({ nonce: counter() });
    s.keys.present = true;
    const mode = nextBusEvent(s.bus, 'trading.mode.changed', (v) => v.requested === 'live');
    fs.writeFileSync(s.file, DEFAULT_TRADING_CONFIG_TEXT.replace('mode: paper', 'mode: live'));
    expect(await mode).toEqual({ effective: 'paper', requested: 'live', since: null, confirmationExpiresAt: null });
    expect(s.records.some((r) => r.level === 'warn' && r.message.includes('asks for live trading'))).toBe(true);
  });

  it('cannot happen through a plain update either', async () => {
    const s = await setup({ nonce: counter() });
    s.keys.present = true;
    const state = await s.service.update({ execution: { mode: 'live' } }, 'ui');
    expect(state.mode).toMatchObject({ effective: 'paper', requested: 'live' });
    expect(s.settings.get('trading.mode')).toBe('paper');
  });

  it('is refused with a wrong or spent challenge, a wrong phrase, or an expired one', async () => {
    let now = 1_000_000;
    const s = await setup({ nonce: counter(), clock: () => now });
    s.keys.present = true;
    const first = await s.service.requestLive('ui');
    await expect(s.service.confirmLive('not-it', first.phrase, 'ui')).rejects.toMatchObject({ refusal: 'wrong_challenge' });
    await expect(s.service.confirmLive(first.id, first.phrase, 'ui')).rejects.toMatchObject({ refusal: 'no_challenge' });
    const second = await s.service.requestLive('ui');
    await expect(s.service.confirmLive(second.id, 'GO LIVE', 'ui')).rejects.toMatchObject({ refusal: 'wrong_phrase' });
    const third = await s.service.requestLive('ui');
    now = third.expiresAt + 1;
    await expect(s.service.confirmLive(third.id, third.phrase, 'ui')).rejects.toMatchObject({ refusal: 'challenge_expired' });
    const fourth = await s.service.requestLive('ui');
    s.keys.present = false;
    await expect(s.service.confirmLive(fourth.id, fourth.phrase, 'ui')).rejects.toMatchObject({ refusal: 'no_live_keys' });
    expect(s.service.modeView.effective).toBe('paper');
    expect(s.service.changes()).toEqual([]);
  });

  it('enters live with keys, the switch and the confirmation; the file then says live; editing it to paper leaves', async () => {
    let now = 5_000_000;
    const s = await setup({ nonce: counter(), clock: () => now });
    s.keys.present = true;
    const challenge = await s.service.requestLive('ui');
    expect(s.service.modeView.confirmationExpiresAt).toBe(challenge.expiresAt);
    now += 10_000;
    const view = await s.service.confirmLive(challenge.id, challenge.phrase.toLowerCase(), 'ui');
    expect(view).toEqual({ effective: 'live', requested: 'live', since: now, confirmationExpiresAt: null });
    expect(s.settings.get('trading.mode')).toBe('live');
    expect(fs.readFileSync(s.file, 'utf8')).toContain('  mode: live\n');
    expect(s.service.changes().map((c) => [c.actor, c.path, c.before, c.after])).toEqual([
      ['ui', 'mode.effective', 'paper', 'live'],
      ['ui', 'execution.mode', 'paper', 'live'],
    ]);
    await expect(s.service.requestLive('ui')).rejects.toMatchObject({ refusal: 'already_live' });

    // An unrelated edit of the file keeps live (the file says live now).
    const applied = nextBusEvent(s.bus, 'trading.config.applied');
    fs.writeFileSync(s.file, fs.readFileSync(s.file, 'utf8').replace('fatFingerPct: 5', 'fatFingerPct: 4'));
    await applied;
    expect(s.service.modeView.effective).toBe('live');

    const left = nextBusEvent(s.bus, 'trading.mode.changed', (v) => v.effective === 'paper');
    fs.writeFileSync(s.file, fs.readFileSync(s.file, 'utf8').replace('mode: live', 'mode: paper'));
    expect(await left).toMatchObject({ effective: 'paper', requested: 'paper' });
    expect(s.settings.get('trading.mode')).toBe('paper');
    expect(s.service.changes({ path: 'mode' }).map((c) => [c.actor, c.after])).toEqual([
      ['file', 'paper'],
      ['ui', 'live'],
    ]);
  });

  it('leaves live at once from the UI, writing paper into the file', async () => {
    const s = await setup({ nonce: counter() });
    s.keys.present = true;
    const challenge = await s.service.requestLive('ui');
    await s.service.confirmLive(challenge.id, challenge.phrase, 'ui');
    const view = await s.service.leaveLive('ui', 'done for today');
    expect(view).toMatchObject({ effective: 'paper', requested: 'paper' });
    expect(fs.readFileSync(s.file, 'utf8')).toContain('  mode: paper\n');
  });

  it('refuses to go live while the file has errors', async () => {
    const s = await setup({ nonce: counter() });
    s.keys.present = true;
    const challenge = await s.service.requestLive('ui');
    const problems = nextHubItem(s.hub, 'trading.config.problems', (item) => item.problems.length > 0);
    fs.writeFileSync(s.file, withMaxPosition('lots'));
    await problems;
    await expect(s.service.confirmLive(challenge.id, challenge.phrase, 'ui')).rejects.toMatchObject({ refusal: 'config_invalid' });
    expect(s.service.modeView.effective).toBe('paper');
  });
});

describe('trading configuration over IPC', () => {
  it('serves get, update, changes and the live switch within the contract', async () => {
    const s = await setup({ nonce: () => 'ipc-nonce-ABCDEF' });
    const router = new Router(createLogger({ write: () => {} }), { validateOutputs: true });
    router.register(tradingConfigHandlers(s.service));
    const ctx = { host: 'test' as const, connectionId: 't' };

    const got = await router.dispatch('trading.config.get', {}, ctx);
    expect(got).toMatchObject({ ok: true, value: { raw: DEFAULT_TRADING_CONFIG_TEXT, config: DEFAULT_TRADING_CONFIG, problems: [] } });

    const bad = await router.dispatch('trading.config.update', { patch: { risk: { maxPositionPct: 'ten' } } }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload', details: { problems: [{ key: 'risk.maxPositionPct' }] } } });
    expect(!bad.ok && bad.error.message).toContain('risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"');

    const good = await router.dispatch('trading.config.update', { patch: { risk: { maxPositionPct: 9 } } }, ctx);
    expect(good).toMatchObject({ ok: true, value: { config: { risk: { maxPositionPct: 9 } } } });
    const stale = await router.dispatch('trading.config.update', { patch: { risk: { maxPositionPct: 8 } }, baseHash: 'old' }, ctx);
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const changes = await router.dispatch('trading.config.changes', { path: 'risk' }, ctx);
    expect(changes).toMatchObject({ ok: true, value: [{ actor: 'ui', path: 'risk.maxPositionPct', before: 10, after: 9 }] });

    expect(await router.dispatch('trading.mode.requestLive', {}, ctx)).toMatchObject({ ok: false, error: { code: 'rejected', details: { refusal: 'no_live_keys' } } });
    s.keys.present = true;
    const challenge = await router.dispatch('trading.mode.requestLive', {}, ctx);
    expect(challenge).toMatchObject({ ok: true, value: { challengeId: 'ipc-nonce-ABCDEF', phrase: 'GO LIVE ABCDEF' } });
    expect(await router.dispatch('trading.mode.confirmLive', { challengeId: 'ipc-nonce-ABCDEF', phrase: 'GO LIVE ABCDEF' }, ctx)).toMatchObject({
      ok: true,
      value: { effective: 'live' },
    });
    expect(await router.dispatch('trading.mode.leaveLive', {}, ctx)).toMatchObject({ ok: true, value: { effective: 'paper' } });
    expect(router.unhandled().filter((name) => name.startsWith('trading.config.') || name.startsWith('trading.mode.'))).toEqual([]);
  });

  it('errors are TradingConfigError and LiveModeError, for hosts other than IPC (the CLI)', () => {
    expect(new TradingConfigError('invalid', 'x')).toBeInstanceOf(Error);
    expect(new LiveModeError('no_live_keys', 'x')).toBeInstanceOf(Error);
  });
});
