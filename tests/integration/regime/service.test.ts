import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { BUNDLED_SEED_SETTING, BUNDLED_SEED_VERSION } from '../../../src/main/market/bundled-data';
import { DatasetStore } from '../../../src/main/market/dataset-store';
import { openDatabase, type Db } from '../../../src/main/storage/database';
import { SettingsStore } from '../../../src/main/storage/settings';
import { REGIMES } from '../../../src/shared/domain/regime';
import type { RegimeCurrent, RegimeSeries } from '../../../src/shared/ipc/services/regime';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { resolveRegimeConfig } from '../../../src/shared/regime/config';
import { spyBars } from '../../helpers/regime';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const spy = spyBars();
const dirs: string[] = [];
const apps: Sextant[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data folder; without `seed` it is marked as already seeded, so only the test's datasets exist. */
function dataDir(seed = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-regime-'));
  dirs.push(dir);
  if (!seed) {
    const db = openDatabase(dir);
    new SettingsStore(db).set(BUNDLED_SEED_SETTING, { version: BUNDLED_SEED_VERSION, seededAt: 0, datasets: [] });
    db.close();
  }
  return dir;
}

/** Creates the SPY dataset with bars [0, n) through the dataset store; returns its id. */
function createSpy(db: Db, n: number): number {
  const store = new DatasetStore(db);
  const bars = loadSpyDaily();
  const slice = { t: bars.t.subarray(0, n), o: bars.o.subarray(0, n), h: bars.h.subarray(0, n), l: bars.l.subarray(0, n), c: bars.c.subarray(0, n), v: bars.v.subarray(0, n) };
  return store.transaction(() => store.create({ symbol: 'SPY', timeframe: '1Day', source: 'test', timeKind: 'date', tz: 'UTC' }, slice).id);
}

/** Appends SPY's bars [from, to) to a dataset, as a live feed would. */
function appendBars(db: Db, dataset: number, from: number, to: number): void {
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
    const id = createSpy(seed, 3000);
    seed.close();

    const lines: string[] = [];
    let app = await start(dir, lines);
    expectBand(await request<RegimeSeries>(app, 'regime.series', { dataset: id }), 3000);

    const received: RegimeCurrent[] = [];
    const connection = app.context.hub.connect((message: EventsMessage) => received.push(...((message.batches['regime.updates'] ?? []) as RegimeCurrent[])));
    connection.subscribe('regime.updates');
    appendBars(app.context.db, id, 3000, 4000);
    app.context.bus.emit('dataset.changed', { dataset: id, change: 'appended' });
    expectBand(await request<RegimeSeries>(app, 'regime.series', { dataset: id }), 4000);
    connection.flush();
    expect(received.at(-1)).toMatchObject({ dataset: id, symbol: 'SPY', t: spy.t[3999], bars: 4000 });

    const [current] = await request<RegimeCurrent[]>(app, 'regime.current', { symbol: 'spy' });
    expect(current).toMatchObject({ dataset: id, symbol: 'SPY', timeframe: '1Day', bars: 4000, stale: false });
    expect(current!.p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(current!.reception.rate).toBeCloseTo(4001 / 4002, 12);
    expect(current!.lastTransition?.t).toBe(expected(4000).transitions.at(-1));

    await app.close();
    apps.length = 0;
    const reopen = openDatabase(dir);
    appendBars(reopen, id, 4000, spy.t.length);
    reopen.close();
    app = await start(dir, lines);
    expectBand(await request<RegimeSeries>(app, 'regime.series', { dataset: id }), spy.t.length);
    expect(lines.filter((line) => line.includes('rerunning'))).toEqual([]);

    const range = await request<RegimeSeries>(app, 'regime.series', { dataset: id, from: spy.t[100], to: spy.t[199] });
    expect(range.t.length).toBe(100);
    expect(range.transitions.every((x) => x.t >= spy.t[100]! && x.t <= spy.t[199]!)).toBe(true);
  });

  it('reruns from the first bar when settings change, old bars change or the stored state is damaged; forgets a removed dataset', async () => {
    const dir = dataDir();
    const lines: string[] = [];
    let app = await start(dir, lines);
    const series = (): Promise<RegimeSeries> => request<RegimeSeries>(app, 'regime.series', { dataset: id });
    const logged = (...parts: string[]): boolean => lines.some((line) => parts.every((part) => line.includes(part)));
    const id = createSpy(app.context.db, 1500);
    app.context.bus.emit('dataset.changed', { dataset: id, change: 'added' });
    expectBand(await series(), 1500);

    const overrides = { measurement: { priceNoise: 1e-3 } };
    app.context.settings.set('regime.instruments', { SPY: overrides });
    app.context.bus.emit('dataset.changed', { dataset: id, change: 'appended' });
    expectBand(await series(), 1500, overrides);
    expect(logged('the regime settings changed; rerunning')).toBe(true);

    app.context.db.prepare('DELETE FROM bars WHERE dataset_id = ? AND t = ?').run(id, spy.t[20]);
    app.context.bus.emit('dataset.changed', { dataset: id, change: 'appended' });
    expect((await series()).t.length).toBe(1499);
    expect(logged('bars before its last state changed')).toBe(true);

    app.context.db.prepare("UPDATE regime_states SET state = x'00010203' WHERE dataset_id = ?").run(id);
    await app.close();
    apps.length = 0;
    app = await start(dir, lines);
    expect((await series()).t.length).toBe(1499);
    expect(logged('the stored state does not load', 'not a regime snapshot')).toBe(true);

    app.context.settings.set('regime.config', { models: { bull: { volatility: -1 } } });
    app.context.bus.emit('dataset.changed', { dataset: id, change: 'appended' });
    await series();
    expect(logged('the regime settings are invalid', 'models.bull.volatility')).toBe(true);

    new DatasetStore(app.context.db).remove(id);
    app.context.bus.emit('dataset.changed', { dataset: id, change: 'removed' });
    const missing = await app.router.dispatch('regime.series', { dataset: id }, { host: 'test', connectionId: 't' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await request<RegimeCurrent[]>(app, 'regime.current', {})).toEqual([]);
  });

  it('a fresh data folder opens with the bundled datasets already read by the bank', async () => {
    const app = await start(dataDir(true));
    const datasets = await request<Array<{ dataset: number; symbol: string; rows: number }>>(app, 'datasets.list', {});
    expect(datasets.length).toBe(24);
    for (const d of datasets) expect((await request<RegimeSeries>(app, 'regime.series', { dataset: d.dataset })).t.length).toBe(d.rows);
    const current = await request<RegimeCurrent[]>(app, 'regime.current', {});
    expect(current.map((c) => c.dataset).sort((a, b) => a - b)).toEqual(datasets.map((d) => d.dataset).sort((a, b) => a - b));
    expect(current.find((c) => c.symbol === 'SPY' && c.bars === 5241)).toBeDefined();
  });
});
