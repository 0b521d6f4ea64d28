import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/errors';
import { DatasetStore } from '../../../src/main/market/dataset-store';
import { importCsv, importWideCsv } from '../../../src/main/market/import-service';
import { openDatabase, type Db } from '../../../src/main/storage/database';

/**
 * Imports every real file of the shared data folder (local checks only: those files may not be
 * copied into the project) and pins what happens to each: the bars stored, or the line refused.
 */
const ROOT = path.resolve(__dirname, '../../..');
const DATA = [path.resolve(ROOT, '../shared/data'), path.resolve(ROOT, '../../shared/data'), '/work/shared/data'].find((dir) => fs.existsSync(path.join(dir, 'raw')));

type Expected =
  | { rows: number; timeframe: string; tz?: string; wide?: boolean }
  | { refusedAt: number; column: string; reason: RegExp; withSkip: number };

const EXPECTED: Record<string, Expected> = {
  'raw/arbitragelab/stock_prices.csv': { rows: 2141, timeframe: '1Day', wide: true },
  'raw/backtesting.py/GOOG.csv': { rows: 2148, timeframe: '1Day' },
  'raw/backtrader/2006-01-02-volume-min-001.txt': { rows: 30889, timeframe: '1Min', tz: 'Europe/Berlin' },
  'raw/backtrader/nvda-1999-2014.txt': { rows: 4012, timeframe: '1Day' },
  'raw/backtrader/orcl-1995-2014.txt': { rows: 5036, timeframe: '1Day' },
  'raw/backtrader/yhoo-1996-2015.txt': { rows: 4965, timeframe: '1Day' },
  'raw/frankyj578/CVX.csv': { refusedAt: 145, column: 'Open', reason: /open is missing \("-"\)/, withSkip: 3974 },
  'raw/frankyj578/KO.csv': { refusedAt: 145, column: 'Open', reason: /open is missing \("-"\)/, withSkip: 3974 },
  'raw/frankyj578/PEP.csv': { refusedAt: 141, column: 'Open', reason: /open is missing \("-"\)/, withSkip: 3989 },
  'raw/frankyj578/XOM.csv': { refusedAt: 145, column: 'Open', reason: /open is missing \("-"\)/, withSkip: 3957 },
  'raw/pandas-ta/SPY_D.csv': { rows: 5241, timeframe: '1Day' },
  'daily/AAPL_lean_1d.csv': { rows: 5849, timeframe: '1Day' },
  'daily/BNO_lean_1d.csv': { rows: 3827, timeframe: '1Day' },
  'daily/CVX_frankyj578_1d.csv': { refusedAt: 253, column: 'high', reason: /high 32.48 is below open 32.7/, withSkip: 3974 },
  'daily/GOOGL_lean_1d.csv': { rows: 1761, timeframe: '1Day' },
  'daily/GOOG_backtesting.py_1d.csv': { rows: 2148, timeframe: '1Day' },
  'daily/GOOG_lean_1d.csv': { rows: 4183, timeframe: '1Day' },
  'daily/IWM_lean_1d.csv': { rows: 5244, timeframe: '1Day' },
  'daily/KO_frankyj578_1d.csv': { refusedAt: 207, column: 'high', reason: /high 20.55 is below open 21/, withSkip: 3974 },
  'daily/NVDA_backtrader_1d.csv': { rows: 4012, timeframe: '1Day' },
  'daily/ORCL_backtrader_1d.csv': { rows: 5036, timeframe: '1Day' },
  'daily/PEP_frankyj578_1d.csv': { refusedAt: 244, column: 'low', reason: /low 38.75 is above open 38.65/, withSkip: 3989 },
  'daily/QQQ_lean_1d.csv': { rows: 3964, timeframe: '1Day' },
  'daily/SPY_lean_1d.csv': { rows: 5849, timeframe: '1Day' },
  'daily/SPY_pandas-ta_1d.csv': { rows: 5241, timeframe: '1Day' },
  'daily/USO_lean_1d.csv': { rows: 3910, timeframe: '1Day' },
  'daily/XOM_frankyj578_1d.csv': { refusedAt: 192, column: 'high', reason: /high 36.06 is below open 36.27/, withSkip: 3957 },
  'daily/YHOO_backtrader_1d.csv': { rows: 4965, timeframe: '1Day' },
  'intraday/AAPL_lean_1m.csv': { rows: 2303, timeframe: '1Min' },
  'intraday/AIG_lean_1m.csv': { rows: 2558, timeframe: '1Min' },
  'intraday/BAC_lean_1m.csv': { rows: 3466, timeframe: '1Min' },
  'intraday/EUROSTOXX50-FUT_backtrader_1m.csv': { rows: 30889, timeframe: '1Min', tz: 'Europe/Berlin' },
  'intraday/IBM_lean_1m.csv': { rows: 2566, timeframe: '1Min' },
  'intraday/SPY_lean_1h.csv': { rows: 40832, timeframe: '1Hour' },
  'intraday/SPY_lean_1m.csv': { rows: 4839, timeframe: '1Min' },
  'multi/ETF23_arbitragelab_1d_close.csv': { rows: 2141, timeframe: '1Day', wide: true },
};

