import { describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../../../../src/shared/market/csv/index';

const daily = (rows: Array<[string, number, number?]>): string =>
  ['Date,Open,High,Low,Close,Volume', ...rows.map(([d, c, v]) => `${d},${c},${c},${c},${c},${v ?? 1000}`)].join('\n');

describe('import warnings', () => {
  it('reports a daily gap only when US trading days are missing', () => {
    const parsed = parseBarsCsv(daily([['2019-12-23', 10], ['2019-12-24', 10], ['2019-12-26', 10], ['2019-12-27', 10], ['2020-01-02', 10], ['2020-01-10', 10]]), 'g.csv');
    const gaps = parsed.warnings.filter((w) => w.kind === 'gap');
    // Christmas and New Year are holidays; 12-30, 12-31 and 01-03…01-09 are trading days.
    expect(gaps.map((g) => g.message)).toEqual([
      'no bars for 2 US trading days between 2019-12-27 (line 5) and 2020-01-02 (line 6)',
      'no bars for 5 US trading days between 2020-01-02 (line 6) and 2020-01-10 (line 7)',
    ]);
    expect(gaps.map((g) => g.line)).toEqual([6, 7]);
  });

  it('does not call the September 2001 closure a gap', () => {
    const parsed = parseBarsCsv(daily([['2001-09-10', 10], ['2001-09-17', 10]]), 'g.csv');
    expect(parsed.warnings).toEqual([]);
  });

  it('uses weekdays and the 4-day rule outside American zones', () => {
    const parsed = parseBarsCsv(daily([['2020-04-09', 10], ['2020-04-14', 10], ['2020-04-15', 10], ['2020-04-17', 10]]), 'eu.csv', { timeZone: 'Europe/Berlin' });
    const gaps = parsed.warnings.filter((w) => w.kind === 'gap');
    expect(gaps.map((g) => g.message)).toEqual(['no bars for 2 weekdays between 2020-04-09 (line 2) and 2020-04-14 (line 3)']);
  });

  it('groups zero-volume bars into one warning with the count and first lines', () => {
    const rows: Array<[string, number, number?]> = [];
    for (let day = 1; day <= 28; day++) {
      const date = `2020-02-${String(day).padStart(2, '0')}`;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && date !== '2020-02-17') rows.push([date, 10, day % 2 === 0 ? 0 : 100]);
    }
    const parsed = parseBarsCsv(daily(rows), 'z.csv');
    const zero = parsed.warnings.filter((w) => w.kind === 'zero_volume');
    expect(zero).toHaveLength(1);
    // 19 trading days (Presidents' Day excluded); the 10 on even dates have no volume.
    expect(zero[0]!.message).toMatch(/^10 bars have zero volume \(lines 3, 5, 7, 9, 11, …\)/);
    expect(zero[0]!.line).toBe(3);
  });

  it('names the date and ratio of split-like jumps, and of other big moves', () => {
    const parsed = parseBarsCsv(daily([['2020-08-27', 500], ['2020-08-28', 499.23], ['2020-08-31', 129.04], ['2020-09-01', 134], ['2020-09-02', 60], ['2020-09-03', 480]]), 's.csv');
    const jumps = parsed.warnings.filter((w) => w.kind === 'jump').map((w) => w.message);
    expect(jumps).toEqual([
      'close moved -74.2% from 499.23 to 129.04 on 2020-08-31 (line 4): looks like a 4:1 split (prices are not split-adjusted)',
      'close moved -55.2% from 134 to 60 on 2020-09-02 (line 6): not a whole split ratio: a real move or a bad print',
      'close moved +700.0% from 60 to 480 on 2020-09-03 (line 7): looks like a 1:8 reverse split (prices are not split-adjusted)',
    ]);
  });

  it('flags a high or low far outside the bar as a possible bad print', () => {
    const text = 'Date,Open,High,Low,Close,Volume\n2008-09-29,395.98,489.36,0.01,394.57,100\n2008-09-30,394,396,390,395,100\n';
    const parsed = parseBarsCsv(text, 'p.csv');
    expect(parsed.warnings.map((w) => w.message)).toContain('2008-09-29 (line 2): high 489.36 / low 0.01 lie far outside open 395.98 and close 394.57: a bad print?');
  });

  it('reports gaps inside the US session for intraday bars, not outside it', () => {
    const rows = ['2021-03-15 04:00', '2021-03-15 06:00', '2021-03-15 09:30', '2021-03-15 09:31', '2021-03-15 09:32', '2021-03-15 10:15', '2021-03-15 10:16', '2021-03-15 19:59', '2021-03-16 09:30', '2021-03-16 09:31'];
    const text = ['datetime,open,high,low,close,volume', ...rows.map((t) => `${t},10,10,10,10,100`)].join('\n');
    const parsed = parseBarsCsv(text, 'i.csv');
    expect(parsed.timeframe).toBe('1Min');
    const gaps = parsed.warnings.filter((w) => w.kind === 'gap').map((w) => w.message);
    expect(gaps).toEqual(['no bars for 43 minutes inside the session between 2021-03-15T09:32:00-04:00 (line 6) and 2021-03-15T10:15:00-04:00 (line 7)']);
  });

  it('reports missing sessions in intraday data', () => {
    const text = 'datetime,open,high,low,close,volume\n2021-03-15 09:00,10,10,10,10,1\n2021-03-15 10:00,10,10,10,10,1\n2021-03-18 09:00,10,10,10,10,1\n2021-03-18 10:00,10,10,10,10,1\n';
    const gaps = parseBarsCsv(text, 'h.csv').warnings.filter((w) => w.kind === 'gap').map((w) => w.message);
    expect(gaps).toEqual(['no bars for 2 US trading days between 2021-03-15T10:00:00-04:00 (line 3) and 2021-03-18T09:00:00-04:00 (line 4)']);
  });

  it('lists ten findings of a kind and sums up the rest', () => {
    const rows: Array<[string, number, number?]> = [];
    let price = 10;
    for (let i = 0; i < 15; i++) {
      rows.push([new Date(Date.UTC(2020, 5, 1 + i * 7)).toISOString().slice(0, 10), price]);
      price = i % 2 === 0 ? price * 3 : price / 3;
    }
    const parsed = parseBarsCsv(daily(rows), 'j.csv', { timeframe: '1Day' });
    const jumps = parsed.warnings.filter((w) => w.kind === 'jump');
    expect(jumps).toHaveLength(11);
    expect(jumps[10]!.message).toMatch(/^… and 4 more jumps \(lines 13, 14, 15, 16\)/);
  });
});
