import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/main/cli/index';
import { createLogger } from '../../../src/main/log';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/csv');
const fixture = (name: string): string => path.join(FIXTURES, name);

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-cli-'));
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process, capturing stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await runCli([...args, '--data-dir', dir], { stdout: (text) => (stdout += text), log: createLogger({ level: 'error', write: () => {} }) });
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

const json = async (...args: string[]): Promise<any> => {
  const result = await cli(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('sextant import / datasets / bars', () => {
  it('imports a file and reports the dataset', async () => {
    const report = await json('import', fixture('yahoo-daily.csv'), '--symbol', 'spy');
    expect(report).toEqual({ dataset: 1, symbol: 'SPY', timeframe: '1Day', rows: 6, first: '2020-01-14', last: '2020-01-22', warnings: [], replaced: [] });
  });

  it('lists datasets and prints bars as the input gave the times', async () => {
    await json('import', fixture('yahoo-daily.csv'), '--symbol', 'SPY');
    await json('import', fixture('intraday-naive-ny.csv'), '--symbol', 'SPY', '--timeframe', '1Hour');
    expect(await json('datasets')).toEqual([
      { dataset: 1, symbol: 'SPY', timeframe: '1Day', source: 'csv', rows: 6, first: '2020-01-14', last: '2020-01-22' },
      { dataset: 2, symbol: 'SPY', timeframe: '1Hour', source: 'csv', rows: 4, first: '2021-03-12T15:00:00-05:00', last: '2021-03-15T11:00:00-04:00' },
    ]);
    expect(await json('bars', 'SPY', '--from', '2020-01-17', '--to', '2020-01-21')).toEqual([
      { t: '2020-01-17', o: 102.5, h: 103.5, l: 102, c: 103, v: 900000 },
      { t: '2020-01-21', o: 103, h: 104, l: 102.5, c: 103.5, v: 950000 },
    ]);
    const hourly = await json('bars', 'spy', '--timeframe', '1Hour', '--from', '2021-03-15', '--to', '2021-03-15T10:00');
    expect(hourly.map((b: any) => b.t)).toEqual(['2021-03-15T09:00:00-04:00', '2021-03-15T10:00:00-04:00']);
    expect((await json('bars', '--dataset', '2')).length).toBe(4);
  });

  it('imports a wide file as one dataset per column', async () => {
    const reports = await json('import', fixture('wide-closes.csv'), '--wide');
    expect(reports.map((r: any) => [r.symbol, r.rows])).toEqual([['AAA', 5], ['BBB', 4], ['CCC', 4]]);
    expect(await json('bars', 'BBB', '--to', '2020-03-03')).toEqual([{ t: '2020-03-03', o: 20.25, h: 20.25, l: 20.25, c: 20.25, v: 0 }]);
  });

  it('takes --map, --tz, --replace and --skip-bad-rows', async () => {
    const file = path.join(dir, 'prices.csv');
    fs.writeFileSync(file, 'When,Last\n2021-03-15 09:30,10\n2021-03-15 09:31,oops\n2021-03-15 09:32,11\n2021-03-15 09:33,12\n');
    const first = await json('import', file, '--symbol', 'X', '--map', 'time=When,close=Last', '--tz', 'UTC', '--skip-bad-rows');
    expect(first).toMatchObject({ timeframe: '1Min', rows: 3, first: '2021-03-15T09:30:00Z' });
    expect(first.warnings.map((w: any) => w.message)).toContain('line 3 left out: column "Last": "oops" is not a number');
    const second = await json('import', file, '--symbol', 'X', '--map', 'time=When', '--map', 'close=Last', '--tz', 'UTC', '--skip-bad-rows', '--replace');
    expect(second.replaced).toEqual([first.dataset]);
    expect((await json('datasets')).length).toBe(1);
  });

  it('prints readable tables without --json', async () => {
    await json('import', fixture('yahoo-daily.csv'), '--symbol', 'SPY');
    const imported = await cli('import', fixture('google-bom-descending.csv'), '--symbol', 'ABC');
    expect(imported.stdout).toMatch(/^Imported ABC 1Day as dataset 2: 5 bars, 2018-02-15 → 2018-02-23\n {2}warning \(missing_value, line 5\): 1 row with no price at all skipped/);
    const listed = await cli('datasets');
    expect(listed.stdout).toBe([
      'dataset  symbol  timeframe  source  rows  first       last',
      '-------  ------  ---------  ------  ----  ----------  ----------',
      '      2  ABC     1Day       csv        5  2018-02-15  2018-02-23',
      '      1  SPY     1Day       csv        6  2020-01-14  2020-01-22',
      '',
    ].join('\n'));
    const bars = await cli('bars', 'SPY', '--to', '2020-01-15');
    expect(bars.stdout).toBe('SPY 1Day, dataset 1 (2 bars)\ntime        open   high   low  close   volume\n----------  ----  -----  ----  -----  -------\n2020-01-14   100  101.5  99.5    101  1000000\n2020-01-15   101    102   100  101.5  1100000\n');
  });

  it('removes a dataset', async () => {
    await json('import', fixture('yahoo-daily.csv'), '--symbol', 'SPY');
    expect(await json('datasets', '--remove', '1')).toEqual({ removed: 1 });
    expect(await json('datasets')).toEqual([]);
  });

  const badInputs: Array<[string, string[], RegExp]> = [
    ['a bad row', ['import', '@bad.csv', '--symbol', 'X'], /^sextant import: bad\.csv, line 3, column "Low": low -1 is not positive/],
    ['a missing file', ['import', '/nonexistent/file.csv', '--symbol', 'X'], /cannot read \/nonexistent\/file\.csv: no such file/],
    ['no symbol', ['import', '@bad.csv'], /say which symbol the bars are: --symbol SPY/],
    ['a bad map', ['import', '@bad.csv', '--symbol', 'X', '--map', 'price'], /--map: "price" is not ROLE=COLUMN/],
    ['a bad zone', ['import', '@bad.csv', '--symbol', 'X', '--tz', 'Nowhere/City'], /unknown time zone "Nowhere\/City"/],
    ['an unknown option', ['import', '@bad.csv', '--symbol', 'X', '--colour', 'red'], /Unknown option --colour/],
    ['bars of nothing', ['bars', 'QQQ'], /no QQQ 1Day dataset\. Import some with: sextant import FILE --symbol QQQ/],
    ['a bad bound', ['bars', 'SPY', '--from', 'soon'], /--from "soon" is not a date/],
    ['a missing dataset', ['datasets', '--remove', '42'], /there is no dataset 42/],
  ];

  for (const [name, args, message] of badInputs) {
    it(`exits 2 with the message on stderr and changes nothing: ${name}`, async () => {
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,1\n2020-01-03,10,11,-1,10.5,1\n');
      await json('import', fixture('yahoo-daily.csv'), '--symbol', 'SPY');
      const before = await json('datasets');
      const result = await cli(...args.map((arg) => (arg === '@bad.csv' ? bad : arg)), '--json');
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(await json('datasets')).toEqual(before);
    });
  }
});

describe('the sextant binary (a real process)', () => {
  const run = (...args: string[]) =>
    spawnSync('npx', ['tsx', 'src/main/cli/index.ts', ...args, '--data-dir', dir], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SEXTANT_LOG_LEVEL: 'warn' } });

  it('imports, lists and prints bars; exits 2 on a bad file with the reason on stderr', () => {
    const imported = run('import', fixture('pandas-index.csv'), '--symbol', 'SPY', '--json');
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ dataset: 1, rows: 4, first: '1999-11-01', last: '1999-11-04' });
    const bars = run('bars', 'SPY', '--from', '1999-11-04', '--json');
    expect(JSON.parse(bars.stdout)).toEqual([{ t: '1999-11-04', o: 136.75, h: 137.359375, l: 135.765625, c: 136.53125, v: 7907500 }]);

    const bad = path.join(dir, 'dup.csv');
    fs.writeFileSync(bad, 'Date,Close\n2020-01-02,1\n2020-01-02,2\n');
    const refused = run('import', bad, '--symbol', 'SPY', '--json');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/dup\.csv, line 3, column "Date": 2020-01-02 appears twice \(lines 2 and 3\)/);
    expect(JSON.parse(run('datasets', '--json').stdout)).toHaveLength(1);
  });
});
