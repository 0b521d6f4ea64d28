import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { BUNDLED_SEED_SETTING, seedBundledData } from '../../../src/main/market/bundled-data';

const FIXTURES = path.resolve(__dirname, '../../fixtures/csv');
const call = { host: 'test' as const, connectionId: 't1' };

let dir: string;
let app: Sextant;
const quiet = () => createLogger({ level: 'error', write: () => {} });

async function start(): Promise<Sextant> {
  return startSextant({ dataDir: dir, host: 'test', log: quiet(), validateOutputs: true });
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-datasets-'));
  app = await start();
});

afterEach(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function invoke(name: string, input: unknown): Promise<any> {
  const result = await app.router.dispatch(name, input, call);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code, details: result.error.details });
  return result.value;
}

describe('first start', () => {
  it('opens on the bundled data: SPY daily OHLCV and the 23 ETFs\' closes', async () => {
    const list = await invoke('datasets.list', {});
    expect(list).toHaveLength(24);
    expect(list.filter((d: any) => d.source === 'bundled')).toHaveLength(24);
    const symbols = [...new Set(list.map((d: any) => d.symbol))].sort();
    expect(symbols).toEqual(['BND', 'CSJ', 'DIA', 'EEM', 'EFA', 'EPP', 'EWG', 'EWJ', 'EWQ', 'EWU', 'FXI', 'IEF', 'LQD', 'SPY', 'TIP', 'TLT', 'VGK', 'VPL', 'XLB', 'XLE', 'XLF', 'XLK', 'XLU']);
    const spy = list.filter((d: any) => d.symbol === 'SPY');
    expect(spy.map((d: any) => [d.rows, d.first, d.last])).toEqual([[2141, '2008-01-02', '2016-07-01'], [5241, '1999-11-01', '2020-08-28']]);
    const latestSpy = spy.reduce((a: any, b: any) => (a.dataset > b.dataset ? a : b));
    const bars = await invoke('datasets.bars', { dataset: latestSpy.dataset, from: Date.UTC(2020, 7, 27) });
    expect(bars).toMatchObject({ symbol: 'SPY', timeframe: '1Day', timeKind: 'date', t: [Date.UTC(2020, 7, 27), Date.UTC(2020, 7, 28)], o: [348.51, 349.44], h: [349.9, 350.72], l: [346.53, 348.15], c: [348.33, 350.58], v: [58034142, 48588940] });
    expect(app.context.settings.get<{ datasets: number[] }>(BUNDLED_SEED_SETTING)!.datasets).toHaveLength(24);
  });

  it('seeds once per data folder: a restart, or a user removing a dataset, brings nothing back', async () => {
    const list = await invoke('datasets.list', {});
    await invoke('datasets.remove', { dataset: list[0].dataset });
    await app.close();
    app = await start();
    expect(await invoke('datasets.list', {})).toHaveLength(23);
  });

  it('leaves nothing behind and records nothing when the bundled files are missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-noresources-'));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-fresh-'));
    const { openDatabase } = await import('../../../src/main/storage/database');
    const { SettingsStore } = await import('../../../src/main/storage/settings');
    const { EventHub } = await import('../../../src/main/ipc/event-hub');
    const { Bus } = await import('../../../src/main/bus');
    const db = openDatabase(other);
    try {
      const ctx = { db, settings: new SettingsStore(db), log: quiet(), hub: new EventHub(), bus: new Bus() };
      expect(() => seedBundledData(ctx, empty)).toThrow(/ENOENT/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM datasets').get()).toEqual({ n: 0 });
      expect(ctx.settings.get(BUNDLED_SEED_SETTING)).toBeNull();
    } finally {
      db.close();
      fs.rmSync(empty, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('datasets.* requests', () => {
  it('imports text, announces it to windows and services, and serves the bars', async () => {
    const batches: EventsMessage[] = [];
    const connection = app.context.hub.connect((message) => batches.push(message));
    connection.subscribe('datasets.changed');
    const seen: unknown[] = [];
    app.context.bus.on('dataset.changed', (event) => seen.push(event));

    const text = fs.readFileSync(path.join(FIXTURES, 'intraday-naive-ny.csv'), 'utf8');
    const report = await invoke('datasets.importText', { fileName: 'intraday-naive-ny.csv', text, symbol: 'spy' });
    expect(report).toMatchObject({ symbol: 'SPY', timeframe: '1Hour', rows: 4, first: '2021-03-12T15:00:00-05:00', last: '2021-03-15T11:00:00-04:00', replaced: [] });
    connection.flush();
    expect(batches.at(-1)!.batches['datasets.changed']).toEqual([{ dataset: report.dataset, change: 'added' }]);
    expect(seen).toEqual([{ dataset: report.dataset, change: 'added' }]);

    const bars = await invoke('datasets.bars', { dataset: report.dataset, from: Date.UTC(2021, 2, 15) });
    expect(bars).toMatchObject({ timeKind: 'datetime', tz: 'America/New_York', t: [Date.UTC(2021, 2, 15, 13), Date.UTC(2021, 2, 15, 14), Date.UTC(2021, 2, 15, 15)], c: [101.5, 102, 102.5] });

    expect(await invoke('datasets.remove', { dataset: report.dataset })).toEqual({ removed: true });
    expect(await invoke('datasets.remove', { dataset: report.dataset })).toEqual({ removed: false });
    connection.flush();
    expect(batches.at(-1)!.batches['datasets.changed']).toEqual([{ dataset: report.dataset, change: 'removed' }]);
  });

  it('passes the import options through: bar size, zone, mapping, replace, skip bad rows', async () => {
    const text = 'Day;Price\n2020-01-02;10\n2020-01-03;-5\n2020-01-06;11\n';
    const options = { fileName: 'p.csv', text, symbol: 'ABC', timeframe: '1Day', tz: 'Europe/London', map: { time: 'Day', close: 'Price' }, skipBadRows: true };
    const first = await invoke('datasets.importText', options);
    expect(first).toMatchObject({ rows: 2, first: '2020-01-02', last: '2020-01-06' });
    expect(first.warnings.map((w: any) => w.message)).toContain('line 3 left out: column "Price": close -5 is not positive: prices must be above zero');
    const second = await invoke('datasets.importText', { ...options, replace: true });
    expect(second.replaced).toEqual([first.dataset]);
  });

  it('answers a bad file with invalid_payload naming file, line and column, and changes nothing', async () => {
    const before = await invoke('datasets.list', {});
    const result = await app.router.dispatch('datasets.importText', { fileName: 'bad.csv', text: 'Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1\n2020-01-03,1,2,3,1\n', symbol: 'X' }, call);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_payload');
    expect(result.error.message).toMatch(/^bad\.csv, line 3, column "High": high 2 is below low 3/);
    expect(result.error.details).toMatchObject({ file: 'bad.csv', line: 3, column: 'High' });
    expect(await invoke('datasets.list', {})).toEqual(before);
  });

  it('validates payloads and unknown datasets', async () => {
    const badSymbol = await app.router.dispatch('datasets.importText', { fileName: 'a.csv', text: 'x', symbol: 'S P Y' }, call);
    expect(badSymbol.ok === false && badSymbol.error.code).toBe('invalid_payload');
    const badTimeframe = await app.router.dispatch('datasets.importText', { fileName: 'a.csv', text: 'x', symbol: 'SPY', timeframe: 'daily' }, call);
    expect(badTimeframe.ok === false && badTimeframe.error.code).toBe('invalid_payload');
    const missing = await app.router.dispatch('datasets.bars', { dataset: 99_999 }, call);
    expect(missing.ok === false && missing.error.code).toBe('not_found');
  });
});
