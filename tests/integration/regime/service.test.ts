import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { openDatabase, type Db } from '../../../src/main/storage/database';
import { REGIMES } from '../../../src/shared/domain/regime';
import type { RegimeCurrent, RegimeSeries } from '../../../src/shared/ipc/services/regime';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { resolveRegimeConfig } from '../../../src/shared/regime/config';
import { spyBars } from '../../support/regime';

const spy = spyBars();
const dirs: string[] = [];
const apps: Sextant[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-regime-'));
  dirs.push(dir);
  return dir;
}

/** Inserts SPY's bars [from, to) into a dataset (created when missing), as the dataset store would. */
function insertBars(db: Db, from: number, to: number, dataset = 1): void {
  db.prepare("INSERT OR IGNORE INTO datasets (id, symbol, timeframe, source, time_kind, tz, created_at) VALUES (?, 'SPY', '1Day', 'test', 'date', 'UTC', 0)").run(dataset);
  const insert = db.prepare('INSERT INTO bars (dataset_id, t, o, h, l, c, v) VALUES (?, ?, ?, ?, ?, ?, 0)');
  db.transaction(() => {
    for (let i = from; i < to; i++) insert.run(dataset, spy.t[i]!, spy.close[i]!, spy.close[i]!, spy.close[i]!, spy.close[i]!);
  })();
}

async function start(dir: string, lines: string[] = []): Promise<Sextant> {
  const app = await startSextant({ dataDir: dir, host: 'test', validateOutputs: true, log: createLogger({ level: 'debug', write: (line) => lines.push(line) }) });
  apps.push(app);
  return app;
}

async function request<T>(app: Sextant, name: string, input: unknown): Promise<T> {
  const result = await app.router.dispatch(name, input, { host: 'test', connectionId: 't' });
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** The in-process bank over SPY's first n bars, as the band the service should have stored. */
function expected(n: number, overrides?: unknown): { p: number[][]; label: number[]; transitions: number[] } {
  const bank = new RegimeBank({ config: resolveRegimeConfig(overrides), clock: { timeframe: '1Day', calendar: 'us-equity' } });
  const batch = bank.runBatch({ t: spy.t.subarray(0, n), close: spy.close.subarray(0, n) });
  return {
    p: REGIMES.map((_, k) => Array.from(batch.probabilities.subarray(k * n, (k + 1) * n))),
    label: Array.from(batch.label),
    transitions: Array.from(batch.t).filter((_, i) => batch.transitionFrom[i]! >= 0),
  };
}

function expectBand(series: RegimeSeries, n: number, overrides?: unknown): void {
  const want = expected(n, overrides);
  expect(series.t).toEqual(Array.from(spy.t.subarray(0, n)));
  expect(series.p).toEqual(want.p); // stored and read back bit for bit
  expect(series.label).toEqual(want.label);
  expect(series.transitions.map((x) => x.t)).toEqual(want.transitions);
  expect(series.observed.every(Boolean)).toBe(true);
}

describe('regime service', () => {
  it('catches up on stored bars at start, follows appended bars, and resumes after a restart without rerunning', async () => {
    const dir = dataDir();
    const seed = openDatabase(dir);
    insertBars(seed, 0, 3000);
    seed.close();

    const lines: string[] = [];
    let app = await start(dir, lines);
    expectBand(await request<RegimeSeries>(app, 'regime.series', { dataset: 1 }), 3000);

    const received: RegimeCurrent[] = [];
    const connection = app.context.hub.connect((message: EventsMessage) => received.push(...((message.batches['regime.updates'] ?? []) as RegimeCurrent[])));
    connection.subscribe('regime.updates');
    insertBars(app.context.db, 3000, 4000);
    app.context.bus.emit('dataset.changed', { dataset: 1, change: 'appended' });
    expectBand(await request<RegimeSeries>(app, 'regime.series', { dataset: 1 }), 4000);
    connection.flush();
    expect(received.at(-1)).toMatchObject({ dataset: 1, symbol: 'SPY', t: spy.t[3999], bars: 4000 });

    const [current] = await request<RegimeCurrent[]>(app, 'regime.current', { symbol: 'spy' });
    expect(current).toMatchObject({ dataset: 1, symbol: 'SPY', timeframe: '1Day', bars: 4000, stale: false });
    expect(current!.p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(current!.reception.rate).toBeCloseTo(4001 / 4002, 12);
    expect(current!.lastTransition?.t).toBe(expected(4000).transitions.at(-1));

    await app.close();
    apps.length = 0;
    const reopen = openDatabase(dir);
    insertBars(reopen, 4000, spy.t.length);
    reopen.close();
    app = await start(dir, lines);
    expectBand(await request<RegimeSeries>(app, 'regime.series', { dataset: 1 }), spy.t.length);
    expect(lines.filter((line) => line.includes('rerunning'))).toEqual([]);

    const range = await request<RegimeSeries>(app, 'regime.series', { dataset: 1, from: spy.t[100], to: spy.t[199] });
    expect(range.t.length).toBe(100);
    expect(range.transitions.every((x) => x.t >= spy.t[100]! && x.t <= spy.t[199]!)).toBe(true);
  });

  it('reruns from the first bar when settings change, old bars change or the stored state is damaged; forgets a removed dataset', async () => {
    const dir = dataDir();
    const lines: string[] = [];
    let app = await start(dir, lines);
    const series = (): Promise<RegimeSeries> => request<RegimeSeries>(app, 'regime.series', { dataset: 1 });
    const logged = (...parts: string[]): boolean => lines.some((line) => parts.every((part) => line.includes(part)));
    insertBars(app.context.db, 0, 1500);
    app.context.bus.emit('dataset.changed', { dataset: 1, change: 'added' });
    expectBand(await series(), 1500);

    const overrides = { measurement: { priceNoise: 1e-3 } };
    app.context.settings.set('regime.instruments', { SPY: overrides });
    app.context.bus.emit('dataset.changed', { dataset: 1, change: 'appended' });
    expectBand(await series(), 1500, overrides);
    expect(logged('the regime settings changed; rerunning')).toBe(true);

    app.context.db.prepare('DELETE FROM bars WHERE dataset_id = 1 AND t = ?').run(spy.t[20]);
    app.context.bus.emit('dataset.changed', { dataset: 1, change: 'appended' });
    expect((await series()).t.length).toBe(1499);
    expect(logged('bars before its last state changed')).toBe(true);

    app.context.db.prepare("UPDATE regime_states SET state = x'00010203' WHERE dataset_id = 1").run();
    await app.close();
    apps.length = 0;
    app = await start(dir, lines);
    expect((await series()).t.length).toBe(1499);
    expect(logged('the stored state does not load', 'not a regime snapshot')).toBe(true);

    app.context.settings.set('regime.config', { models: { bull: { volatility: -1 } } });
    app.context.bus.emit('dataset.changed', { dataset: 1, change: 'appended' });
    await series();
    expect(logged('the regime settings are invalid', 'models.bull.volatility')).toBe(true);

    app.context.db.prepare('DELETE FROM datasets WHERE id = 1').run();
    app.context.bus.emit('dataset.changed', { dataset: 1, change: 'removed' });
    const missing = await app.router.dispatch('regime.series', { dataset: 1 }, { host: 'test', connectionId: 't' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request<RegimeCurrent[]>(app, 'regime.current', {})).toEqual([]);
  });
});
