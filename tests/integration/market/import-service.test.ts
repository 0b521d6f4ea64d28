import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/errors';
import { parseBarsCsv } from '../../../src/shared/market/csv/index';
import { DatasetStore } from '../../../src/main/market/dataset-store';
import { importCsv, importWideCsv } from '../../../src/main/market/import-service';
import { openDatabase, type Db } from '../../../src/main/storage/database';

const FIXTURES = path.resolve(__dirname, '../../fixtures/csv');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

let dir: string;
let db: Db;
let store: DatasetStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-import-'));
  db = openDatabase(dir);
  store = new DatasetStore(db);
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything an import could touch, to prove a failed import left the database exactly as it was. */
function snapshot(): unknown {
  return {
    datasets: db.prepare('SELECT * FROM datasets ORDER BY id').all(),
    bars: db.prepare('SELECT dataset_id, COUNT(*) AS n, SUM(t) AS st, SUM(c) AS sc FROM bars GROUP BY dataset_id ORDER BY dataset_id').all(),
    settings: db.prepare('SELECT key, value FROM settings ORDER BY key').all(),
  };
}

describe('importCsv into SQLite', () => {
  it('stores the dataset row and every bar exactly as parsed', () => {
    const { outcome, timings } = importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'spy' });
    const row = db.prepare('SELECT * FROM datasets WHERE id = ?').get(outcome.dataset.id) as Record<string, unknown>;
    expect(row).toMatchObject({ symbol: 'SPY', timeframe: '1Day', source: 'csv', time_kind: 'date', tz: 'America/New_York', rows: 6, first_t: Date.UTC(2020, 0, 14), last_t: Date.UTC(2020, 0, 22) });
    expect(JSON.parse(row.meta as string)).toMatchObject({ file: 'yahoo-daily.csv', format: { delimiter: ',', hasHeader: true, timeFormat: 'iso' } });
    expect(outcome.dataset).toMatchObject({ first: '2020-01-14', last: '2020-01-22', rows: 6 });
    expect(timings.rows).toBe(6);

    const parsed = parseBarsCsv(fixture('yahoo-daily.csv'), 'yahoo-daily.csv');
    const stored = store.bars(outcome.dataset.id);
    for (const key of ['t', 'o', 'h', 'l', 'c', 'v'] as const) expect(Array.from(stored[key])).toEqual(Array.from(parsed.bars[key]));
    expect((db.prepare('SELECT typeof(t) AS type FROM bars LIMIT 1').get() as { type: string }).type).toBe('integer');
  });

  it('answers range queries, latest dataset and listing', () => {
    const first = importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY' }).outcome.dataset;
    const range = store.bars(first.id, { from: Date.UTC(2020, 0, 16), to: Date.UTC(2020, 0, 21) });
    expect(Array.from(range.c)).toEqual([102.5, 103, 103.5]);
    expect(store.bars(first.id, { from: Date.UTC(2021, 0, 1) }).t.length).toBe(0);
    const hourly = importCsv(store, { fileName: 'intraday-naive-ny.csv', text: fixture('intraday-naive-ny.csv'), symbol: 'SPY' }).outcome.dataset;
    expect(hourly).toMatchObject({ timeframe: '1Hour', timeKind: 'datetime', first: '2021-03-12T15:00:00-05:00', last: '2021-03-15T11:00:00-04:00' });
    const second = importCsv(store, { fileName: 'alpaca-daily.csv', text: fixture('alpaca-daily.csv'), symbol: 'SPY' });
    expect(store.latest('SPY', '1Day')!.id).toBe(second.outcome.dataset.id);
    expect(store.latest('SPY', '1Hour')!.id).toBe(hourly.id);
    expect(store.latest('QQQ', '1Day')).toBeNull();
    expect(store.list().map((d) => [d.symbol, d.timeframe, d.id])).toEqual([['SPY', '1Day', first.id], ['SPY', '1Day', second.outcome.dataset.id], ['SPY', '1Hour', hourly.id]]);
    expect(second.outcome.warnings.at(-1)!.message).toMatch(/SPY 1Day already had dataset 1; this import is a new dataset \(3\), now the one charts open\. To replace instead, import with --replace/);
  });

  it('re-import: creates a new dataset by default, replaces the same symbol/bar size/source with replace', () => {
    const a = importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY' }).outcome.dataset.id;
    const b = importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY' }).outcome.dataset.id;
    const bundled = importCsv(store, { fileName: 'alpaca-daily.csv', text: fixture('alpaca-daily.csv'), symbol: 'SPY', source: 'bundled' }).outcome.dataset.id;
    const hourly = importCsv(store, { fileName: 'intraday-naive-ny.csv', text: fixture('intraday-naive-ny.csv'), symbol: 'SPY' }).outcome.dataset.id;
    const c = importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY', replace: true }).outcome;
    expect(c.replaced).toEqual([a, b]);
    expect(store.list().map((d) => d.id).sort((x, y) => x - y)).toEqual([bundled, hourly, c.dataset.id]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM bars WHERE dataset_id IN (?, ?)').get(a, b) as { n: number }).n).toBe(0);
  });

  it('removes a dataset with its bars', () => {
    const id = importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY' }).outcome.dataset.id;
    expect(store.remove(id)).toBe(true);
    expect(store.remove(id)).toBe(false);
    expect(store.get(id)).toBeNull();
    expect((db.prepare('SELECT COUNT(*) AS n FROM bars').get() as { n: number }).n).toBe(0);
  });

  it('imports a wide file as one dataset per symbol', () => {
    const { outcome } = importWideCsv(store, { fileName: 'wide-closes.csv', text: fixture('wide-closes.csv') });
    expect(outcome.map((o) => [o.dataset.symbol, o.dataset.rows])).toEqual([['AAA', 5], ['BBB', 4], ['CCC', 4]]);
    expect(Array.from(store.bars(outcome[1]!.dataset.id).c)).toEqual([20.25, 20.5, 20.75, 21]);
  });

  const failures: Array<[string, string, RegExp]> = [
    ['negative price', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,10,11,-9,10.5,1\n', /bad\.csv, line 3, column "Low": low -9 is not positive/],
    ['NaN price', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,10,NaN,9,10.5,1\n', /line 3, column "High": high is missing/],
    ['high below low', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,10,8,9,10.5,1\n', /line 3, column "High": high 8 is below low 9/],
    ['duplicate time', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-02,10,11,9,10.5,1\n', /line 3, column "Date": 2020-01-02 appears twice/],
    ['unparseable date', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-32,10,11,9,10.5,1\n', /line 3, column "Date": cannot read "2020-01-32"/],
    ['wrong column count', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,10,11,9\n', /line 3, column "Close": the row has 4 fields but the header has 6/],
    ['partly missing prices', 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,-,11,-,10.5,1\n', /line 3, column "Open": open is missing/],
    ['empty file', '', /bad\.csv, line 1: the file is empty/],
    ['header only', 'Date,Open,High,Low,Close,Volume\n', /bad\.csv, line 1: the file has a header but no data rows/],
  ];

  for (const [name, text, message] of failures) {
    it(`refuses the file and leaves the database unchanged: ${name}`, () => {
      importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY' });
      const before = snapshot();
      expect(() => importCsv(store, { fileName: 'bad.csv', text, symbol: 'SPY', replace: true })).toThrow(message);
      expect(snapshot()).toEqual(before);
    });
  }

  it('rolls back everything when the database fails part-way through an import', () => {
    importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY' });
    const before = snapshot();
    db.exec(`CREATE TEMP TRIGGER refuse_bar BEFORE INSERT ON bars WHEN NEW.t = ${Date.UTC(2020, 0, 21)} BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    expect(() => importCsv(store, { fileName: 'yahoo-daily.csv', text: fixture('yahoo-daily.csv'), symbol: 'SPY', replace: true })).toThrow(/disk full/);
    expect(snapshot()).toEqual(before);
    // A wide import fails on its third symbol: the first two are rolled back too.
    db.exec(`DROP TRIGGER refuse_bar; CREATE TEMP TRIGGER refuse_ccc BEFORE INSERT ON datasets WHEN NEW.symbol = 'CCC' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    expect(() => importWideCsv(store, { fileName: 'wide-closes.csv', text: fixture('wide-closes.csv') })).toThrow(/refused/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a bad symbol before touching anything', () => {
    const before = snapshot();
    expect(() => importCsv(store, { fileName: 'y.csv', text: fixture('yahoo-daily.csv'), symbol: 'S P Y' })).toThrow(InputError);
    expect(snapshot()).toEqual(before);
  });
});