describe.skipIf(!DATA)('real market data files (../shared/data)', () => {
  let dir: string;
  let db: Db;
  let store: DatasetStore;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-realdata-'));
    db = openDatabase(dir);
    store = new DatasetStore(db);
  });

  afterAll(() => {
    db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has an expectation for every file in raw/, daily/, intraday/ and multi/', () => {
    const found = ['raw', 'daily', 'intraday', 'multi'].flatMap((top) =>
      fs.readdirSync(path.join(DATA!, top), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(DATA!, path.join(entry.parentPath, entry.name))),
    );
    expect(found.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, () => {
      const text = fs.readFileSync(path.join(DATA!, file), 'utf8');
      const fileName = path.basename(file);
      const symbol = fileName.split(/[_.-]/)[0]!.toUpperCase();
      if ('refusedAt' in expected) {
        const before = store.list().length;
        let caught: unknown;
        try {
          importCsv(store, { fileName, text, symbol });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(InputError);
        expect((caught as InputError).location).toEqual({ file: fileName, line: expected.refusedAt, column: expected.column });
        expect((caught as InputError).message).toMatch(expected.reason);
        expect(store.list().length).toBe(before);
        const skipped = importCsv(store, { fileName, text, symbol, skipBadRows: true }).outcome;
        expect(skipped.dataset.rows).toBe(expected.withSkip);
        expect(skipped.warnings.some((w) => w.line === expected.refusedAt && /left out/.test(w.message))).toBe(true);
        return;
      }
      if (expected.wide) {
        const outcomes = importWideCsv(store, { fileName, text }).outcome;
        expect(outcomes).toHaveLength(23);
        for (const outcome of outcomes) expect([outcome.dataset.rows, outcome.dataset.timeframe]).toEqual([expected.rows, expected.timeframe]);
        return;
      }
      const { outcome } = importCsv(store, { fileName, text, symbol, timeZone: expected.tz });
      expect([outcome.dataset.rows, outcome.dataset.timeframe]).toEqual([expected.rows, expected.timeframe]);
      const bars = store.bars(outcome.dataset.id);
      expect(bars.t.length).toBe(expected.rows);
      for (let i = 1; i < bars.t.length; i++) if (!(bars.t[i]! > bars.t[i - 1]!)) expect.fail(`times not ascending at ${i}`);
    });
  }

  it('reads Lean\'s naive New York hours as the right instants, and the known splits', () => {
    const text = fs.readFileSync(path.join(DATA!, 'intraday/SPY_lean_1h.csv'), 'utf8');
    const { outcome } = importCsv(store, { fileName: 'SPY_lean_1h.csv', text, symbol: 'SPYH' });
    expect(outcome.dataset.first).toBe('1998-01-02T09:00:00-05:00');
    expect(outcome.dataset.last).toBe('2021-03-31T15:00:00-04:00');
    expect(outcome.dataset.lastT).toBe(Date.UTC(2021, 2, 31, 19));
    const aapl = importCsv(store, { fileName: 'AAPL_lean_1d.csv', text: fs.readFileSync(path.join(DATA!, 'daily/AAPL_lean_1d.csv'), 'utf8'), symbol: 'AAPLX' }).outcome;
    const splits = aapl.warnings.filter((w) => w.kind === 'jump').map((w) => w.message);
    expect(splits.some((m) => /on 2014-06-09 .*looks like a 7:1 split/.test(m))).toBe(true);
    expect(splits.some((m) => /on 2020-08-31 .*looks like a 4:1 split/.test(m))).toBe(true);
    const kept = importCsv(store, { fileName: 'KO.csv', text: fs.readFileSync(path.join(DATA!, 'raw/frankyj578/KO.csv'), 'utf8'), symbol: 'KOX', skipBadRows: true }).outcome;
    expect(kept.warnings.find((w) => w.kind === 'zero_volume')!.message).toMatch(/^3\d bars have zero volume/);
  });
});
